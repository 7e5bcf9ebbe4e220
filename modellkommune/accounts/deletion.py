"""Self-service account deletion ("Konto löschen" in Mein Bereich).

Decisions (see docs/privacy.md):
- Only citizen accounts delete themselves. Staff, administrators and council members hold records
  the town must be able to attribute; their accounts are deactivated by an operator instead.
- The password is asked again (and attempts are rate-limited), so an unattended session is not enough.
- While an application is still being processed the account stays (the procedure needs its applicant).
- Every app erases or anonymises its own data through its privacy module (core.privacy); what the
  town must keep (reference numbers, decisions, payment amounts, the defect itself) stays without
  the person. The audit trail is append-only: deleting the person's pseudonym mappings makes all
  their entries anonymous. Everything happens in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.privacy import privacy_modules
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.services import audit_pseudonyms_forget, audit_record

from .constants import Role

PASSWORD_ATTEMPTS = (5, 900)  # per account and quarter of an hour


def user_can_self_delete(*, user) -> bool:
    return bool(user.is_authenticated and user.role == Role.CITIZEN and not user.is_staff and not user.is_superuser)


def user_self_delete_blockers(*, user) -> list[str]:
    """Reasons, in German, why this account cannot be deleted now (empty: it can)."""
    if not user_can_self_delete(user=user):
        return [
            _(
                "Konten von Beschäftigten der Verwaltung und von Ratsmitgliedern können nicht selbst gelöscht "
                "werden. Bitte wenden Sie sich an die Administration."
            )
        ]
    reasons: list[str] = []
    for module in privacy_modules():
        blockers = getattr(module, "personal_data_erase_blockers", None)
        if blockers is not None:
            reasons.extend(blockers(user=user))
    return reasons


@transaction.atomic
def user_self_delete(*, user, password: str) -> dict[str, int]:
    """Delete the account and erase or anonymise the person's data in every app; returns what was done."""
    if rate_limit_exceeded(
        scope="account-delete", key=str(user.pk), limit=PASSWORD_ATTEMPTS[0], window_seconds=PASSWORD_ATTEMPTS[1]
    ):
        raise ValidationError({"password": _("Zu viele Versuche. Bitte warten Sie eine Viertelstunde.")})
    if not user.has_usable_password():
        raise ValidationError(
            {
                "password": _(
                    "Für Ihr Konto ist kein Passwort vergeben (Anmeldung über einen Identitätsdienst). Bitte "
                    "legen Sie zuerst über „Passwort vergessen“ ein Passwort fest."
                )
            }
        )
    if not user.check_password(password):
        raise ValidationError({"password": _("Das Passwort ist nicht richtig.")})
    blockers = user_self_delete_blockers(user=user)
    if blockers:
        raise ValidationError(blockers)
    summary: dict[str, int] = {}
    for module in privacy_modules():
        summary.update(module.personal_data_erase(user=user))
    summary["protokoll_pseudonyme"] = audit_pseudonyms_forget(user=user)
    audit_record(
        actor=None,
        action=AuditAction.DELETE,
        object_type=user._meta.label_lower,
        object_repr="Benutzerkonto",
        message=_("Konto auf eigenen Wunsch gelöscht"),
        changes={k: [v, 0] for k, v in summary.items()},
    )
    user.delete()
    return summary
