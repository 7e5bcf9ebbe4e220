"""CSV (streamed) and PDF exports of the project portfolio."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Project
from .reporting import fmt_date, fmt_euro, markdown_to_pdf, md_escape, municipality_name
from .selectors import project_progress

CSV_COLUMNS = [
    ("slug", "slug"),
    ("title", _("Titel")),
    ("status", _("Status")),
    ("egovernment", _("eGovernment")),
    ("sectors", _("Sektoren")),
    ("department", _("Fachbereich")),
    ("start_date", _("Beginn")),
    ("end_date", _("Ende")),
    ("budget_eur", _("Haushaltsmittel (Euro)")),
    ("funding", _("Finanzierung")),
    ("progress_percent", _("Fortschritt (%)")),
    ("milestones_done", _("Meilensteine erreicht")),
    ("milestones_total", _("Meilensteine gesamt")),
    ("partners", _("Partner")),
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe_cell(value) -> str:
    """Defuse spreadsheet formulas in text cells (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(projects) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for p in projects.prefetch_related("funding_sources", "partnerships__partner").iterator(chunk_size=200):
        milestones = list(p.milestones.all())
        funding = " | ".join(
            f"{f.name}: {f.amount}" + (f" ({f.share_percent} %)" if f.share_percent is not None else "")
            for f in p.funding_sources.all()
        )
        yield writer.writerow(
            [
                p.slug,
                _safe_cell(p.title),
                p.get_status_display(),
                _("ja") if p.egovernment else _("nein"),
                ", ".join(s.name for s in p.sectors.all()),
                _safe_cell(p.department.name if p.department else ""),
                p.start_date.isoformat() if p.start_date else "",
                p.end_date.isoformat() if p.end_date else "",
                f"{p.budget:.2f}",
                _safe_cell(funding),
                project_progress(p),
                sum(1 for m in milestones if m.done),
                len(milestones),
                _safe_cell(" | ".join(f"{pp.partner.name} ({pp.role})" for pp in p.partnerships.all())),
            ]
        )


def portfolio_markdown(projects: list[Project]) -> str:
    lines = [
        "# " + _("Modellprojekte – %(t)s") % {"t": municipality_name()},
        "",
        _("Stand: %(d)s") % {"d": fmt_date(timezone.localdate())},
        "",
        "| "
        + " | ".join([_("Projekt"), _("Status"), _("Sektoren"), _("Zeitraum"), _("Haushaltsmittel"), _("Fortschritt")])
        + " |",
        "| --- | --- | --- | --- | ---: | ---: |",
    ]
    for p in projects:
        sectors = ", ".join([*(["eGovernment"] if p.egovernment else []), *(s.name for s in p.sectors.all())])
        lines.append(
            f"| {md_escape(p.title)} | {p.get_status_display()} | {md_escape(sectors)} | "
            f"{fmt_date(p.start_date)} – {fmt_date(p.end_date)} | {fmt_euro(p.budget)} | {project_progress(p)} % |"
        )
    lines.append("")
    for p in projects:
        lines += [f"## {md_escape(p.title)}", "", md_escape(p.goal), ""]
    return "\n".join(lines)


def portfolio_pdf(projects: list[Project]) -> bytes:
    return markdown_to_pdf(portfolio_markdown(projects), title=_("Modellprojekte – Portfolio"))
