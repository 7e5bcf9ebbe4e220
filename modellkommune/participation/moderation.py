"""One decision against the code of conduct (Netiquette), for consultation comments and ideas alike:
publish (optionally with a public answer) or reject with one of the listed reasons, stamped and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text

from .constants import RejectReason


def moderation_apply(
    obj, *, actor, publish: bool, reason: str, answer: str | None, published: str, rejected: str, answer_label: str
) -> None:
    """Set status, reason, answer and the moderation stamp on `obj` (a ConsultationComment or an Idea), save
    and audit. Raises ValidationError naming `reason` when a rejection has no reason from the list."""
    if publish:
        obj.status, obj.reject_reason = published, ""
    else:
        if reason not in RejectReason.values:
            raise ValidationError({"reason": _("Bitte wählen Sie den Grund nach den Regeln für Beiträge.")})
        obj.status, obj.reject_reason = rejected, reason
    if answer is not None:
        obj.answer = plain_text(answer, field="answer", label=answer_label, max_length=4000)
    obj.moderated_at = timezone.now()
    fields = ["status", "reject_reason", "answer", "moderated_at"]
    if hasattr(obj, "moderated_by_id"):
        obj.moderated_by = actor
        fields.append("moderated_by")
    obj.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        message=_("veröffentlicht") if publish else _("abgelehnt: %(r)s") % {"r": obj.get_reject_reason_display()},
    )
