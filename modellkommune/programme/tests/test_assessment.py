"""Digital maturity: scores per area, the gap report and the history snapshot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from modellkommune.programme.assessment import area_score, assessment_current, gap_rows
from modellkommune.programme.constants import MaturityArea
from modellkommune.programme.models import AreaScoreSnapshot, IndicatorSnapshot
from modellkommune.programme.reporting import gap_report_markdown
from modellkommune.programme.tasks import indicators_snapshot

from .factories import IndicatorFactory, ProjectFactory


@pytest.fixture
def indicators(db, fake_source):
    """Five indicators: two below target, one reaching it, one lower-is-better above target, one unmeasurable."""
    fake_source["value"] = 40
    measure = ProjectFactory(title="E-Akte für alle Fachbereiche")
    below = IndicatorFactory(name="E-Akte-Quote", manual_value=Decimal("35"), target_value=Decimal("80"))
    below.measures.add(measure)
    IndicatorFactory(
        name="Hotspots", area=MaturityArea.IT_KOMMUNIKATION, manual_value=Decimal("30"), target_value=Decimal("30")
    )
    IndicatorFactory(
        name="Bearbeitungsdauer Tage",
        area=MaturityArea.VERWALTUNG,
        manual_value=Decimal("12"),
        target_value=Decimal("10"),
        higher_is_better=False,
    )
    IndicatorFactory(name="Live-Quelle", area=MaturityArea.MOBILITAET, source="test.fake", target_value=Decimal("50"))
    IndicatorFactory(name="Ohne Wert", area=MaturityArea.GESELLSCHAFT, target_value=Decimal("5"))
    return measure


def test_gap_report_lists_exactly_the_indicators_below_target(indicators):
    results = assessment_current()
    assert sorted(r.indicator.name for r in gap_rows(results)) == [
        "Bearbeitungsdauer Tage",
        "E-Akte-Quote",
        "Live-Quelle",
    ]
    text = gap_report_markdown(results, today=dt.date(2026, 11, 25))
    gap_section = text.split("## Indikatoren unter Zielwert")[1].split("## Nicht ermittelbare")[0]
    table_rows = [line for line in gap_section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(table_rows) == 3
    assert "E-Akte-Quote" in gap_section and "E-Akte für alle Fachbereiche" in gap_section
    assert "Hotspots" not in gap_section and "Ohne Wert" not in gap_section
    assert "Stand: 25.11.2026" in text
    assert "Ohne Wert" in text.split("## Nicht ermittelbare Indikatoren")[1]


def test_area_scores_are_weighted_target_achievement(indicators):
    scores = {a.code: a.score for a in assessment_current()}
    # Verwaltung: 35/80 = 0.4375 and 10/12 = 0.8333 -> mean 63.5
    assert scores[MaturityArea.VERWALTUNG] == pytest.approx(63.5, abs=0.1)
    assert scores[MaturityArea.IT_KOMMUNIKATION] == 100.0
    assert scores[MaturityArea.MOBILITAET] == 80.0
    assert scores[MaturityArea.GESELLSCHAFT] is None  # nothing measurable
    assert scores[MaturityArea.ENERGIE_UMWELT] is None
    assert area_score([]) is None


def test_maturity_page_shows_scores_gaps_and_downloads(client, indicators):
    html = client.get(reverse("programme:maturity")).content.decode()
    assert "3 Indikatoren liegen unter dem Zielwert" in html
    assert "E-Akte-Quote" in html and "unter Ziel" in html
    assert reverse("programme:gap_report_pdf") in html
    markdown = client.get(reverse("programme:gap_report_md"))
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "E-Akte-Quote" in markdown.content.decode()


def test_gap_report_pdf_is_tagged_german_pdf(client, indicators):
    response = client.get(reverse("programme:gap_report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang")).lower().startswith("de")
    assert "/StructTreeRoot" in root  # tagged for screen readers
    assert root["/MarkInfo"]["/Marked"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "E-Akte-Quote" in text


def test_snapshot_task_records_history_shown_as_chart_and_table(client, indicators):
    AreaScoreSnapshot.objects.create(area=MaturityArea.VERWALTUNG, date=dt.date(2026, 6, 30), score=Decimal("40"))
    assert indicators_snapshot() == 5
    assert indicators_snapshot() == 5  # same day again: overwritten, not duplicated
    assert IndicatorSnapshot.objects.count() == 5
    live = IndicatorSnapshot.objects.get(indicator__name="Live-Quelle")
    assert live.value == Decimal("40.00")
    assert AreaScoreSnapshot.objects.filter(area=MaturityArea.VERWALTUNG).count() == 2
    html = client.get(reverse("programme:maturity")).content.decode()
    assert "<polyline" in html
    assert "30.06.2026" in html  # the table fallback of the chart
