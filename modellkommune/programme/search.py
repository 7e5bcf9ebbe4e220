"""Unified-search provider: pilot projects and best-practice examples."""

from django.urls import reverse
from django.utils.translation import gettext as _

from modellkommune.portal.search import SearchResult

from .selectors import best_practice_search, project_search


def search_programme(query: str, limit: int) -> list[SearchResult]:
    results = [
        SearchResult(
            title=p.title,
            url=reverse("programme:project_detail", args=[p.slug]),
            summary=(p.summary or p.goal)[:240],
            kind=_("Modellprojekt"),
        )
        for p in project_search(query)[:limit]
    ]
    results += [
        SearchResult(
            title=str(b),
            url=reverse("programme:best_practice_detail", args=[b.slug]),
            summary=b.solution[:240],
            kind=_("Gutes Beispiel (Best Practice)"),
        )
        for b in best_practice_search(query)[: max(limit - len(results), 0)]
    ]
    return results
