"""Identity providers (BundID and the like): confirming a person's identity and logging in with it.

Rules that keep accounts safe (issue 11.2):
- A login is linked to an account only through (provider, subject) from the provider's verified
  assertion; never through an e-mail address.
- A first login with an unknown identity does not create the account at once: the address the provider
  reported gets an e-mail. Only its link creates the account. If the address already has an account, that
  e-mail says so instead (no link). The browser sees the same page in both cases, so nobody learns
  whether an address (a member of staff's, say) has an account, and nobody takes one over.
- A provider may not report a level above its own maximum, and only providers the settings enable count.
- Sign-up requests are rate-limited per client IP and per address.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from modellkommune.contrib.identity import AssuranceLevel, IdentityResult, provider_get
from modellkommune.core.constants import AuditAction
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.services import audit_record

from ..models import IdentityVerification

SIGNUP_SALT = "modellkommune.egov.identity-signup"
SIGNUP_MAX_AGE_SECONDS = 24 * 3600
SIGNUP_RATE_PER_IP = (10, 3600)  # sign-up e-mails per client IP and hour
SIGNUP_RATE_PER_EMAIL = (3, 3600)  # per address and hour


def _check_result(result: IdentityResult) -> None:
    """Only enabled providers count, and none may claim more than it can assert."""
    try:
        provider = provider_get(result.provider)
    except KeyError as exc:
        raise ValidationError(_("Dieser Identitätsdienst ist nicht verfügbar.")) from exc
    level = result.assurance_level
    if (
        not level
        or level not in AssuranceLevel.values
        or AssuranceLevel.rank(level) > AssuranceLevel.rank(provider.max_assurance_level)
    ):
        raise ValidationError(_("Der Identitätsdienst hat kein gültiges Vertrauensniveau übermittelt."))
    if not result.subject:
        raise ValidationError(_("Der Identitätsdienst hat keine Kennung übermittelt."))


@transaction.atomic
def identity_confirm(*, user, result: IdentityResult) -> IdentityVerification:
    """Record that the logged-in person proved their identity at this level."""
    if not user.is_authenticated:
        raise PermissionDenied
    _check_result(result)
    subject = result.subject[:200]
    taken = IdentityVerification.objects.filter(provider=result.provider, subject=subject).exclude(user=user)
    if taken.exists():
        raise ValidationError(
            _("Diese Identität ist bereits mit einem anderen Konto verknüpft. Bitte melden Sie sich mit jenem an.")
        )
    verification = IdentityVerification.objects.create(
        user=user,
        provider=result.provider,
        subject=subject,
        assurance_level=result.assurance_level,
        given_name=result.given_name[:150],
        family_name=result.family_name[:150],
        birth_date=result.birth_date,
    )
    audit_record(
        actor=user,
        action=AuditAction.ACTION,
        obj=user,
        message=_("Identität bestätigt (%(p)s, Vertrauensniveau %(l)s)")
        % {"p": result.provider, "l": AssuranceLevel(result.assurance_level).label},
    )
    return verification


def _login_allowed(user) -> bool:
    from modellkommune.accounts.constants import Role

    return user.role == Role.CITIZEN and not user.is_superuser and not user.is_staff and user.is_active


@transaction.atomic
def identity_login(*, result: IdentityResult):
    """The account linked to this (provider, subject), or None when the identity is new.

    Only citizen accounts log in this way (staff need their second factor)."""
    _check_result(result)
    link = (
        IdentityVerification.objects.filter(provider=result.provider, subject=result.subject[:200])
        .select_related("user")
        .first()
    )
    if link is None:
        return None
    if not _login_allowed(link.user):
        raise ValidationError(_("Dieses Konto kann sich nicht über einen Identitätsdienst anmelden."))
    identity_confirm(user=link.user, result=result)
    return link.user


def _signup_payload(result: IdentityResult) -> dict:
    return {
        "provider": result.provider,
        "sub": result.subject[:200],
        "level": result.assurance_level,
        "given_name": result.given_name[:150],
        "family_name": result.family_name[:150],
        "birth_date": result.birth_date.isoformat() if result.birth_date else "",
        "email": (result.extra.get("email") or "").strip().lower()[:254],
    }


def identity_signup_request(*, result: IdentityResult, client_ip: str, base_url: str) -> None:
    """First login with an unknown identity: e-mail the reported address (same outcome whether it has an
    account or not). Raises ValidationError when the provider sent no address or the rate limit is hit."""
    from modellkommune.accounts.models import User

    _check_result(result)
    payload = _signup_payload(result)
    email = payload["email"]
    if not email:
        raise ValidationError(_("Der Identitätsdienst hat keine E-Mail-Adresse übermittelt."))
    over_ip = rate_limit_exceeded(
        scope="idp-signup-ip", key=client_ip or "-", limit=SIGNUP_RATE_PER_IP[0], window_seconds=SIGNUP_RATE_PER_IP[1]
    )
    over_email = rate_limit_exceeded(
        scope="idp-signup-email", key=email, limit=SIGNUP_RATE_PER_EMAIL[0], window_seconds=SIGNUP_RATE_PER_EMAIL[1]
    )
    if over_ip or over_email:
        raise ValidationError(_("Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Stunde."))
    if User.objects.filter(email__iexact=email).exists():
        body = _(
            "Guten Tag,\n\njemand hat sich gerade über einen Identitätsdienst mit dieser E-Mail-Adresse "
            "angemeldet. Zu dieser Adresse gibt es bei uns bereits ein Konto; es wurde nichts verändert.\n\n"
            "Wenn Sie das waren: Melden Sie sich bitte mit Ihrem Konto an (oder setzen Sie Ihr Passwort zurück) "
            "und bestätigen Sie danach Ihre Identität im Bürgerservice.\n\n"
            "Wenn Sie das nicht waren, können Sie diese Nachricht ignorieren.\n"
        )
    else:
        token = signing.dumps(payload, salt=SIGNUP_SALT)
        link = base_url.rstrip("/") + reverse("egov:identity_signup", args=[token])
        body = _(
            "Guten Tag,\n\nSie haben sich über einen Identitätsdienst angemeldet. Um Ihr Konto im Bürgerservice "
            "anzulegen, öffnen Sie bitte innerhalb von 24 Stunden diesen Link und bestätigen Sie dort:\n\n"
            "%(link)s\n\nWenn Sie das nicht waren, können Sie diese Nachricht ignorieren; es wird dann kein "
            "Konto angelegt.\n"
        ) % {"link": link}
    send_mail(
        subject=_("Ihre Anmeldung im Bürgerservice"),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


def identity_signup_payload(*, token: str) -> dict:
    """What a sign-up link carries (ValidationError when forged or expired)."""
    try:
        return signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_MAX_AGE_SECONDS)
    except signing.BadSignature as exc:
        raise ValidationError(_("Dieser Link ist ungültig oder abgelaufen.")) from exc


@transaction.atomic
def identity_signup_confirm(*, token: str):
    """The link from the sign-up e-mail: create the citizen account and link the identity to it."""
    from modellkommune.accounts.constants import Role
    from modellkommune.accounts.models import User
    from modellkommune.accounts.services import user_upsert

    data = identity_signup_payload(token=token)
    result = IdentityResult(
        provider=data["provider"],
        subject=data["sub"],
        assurance_level=data["level"],
        given_name=data["given_name"],
        family_name=data["family_name"],
        birth_date=dt.date.fromisoformat(data["birth_date"]) if data["birth_date"] else None,
        extra={"email": data["email"]},
    )
    linked = identity_login(result=result)  # the link was used before: the same person again
    if linked is not None:
        return linked
    if User.objects.filter(email__iexact=data["email"]).exists():
        raise ValidationError(
            _(
                "Zu diesem Link gibt es schon ein Konto. Bitte melden Sie sich an und bestätigen Sie dort Ihre Identität."
            )
        )
    user = user_upsert(
        email=data["email"], first_name=result.given_name, last_name=result.family_name, role=Role.CITIZEN
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    identity_confirm(user=user, result=result)
    return user
