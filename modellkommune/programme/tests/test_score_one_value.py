"""One score, one value: the Verwaltung area showed 27, 26 and "26,50" in different places. The score is
computed once (decimal arithmetic, rounded once to one decimal, half up) and shown the same way everywhere."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.programme.assessment import assessment_current, score_text
from modellkommune.programme.constants import MaturityArea
from modellkommune.programme.models import AreaScoreSnapshot
from modellkommune.programme.reporting import Quarter, gap_report_markdown, quarterly_programme_markdown
from modellkommune.programme.services import indicators_snapshot_take

from .factories import IndicatorFactory


@pytest.fixture
def half_score(municipality, db):
    """Verwaltung = (0.2645 + 0.2645) / 2 × 100 = 26.45 exactly: a half that float rounding gets wrong."""
    IndicatorFactory(name="E-Akte", manual_value=Decimal("26.45"), target_value=Decimal("100"))
    IndicatorFactory(name="Online-Dienste", manual_value=Decimal("52.90"), target_value=Decimal("200"))


def _verwaltung(text: str, pattern: str) -> str:
    match = re.search(pattern, text, re.S)
    assert match, pattern
    return match.group(1).strip()


def test_verwaltung_score_reads_the_same_everywhere(client, staff_client, half_score):
    results = assessment_current()
    verwaltung = next(a for a in results if a.code == MaturityArea.VERWALTUNG)
    assert verwaltung.score == Decimal("26.5")  # not 26.4 (float) and not 26 or 27 (integer rounding)
    indicators_snapshot_take()  # today's history row
    assert AreaScoreSnapshot.objects.get(area=MaturityArea.VERWALTUNG, date=timezone.localdate()).score == Decimal(
        "26.5"
    )

    maturity = client.get(reverse("programme:maturity")).content.decode()
    index = client.get(reverse("programme:index")).content.decode()
    backoffice = staff_client.get(reverse("programme:backoffice")).content.decode()
    gap_md = client.get(reverse("programme:gap_report_md")).content.decode()
    quarterly = quarterly_programme_markdown([], Quarter.of(timezone.localdate()), results)

    shown = {
        "maturity page": _verwaltung(maturity, r'score-label">Verwaltung</span>.*?<strong>([^<]+)</strong>'),
        "history table": _verwaltung(
            maturity, r"Punktzahl je Bereich und Stichtag.*?<tbody><tr><th scope=\"row\">[^<]+</th><td>([^<]+)</td>"
        ),
        "projects page": _verwaltung(index, r"<li>Verwaltung: ([^<]+?) Punkte</li>"),
        "back office": _verwaltung(backoffice, r"<li>Verwaltung: <strong>([^<]+)</strong>"),
        "gap report": _verwaltung(gap_md, r"\| Verwaltung \| ([^|]+) \|"),
        "quarterly report": _verwaltung(quarterly, r"\| Verwaltung \| ([^|]+) \|"),
    }
    assert set(shown.values()) == {"26,5"}, shown


def test_score_text_is_german_with_one_decimal():
    assert score_text(Decimal("26.5")) == "26,5"
    assert score_text(Decimal("100")) == "100,0"
    assert score_text(26.45) == "26,5"
    assert score_text(None) == "–"


def test_scores_of_the_gap_report_match_the_page(client, half_score):
    text = gap_report_markdown(assessment_current())
    assert "| Verwaltung | 26,5 |" in text and "26,50" not in text
