"""The digital-maturity self-assessment: current values, scores per area, the gap list, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import formats

from .constants import MaturityArea
from .models import AreaScoreSnapshot, BestPractice, Indicator
from .providers import Reading, achievement, below_target, measure


@dataclass
class IndicatorRow:
    indicator: Indicator
    reading: Reading
    achievement: float | None
    below_target: bool

    @property
    def proposals(self) -> list[BestPractice]:
        """Published best practices that address this indicator (the gap report proposes them)."""
        return [bp for bp in self.indicator.best_practices.all() if bp.published]


# One score, one value: an area score is rounded once, here (one decimal, half up), and every page, report and
# snapshot shows that same number through score_text().
SCORE_STEP = Decimal("0.1")


def score_text(score: Decimal | float | None) -> str:
    """The one display of an area score: one decimal, decimal comma in German ("26,5"); "–" for none."""
    if score is None:
        return "–"
    value = Decimal(str(score)).quantize(SCORE_STEP, rounding=ROUND_HALF_UP)
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


@dataclass
class AreaResult:
    code: str
    label: str
    score: Decimal | None
    rows: list[IndicatorRow]

    @property
    def score_text(self) -> str:
        return score_text(self.score)


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.prefetch_related(
        "measures", Prefetch("best_practices", queryset=BestPractice.objects.order_by("title"))
    ).order_by("area", "order", "name")


def indicator_row(indicator: Indicator) -> IndicatorRow:
    reading = measure(indicator)
    kwargs = {"value": reading.value, "target": indicator.target_value, "higher_is_better": indicator.higher_is_better}
    return IndicatorRow(
        indicator=indicator, reading=reading, achievement=achievement(**kwargs), below_target=below_target(**kwargs)
    )


def area_score(rows: list[IndicatorRow]) -> Decimal | None:
    """Weighted mean of the target achievement of the indicators that have a value and a target, 0..100,
    computed in decimal arithmetic and rounded once to one decimal (half up)."""
    scored = [
        (Decimal(str(r.achievement)), r.indicator.weight)
        for r in rows
        if r.achievement is not None and r.indicator.weight
    ]
    if not scored:
        return None
    mean = 100 * sum(a * w for a, w in scored) / sum(w for _a, w in scored)
    return mean.quantize(SCORE_STEP, rounding=ROUND_HALF_UP)


def assessment_current() -> list[AreaResult]:
    rows = [indicator_row(i) for i in indicator_list()]
    results = []
    for area in MaturityArea:
        area_rows = [r for r in rows if r.indicator.area == area.value]
        results.append(AreaResult(code=area.value, label=str(area.label), score=area_score(area_rows), rows=area_rows))
    return results


def gap_rows(results: list[AreaResult]) -> list[IndicatorRow]:
    """Exactly the indicators whose current value is below (or, if lower is better, above) the target."""
    return [r for area in results for r in area.rows if r.below_target]


def unmeasured_rows(results: list[AreaResult]) -> list[IndicatorRow]:
    return [r for area in results for r in area.rows if r.reading.value is None]


@dataclass
class ScoreHistory:
    dates: list[dt.date]
    series: list[tuple[str, str, list[float | None]]]  # (area code, label, score per date)


def score_history(*, limit: int = 24) -> ScoreHistory:
    dates = sorted(set(AreaScoreSnapshot.objects.values_list("date", flat=True)))[-limit:]
    scores = {(s.area, s.date): float(s.score) for s in AreaScoreSnapshot.objects.filter(date__in=dates)}
    series = [(a.value, str(a.label), [scores.get((a.value, d)) for d in dates]) for a in MaturityArea]
    return ScoreHistory(dates=dates, series=series)


# Colours for the history chart; each line also has its own dash pattern and a label at its end,
# so the chart does not depend on colour alone.
AREA_STYLE = {
    MaturityArea.VERWALTUNG: ("#005a9c", ""),
    MaturityArea.IT_KOMMUNIKATION: ("#8a3b00", "6 3"),
    MaturityArea.ENERGIE_UMWELT: ("#1b6e20", "2 3"),
    MaturityArea.MOBILITAET: ("#6a1b9a", "10 4 2 4"),
    MaturityArea.GESELLSCHAFT: ("#333333", "1 6"),
}


def history_chart(history: ScoreHistory, *, width: int = 680, height: int = 260) -> dict | None:
    """Coordinates for the server-rendered SVG line chart (x: dates, y: score 0..100)."""
    if not history.dates:
        return None
    left, right, top, bottom = 40, 180, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(history.dates)

    def x(i: int) -> float:
        return round(left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2), 1)

    def y(score: float) -> float:
        return round(top + plot_h * (1 - score / 100), 1)

    lines = []
    for code, label, scores in history.series:
        points = [(x(i), y(s)) for i, s in enumerate(scores) if s is not None]
        if not points:
            continue
        colour, dash = AREA_STYLE[code]
        lines.append(
            {
                "label": label,
                "colour": colour,
                "dash": dash,
                "points": " ".join(f"{px},{py}" for px, py in points),
                "dots": points,
                "end": points[-1],
            }
        )
    _spread_labels(lines, gap=13)
    return {
        "width": width,
        "height": height,
        "lines": lines,
        "grid": [(y(v), v) for v in (0, 25, 50, 75, 100)],
        "xlabels": [(x(i), d) for i, d in enumerate(history.dates)],
        "left": left,
        "right": width - right,
        "bottom": height - bottom,
    }


def _spread_labels(lines: list[dict], *, gap: float) -> None:
    """Move end labels apart vertically so that lines ending on similar scores stay readable."""
    ordered = sorted(lines, key=lambda line: line["end"][1])
    previous = None
    for line in ordered:
        y = line["end"][1]
        if previous is not None and y < previous + gap:
            y = previous + gap
        line["label_y"] = round(y, 1)
        previous = y
