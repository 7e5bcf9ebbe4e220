"""Defect reports (Mängelmelder), anonymised: no names, no contact data, no free text of citizens."""

from django.utils.translation import gettext as _

from ..constants import Frequency, Theme
from ..registry import DatasetSpec, Table, register

# Deliberately no description, address, photos or reporter fields: only what the map shows.
REPORT_COLUMNS = ["id", "kategorie", "status", "gemeldet_am", "abgeschlossen_am", "breite", "laenge"]


def _report_rows():
    from modellkommune.egov.reports import selectors

    reports = (
        selectors.report_list_public()
        .prefetch_related(None)
        .order_by("pk")
        .values_list("pk", "category__name", "status", "requested", "closed_at", "lat", "lon")
    )
    for pk, category, status, requested, closed, lat, lon in reports.iterator(chunk_size=2000):
        yield [
            pk,
            category,
            status,
            requested.isoformat() if requested else "",
            closed.isoformat() if closed else "",
            round(lat, 5) if lat is not None else None,
            round(lon, 5) if lon is not None else None,
        ]


def _report_temporal():
    """(first day, last day) on which the published reports were made."""
    from django.db.models import Max, Min

    from modellkommune.egov.reports import selectors

    span = selectors.report_list_public().aggregate(first=Min("requested"), last=Max("requested"))
    return tuple(value.date() if value else None for value in (span["first"], span["last"]))


@register("maengel")
def report_datasets() -> list[DatasetSpec]:
    from modellkommune.egov.reports import selectors

    selectors.report_list_public  # noqa: B018
    return [
        DatasetSpec(
            key="maengel-meldungen",
            title=_("Mängelmeldungen (anonymisiert)"),
            description=_(
                "Veröffentlichte Meldungen des Mängelmelders mit Kategorie, Bearbeitungsstand, Zeitpunkten und "
                "Ort. Ohne Beschreibungstexte und ohne Angaben zu den meldenden Personen."
            ),
            themes=[Theme.REGI, Theme.GOVE],
            keywords=[_("Mängelmelder"), "Open311", _("Infrastruktur")],
            frequency=Frequency.DAILY,
            temporal=_report_temporal,
            tables=[
                Table(
                    key="meldungen",
                    title=_("Meldungen"),
                    columns=REPORT_COLUMNS,
                    rows=_report_rows,
                    lat_column="breite",
                    lon_column="laenge",
                )
            ],
        )
    ]
