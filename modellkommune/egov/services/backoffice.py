"""Back-office writes: assignment, status changes (each messages the applicant), notes, deadlines.

Permissions are checked here, not only in views; staff steps are recorded in the audit log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from ..constants import (
    DEFAULT_ALLOWED_MIME_TYPES,
    MAX_FILES_PER_APPLICATION,
    MAX_UPLOAD_BYTES,
    STATUS_TRANSITIONS,
    ApplicationStatus,
    MessageDirection,
)
from ..files import safe_name, upload_check
from ..models import (
    Application,
    ApplicationFile,
    ApplicationNote,
    Message,
    StatusChange,
)
from ..ratelimit import rate_limit_hit
from ..selectors import user_sees_all_departments
from .applications import _require_owner, _require_staff_for
from .mailbox import message_send

# Back office --------------------------------------------------------------------------------------


def _require_handler(actor, application: Application) -> None:
    _require_staff_for(actor, application.service)
    if application.status == ApplicationStatus.DRAFT:
        raise PermissionDenied(_("Entwürfe sind für die Verwaltung nicht sichtbar."))


@transaction.atomic
def application_assign(*, actor, application: Application, assignee) -> Application:
    _require_handler(actor, application)
    if assignee is not None and not (
        assignee.is_back_office
        and (user_sees_all_departments(user=assignee) or assignee.department_id == application.service.department_id)
    ):
        raise ValidationError({"assignee": _("Diese Person gehört nicht zum zuständigen Fachbereich.")})
    before = application.assigned_to_id
    application.assigned_to = assignee
    application.save(update_fields=["assigned_to", "modified"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        changes={"assigned_to": [before, assignee.pk if assignee else None]},
        message=_("zugewiesen an %(u)s") % {"u": assignee or _("niemanden")},
    )
    return application


STATUS_SUBJECTS = {
    ApplicationStatus.IN_PROGRESS: _("Ihr Antrag %(r)s wird bearbeitet"),
    ApplicationStatus.INFO_REQUESTED: _("Rückfrage zu Ihrem Antrag %(r)s"),
    ApplicationStatus.APPROVED: _("Ihr Antrag %(r)s wurde bewilligt"),
    ApplicationStatus.REJECTED: _("Entscheidung zu Ihrem Antrag %(r)s"),
    ApplicationStatus.CLOSED: _("Ihr Antrag %(r)s ist abgeschlossen"),
    ApplicationStatus.RECEIVED: _("Ihr Antrag %(r)s ist eingegangen"),
}


@transaction.atomic
def application_status_change(*, actor, application: Application, new_status: str, comment: str = "") -> Application:
    """Move an application on; the applicant gets a mailbox message and an e-mail each time."""
    application = Application.objects.select_for_update().select_related("service").get(pk=application.pk)
    _require_handler(actor, application)
    old = application.status
    if new_status not in STATUS_TRANSITIONS.get(old, ()):
        raise ValidationError(
            {
                "new_status": _("Von „%(a)s“ kann nicht zu „%(b)s“ gewechselt werden.")
                % {
                    "a": ApplicationStatus(old).label,
                    "b": ApplicationStatus(new_status).label if new_status in ApplicationStatus.values else new_status,
                }
            }
        )
    comment = comment.strip()[:5000]
    if new_status in (ApplicationStatus.INFO_REQUESTED, ApplicationStatus.REJECTED) and not comment:
        raise ValidationError(
            {"comment": _("Bitte begründen Sie diesen Schritt für die Antragstellerin / den Antragsteller.")}
        )
    application.status = new_status
    if new_status == ApplicationStatus.CLOSED:
        application.closed_at = timezone.now()
    application.save(update_fields=["status", "closed_at", "modified"])
    if new_status == ApplicationStatus.APPROVED:
        from ..tasks import decision_render

        transaction.on_commit(lambda: decision_render.delay(application.pk))
    StatusChange.objects.create(
        application=application,
        old_status=old,
        new_status=new_status,
        actor=actor,
        actor_repr=actor.get_username(),
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        changes={"status": [old, new_status]},
        message=_("Status: %(s)s") % {"s": ApplicationStatus(new_status).label},
    )
    if application.applicant_id:
        body = _("Der Status Ihres Antrags „%(s)s“ (Aktenzeichen %(r)s) lautet jetzt: %(st)s.") % {
            "s": application.service.name,
            "r": application.reference,
            "st": ApplicationStatus(new_status).label,
        }
        if comment:
            body += "\n\n" + comment
        if new_status == ApplicationStatus.APPROVED:
            body += "\n\n" + _(
                "Ihren Bescheid (PDF, barrierefrei) können Sie unter dieser Nachricht und auf der Seite Ihres "
                "Antrags herunterladen."
            )
        message_send(
            recipient=application.applicant,
            application=application,
            subject=STATUS_SUBJECTS[new_status] % {"r": application.reference},
            body=body,
            sender=application.service.department.name,
        )
    return application


@transaction.atomic
def application_note_add(*, actor, application: Application, text: str) -> ApplicationNote:
    _require_handler(actor, application)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Bitte geben Sie eine Notiz ein.")})
    note = ApplicationNote.objects.create(application=application, author=actor, text=text[:5000])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=application, message=_("interne Notiz hinzugefügt"))
    return note


@transaction.atomic
def application_deadline_set(*, actor, application: Application, due_date: dt.date) -> Application:
    _require_handler(actor, application)
    if application.submitted_at and due_date < application.submitted_at.date():
        raise ValidationError({"due_date": _("Die Frist kann nicht vor dem Eingang liegen.")})
    before = application.due_date
    application.due_date = due_date
    application.save(update_fields=["due_date", "modified"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        changes={"due_date": [before, due_date]},
        message=_("Frist geändert"),
    )
    return application


@transaction.atomic
def application_reply(*, user, application: Application, text: str, attachment=None) -> Message:
    """The applicant answers a query (Rückfrage), optionally with a document; the application goes back
    to "in progress" and the person handling it (or the department) gets an e-mail."""
    _require_owner(user, application)
    if application.status != ApplicationStatus.INFO_REQUESTED:
        raise ValidationError(_("Zu diesem Antrag gibt es keine offene Rückfrage."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Bitte geben Sie Ihre Antwort ein.")})
    rate_limit_hit(key=f"reply:{user.pk}", limit=20, window_seconds=3600)
    if attachment is not None:
        if application.files.count() >= MAX_FILES_PER_APPLICATION:
            raise ValidationError(
                {"attachment": _("Es sind höchstens %(n)s Anlagen möglich.") % {"n": MAX_FILES_PER_APPLICATION}}
            )
        content = attachment.read(MAX_UPLOAD_BYTES + 1)
        try:
            mime = upload_check(
                field_label=_("Unterlage"),
                name=attachment.name,
                content=content,
                accept=list(DEFAULT_ALLOWED_MIME_TYPES),
                max_bytes=MAX_UPLOAD_BYTES,
            )
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
        ApplicationFile.objects.create(
            application=application,
            field="nachreichung",
            name=safe_name(attachment.name),
            mime_type=mime,
            size=len(content),
            content=content,
        )
    message = Message.objects.create(
        recipient=user,
        application=application,
        direction=MessageDirection.FROM_CITIZEN,
        subject=_("Antwort zu %(r)s") % {"r": application.reference},
        body=text[:5000],
        sender_repr=str(user),
        read_at=timezone.now(),
    )
    old = application.status
    application.status = ApplicationStatus.IN_PROGRESS
    application.save(update_fields=["status", "modified"])
    StatusChange.objects.create(
        application=application,
        old_status=old,
        new_status=application.status,
        actor=user,
        actor_repr=user.get_username(),
        comment=_("Antwort der Antragstellerin / des Antragstellers"),
    )
    from ..tasks import staff_notify

    transaction.on_commit(lambda: staff_notify.delay(application.pk))
    return message
