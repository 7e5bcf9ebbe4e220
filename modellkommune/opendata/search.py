"""Unified-search provider of the open-data catalogue."""

from django.urls import reverse
from django.utils.translation import gettext

from modellkommune.portal.search import SearchResult

from .selectors import dataset_search


def search_datasets(query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=d.title,
            url=reverse("opendata:dataset_detail", kwargs={"slug": d.slug}),
            summary=d.description[:240],
            kind=gettext("Datensatz"),
        )
        for d in dataset_search(query=query)[:limit]
    ]
