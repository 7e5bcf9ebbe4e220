"""Pilot projects of the Modellkommune programme."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ..constants import Frequency, Theme
from ..links import absolute
from ..registry import DatasetSpec, Table, register

PROJECT_COLUMNS = ["kurzname", "titel", "kurzbeschreibung", "status", "sektoren", "beginn", "url"]


def _project_url(project) -> str:
    try:
        return absolute(reverse("programme:project_detail", kwargs={"slug": project.slug}))
    except NoReverseMatch:
        return ""


def _project_rows():
    from modellkommune.programme import selectors

    projects = selectors.project_list_public().prefetch_related("sectors").order_by("pk")
    for p in projects.iterator(chunk_size=500):
        status = p.get_status_display() if hasattr(p, "get_status_display") else getattr(p, "status", "")
        start = getattr(p, "start_date", None)
        yield [
            p.slug,
            p.title,
            getattr(p, "summary", ""),
            status,
            "; ".join(s.name for s in p.sectors.all()),
            start.isoformat() if start else "",
            _project_url(p),
        ]


@register("programm")
def project_datasets() -> list[DatasetSpec]:
    from modellkommune.programme import selectors

    selectors.project_list_public  # noqa: B018
    return [
        DatasetSpec(
            key="programm-pilotprojekte",
            title=_("Pilotprojekte der Modellkommune"),
            description=_("Die Pilotprojekte des Programms „Digitale Modellkommune“ mit Ziel, Stand und Sektoren."),
            themes=[Theme.GOVE, Theme.TECH],
            keywords=[_("Modellkommune"), _("Digitalisierung"), _("Pilotprojekte")],
            frequency=Frequency.MONTHLY,
            tables=[Table(key="projekte", title=_("Projekte"), columns=PROJECT_COLUMNS, rows=_project_rows)],
        )
    ]
