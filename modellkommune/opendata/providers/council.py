"""Council papers and meetings: the OParl API and CSV lists."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ..constants import FileType, Frequency, Theme
from ..links import absolute
from ..registry import DatasetSpec, Link, Table, register

PAPER_COLUMNS = ["id", "drucksachennummer", "titel", "art", "datum", "url"]
MEETING_COLUMNS = ["id", "name", "beginn", "ende", "gremien", "abgesagt", "url"]


def _paper_rows():
    from modellkommune.council import selectors

    papers = selectors.paper_list_public().order_by("pk")
    for p in papers.iterator(chunk_size=1000):
        url = absolute(reverse("council:paper_detail", args=[p.pk]))
        yield [p.pk, p.reference, p.name, p.get_paper_type_display(), p.date.isoformat() if p.date else "", url]


def _meeting_rows():
    from modellkommune.council import selectors

    meetings = selectors.meeting_list_public().prefetch_related("organizations").order_by("pk")
    for m in meetings.iterator(chunk_size=500):
        url = absolute(reverse("council:meeting_detail", args=[m.pk]))
        organizations = "; ".join(o.name for o in m.organizations.all())
        yield [
            m.pk,
            m.name,
            m.start.isoformat(),
            m.end.isoformat() if m.end else "",
            organizations,
            "ja" if m.cancelled else "nein",
            url,
        ]


def _council_temporal():
    """(first day, last day) of the public papers and meetings."""
    from django.db.models import Max, Min

    from modellkommune.council import selectors

    papers = selectors.paper_list_public().aggregate(first=Min("date"), last=Max("date"))
    meetings = selectors.meeting_list_public().aggregate(first=Min("start"), last=Max("start"))
    days = [papers["first"], papers["last"]] + [m.date() for m in (meetings["first"], meetings["last"]) if m]
    days = [d for d in days if d]
    return (min(days), max(days)) if days else (None, None)


@register("rat")
def council_datasets() -> list[DatasetSpec]:
    from modellkommune.council import selectors

    system_url = selectors.oparl_system_url()
    return [
        DatasetSpec(
            key="rat-drucksachen-sitzungen",
            title=_("Ratsinformationen: Drucksachen und Sitzungen"),
            description=_(
                "Öffentliche Drucksachen (Anträge, Anfragen, Vorlagen, Mitteilungen) und Sitzungen des Rates "
                "und seiner Ausschüsse. Vollständig und maschinenlesbar über die OParl-1.1-Schnittstelle, "
                "als Übersicht auch als CSV."
            ),
            themes=[Theme.GOVE],
            keywords=[_("Rat"), _("Ratsinformationssystem"), "OParl", _("Drucksachen"), _("Sitzungen")],
            frequency=Frequency.DAILY,
            temporal=_council_temporal,
            links=[
                Link(
                    key="oparl",
                    title=_("OParl-Schnittstelle"),
                    format=FileType.JSON,
                    access_url=system_url,
                    description=_("OParl 1.1, Einstieg über das System-Objekt"),
                )
            ],
            tables=[
                Table(key="drucksachen", title=_("Drucksachen"), columns=PAPER_COLUMNS, rows=_paper_rows),
                Table(key="sitzungen", title=_("Sitzungen"), columns=MEETING_COLUMNS, rows=_meeting_rows),
            ],
        )
    ]
