"""Data protection: personal data of reports is kept only as long as the work needs it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_pseudonyms_forget, audit_record

from .constants import CLOSED_STATUSES, CONFIRM_MAX_AGE_S, Moderation
from .models import Report, ReportPhoto

PERSONAL_BLANK = {"email": "", "first_name": "", "last_name": "", "phone": "", "device_id": "", "account_id": ""}


def retention_days() -> int:
    return int(getattr(settings, "REPORTS_RETENTION_DAYS", 90))


@transaction.atomic
def report_retention_enforce(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete reports never confirmed by e-mail; strip contact data from reports closed long ago."""
    now = now or timezone.now()
    stale = Report.objects.filter(
        moderation=Moderation.UNCONFIRMED, requested__lt=now - dt.timedelta(seconds=CONFIRM_MAX_AGE_S)
    )
    for photo in ReportPhoto.objects.filter(report__in=stale):
        photo.image.delete(save=False)
    deleted = stale.count()
    stale.delete()
    done = Report.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=now - dt.timedelta(days=retention_days()))
    done = done.exclude(**PERSONAL_BLANK, user__isnull=True)
    pks = list(done.values_list("pk", flat=True))
    anonymised = Report.objects.filter(pk__in=pks).update(**PERSONAL_BLANK, user=None)
    # the reporters' audit pseudonyms of these reports go too: the trail then names nobody
    audit_pseudonyms_forget(scopes=[f"reports.report:{pk}" for pk in pks])
    if deleted or anonymised:
        audit_record(
            actor=None,
            action=AuditAction.ACTION,
            object_type="reports.report",
            object_repr="Mängelmelder",
            message=f"Aufbewahrung: {deleted} unbestätigte Meldungen gelöscht, {anonymised} anonymisiert",
        )
    return {"deleted": deleted, "anonymised": anonymised}
