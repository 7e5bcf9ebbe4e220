"""Writes of the programme. Every write is checked for back-office permission here, not only in views,
and recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_diff, audit_record, audit_snapshot

from .assessment import assessment_current, indicator_list, indicator_row
from .constants import ProjectStatus, ReportKind
from .models import (
    AreaScoreSnapshot,
    BestPractice,
    FundingSource,
    Indicator,
    IndicatorSnapshot,
    Milestone,
    Project,
    ProjectKpi,
    ProjectKpiSnapshot,
    ProjectPaper,
    ProjectPartner,
    PublishedReport,
)
from .providers import measure
from .reporting import (
    Quarter,
    fmt_number,
    gap_report_markdown,
    markdown_to_pdf,
    quarterly_programme_markdown,
    quarterly_project_markdown,
)

PROJECT_FIELDS = (
    "title",
    "summary",
    "goal",
    "description",
    "status",
    "egovernment",
    "department",
    "contact_name",
    "start_date",
    "end_date",
    "budget",
    "public",
)


# Path segments under /modellprojekte/ that a project slug must not shadow.
RESERVED_SLUGS = {"sektoren", "status", "zeitplan", "budget", "best-practices", "partner", "digitaler-reifegrad"}


def require_back_office(actor) -> None:
    """Programme writes: the programme office (and administrators) only, not every department."""
    from .selectors import user_is_programme_office

    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_back_office", False)):
        raise PermissionDenied(_("Nur Beschäftigte der Verwaltung dürfen Modellprojekte bearbeiten."))
    if not user_is_programme_office(user=actor):
        raise PermissionDenied(
            _("Modellprojekte pflegt das Programmbüro. Ihr Fachbereich hat dafür keine Berechtigung.")
        )


def require_council_publisher(actor) -> None:
    """Anything that becomes an official council paper is published by the council office."""
    from .selectors import user_may_publish_to_council

    if not user_may_publish_to_council(user=actor):
        raise PermissionDenied(_("Berichte an den Rat veröffentlicht das Büro des Rates."))


def _full_clean(obj, *, exclude=None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True)


@transaction.atomic
def project_create(*, actor, title: str, goal: str, slug: str = "", sectors=(), best_practices=(), **fields) -> Project:
    """Create a pilot project; `fields` are the optional Project fields named in PROJECT_FIELDS."""
    require_back_office(actor)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    project = Project(title=title.strip(), goal=goal.strip(), slug=slug or slugify(title)[:80], **fields)
    if project.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Dieser Kurzname ist reserviert. Bitte wählen Sie einen anderen.")})
    _full_clean(project)
    project.save()
    project.sectors.set(sectors)
    project.best_practices.set(best_practices)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=project, changes=audit_diff({}, audit_snapshot(project)))
    return project


@transaction.atomic
def project_update(*, actor, project: Project, sectors=None, best_practices=None, **fields) -> Project:
    require_back_office(actor)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    before = audit_snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    _full_clean(project)
    project.save()
    changes = audit_diff(before, audit_snapshot(project))
    if sectors is not None:
        old = sorted(project.sectors.values_list("code", flat=True))
        project.sectors.set(sectors)
        new = sorted(project.sectors.values_list("code", flat=True))
        if old != new:
            changes["sectors"] = [old, new]
    if best_practices is not None:
        project.best_practices.set(best_practices)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=project, changes=changes)
    return project


@transaction.atomic
def milestone_set_done(*, actor, milestone: Milestone, done: bool, day: dt.date | None = None) -> Milestone:
    require_back_office(actor)
    before = audit_snapshot(milestone)
    milestone.done = done
    milestone.done_date = (day or timezone.localdate()) if done else None
    milestone.save(update_fields=["done", "done_date"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=milestone,
        changes=audit_diff(before, audit_snapshot(milestone)),
        message=_("Meilenstein %(s)s") % {"s": _("erreicht") if done else _("wieder geöffnet")},
    )
    return milestone


@transaction.atomic
def indicator_set_values(
    *,
    actor,
    indicator: Indicator,
    manual_value: Decimal | None,
    target_value: Decimal | None,
    best_practices=None,
    threshold_note: str | None = None,
    day: dt.date | None = None,
) -> Indicator:
    """Staff enter the value of a hand-filled indicator and/or its target (and the best practices that address
    it, which the gap report proposes)."""
    require_back_office(actor)
    for name, value in (("manual_value", manual_value), ("target_value", target_value)):
        if value is not None and value < 0:
            raise ValidationError({name: _("Der Wert darf nicht negativ sein.")})
    before = audit_snapshot(indicator)
    if manual_value != indicator.manual_value:
        indicator.manual_value = manual_value
        indicator.manual_value_date = day or timezone.localdate()
    indicator.target_value = target_value
    if threshold_note is not None:
        indicator.threshold_note = threshold_note.strip()[:2000]
    indicator.save(update_fields=["manual_value", "manual_value_date", "target_value", "threshold_note"])
    changes = audit_diff(before, audit_snapshot(indicator))
    if best_practices is not None:
        old = sorted(indicator.best_practices.values_list("slug", flat=True))
        indicator.best_practices.set(best_practices)
        new = sorted(indicator.best_practices.values_list("slug", flat=True))
        if old != new:
            changes["best_practices"] = [old, new]
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=indicator, changes=changes)
    return indicator


@transaction.atomic
def best_practice_save(*, actor, best_practice: BestPractice, sectors=()) -> BestPractice:
    """Create or update a catalogue entry (the instance comes from a validated form)."""
    require_back_office(actor)
    creating = best_practice.pk is None
    before = {} if creating else audit_snapshot(BestPractice.objects.get(pk=best_practice.pk))
    if not best_practice.slug:
        best_practice.slug = slugify(best_practice.title)[:80]
    _full_clean(best_practice)
    best_practice.save()
    best_practice.sectors.set(sectors)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=best_practice,
        changes=audit_diff(before, audit_snapshot(best_practice)),
    )
    return best_practice


@transaction.atomic
def indicators_snapshot_take(*, day: dt.date | None = None) -> int:
    """Record today's value of every indicator, the score per area and the value of every project KPI
    (one row per day; re-running on the same day overwrites). Returns the number of indicators recorded."""
    day = day or timezone.localdate()
    kpis_snapshot_take(day=day)
    count = 0
    for indicator in indicator_list():
        row = indicator_row(indicator)
        IndicatorSnapshot.objects.update_or_create(
            indicator=indicator, date=day, defaults={"value": row.reading.value, "target_value": indicator.target_value}
        )
        count += 1
    for area in assessment_current():
        if area.score is not None:
            AreaScoreSnapshot.objects.update_or_create(area=area.code, date=day, defaults={"score": area.score})
    return count


def _storable(value: Decimal | None) -> Decimal | None:
    """A source value that fits the snapshot column (14 digits, 2 decimals); anything larger is no reading."""
    if value is None or abs(value) >= Decimal("1e12"):
        return None
    return value


@transaction.atomic
def kpis_snapshot_take(*, day: dt.date | None = None) -> int:
    """Record the current value of every project KPI for `day` (re-running the same day overwrites), so the
    quarterly report can show the value at the end of a past quarter. Returns the number of KPIs recorded."""
    day = day or timezone.localdate()
    count = 0
    for kpi in ProjectKpi.objects.order_by("pk"):
        ProjectKpiSnapshot.objects.update_or_create(
            kpi=kpi, date=day, defaults={"value": _storable(measure(kpi).value), "target_value": kpi.target_value}
        )
        count += 1
    return count


# --- the gap report proposes projects ---------------------------------------------------------------


def project_free_slug(base: str) -> str:
    """A project slug from a title that no project and no fixed URL of the programme pages uses yet."""
    base = (slugify(base) or "projekt")[:70]
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def project_draft_from_best_practice(*, actor, best_practice: BestPractice, indicator: Indicator) -> Project:
    """One step from a gap to a project: a non-public draft (status "Idee") modelled on the best practice,
    linked to it and entered as a measure of the indicator below target. Programme office only; audited."""
    require_back_office(actor)
    if not indicator.best_practices.filter(pk=best_practice.pk).exists():
        raise ValidationError(_("Dieses gute Beispiel ist dem Indikator nicht zugeordnet."))
    target = indicator.target_value
    goal = _("„%(i)s“ auf den Zielwert %(t)s bringen.") % {"i": indicator.name, "t": fmt_number(target, indicator.unit)}
    project = Project(
        slug=project_free_slug(best_practice.title),
        title=best_practice.title[:200],
        summary=(_("Entwurf nach dem Vorbild %(town)s") % {"town": best_practice.town})[:300],
        goal=goal.strip(),
        description=best_practice.solution,
        status=ProjectStatus.IDEA,
        egovernment=best_practice.egovernment or not best_practice.sectors.exists(),
        public=False,
    )
    _full_clean(project)
    project.save()
    project.sectors.set(best_practice.sectors.all())
    project.best_practices.set([best_practice])
    indicator.measures.add(project)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=project,
        changes=audit_diff({}, audit_snapshot(project)),
        message=_("Entwurf aus dem Lückenbericht: %(i)s / %(b)s") % {"i": indicator.name, "b": best_practice.title},
    )
    return project


# --- the parts of a project: milestones, KPIs, funding sources, partners, council papers ------------

PROJECT_ITEM_MODELS = (Milestone, ProjectKpi, FundingSource, ProjectPartner, ProjectPaper)


def _project_item_check(item) -> None:
    if not isinstance(item, PROJECT_ITEM_MODELS):
        raise TypeError(f"not a part of a project: {type(item).__name__}")
    if isinstance(item, Milestone):
        if item.done_date and not item.done:
            raise ValidationError({"done_date": _("Ein Datum „erreicht am“ gibt es nur für erreichte Meilensteine.")})
        if item.done and item.done_date and item.done_date > timezone.localdate():
            raise ValidationError({"done_date": _("Das Datum „erreicht am“ darf nicht in der Zukunft liegen.")})
    if isinstance(item, FundingSource) and item.amount is not None and item.amount < 0:
        raise ValidationError({"amount": _("Der Betrag darf nicht negativ sein.")})
    if isinstance(item, ProjectPartner):
        twin = ProjectPartner.objects.filter(project=item.project_id, partner=item.partner_id).exclude(pk=item.pk)
        if twin.exists():
            raise ValidationError({"partner": _("Dieser Partner ist dem Projekt bereits zugeordnet.")})
    if isinstance(item, ProjectPaper):
        item.reference = item.reference.strip()
        twin = ProjectPaper.objects.filter(project=item.project_id, reference=item.reference).exclude(pk=item.pk)
        if twin.exists():
            raise ValidationError({"reference": _("Diese Drucksache ist dem Projekt bereits zugeordnet.")})


@transaction.atomic
def project_item_save(*, actor, item):
    """Create or update a milestone, KPI, funding source, project partner or council paper reference of a
    project (the instance comes from a validated form, with its project set). Programme office only; audited
    with a field diff on the item, naming the project."""
    require_back_office(actor)
    _project_item_check(item)
    creating = item.pk is None
    before = {} if creating else audit_snapshot(type(item).objects.get(pk=item.pk))
    if isinstance(item, Milestone) and item.done and not item.done_date:
        item.done_date = timezone.localdate()
    _full_clean(item)
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=item,
        changes=audit_diff(before, audit_snapshot(item)),
        message=_("Projekt „%(p)s“") % {"p": item.project.title},
    )
    return item


@transaction.atomic
def project_item_delete(*, actor, item) -> None:
    """Delete a part of a project (a KPI takes its history with it). Programme office only; audited with the
    deleted values."""
    require_back_office(actor)
    if not isinstance(item, PROJECT_ITEM_MODELS):
        raise TypeError(f"not a part of a project: {type(item).__name__}")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=item,
        changes=audit_diff(audit_snapshot(item), {}),
        message=_("Projekt „%(p)s“: %(i)s gelöscht") % {"p": item.project.title, "i": str(item)},
    )
    item.delete()


# --- publishing to the council ----------------------------------------------------------------


def _council_services():
    try:
        from modellkommune.council import services
    except ImportError as exc:  # pragma: no cover - the council app ships with the platform
        raise ValidationError(_("Das Ratsinformationssystem ist nicht verfügbar.")) from exc
    return services


def _record_report(*, actor, kind: str, title: str, paper, project: Project | None = None, period: str = ""):
    report = PublishedReport.objects.create(
        kind=kind,
        project=project,
        period=period,
        title=title[:300],
        paper_id=paper.pk,
        paper_reference=getattr(paper, "reference", "")[:50],
        published_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ACTION,
        obj=report,
        message=_("an den Rat übermittelt: %(r)s") % {"r": report.paper_reference or paper.pk},
    )
    return report


def gap_report_build(*, day: dt.date | None = None) -> tuple[str, str, bytes]:
    """(title, markdown, pdf) of the current gap report."""
    day = day or timezone.localdate()
    title = _("Lückenbericht digitaler Reifegrad, Stand %(d)s") % {"d": day.strftime("%d.%m.%Y")}
    text = gap_report_markdown(assessment_current(), today=day)
    return title, text, markdown_to_pdf(text, title=title)


def gap_report_attach(*, actor, paper) -> PublishedReport:
    """Attach the gap report (PDF) to an existing council paper."""
    require_council_publisher(actor)
    services = _council_services()
    title, _text, pdf = gap_report_build()
    with transaction.atomic():
        services.paper_attach_file(
            paper=paper, name=f"{title}.pdf", content=pdf, mime_type="application/pdf", actor=actor
        )
        return _record_report(actor=actor, kind=ReportKind.GAP, title=title, paper=paper)


def gap_report_publish(*, actor) -> PublishedReport:
    """Publish the gap report to the council as a new Mitteilung (text = Markdown, PDF attached)."""
    require_council_publisher(actor)
    services = _council_services()
    title, text, pdf = gap_report_build()
    with transaction.atomic():
        paper = services.paper_publish_report(
            title=title, text=text, actor=actor, files=[(f"{title}.pdf", pdf, "application/pdf")]
        )
        return _record_report(actor=actor, kind=ReportKind.GAP, title=title, paper=paper)


def quarterly_report_build(*, quarter: Quarter, project: Project | None = None) -> tuple[str, str, bytes]:
    from .selectors import project_list_public

    if project is not None:
        title = _("Quartalsbericht %(q)s: %(p)s") % {"q": quarter.label, "p": project.title}
        text = quarterly_project_markdown(project, quarter)
    else:
        title = _("Quartalsbericht %(q)s: Programm Digitale Modellkommune") % {"q": quarter.label}
        projects = list(project_list_public().prefetch_related("kpis", "funding_sources"))
        text = quarterly_programme_markdown(projects, quarter, assessment_current())
    return title, text, markdown_to_pdf(text, title=title)


def quarterly_report_publish(*, actor, quarter: Quarter, project: Project | None = None) -> PublishedReport:
    """Publish a quarterly progress report (one project or the whole programme) to the council as a
    public Mitteilung with the PDF attached. Council office only; audited."""
    require_council_publisher(actor)
    if project is not None and not project.public:
        raise ValidationError(_("Für nicht öffentliche Projekte wird kein öffentlicher Bericht erstellt."))
    services = _council_services()
    title, text, pdf = quarterly_report_build(quarter=quarter, project=project)
    kind = ReportKind.QUARTERLY_PROJECT if project else ReportKind.QUARTERLY_PROGRAMME
    with transaction.atomic():
        paper = services.paper_publish_report(
            title=title, text=text, actor=actor, files=[(f"{slugify(title)}.pdf", pdf, "application/pdf")]
        )
        return _record_report(actor=actor, kind=kind, title=title, paper=paper, project=project, period=quarter.code)
