"""Signed links in e-mails: confirm (double opt-in, expires) and manage/cancel (valid until the appointment)."""

from __future__ import annotations

from django.core import signing

from .models import Booking

_CONFIRM_SALT = "appointments.booking.confirm"
_MANAGE_SALT = "appointments.booking.manage"


class TokenInvalid(Exception):
    pass


class TokenExpired(TokenInvalid):
    pass


def _payload(booking: Booking) -> str:
    # Only the reference is signed: the signature (SECRET_KEY) is what makes the link unforgeable,
    # and no personal data ends up in URLs or server logs.
    return booking.reference


def confirm_token(booking: Booking) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(_payload(booking))


def manage_token(booking: Booking) -> str:
    return signing.Signer(salt=_MANAGE_SALT).sign(_payload(booking))


def confirm_token_read(token: str, *, max_age_seconds: int) -> str:
    """The booking reference in a confirm token; raises TokenExpired or TokenInvalid."""
    try:
        return signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(token, max_age=max_age_seconds)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except signing.BadSignature as exc:
        raise TokenInvalid from exc


def manage_token_read(token: str) -> str:
    try:
        return signing.Signer(salt=_MANAGE_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
