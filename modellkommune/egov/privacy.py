"""Data protection: "download all my data", deletion after the retention period, account deletion.

Retention: a closed application is anonymised `Service.retention_days` after closing; a decided
(approved or rejected) application nobody closes is closed by the same job after
`EGOV_DECIDED_CLOSE_DAYS` days without activity, so it is anonymised in turn. Anonymising also
removes the citizen from the status history and deletes the citizen's audit pseudonyms of that
case (core.AuditActor), so no row names them any more."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.privacy import privacy_modules
from modellkommune.core.services import audit_pseudonyms_forget, audit_record

from .constants import OPEN_STATUSES, ApplicationStatus
from .models import Application, IdentityVerification, Message, Service, StatusChange

ANONYMISED = "[gelöscht]"
SYSTEM = "System"
DECIDED_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


def decided_close_days() -> int:
    return int(getattr(settings, "EGOV_DECIDED_CLOSE_DAYS", 90))


def user_data_export(*, user) -> dict:
    """Everything the platform stores about a person, as plain JSON (files listed, contents in the ZIP):
    the account and the categories of every app in core.privacy."""
    export = {
        "exportiert_am": timezone.now().isoformat(),
        "konto": {
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "telefon": getattr(user, "phone", ""),
            "registriert_am": user.date_joined.isoformat(),
        },
    }
    for module in privacy_modules():
        export.update(module.personal_data_export(user=user))
    return export


def personal_data_export(*, user) -> dict[str, list]:
    """What the egov app itself stores about a person."""
    apps = (
        Application.objects.filter(applicant=user)
        .select_related("service")
        .prefetch_related("files", "status_changes", "payments")
    )
    return {
        "identitaetsnachweise": [
            {
                "dienst": v.provider,
                "vertrauensniveau": v.assurance_level,
                "vorname": v.given_name,
                "nachname": v.family_name,
                "geburtsdatum": v.birth_date.isoformat() if v.birth_date else None,
                "bestaetigt_am": v.verified_at.isoformat(),
            }
            for v in IdentityVerification.objects.filter(user=user)
        ],
        "antraege": [
            {
                "aktenzeichen": a.reference,
                "leistung": a.service.name,
                "status": a.status,
                "angelegt_am": a.created.isoformat(),
                "eingereicht_am": a.submitted_at.isoformat() if a.submitted_at else None,
                "angaben": a.data,
                "anlagen": [
                    {"datei": f"anlagen/{a.pk}/{f.name}", "typ": f.mime_type, "groesse": f.size} for f in a.files.all()
                ],
                "statusverlauf": [
                    {"zeit": c.created.isoformat(), "von": c.old_status, "nach": c.new_status, "mitteilung": c.comment}
                    for c in a.status_changes.all()
                ],
                "zahlungen": [
                    {"betrag": str(p.amount), "status": p.status, "dienst": p.provider, "transaktion": p.transaction_id}
                    for p in a.payments.all()
                ],
            }
            for a in apps
        ],
        "postfach": [
            {
                "zeit": m.created.isoformat(),
                "richtung": m.direction,
                "betreff": m.subject,
                "text": m.body,
                "gelesen": m.read_at.isoformat() if m.read_at else None,
                "aktenzeichen": m.application.reference if m.application else None,
            }
            for m in Message.objects.filter(recipient=user).select_related("application")
        ],
    }


def user_data_zip(*, user) -> bytes:
    """daten.json plus every attachment and receipt PDF, in one ZIP file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daten.json", json.dumps(user_data_export(user=user), ensure_ascii=False, indent=2))
        for application in Application.objects.filter(applicant=user).prefetch_related("files"):
            for f in application.files.all():
                archive.writestr(f"anlagen/{application.pk}/{f.name}", bytes(f.content))
            if application.receipt_pdf:
                archive.writestr(f"eingangsbestaetigungen/{application.reference}.pdf", bytes(application.receipt_pdf))
            if application.decision_pdf:
                archive.writestr(f"bescheide/{application.reference}.pdf", bytes(application.decision_pdf))
    audit_record(actor=user, action=AuditAction.ACTION, obj=user, message=_("Datenauskunft heruntergeladen"))
    return buffer.getvalue()


def _status_history_anonymise(application: Application) -> None:
    """Steps taken by the citizen (or by an account deleted since) name nobody; staff steps stay."""
    citizen_steps = [
        change.pk
        for change in application.status_changes.select_related("actor")
        if change.actor_id == application.applicant_id
        or (change.actor is None and change.actor_repr != SYSTEM)
        or (change.actor is not None and not change.actor.is_back_office)
    ]
    StatusChange.objects.filter(pk__in=citizen_steps).update(actor=None, actor_repr=_("Antragsteller/in"))
    application.status_changes.update(comment="")


@transaction.atomic
def application_anonymise(*, application: Application, message: str = "") -> None:
    """Remove personal data but keep what statistics need (service, status, dates, reference)."""
    application.files.all().delete()
    application.messages.all().delete()
    application.notes.update(text=ANONYMISED)
    _status_history_anonymise(application)
    application.payments.update(transaction_id="")
    application.data = {}
    application.schema_snapshot = {}
    application.receipt_pdf = None
    application.decision_pdf = None
    application.applicant = None
    application.anonymised_at = timezone.now()
    application.save()
    audit_pseudonyms_forget(scopes=[f"egov.application:{application.pk}"])
    audit_record(
        actor=None,
        action=AuditAction.DELETE,
        obj=application,
        message=message or _("personenbezogene Daten nach Ablauf der Aufbewahrungsfrist gelöscht"),
    )


@transaction.atomic
def application_close_inactive(*, application: Application, now: dt.datetime) -> None:
    """A decided application nobody closed: the retention job closes it (its retention period starts)."""
    old = application.status
    application.status = ApplicationStatus.CLOSED
    application.closed_at = now
    application.save(update_fields=["status", "closed_at", "modified"])
    StatusChange.objects.create(
        application=application, old_status=old, new_status=ApplicationStatus.CLOSED, actor=None, actor_repr=SYSTEM
    )
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=application,
        changes={"status": [old, ApplicationStatus.CLOSED]},
        message=_("nach %(d)s Tagen ohne Bearbeitung automatisch abgeschlossen") % {"d": decided_close_days()},
    )


def decided_inactive(*, now: dt.datetime | None = None):
    """Approved or rejected applications without any change for EGOV_DECIDED_CLOSE_DAYS days."""
    now = now or timezone.now()
    return Application.objects.filter(
        status__in=DECIDED_STATUSES, modified__lte=now - dt.timedelta(days=decided_close_days())
    )


def retention_due(*, now: dt.datetime | None = None):
    """Closed applications whose service's retention period has passed, and stale drafts.

    One query per service (a town has a few hundred), so the database does the date filtering."""
    now = now or timezone.now()
    due, stale = Application.objects.none(), Application.objects.none()
    for service_id, days in Service.objects.values_list("id", "retention_days"):
        cutoff = now - dt.timedelta(days=days)
        due = due | Application.objects.filter(
            service_id=service_id, status=ApplicationStatus.CLOSED, anonymised_at__isnull=True, closed_at__lte=cutoff
        )
        stale = stale | Application.objects.filter(
            service_id=service_id, status=ApplicationStatus.DRAFT, modified__lte=cutoff
        )
    return due, stale


def retention_enforce_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    closed = 0
    for application in decided_inactive(now=now):
        application_close_inactive(application=application, now=now)
        closed += 1
    due, stale = retention_due(now=now)
    anonymised = deleted = 0
    for pk in list(due.values_list("pk", flat=True)):
        application_anonymise(application=Application.objects.get(pk=pk))
        anonymised += 1
    for draft in Application.objects.filter(pk__in=list(stale.values_list("pk", flat=True))):
        with transaction.atomic():
            audit_record(actor=None, action=AuditAction.DELETE, obj=draft, message=_("verwaister Entwurf gelöscht"))
            draft.delete()
        deleted += 1
    return {"closed": closed, "anonymised": anonymised, "drafts_deleted": deleted}


# Account deletion (called by accounts.deletion through core.privacy) ------------------------------


def personal_data_erase_blockers(*, user) -> list[str]:
    """Applications still being processed need their applicant; the account stays until they are decided."""
    open_refs = list(
        Application.objects.filter(applicant=user, status__in=OPEN_STATUSES).values_list("reference", flat=True)
    )
    if not open_refs:
        return []
    return [
        _(
            "Sie haben noch Anträge in Bearbeitung (%(r)s). Bitte warten Sie die Entscheidung ab "
            "oder wenden Sie sich an die Stadtverwaltung; danach können Sie Ihr Konto löschen."
        )
        % {"r": ", ".join(open_refs)}
    ]


def personal_data_erase(*, user) -> dict[str, int]:
    """Drafts go; decided and closed applications are anonymised now (reference, service, status,
    dates and payment amounts stay, as the town must keep them); mailbox and identity data go."""
    drafts, _detail = Application.objects.filter(applicant=user, status=ApplicationStatus.DRAFT).delete()
    anonymised = 0
    for application in Application.objects.filter(applicant=user).exclude(status__in=OPEN_STATUSES):
        application_anonymise(application=application, message=_("personenbezogene Daten mit dem Konto gelöscht"))
        anonymised += 1
    # Status steps this person took on other cases (none for citizens today) must not keep the name.
    StatusChange.objects.filter(actor=user).update(actor=None, actor_repr=_("Antragsteller/in"))
    messages, _detail = Message.objects.filter(recipient=user).delete()
    identities, _detail = IdentityVerification.objects.filter(user=user).delete()
    return {"antraege_anonymisiert": anonymised, "entwuerfe": drafts, "postfach": messages, "identitaeten": identities}
