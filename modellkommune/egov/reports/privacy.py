"""Personal data of defect reports, for "Meine Daten" and account deletion (see core.privacy)."""

from __future__ import annotations

from modellkommune.core.privacy import belongs_to
from modellkommune.core.services import audit_pseudonyms_forget

from .models import Report, ReportFollower
from .retention import PERSONAL_BLANK


def _reports_of(user):
    # The account's address is verified (allauth, mandatory), so reports sent without logging in count too.
    return Report.objects.filter(belongs_to(user)).select_related("category")


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "maengelmeldungen": [
            {
                "nummer": r.pk,
                "kategorie": r.category.name,
                "beschreibung": r.description,
                "ort": r.address,
                "breite": r.lat,
                "laenge": r.lon,
                "status": r.status,
                "gemeldet_am": r.requested.isoformat(),
                "email": r.email,
                "vorname": r.first_name,
                "nachname": r.last_name,
                "telefon": r.phone,
                "fotos": r.photos.count(),
            }
            for r in _reports_of(user)
        ],
        "verfolgte_maengelmeldungen": [
            {"nummer": f.report_id, "email": f.email, "bestaetigt": f.confirmed, "seit": f.created.isoformat()}
            for f in _followed_by(user)
        ],
    }


def _followed_by(user):
    return ReportFollower.objects.filter(belongs_to(user))


def personal_data_erase(*, user) -> dict[str, int]:
    """Reports stay (the defect is public business), the person behind them goes."""
    reports = _reports_of(user)
    pks = list(reports.values_list("pk", flat=True))
    Report.objects.filter(pk__in=pks).update(**PERSONAL_BLANK, user=None)
    audit_pseudonyms_forget(scopes=[f"reports.report:{pk}" for pk in pks])
    followed, _detail = _followed_by(user).delete()
    return {"maengelmeldungen": len(pks), "verfolgte_maengelmeldungen": followed}
