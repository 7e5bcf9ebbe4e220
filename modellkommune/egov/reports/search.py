"""Hook of the Mängelmelder into the portal's unified search (published reports only)."""

from django.db.models import Q
from django.urls import reverse

from modellkommune.core.parsing import parse_id
from modellkommune.portal.search import SearchResult

from .selectors import report_list_public


def search_reports(query: str, limit: int) -> list[SearchResult]:
    text = Q(description__icontains=query) | Q(category__name__icontains=query) | Q(address__icontains=query)
    report_id = parse_id(query)
    if report_id is not None:
        text |= Q(pk=report_id)
    return [
        SearchResult(
            title=f"{r.category.name} (Nr. {r.pk})",
            url=reverse("reports:detail", args=[r.pk]),
            summary=r.description[:240],
            kind=r.get_status_display(),
        )
        for r in report_list_public().filter(text)[:limit]
    ]
