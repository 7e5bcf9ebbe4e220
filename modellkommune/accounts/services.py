"""Writes about users: creating accounts with a role and setting up their second factor."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from .constants import Role
from .models import User


@transaction.atomic
def user_upsert(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    password: str | None = None,
    department=None,
    is_superuser: bool = False,
) -> User:
    """Create or update a user whose e-mail address counts as confirmed (used by staff and the demo)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    email = email.lower()
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "username": email,
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "department": department,
            "is_staff": is_superuser or role in (Role.STAFF, Role.ADMINISTRATOR),
            "is_superuser": is_superuser,
        },
    )
    if password and (created or not user.check_password(password)):
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def user_mfa_setup(*, user: User, totp_secret: str) -> list[str]:
    """Give a user a TOTP authenticator with the given secret and recovery codes; return unused codes."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, totp_secret)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    codes = RecoveryCodes(authenticator).get_unused_codes() if authenticator else []
    if not codes:
        if authenticator:
            authenticator.delete()
        codes = RecoveryCodes.activate(user).get_unused_codes()
    return codes
