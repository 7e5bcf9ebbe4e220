from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from modellkommune.core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up on the public site always makes a citizen account; other roles are given by staff."""

    def save_user(self, request, user, form, commit=True):
        from .constants import Role

        user = super().save_user(request, user, form, commit=False)
        user.role = Role.CITIZEN
        user.is_staff = False
        if not user.username:
            user.username = user.email.lower()
        if commit:
            user.save()
        return user

    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same client IP as every other limit (TRUSTED_PROXIES)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
