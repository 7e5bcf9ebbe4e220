"""Unified-search provider of the service catalogue."""

from django.utils.translation import gettext as _

from modellkommune.portal.search import SearchResult

from .selectors import service_search


def search_services(query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=s.name, url=s.get_absolute_url(), summary=s.summary or s.description[:240], kind=_("Leistung")
        )
        for s in service_search(query)[:limit]
    ]
