"""Reports generated from the programme's data: the gap report and the quarterly progress reports.

Each report is written once as Markdown (the text of the council Mitteilung) and rendered from that
to an accessible PDF (PDF/UA-1, language German) with WeasyPrint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .assessment import AreaResult, gap_rows, score_text, unmeasured_rows
from .constants import ProjectStatus
from .models import Project
from .selectors import budget_overview, project_kpi_rows, project_kpis_at, project_progress


def md_escape(text) -> str:
    """Staff-entered text inside Markdown: no HTML, no table breaks, no accidental emphasis."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(char, "\\" + char)
    return text


def fmt_number(value: Decimal | float | None, unit: str = "") -> str:
    if value is None:
        return _("nicht verfügbar")
    text = formats.number_format(
        value, decimal_pos=2 if Decimal(str(value)) % 1 else 0, use_l10n=True, force_grouping=True
    )
    return f"{text} {unit}".strip()


def fmt_euro(value: Decimal) -> str:
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True) + " €"


def fmt_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def municipality_name() -> str:
    from modellkommune.core.selectors import municipality_current

    town = municipality_current()
    return town.official_name if town else _("Modellkommune")


# --- gap report -------------------------------------------------------------------------------


def gap_report_markdown(results: list[AreaResult], *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    lines = [
        "# " + _("Lückenbericht digitaler Reifegrad – %(town)s") % {"town": municipality_name()},
        "",
        _("Stand: %(date)s. Selbsteinschätzung in den fünf Bereichen des Bitkom Smart City Index.")
        % {"date": fmt_date(today)},
        "",
        "## " + _("Punktzahl je Bereich"),
        "",
        "| " + _("Bereich") + " | " + _("Punktzahl (0–100)") + " |",
        "| --- | ---: |",
    ]
    for area in results:
        lines.append(f"| {md_escape(area.label)} | {score_text(area.score)} |")
    gaps = gap_rows(results)
    lines += ["", "## " + _("Indikatoren unter Zielwert"), ""]
    if gaps:
        lines += [
            "| "
            + " | ".join(
                [
                    _("Bereich"),
                    _("Indikator"),
                    _("Ist-Wert"),
                    _("Zielwert"),
                    _("Maßnahmen (Projekte)"),
                    _("Vorschläge: gute Beispiele (Best Practices)"),
                ]
            )
            + " |",
            "| --- | --- | ---: | ---: | --- | --- |",
        ]
        for row in gaps:
            ind = row.indicator
            measures = ", ".join(md_escape(p.title) for p in ind.measures.all()) or _("keine Maßnahme zugeordnet")
            proposals = ", ".join(md_escape(f"{bp.title} ({bp.town})") for bp in row.proposals) or "–"
            lines.append(
                f"| {md_escape(ind.get_area_display())} | {md_escape(ind.name)} | "
                f"{fmt_number(row.reading.value, ind.unit)} | {fmt_number(ind.target_value, ind.unit)} | {measures} | "
                f"{proposals} |"
            )
        missing = [r for r in gaps if not r.indicator.measures.exists()]
        if missing:
            lines += [
                "",
                _("Für %(n)d Indikator(en) unter Zielwert ist noch keine Maßnahme geplant.") % {"n": len(missing)},
            ]
    else:
        lines.append(_("Alle Indikatoren mit Zielwert erreichen ihr Ziel."))
    unmeasured = unmeasured_rows(results)
    if unmeasured:
        lines += ["", "## " + _("Nicht ermittelbare Indikatoren"), ""]
        lines += [f"- {md_escape(r.indicator.name)}: {md_escape(r.reading.note or _('kein Wert'))}" for r in unmeasured]
    return "\n".join(lines) + "\n"


# --- quarterly reports ------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        year, _sep, q = text.strip().upper().partition("-Q")
        quarter = cls(int(year), int(q))
        if not 1 <= quarter.number <= 4 or not 2000 <= quarter.year <= 2100:
            raise ValueError(text)
        return quarter

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = dt.date(self.year + (self.number == 4), 1 if self.number == 4 else 3 * self.number + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return _("%(q)d. Quartal %(y)d") % {"q": self.number, "y": self.year}


def _project_section(project: Project, quarter: Quarter, *, level: str = "##") -> list[str]:
    milestones = list(project.milestones.all())
    due = [m for m in milestones if quarter.start <= m.due_date <= quarter.end]
    upcoming = [m for m in milestones if not m.done and m.due_date > quarter.end][:3]
    overdue = [m for m in milestones if not m.done and m.due_date < quarter.start]
    lines = [
        f"{level} {md_escape(project.title)}",
        "",
        f"- {_('Status')}: {project.get_status_display()}",
        f"- {_('Fortschritt (Meilensteine erreicht)')}: {project_progress(project)} %",
        f"- {_('Haushaltsmittel')}: {fmt_euro(project.budget)}",
        f"- {_('Ziel')}: {md_escape(project.goal)}",
        "",
        f"**{_('Meilensteine im Quartal')}**",
        "",
    ]
    lines += [
        f"- {fmt_date(m.due_date)} {md_escape(m.title)}: {_('erreicht') if m.done else _('offen')}" for m in due
    ] or [f"- {_('keine')}"]
    if overdue:
        lines += ["", f"**{_('Überfällige Meilensteine')}**", ""]
        lines += [f"- {fmt_date(m.due_date)} {md_escape(m.title)}" for m in overdue]
    if upcoming:
        lines += ["", f"**{_('Nächste Meilensteine')}**", ""]
        lines += [f"- {fmt_date(m.due_date)} {md_escape(m.title)}" for m in upcoming]
    return [*lines, *_kpi_table(project, quarter), ""]


def _kpi_table(project: Project, quarter: Quarter) -> list[str]:
    """KPIs of a past quarter at its end (from the daily snapshots); of the running quarter, current values."""
    if quarter.end < timezone.localdate():
        rows = project_kpis_at(project, start=quarter.start, end=quarter.end)
        if not rows:
            return []
        head = _("Stand zum Quartalsende (%(d)s)") % {"d": fmt_date(quarter.end)}
        lines = ["", f"| {_('Kennzahl')} | {head} | {_('Ziel')} |", "| --- | ---: | ---: |"]
        for row in rows:
            value = (
                f"{fmt_number(row.value, row.kpi.unit)} ({fmt_date(row.date)})"
                if row.date
                else _("kein Stand gespeichert")
            )
            lines.append(f"| {md_escape(row.kpi.name)} | {value} | {fmt_number(row.target_value, row.kpi.unit)} |")
        return lines
    kpis = project_kpi_rows(project)
    if not kpis:
        return []
    lines = ["", "| " + _("Kennzahl") + " | " + _("aktuell") + " | " + _("Ziel") + " |", "| --- | ---: | ---: |"]
    for row in kpis:
        lines.append(
            f"| {md_escape(row.kpi.name)} | {fmt_number(row.reading.value, row.kpi.unit)} | "
            f"{fmt_number(row.kpi.target_value, row.kpi.unit)} |"
        )
    return lines


def quarterly_project_markdown(project: Project, quarter: Quarter) -> str:
    title = _("Quartalsbericht %(q)s: %(p)s") % {"q": quarter.label, "p": project.title}
    lines = [f"# {md_escape(title)}", "", _("Stand: %(d)s") % {"d": fmt_date(timezone.localdate())}, ""]
    lines += _project_section(project, quarter, level="##")
    return "\n".join(lines)


def quarterly_programme_markdown(projects: list[Project], quarter: Quarter, results: list[AreaResult]) -> str:
    budget = budget_overview(projects)
    lines = [
        "# "
        + _("Quartalsbericht %(q)s: Programm Digitale Modellkommune %(t)s")
        % {"q": quarter.label, "t": municipality_name()},
        "",
        _("Stand: %(d)s") % {"d": fmt_date(timezone.localdate())},
        "",
        "## " + _("Überblick"),
        "",
        f"- {_('Projekte insgesamt')}: {len(projects)}",
    ]
    for status in ProjectStatus:
        count = sum(1 for p in projects if p.status == status.value)
        if count:
            lines.append(f"- {status.label}: {count}")
    lines += [
        f"- {_('Haushaltsmittel insgesamt')}: {fmt_euro(budget.total)}",
        f"- {_('davon durch Finanzierungsquellen gedeckt')}: {fmt_euro(budget.funded)}",
        "",
        "## " + _("Digitaler Reifegrad"),
        "",
        "| " + _("Bereich") + " | " + _("Punktzahl (0–100)") + " |",
        "| --- | ---: |",
    ]
    lines += [f"| {md_escape(a.label)} | {score_text(a.score)} |" for a in results]
    lines += ["", "## " + _("Projekte"), ""]
    for project in projects:
        lines += _project_section(project, quarter, level="###")
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------


def markdown_to_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html)


def markdown_to_pdf(text: str, *, title: str) -> bytes:
    """An accessible PDF (PDF/UA-1, tagged, German) of a Markdown report."""
    from weasyprint import HTML

    html = render_to_string(
        "programme/pdf/report.html", {"title": title, "author": municipality_name(), "body": markdown_to_html(text)}
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
