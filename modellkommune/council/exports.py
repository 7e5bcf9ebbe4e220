"""Attendance export for the Sitzungsgeld (attendance allowance): CSV as Excel in Germany opens it."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Text that Excel would run as a formula is prefixed with an apostrophe (CSV injection)."""
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def attendance_csv(records) -> bytes:
    """Semicolon-separated, UTF-8 with BOM (Excel recognises the encoding), one row per member and meeting
    (deputies with "Vertretung für …")."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Nachname"),
            _("Vorname"),
            _("Datum"),
            _("Beginn"),
            _("Sitzung"),
            _("Gremium"),
            _("Anwesenheit"),
            _("Bemerkung"),
        ]
    )
    record: Attendance
    for record in records:
        start = timezone.localtime(record.meeting.start)
        writer.writerow(
            [
                _cell(record.person.family_name),
                _cell(record.person.given_name),
                start.strftime("%d.%m.%Y"),
                start.strftime("%H:%M"),
                _cell(record.meeting.name),
                _cell(", ".join(o.name for o in record.meeting.organizations.all())),
                record.get_status_display(),
                _cell(_("Vertretung für %(n)s") % {"n": record.deputy_for.name}) if record.deputy_for_id else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
