"""Writes for citizens and form editors: forms, drafts, submission, payment, identity.

Permissions are checked here, not only in views."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.contrib.identity.base import AssuranceLevel
from modellkommune.contrib.payment import PaymentResult, PaymentStatus, provider_get
from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from ..constants import (
    MAX_FILES_PER_APPLICATION,
    REFERENCE_PREFIX,
    ApplicationStatus,
)
from ..files import safe_name, upload_check
from ..fim import fim_to_form_schema
from ..formschema import file_fields, schema_check, schema_errors
from ..models import (
    Application,
    ApplicationFile,
    Payment,
    ReferenceCounter,
    Service,
    StatusChange,
)
from ..ratelimit import rate_limit_hit
from ..selectors import identity_level_for, user_sees_all_departments
from ..templatetags.egov_format import euro
from .mailbox import message_send

# Forms -----------------------------------------------------------------------------------------


def _require_staff_for(actor, service: Service) -> None:
    if not (actor and actor.is_authenticated and actor.is_back_office):
        raise PermissionDenied(_("Nur Beschäftigte der Verwaltung dürfen das."))
    if not user_sees_all_departments(user=actor) and actor.department_id != service.department_id:
        raise PermissionDenied(_("Diese Leistung gehört zu einem anderen Fachbereich."))


@transaction.atomic
def service_form_update(*, actor, service: Service, schema: dict) -> Service:
    """Staff replace the online form of a service (validated before saving)."""
    _require_staff_for(actor, service)
    schema_check(schema)
    before = service.form_schema
    service.form_schema = schema
    service.save(update_fields=["form_schema", "modified"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=service,
        changes={"form_schema": [len(before.get("properties", {})), len(schema.get("properties", {}))]},
        message=_("Antragsformular geändert"),
    )
    return service


def service_form_import_fim(*, actor, service: Service, fim: dict) -> Service:
    return service_form_update(actor=actor, service=service, schema=fim_to_form_schema(fim))


# Drafts and submission ---------------------------------------------------------------------------


def _require_owner(user, application: Application) -> None:
    if not user.is_authenticated or application.applicant_id != user.pk:
        raise PermissionDenied(_("Dieser Antrag gehört nicht zu Ihrem Konto."))


@transaction.atomic
def application_draft_start(*, user, service: Service) -> Application:
    """Open the citizen's draft for this service, or resume the one already begun."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an, um einen Antrag zu stellen."))
    if not service.published or not service.can_apply_online:
        raise ValidationError(_("Diese Leistung kann nicht online beantragt werden."))
    existing = Application.objects.filter(applicant=user, service=service, status=ApplicationStatus.DRAFT).first()
    if existing:
        return existing
    rate_limit_hit(key=f"draft-start:{user.pk}", limit=20, window_seconds=3600)
    return Application.objects.create(service=service, applicant=user)


def _files_store(*, application: Application, schema: dict, files: dict) -> dict[str, str]:
    """Check and store uploads for the schema's file fields (one per field, replacing the old one)."""
    specs = file_fields(schema)
    stored_names: dict[str, str] = {}
    for field, upload in files.items():
        if field not in specs or upload is None:
            continue
        if application.files.exclude(field=field).count() >= MAX_FILES_PER_APPLICATION:
            raise ValidationError(_("Es sind höchstens %(n)s Anlagen möglich.") % {"n": MAX_FILES_PER_APPLICATION})
        if hasattr(upload, "seek"):  # the form may have read it already
            upload.seek(0)
        content = upload.read(specs[field]["max_bytes"] + 1)
        label = schema["properties"][field].get("title", field)
        mime = upload_check(
            field_label=label,
            name=upload.name,
            content=content,
            accept=specs[field]["accept"],
            max_bytes=specs[field]["max_bytes"],
        )
        application.files.filter(field=field).delete()
        stored = ApplicationFile.objects.create(
            application=application,
            field=field,
            name=safe_name(upload.name),
            mime_type=mime,
            size=len(content),
            content=content,
        )
        stored_names[field] = stored.name
    return stored_names


@transaction.atomic
def application_files_keep(*, user, application: Application, files: dict) -> dict[str, str]:
    """Keep the attachments of a form that failed validation, so the citizen need not choose them again.

    Only the files are stored (for the draft); the other values stay unsaved until the form is valid."""
    _require_owner(user, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Ein eingereichter Antrag kann nicht mehr geändert werden."))
    rate_limit_hit(key=f"draft-save:{user.pk}", limit=120, window_seconds=600)
    return _files_store(application=application, schema=application.service.form_schema, files=files)


@transaction.atomic
def application_draft_save(*, user, application: Application, data: dict, files: dict | None = None) -> Application:
    """Store the entered values (not yet complete) and check and store uploaded files."""
    _require_owner(user, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Ein eingereichter Antrag kann nicht mehr geändert werden."))
    rate_limit_hit(key=f"draft-save:{user.pk}", limit=120, window_seconds=600)
    schema = application.service.form_schema
    errors = schema_errors(schema, data, draft=True)
    if errors:
        raise ValidationError(errors)
    for field, name in _files_store(application=application, schema=schema, files=files or {}).items():
        data[field] = name
    application.data = {k: v for k, v in data.items() if k in schema.get("properties", {})}
    application.save(update_fields=["data", "modified"])
    return application


@transaction.atomic
def application_draft_discard(*, user, application: Application) -> None:
    """The citizen throws a draft away, with its attachments."""
    _require_owner(user, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Nur Entwürfe können verworfen werden."))
    application.delete()


def _next_reference(year: int) -> str:
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REFERENCE_PREFIX}-{year}-{counter.last:06d}"


def _add_workdays(start: dt.date, days: int) -> dt.date:
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def application_payment_required(*, application: Application) -> bool:
    fee = application.service.fee or Decimal("0")
    return fee > 0 and not application.payments.filter(status=PaymentStatus.PAID, amount__gte=fee).exists()


@transaction.atomic
def application_submit(*, user, application: Application) -> Application:
    """Check everything once more on the server, hand out the reference number, confirm receipt."""
    application = Application.objects.select_for_update().select_related("service").get(pk=application.pk)
    _require_owner(user, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Dieser Antrag wurde bereits eingereicht."))
    rate_limit_hit(key=f"submit:{user.pk}", limit=10, window_seconds=3600)
    service = application.service
    errors = schema_errors(service.form_schema, application.data)
    if errors:
        raise ValidationError(errors)
    level = identity_level_for(user=user)
    if AssuranceLevel.rank(level) < AssuranceLevel.rank(service.assurance_level):
        raise ValidationError(
            _("Für diese Leistung müssen Sie sich mit dem Vertrauensniveau „%(l)s“ ausweisen.")
            % {"l": AssuranceLevel(service.assurance_level).label}
        )
    if application_payment_required(application=application):
        raise ValidationError(_("Bitte bezahlen Sie zuerst die Gebühr von %(f)s.") % {"f": euro(service.fee)})
    now = timezone.now()
    application.reference = _next_reference(timezone.localdate().year)
    application.status = ApplicationStatus.RECEIVED
    application.submitted_at = now
    application.due_date = _add_workdays(timezone.localdate(), service.processing_days)
    application.schema_snapshot = service.form_schema
    application.identity_level = level
    application.save()
    StatusChange.objects.create(
        application=application,
        old_status=ApplicationStatus.DRAFT,
        new_status=ApplicationStatus.RECEIVED,
        actor=user,
        actor_repr=user.get_username(),
    )
    audit_record(actor=user, action=AuditAction.ACTION, obj=application, message=_("Antrag eingereicht"))
    message_send(
        recipient=user,
        application=application,
        subject=_("Eingangsbestätigung %(r)s") % {"r": application.reference},
        body=_(
            "Ihr Antrag „%(s)s“ ist bei uns eingegangen. Aktenzeichen: %(r)s. "
            "Wir bearbeiten ihn voraussichtlich bis %(d)s. Die Eingangsbestätigung als PDF finden Sie bei Ihrem Antrag."
        )
        % {"s": service.name, "r": application.reference, "d": application.due_date.strftime("%d.%m.%Y")},
    )
    from ..tasks import receipt_render

    transaction.on_commit(lambda: receipt_render.delay(application.pk))
    return application


# Payment (identity: services/identity.py) -------------------------------------------------------------------------


@transaction.atomic
def payment_start(*, user, application: Application, return_url: str) -> str:
    _require_owner(user, application)
    if not application_payment_required(application=application):
        raise ValidationError(_("Für diesen Antrag ist keine Zahlung offen."))
    try:
        provider = provider_get()
    except KeyError as exc:
        raise ValidationError(
            _("Online-Bezahlung ist zurzeit nicht möglich. Bitte wenden Sie sich an die Verwaltung.")
        ) from exc
    payment = Payment.objects.create(application=application, provider=provider.key, amount=application.service.fee)
    return provider.start(
        reference=f"P{payment.pk}", amount=payment.amount, purpose=application.service.name, return_url=return_url
    )


@transaction.atomic
def payment_complete(*, user, application: Application, params: dict) -> Payment:
    _require_owner(user, application)
    payment = application.payments.select_for_update().filter(status=PaymentStatus.OPEN).first()
    if payment is None:
        raise ValidationError(_("Es ist keine Zahlung offen."))
    try:
        provider = provider_get(payment.provider)
    except KeyError:
        # The provider was switched off (e.g. the demo in production): its receipts count for nothing.
        result = PaymentResult(status=PaymentStatus.FAILED, message="provider not enabled")
    else:
        result = provider.complete(reference=f"P{payment.pk}", params=params)
    if result.status == PaymentStatus.PAID and result.amount is not None and result.amount != payment.amount:
        result = type(result)(status=PaymentStatus.FAILED, message="amount mismatch")
    payment.status = result.status
    payment.transaction_id = result.transaction_id[:100]
    if result.status == PaymentStatus.PAID:
        payment.paid_at = timezone.now()
    payment.save()
    audit_record(
        actor=user,
        action=AuditAction.ACTION,
        obj=payment.application,
        message=_("Zahlung: %(s)s") % {"s": payment.get_status_display()},
    )
    return payment
