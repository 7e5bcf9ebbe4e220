"""Unified search: every app registers a provider in its AppConfig.ready().

A provider is a callable `(query: str, limit: int) -> list[SearchResult]`. The portal shows the
results grouped by the provider's label, so a citizen searches papers, services and datasets at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""
    kind: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str
    search: Callable[[str, int], list[SearchResult]]


_PROVIDERS: dict[str, SearchProvider] = {}


def register(*, key: str, label: str, search: Callable[[str, int], list[SearchResult]]) -> None:
    _PROVIDERS[key] = SearchProvider(key=key, label=label, search=search)


def providers() -> list[SearchProvider]:
    return list(_PROVIDERS.values())


def search_all(query: str, *, limit: int = 10) -> list[tuple[SearchProvider, list[SearchResult]]]:
    query = query.strip()
    if len(query) < 2:
        return []
    return [(p, p.search(query, limit)) for p in providers()]
