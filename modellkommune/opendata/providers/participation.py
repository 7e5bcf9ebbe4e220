"""Participation statistics: counts per consultation and per year and process, never texts or persons."""

from django.utils.translation import gettext as _

from ..constants import Frequency, Theme
from ..registry import DatasetSpec, Table, register

CONSULTATION_COLUMNS = [
    "verfahren",
    "beginn",
    "ende",
    "beitraege_veroeffentlicht",
    "beitraege_mit_ort",
    "beitraege_abgelehnt",
    "mitteilung",
]
PROCESS_COLUMNS = ["jahr", "verfahren", "stand", "anzahl"]
SURVEY_COLUMNS = ["umfrage", "ende", "antworten_gesamt", "frage", "antwort", "anzahl"]


def _survey_rows():
    """Closed surveys with enough responses: counts per question and option; free text never."""
    from django.utils import timezone

    from modellkommune.participation.models import Survey
    from modellkommune.participation.services_survey import survey_results

    for survey in Survey.objects.filter(published=True, ends_at__lte=timezone.now()).order_by("ends_at", "pk"):
        results = survey_results(survey=survey)
        if not results["shown"]:
            continue
        for question in results["questions"]:
            for option in question["options"]:
                yield [
                    survey.title,
                    survey.ends_at.date().isoformat(),
                    results["total"],
                    question["title"],
                    option["label"],
                    option["count"],
                ]


def _consultation_rows():
    from modellkommune.participation.selectors_consultation import participation_statistics

    for row in participation_statistics():
        yield [row[column] for column in CONSULTATION_COLUMNS]


def _process_rows():
    from modellkommune.participation.selectors_consultation import participation_counts_per_year

    yield from participation_counts_per_year()


def _temporal():
    from django.db.models import Max, Min

    from modellkommune.participation.selectors_consultation import consultation_list_public

    span = consultation_list_public().aggregate(first=Min("starts_at"), last=Max("ends_at"))
    return tuple(value.date() if value else None for value in (span["first"], span["last"]))


@register("beteiligung")
def participation_datasets() -> list[DatasetSpec]:
    from modellkommune.participation import selectors_consultation

    selectors_consultation.participation_statistics  # noqa: B018
    return [
        DatasetSpec(
            key="beteiligung-statistik",
            title=_("Bürgerbeteiligung in Zahlen"),
            description=_(
                "Beteiligungsverfahren mit der Zahl veröffentlichter, ortsbezogener und abgelehnter Beiträge und "
                "der Mitteilung an den Rat; Ergebnisse beendeter Umfragen je Frage und Antwort; dazu Anregungen "
                "und Beschwerden (§ 24 GO NRW), Einwohneranträge (§ 25 GO NRW) und Ideen je Jahr und Stand. "
                "Nur Zahlen: keine Texte, keine Angaben zu Personen."
            ),
            themes=[Theme.GOVE, Theme.SOCI],
            keywords=[_("Bürgerbeteiligung"), _("Beteiligungsverfahren"), _("Einwohnerantrag")],
            frequency=Frequency.DAILY,
            temporal=_temporal,
            tables=[
                Table(
                    key="verfahren",
                    title=_("Beteiligungsverfahren"),
                    columns=CONSULTATION_COLUMNS,
                    rows=_consultation_rows,
                ),
                Table(key="umfragen", title=_("Ergebnisse der Umfragen"), columns=SURVEY_COLUMNS, rows=_survey_rows),
                Table(
                    key="eingaben",
                    title=_("Eingaben und Einwohneranträge je Jahr"),
                    columns=PROCESS_COLUMNS,
                    rows=_process_rows,
                ),
            ],
        )
    ]
