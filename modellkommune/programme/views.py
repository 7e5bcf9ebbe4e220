"""Public pages of the programme: projects, portfolio views, exports, catalogue, digital maturity."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded
from modellkommune.core.selectors import sector_list

from . import selectors
from .assessment import assessment_current, gap_rows, history_chart, score_history, score_text, unmeasured_rows
from .constants import MaturityArea, ProjectStatus
from .exports import csv_rows, portfolio_markdown
from .models import BestPractice, Project
from .pdfcache import pdf_get_or_render, pdf_lookup
from .reporting import gap_report_markdown, markdown_to_pdf

PDF_LIMIT_PER_MINUTE = 6


def _too_many(request, key: str, limit: int, window: int = 60) -> bool:
    """PDF rendering is expensive: a limit per client address."""
    return rate_limit_exceeded(scope=f"programme:{key}", key=client_ip(request), limit=limit, window_seconds=window)


def _too_many_response() -> HttpResponse:
    response = HttpResponse(_("Zu viele Anfragen. Bitte versuchen Sie es in einer Minute erneut."), status=429)
    response["Retry-After"] = "60"
    return response


def _filtered(request):
    sector = request.GET.get("sektor", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    qs = selectors.project_filter(selectors.project_list_public(), sector=sector, status=status, query=query)
    return qs, {"sector": sector, "status": status, "query": query}


@anonymous_page_cache(apps=("core", "programme"))
def index(request):
    projects, filters = _filtered(request)
    projects = list(projects)
    all_projects = list(selectors.project_list_public())
    return render(
        request,
        "programme/index.html",
        {
            "projects": [(p, selectors.project_progress(p)) for p in projects],
            "filters": filters,
            "filtered": any(filters.values()),
            "sectors": sector_list(),
            "statuses": ProjectStatus.choices,
            "status_counts": [(label, n) for _code, label, n in _status_counts(all_projects)],
            "areas": assessment_current(),
            "query_string": request.GET.urlencode(),
        },
    )


def _status_counts(projects):
    return [(s.value, s.label, sum(1 for p in projects if p.status == s.value)) for s in ProjectStatus]


def project_detail(request, slug: str):
    try:
        project = selectors.project_detail(slug=slug)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "programme/project_detail.html",
        {
            "project": project,
            "progress": selectors.project_progress(project),
            "kpis": selectors.project_kpi_rows(project),
            "papers": selectors.project_papers_resolved(project),
            "today": timezone.localdate(),
            "indicators": project.indicators.all(),
        },
    )


def by_sector(request):
    groups = selectors.projects_by_sector(selectors.project_list_public())
    return render(request, "programme/by_sector.html", {"groups": groups})


def by_status(request):
    groups = selectors.projects_by_status(selectors.project_list_public())
    return render(request, "programme/by_status.html", {"groups": groups})


def timeline(request):
    today = timezone.localdate()
    projects, filters = _filtered(request)
    return render(
        request,
        "programme/timeline.html",
        {
            "timeline": selectors.project_timeline(projects, today=today),
            "today": today,
            "filters": filters,
            "sectors": sector_list(),
            "statuses": ProjectStatus.choices,
        },
    )


def budget(request):
    return render(
        request, "programme/budget.html", {"overview": selectors.budget_overview(selectors.project_list_public())}
    )


def export_csv(request):
    projects, _filters = _filtered(request)
    response = StreamingHttpResponse(csv_rows(projects), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modellprojekte.csv"'
    return response


def _may_render_pdf(request) -> bool:
    """A render (not a cached copy) counts against the per-client limit and the limit for all clients."""
    if _too_many(request, "pdf", PDF_LIMIT_PER_MINUTE):
        return False
    return not rate_limit_exceeded(
        scope="programme:pdf-all", key="all", limit=settings.PROGRAMME_PDF_RENDERS_PER_MINUTE, window_seconds=60
    )


def _pdf_response(request, *, kind: str, title: str, markdown: str, filename: str) -> HttpResponse:
    """Serve the PDF of `markdown` from the cache (rendered once per content version), with ETag and
    Last-Modified; 304 when the client's copy is current; 429 when a render is needed but over the limit."""
    version, hit = pdf_lookup(kind=kind, title=title, markdown=markdown)
    etag = f'"{version}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(hit[0]) if hit else None)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    pdf = pdf_get_or_render(
        kind=kind,
        title=title,
        markdown=markdown,
        render=lambda: markdown_to_pdf(markdown, title=title),
        may_render=lambda: _may_render_pdf(request),
    )
    if pdf is None:
        return _too_many_response()
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = pdf.etag
    response["Last-Modified"] = http_date(pdf.rendered_at)
    patch_cache_control(response, public=True, max_age=300)
    return response


def export_pdf(request):
    projects, _filters = _filtered(request)
    return _pdf_response(
        request,
        kind="portfolio",
        title=_("Modellprojekte – Portfolio"),
        markdown=portfolio_markdown(list(projects)),
        filename="modellprojekte.pdf",
    )


def best_practice_list(request):
    sector = request.GET.get("sektor", "")
    items = selectors.best_practice_list_public()
    if sector:
        items = items.filter(sectors__code=sector)
    return render(
        request,
        "programme/best_practice_list.html",
        {"items": items.distinct(), "sectors": sector_list(), "sector": sector},
    )


def best_practice_detail(request, slug: str):
    try:
        item = selectors.best_practice_detail_public(slug=slug)
    except BestPractice.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "programme/best_practice_detail.html", {"item": item})


def partner_list(request):
    return render(request, "programme/partner_list.html", {"partners": selectors.partner_list()})


def maturity(request):
    results = assessment_current()
    history = score_history()
    return render(
        request,
        "programme/maturity.html",
        {
            "areas": results,
            "gaps": gap_rows(results),
            "unmeasured": unmeasured_rows(results),
            "history": history,
            "history_rows": [(d, [score_text(s[2][i]) for s in history.series]) for i, d in enumerate(history.dates)],
            "chart": history_chart(history),
            "area_labels": [label for _code, label in MaturityArea.choices],
        },
    )


def gap_report_md(request):
    text = gap_report_markdown(assessment_current())
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lueckenbericht.md"'
    return response


def gap_report_pdf(request):
    return _pdf_response(
        request,
        kind="gap",
        title=_("Lückenbericht digitaler Reifegrad"),
        markdown=gap_report_markdown(assessment_current()),
        filename="lueckenbericht.pdf",
    )
