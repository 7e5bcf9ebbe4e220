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

    def get_login_redirect_url(self, request):
        """Staff land on their own work list; everybody else where allauth would send them."""
        from modellkommune.portal.account_area import work_queue_url

        user = request.user
        if getattr(user, "is_back_office", False):
            return work_queue_url(user) or super().get_login_redirect_url(request)
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same client IP as every other limit (TRUSTED_PROXIES)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
