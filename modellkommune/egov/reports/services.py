"""Writes of the Mängelmelder: submit, confirm, moderate, update status; API keys.

Permission checks live here (not only in the views), and every staff step is audited."""

from __future__ import annotations

import datetime as dt
import io
import math
import uuid

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from modellkommune.core.constants import AuditAction
from modellkommune.core.selectors import municipality_current
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text

from .constants import (
    CLOSED_STATUSES,
    CONFIRM_MAX_AGE_S,
    PHOTO_MAX_COUNT,
    AttributeDatatype,
    Moderation,
    ReportStatus,
    Source,
)
from .models import ApiKey, Category, Report, ReportPhoto, ReportUpdate
from .models.apikey import api_key_generate, api_key_hash
from .photos import photo_clean
from .selectors import user_may_handle

CONFIRM_SALT = "reports.confirm"


def location_check(*, lat: float | None, lon: float | None, address: str) -> None:
    """Either coordinates inside the town or an address; raise ValidationError naming the field otherwise."""
    if lat is None and lon is None:
        if not address:
            raise ValidationError({"lat": _("Bitte wählen Sie den Ort auf der Karte oder geben Sie eine Adresse an.")})
        return
    if lat is None or lon is None:
        raise ValidationError({"lat": _("Bitte geben Sie Breite und Länge an.")})
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": _("Die Koordinaten sind ungültig.")})
    town = municipality_current()
    if town is not None and not town.contains(lat=lat, lon=lon):
        raise ValidationError(
            {
                "lat": _(
                    "Der gewählte Ort liegt außerhalb des Stadtgebiets von %(town)s. "
                    "Bitte melden Sie Mängel dort bei der zuständigen Kommune."
                )
                % {"town": town.name}
            }
        )


def attributes_clean(*, category: Category, values: dict) -> dict:
    """Check the answers to a category's extra questions against its service definition."""
    cleaned: dict = {}
    for attr in category.attributes.all():
        if not attr.variable:
            continue
        raw = values.get(attr.code)
        field = f"attribute[{attr.code}]"
        empty = raw in (None, "", [])
        if empty:
            if attr.required:
                raise ValidationError({field: _("Bitte beantworten Sie: %(q)s") % {"q": attr.description}})
            continue
        if attr.datatype == AttributeDatatype.MULTIVALUELIST:
            items = raw if isinstance(raw, list) else [raw]
            if any(str(i) not in attr.value_keys for i in items):
                raise ValidationError({field: _("Ungültige Auswahl bei: %(q)s") % {"q": attr.description}})
            cleaned[attr.code] = [str(i) for i in items]
            continue
        if isinstance(raw, list):
            if len(raw) > 1:
                raise ValidationError({field: _("Nur ein Wert erlaubt bei: %(q)s") % {"q": attr.description}})
            raw = raw[0]
        raw = str(raw).strip()
        if attr.datatype == AttributeDatatype.SINGLEVALUELIST and raw not in attr.value_keys:
            raise ValidationError({field: _("Ungültige Auswahl bei: %(q)s") % {"q": attr.description}})
        if attr.datatype == AttributeDatatype.NUMBER:
            try:
                number = float(raw.replace(",", "."))
                if not math.isfinite(number):  # "nan" and "inf" parse as floats but are no answer
                    raise ValueError(raw)
            except ValueError as exc:
                raise ValidationError(
                    {field: _("Bitte geben Sie eine Zahl an: %(q)s") % {"q": attr.description}}
                ) from exc
        if attr.datatype == AttributeDatatype.DATETIME:
            try:
                dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError as exc:
                raise ValidationError(
                    {field: _("Bitte geben Sie Datum und Uhrzeit an: %(q)s") % {"q": attr.description}}
                ) from exc
        cleaned[attr.code] = raw[:1000]
    return cleaned


@transaction.atomic
def report_submit(
    *,
    category: Category,
    description: str,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    user=None,
    photos: list[bytes] = (),
    attributes: dict | None = None,
    source: str = Source.WEB,
    api_key: ApiKey | None = None,
    device_id: str = "",
    account_id: str = "",
    media_url: str = "",
) -> Report:
    """Take in a report. Anonymous web reports wait for e-mail confirmation, all others for moderation."""
    if category is None or not category.is_active:
        raise ValidationError({"category": _("Bitte wählen Sie eine Kategorie.")})
    # Open311 makes the description optional; the web form asks for it.
    description = plain_text(
        description, field="description", max_length=4000, required=source == Source.WEB, label=_("Beschreibung")
    )
    address = plain_text(address, field="address", max_length=300)
    location_check(lat=lat, lon=lon, address=address)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in:
        email = user.email
    email = (email or "").strip()
    if len(email) > 254:  # the column's length; validate_email alone lets 320 characters through
        raise ValidationError({"email": _("Die E-Mail-Adresse darf höchstens 254 Zeichen lang sein.")})
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    if not signed_in and source == Source.WEB and not email:
        raise ValidationError(
            {"email": _("Ohne Konto brauchen wir Ihre E-Mail-Adresse, um die Meldung zu bestätigen.")}
        )
    if media_url:
        try:
            URLValidator(schemes=["https", "http"])(media_url)
        except ValidationError as exc:
            raise ValidationError({"media_url": _("Die Medien-URL ist ungültig.")}) from exc
    if len(photos) > PHOTO_MAX_COUNT:
        raise ValidationError({"photos": _("Höchstens %(n)d Fotos je Meldung.") % {"n": PHOTO_MAX_COUNT}})
    cleaned_photos = [photo_clean(content=p) for p in photos]
    cleaned_attributes = attributes_clean(category=category, values=attributes or {})

    needs_confirmation = source == Source.WEB and not signed_in
    now = timezone.now()
    report = Report.objects.create(
        category=category,
        department=category.department,
        description=description,
        lat=lat,
        lon=lon,
        address=address,
        attributes=cleaned_attributes,
        media_url=media_url,
        email=email,
        first_name=plain_text(first_name, field="first_name", max_length=100),
        last_name=plain_text(last_name, field="last_name", max_length=100),
        phone=plain_text(phone, field="phone", max_length=50),
        user=user if signed_in else None,
        device_id=plain_text(device_id, field="device_id", max_length=100),
        account_id=plain_text(account_id, field="account_id", max_length=100),
        api_key=api_key,
        source=source,
        moderation=Moderation.UNCONFIRMED if needs_confirmation else Moderation.PENDING,
        confirmed_at=None if needs_confirmation else now,
        expected=now + dt.timedelta(days=category.expected_days) if category.expected_days else None,
    )
    for content in cleaned_photos:
        with Image.open(io.BytesIO(content)) as img:
            width, height = img.size
        photo = ReportPhoto(report=report, width=width, height=height)
        photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
        photo.save()
    ReportUpdate.objects.create(report=report, status=ReportStatus.RECEIVED, is_public=True)
    audit_record(
        actor=user if signed_in else None,
        action=AuditAction.CREATE,
        obj=report,
        message=_("Meldung eingegangen (%(src)s)") % {"src": report.get_source_display()},
    )
    if needs_confirmation:
        from .tasks import report_send_confirmation

        transaction.on_commit(lambda: report_send_confirmation.delay(report.pk))
    return report


def report_confirm_link_token(*, report: Report) -> str:
    return signing.dumps({"r": report.pk, "t": str(report.token)}, salt=CONFIRM_SALT)


@transaction.atomic
def report_confirm(*, signed: str) -> Report:
    """The reporter follows the signed link from the e-mail: the report goes into the moderation queue."""
    try:
        data = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_S)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("Der Bestätigungslink ist abgelaufen. Bitte melden Sie den Mangel erneut.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Der Bestätigungslink ist ungültig.")) from exc
    report = Report.objects.select_for_update().filter(pk=data.get("r"), token=data.get("t")).first()
    if report is None:
        raise ValidationError(_("Der Bestätigungslink ist ungültig."))
    if report.moderation == Moderation.UNCONFIRMED:
        report.moderation = Moderation.PENDING
        report.confirmed_at = timezone.now()
        report.save(update_fields=["moderation", "confirmed_at", "updated"])
        audit_record(actor=None, action=AuditAction.ACTION, obj=report, message=_("E-Mail-Adresse bestätigt"))
    return report


def _require_handler(actor, report: Report) -> None:
    if not user_may_handle(user=actor, report=report):
        raise PermissionDenied(_("Diese Meldung gehört nicht zu Ihrem Fachbereich."))


@transaction.atomic
def report_moderate(*, actor, report: Report, publish: bool, reason: str = "") -> Report:
    """Publish a report, or keep it off the public map (with a reason for the record)."""
    _require_handler(actor, report)
    if report.moderation == Moderation.UNCONFIRMED:
        raise ValidationError(_("Die Meldung ist noch nicht per E-Mail bestätigt."))
    reason = plain_text(reason, field="reason", max_length=300)
    if not publish and not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an, warum die Meldung nicht erscheint.")})
    before = report.moderation
    report.moderation = Moderation.PUBLISHED if publish else Moderation.HIDDEN
    report.moderation_reason = "" if publish else reason
    if publish and report.published_at is None:
        report.published_at = timezone.now()
    report.save(update_fields=["moderation", "moderation_reason", "published_at", "updated"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        changes={"moderation": [before, report.moderation]},
        message=_("veröffentlicht") if publish else _("nicht veröffentlicht: %(r)s") % {"r": reason},
    )
    return report


@transaction.atomic
def report_photo_hide(*, actor, photo: ReportPhoto) -> None:
    _require_handler(actor, photo.report)
    photo.is_public = False
    photo.save(update_fields=["is_public"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=photo.report, message=_("Foto verborgen"))


@transaction.atomic
def report_status_change(
    *, actor, report: Report, status: str, comment: str = "", is_public: bool = True
) -> ReportUpdate:
    """Record progress. A public comment appears on the map and in Open311 as status_notes."""
    _require_handler(actor, report)
    if status not in ReportStatus.values:
        raise ValidationError({"status": _("Bitte wählen Sie einen Bearbeitungsstand.")})
    comment = plain_text(comment, field="comment", max_length=1000)
    if status == report.status and not comment:
        raise ValidationError({"comment": _("Bitte geben Sie einen Kommentar ein oder ändern Sie den Stand.")})
    before = report.status
    report.status = status
    if is_public and comment:
        report.status_notes = comment
    if status in CLOSED_STATUSES:
        report.closed_at = report.closed_at or timezone.now()
    else:
        report.closed_at = None
    report.save(update_fields=["status", "status_notes", "closed_at", "updated"])
    update = ReportUpdate.objects.create(
        report=report, status=status, comment=comment, is_public=is_public, actor=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        changes={"status": [before, status]},
        message=comment[:200] if comment else _("Bearbeitungsstand geändert"),
    )
    if is_public and report.email and report.moderation != Moderation.UNCONFIRMED:
        from .tasks import report_notify_update

        transaction.on_commit(lambda: report_notify_update.delay(update.pk))
    if is_public and report.is_public:
        from .tasks import report_notify_followers

        transaction.on_commit(lambda: report_notify_followers.delay(update.pk))
    return update


@transaction.atomic
def report_reassign(*, actor, report: Report, category: Category) -> Report:
    """Move a report to another category and so to that category's department."""
    _require_handler(actor, report)
    before = {"category": report.category.code, "department": str(report.department)}
    report.category = category
    report.department = category.department
    report.save(update_fields=["category", "department", "updated"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        changes={
            "category": [before["category"], category.code],
            "department": [before["department"], str(category.department)],
        },
        message=_("Kategorie geändert"),
    )
    return report


@transaction.atomic
def api_key_create(*, name: str, actor=None) -> tuple[ApiKey, str]:
    """Make an API key; the raw key is returned once and only its hash is stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie einen Namen an.")})
    if ApiKey.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Es gibt bereits einen Schlüssel mit diesem Namen.")})
    raw = api_key_generate()
    key = ApiKey.objects.create(name=name, prefix=raw[:10], key_hash=api_key_hash(raw))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=key, message=_("Open311-API-Schlüssel angelegt"))
    return key, raw


def api_key_touch(*, key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk).update(last_used=timezone.now())
