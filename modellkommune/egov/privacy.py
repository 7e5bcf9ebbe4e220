"""Data protection: "download all my data" and deletion after the retention period."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .constants import ApplicationStatus
from .models import Application, IdentityVerification, Message, Service

ANONYMISED = "[gelöscht]"


def user_data_export(*, user) -> dict:
    """Everything this app stores about a person, as plain JSON (files listed, contents in the ZIP)."""
    apps = (
        Application.objects.filter(applicant=user)
        .select_related("service")
        .prefetch_related("files", "status_changes", "payments")
    )
    return {
        "exportiert_am": timezone.now().isoformat(),
        "konto": {
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "telefon": getattr(user, "phone", ""),
            "registriert_am": user.date_joined.isoformat(),
        },
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
    audit_record(actor=user, action=AuditAction.ACTION, obj=user, message=_("Datenauskunft heruntergeladen"))
    return buffer.getvalue()


@transaction.atomic
def application_anonymise(*, application: Application) -> None:
    """Remove personal data but keep what statistics need (service, status, dates, reference)."""
    application.files.all().delete()
    application.messages.all().delete()
    application.notes.update(text=ANONYMISED)
    application.status_changes.update(comment="")
    application.payments.update(transaction_id="")
    application.data = {}
    application.schema_snapshot = {}
    application.receipt_pdf = None
    application.applicant = None
    application.anonymised_at = timezone.now()
    application.save()
    audit_record(
        actor=None,
        action=AuditAction.DELETE,
        obj=application,
        message=_("personenbezogene Daten nach Ablauf der Aufbewahrungsfrist gelöscht"),
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
    return {"anonymised": anonymised, "drafts_deleted": deleted}
