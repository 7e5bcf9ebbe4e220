"""Reads of the programme: projects, portfolio views, best practices and partners."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from .constants import ProjectStatus
from .models import (
    BestPractice,
    FundingSource,
    Milestone,
    Partner,
    Project,
    ProjectKpi,
    ProjectKpiSnapshot,
    ProjectPartner,
)
from .providers import Reading, achievement, measure

PROGRAMME_OFFICE_PERMISSION = "programme.manage_programme"


def user_is_programme_office(*, user) -> bool:
    """The programme office (group with programme.manage_programme) and administrators maintain projects,
    milestones, KPIs, indicators and the best-practice catalogue. Other departments only read the public pages."""
    from modellkommune.accounts.permissions import user_has_office_permission, user_sees_all_departments

    return user_sees_all_departments(user) or user_has_office_permission(user, PROGRAMME_OFFICE_PERMISSION)


def user_may_publish_to_council(*, user) -> bool:
    """Reports become official council papers (Mitteilungen): only the council office publishes them."""
    from modellkommune.council.selectors import user_is_council_office

    return bool(getattr(user, "is_back_office", False)) and user_is_council_office(user=user)


def project_list_public() -> QuerySet[Project]:
    return (
        Project.objects.public()
        .select_related("department")
        .prefetch_related("sectors", "milestones")
        .order_by("title")
    )


def project_list_all() -> QuerySet[Project]:
    return Project.objects.select_related("department").prefetch_related("sectors", "milestones").order_by("title")


def project_filter(qs: QuerySet[Project], *, sector: str = "", status: str = "", query: str = "") -> QuerySet[Project]:
    if sector == "egovernment":
        qs = qs.filter(egovernment=True)
    elif sector:
        qs = qs.filter(sectors__code=sector)
    if status in ProjectStatus.values:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(summary__icontains=query) | Q(goal__icontains=query))
    return qs.distinct()


def project_detail(*, slug: str, include_internal: bool = False) -> Project:
    qs = Project.objects.all() if include_internal else Project.objects.public()
    return (
        qs.select_related("department")
        .prefetch_related(
            "sectors",
            "milestones",
            "funding_sources",
            "kpis",
            "papers",
            Prefetch("partnerships", queryset=ProjectPartner.objects.select_related("partner")),
            Prefetch("best_practices", queryset=BestPractice.objects.filter(published=True)),
        )
        .get(slug=slug)
    )


def project_progress(project: Project) -> int:
    """Percent of milestones reached (uses the prefetched milestones)."""
    milestones = list(project.milestones.all())
    if not milestones:
        return 0
    return round(100 * sum(1 for m in milestones if m.done) / len(milestones))


@dataclass
class KpiRow:
    kpi: ProjectKpi
    reading: Reading
    achievement: float | None

    @property
    def percent(self) -> int | None:
        return None if self.achievement is None else int(self.achievement * 100 + 0.5)


def project_kpi_rows(project: Project) -> list[KpiRow]:
    rows = []
    for kpi in project.kpis.all():
        reading = measure(kpi)
        rows.append(
            KpiRow(
                kpi=kpi,
                reading=reading,
                achievement=achievement(
                    value=reading.value, target=kpi.target_value, higher_is_better=kpi.higher_is_better
                ),
            )
        )
    return rows


@dataclass
class KpiAtDay:
    kpi: ProjectKpi
    value: Decimal | None
    target_value: Decimal | None
    date: dt.date | None  # the day of the snapshot used; None when there is none in the period


def project_kpis_at(project: Project, *, start: dt.date, end: dt.date) -> list[KpiAtDay]:
    """Each KPI's value at the end of a period: its last snapshot taken between `start` and `end`
    (the daily job takes one), or no value when none was taken in the period."""
    kpis = list(project.kpis.all())
    latest: dict[int, ProjectKpiSnapshot] = {}
    for snap in ProjectKpiSnapshot.objects.filter(kpi__in=kpis, date__gte=start, date__lte=end).order_by("date"):
        latest[snap.kpi_id] = snap
    out = []
    for kpi in kpis:
        snap = latest.get(kpi.pk)
        out.append(
            KpiAtDay(
                kpi=kpi,
                value=snap.value if snap else None,
                target_value=snap.target_value if snap else kpi.target_value,
                date=snap.date if snap else None,
            )
        )
    return out


def project_papers_resolved(project: Project) -> list[tuple[str, str, object | None]]:
    """(reference, note, paper or None) for each linked council paper; the council app is optional."""
    refs = list(project.papers.all())
    try:
        from modellkommune.council.selectors import paper_list_public

        public = paper_list_public()
    except (ImportError, AttributeError):
        return [(r.reference, r.note, None) for r in refs]
    out = []
    for ref in refs:
        paper = public.filter(Q(reference=ref.reference) | Q(external_id=ref.reference)).first()
        if paper is None and ref.reference.isdigit():
            paper = public.filter(pk=int(ref.reference)).first()
        out.append((ref.reference, ref.note, paper))
    return out


def projects_by_sector(projects: QuerySet[Project]) -> list[tuple[str, str, list[Project]]]:
    """(code, label, projects) for eGovernment and each of the eight sectors, in their order."""
    from modellkommune.core.selectors import sector_list

    projects = list(projects)
    groups = [("egovernment", "eGovernment", [p for p in projects if p.egovernment])]
    for sector in sector_list():
        groups.append((sector.code, sector.name, [p for p in projects if sector in p.sectors.all()]))
    return groups


def projects_by_status(projects: QuerySet[Project]) -> list[tuple[str, str, list[Project]]]:
    projects = list(projects)
    return [(s.value, str(s.label), [p for p in projects if p.status == s.value]) for s in ProjectStatus]


@dataclass
class TimelineRow:
    project: Project
    start: dt.date
    end: dt.date
    offset_pct: float
    width_pct: float
    milestones: list[tuple[Milestone, float]] = field(default_factory=list)
    y: int = 0  # top of the row in the SVG (pixels)


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    rows: list[TimelineRow]
    years: list[tuple[int, float]]  # (year, offset percent of its 1 January)
    today_pct: float | None
    height: int = 0


ROW_HEIGHT, HEADER_HEIGHT = 32, 26


def project_timeline(projects: QuerySet[Project], *, today: dt.date) -> Timeline | None:
    dated = [p for p in projects if p.start_date]
    if not dated:
        return None
    start = min(p.start_date for p in dated).replace(month=1, day=1)
    last = max((p.end_date or p.start_date) for p in dated)
    end = dt.date(last.year + 1, 1, 1)
    span = (end - start).days or 1

    def pct(day: dt.date) -> float:
        return round(100 * max(0, min((day - start).days, span)) / span, 2)

    rows = []
    for index, p in enumerate(sorted(dated, key=lambda p: (p.start_date, p.title))):
        finish = p.end_date or p.start_date
        rows.append(
            TimelineRow(
                project=p,
                start=p.start_date,
                end=finish,
                offset_pct=pct(p.start_date),
                width_pct=max(round(pct(finish) - pct(p.start_date), 2), 0.5),
                milestones=[(m, pct(m.due_date)) for m in p.milestones.all()],
                y=HEADER_HEIGHT + index * ROW_HEIGHT,
            )
        )
    years = [(y, pct(dt.date(y, 1, 1))) for y in range(start.year, end.year)]
    return Timeline(
        start=start,
        end=end,
        rows=rows,
        years=years,
        today_pct=pct(today) if start <= today <= end else None,
        height=HEADER_HEIGHT + len(rows) * ROW_HEIGHT + 4,
    )


@dataclass
class BudgetOverview:
    total: Decimal
    funded: Decimal
    by_status: list[tuple[str, Decimal, int]]
    by_sector: list[tuple[str, Decimal, int]]
    by_source: list[tuple[str, Decimal, int]]


def budget_overview(projects: QuerySet[Project]) -> BudgetOverview:
    """Sums of project budgets per status and sector (a project in two sectors counts in both)
    and of funding amounts per funding source."""
    projects = list(projects)
    total = sum((p.budget for p in projects), Decimal("0"))
    by_status = []
    for s in ProjectStatus:
        members = [p for p in projects if p.status == s.value]
        by_status.append((str(s.label), sum((p.budget for p in members), Decimal("0")), len(members)))
    by_sector = []
    for _code, label, members in projects_by_sector(projects):
        by_sector.append((label, sum((p.budget for p in members), Decimal("0")), len(members)))
    sources: dict[str, list] = defaultdict(lambda: [Decimal("0"), 0])
    funding = (
        FundingSource.objects.filter(project__in=[p.pk for p in projects]).values("name").annotate(s=Sum("amount"))
    )
    for row in funding:
        sources[row["name"]][0] += row["s"] or Decimal("0")
    for name, _project in (
        FundingSource.objects.filter(project__in=[p.pk for p in projects]).values_list("name", "project").distinct()
    ):
        sources[name][1] += 1
    by_source = sorted(((n, v[0], v[1]) for n, v in sources.items()), key=lambda r: (-r[1], r[0]))
    return BudgetOverview(
        total=total,
        funded=sum((r[1] for r in by_source), Decimal("0")),
        by_status=by_status,
        by_sector=by_sector,
        by_source=by_source,
    )


def best_practice_list_public() -> QuerySet[BestPractice]:
    return BestPractice.objects.filter(published=True).prefetch_related("sectors").order_by("title")


def best_practice_detail_public(*, slug: str) -> BestPractice:
    return (
        best_practice_list_public()
        .prefetch_related(Prefetch("projects", queryset=Project.objects.public()))
        .get(slug=slug)
    )


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.prefetch_related(
        Prefetch("partnerships", queryset=ProjectPartner.objects.filter(project__public=True).select_related("project"))
    ).order_by("name")


def project_search(query: str) -> QuerySet[Project]:
    return project_filter(Project.objects.public(), query=query).order_by("title")


def best_practice_search(query: str) -> QuerySet[BestPractice]:
    return best_practice_list_public().filter(
        Q(title__icontains=query)
        | Q(problem__icontains=query)
        | Q(solution__icontains=query)
        | Q(town__icontains=query)
    )
