"""Unified-search provider of the council app."""

from django.urls import reverse

from modellkommune.portal.search import SearchResult

from .selectors_search import paper_search


def search_papers(query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=f"{p.reference} {p.name}".strip(),
            url=reverse("council:paper_detail", args=[p.pk]),
            summary=p.text[:240],
            kind=p.get_paper_type_display(),
        )
        for p in paper_search(query)[:limit]
    ]
