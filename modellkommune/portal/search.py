"""Unified search: every app registers a provider in its AppConfig.ready(); the portal ranks.

A provider is a callable `(query: str, limit: int) -> list[SearchResult]` that answers one word or
phrase the way its app searches best (full text for council papers, catalogue fields for services).
The portal turns what a citizen types into term groups — each word with its root (core.search) and the
words the administration uses for it ("verloren" → "Verlust", "Ausweis" → "Personalausweis") —, asks
every provider for every variant, and ranks the union in one list: results that match more of the
words come first, a match in the title counts more. Each result carries its section as a label."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from modellkommune.core.search import STOPWORDS, query_words

MAX_GROUPS = 5  # words of a query that are searched; the rest are ignored
MAX_VARIANTS = 3  # per word: the word, its synonyms, its stem
MAX_TOTAL_VARIANTS = 8  # per query, so one search asks each provider at most nine times

# Everyday words → the words of the administration (kept short and explicit; extend per town).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "verloren": ("verlust",),
    "gestohlen": ("verlust", "diebstahl"),
    "ausweis": ("personalausweis",),
    "perso": ("personalausweis",),
    "pass": ("reisepass",),
    "auto": ("fahrzeug", "kfz"),
    "kfz": ("fahrzeug",),
    "umzug": ("ummeldung", "wohnsitz"),
    "umziehen": ("ummeldung", "wohnsitz"),
    "ummelden": ("ummeldung", "wohnsitz"),
    "müll": ("abfall",),
    "sperrmüll": ("sperrgut", "abfall"),
    "schlagloch": ("straßenschaden", "fahrbahn"),
    "laterne": ("beleuchtung",),
    "heiraten": ("eheschließung", "trauung"),
    "hochzeit": ("eheschließung", "trauung"),
    "baby": ("geburt",),
    "kita": ("kindertages",),
    "hund": ("hundesteuer",),
    "parken": ("parkausweis", "parkplatz"),
    "bauen": ("bauantrag", "baugenehmigung"),
    "führerschein": ("fahrerlaubnis",),
    "gewerbe": ("gewerbeanmeldung",),
    "wlan": ("hotspot",),
    "rat": ("ratssitzung", "stadtrat"),
    "windrad": ("windkraft", "windenergie"),
    "windräder": ("windkraft", "windenergie"),
    "internet": ("breitband", "glasfaser"),
    "glasfaser": ("breitband",),
    "fahrrad": ("radweg", "radverkehr"),
    "schwimmbad": ("hallenbad", "freibad"),
    "kindergarten": ("kindertages", "kita"),
    "wohnung": ("wohnsitz", "wohnraum"),
    "meldebescheinigung": ("meldebestätigung", "wohnsitz"),
    "geburtsurkunde": ("geburt", "urkunde"),
    "sterbefall": ("sterbeurkunde", "todesfall"),
    "solar": ("photovoltaik",),
    "e-auto": ("ladesäule", "elektromobilität"),
    "elektroauto": ("ladesäule", "elektromobilität"),
}

WORD = re.compile(r"[\wäöüß-]+", re.IGNORECASE)


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


@dataclass
class RankedResult:
    """One hit in the ranked list: the provider's result, its section, and why it ranks where it does."""

    result: SearchResult
    provider: SearchProvider
    score: float = 0.0
    groups: set[int] = field(default_factory=set)


_PROVIDERS: dict[str, SearchProvider] = {}


def register(*, key: str, label: str, search: Callable[[str, int], list[SearchResult]]) -> None:
    _PROVIDERS[key] = SearchProvider(key=key, label=label, search=search)


def providers() -> list[SearchProvider]:
    return list(_PROVIDERS.values())


def term_groups(query: str) -> list[list[str]]:
    """Each meaningful word of the query with the variants it is searched by (word first): the words of the
    administration for it, then its root and spellings with umlauts (core.search), which every provider
    matches as a substring or prefix, so that parts of compounds are found ("Ausweis" in "Personalausweis")."""
    groups: list[list[str]] = []
    for word in WORD.findall(query.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        variants = [word, *SYNONYMS.get(word, ())]
        for parsed in query_words(word.replace("-", " "))[:1]:
            variants += [v for v in parsed.variants if v != word]
        budget = MAX_TOTAL_VARIANTS - sum(len(g) for g in groups)
        if budget <= 0 or len(groups) == MAX_GROUPS:
            break
        groups.append(list(dict.fromkeys(variants))[: min(MAX_VARIANTS, budget)])
    return groups


def search_ranked(query: str, *, limit: int = 30, section: str = "") -> tuple[list[RankedResult], dict[str, int]]:
    """One ranked list over every provider, and the number of hits per section (for filter links)."""
    query = query.strip()
    groups = term_groups(query)
    if len(query) < 2 or not groups:
        return [], {}
    hits: dict[str, RankedResult] = {}
    for provider in providers():
        for position, result in enumerate(provider.search(query, limit)):
            hit = hits.setdefault(result.url, RankedResult(result, provider))
            hit.score += 2 + 1 / (1 + position)  # the whole query matched as the app understands it
            hit.groups.update(range(len(groups)))
        for index, variants in enumerate(groups):
            for variant in variants:
                for position, result in enumerate(provider.search(variant, limit)):
                    hit = hits.setdefault(result.url, RankedResult(result, provider))
                    if index not in hit.groups:
                        hit.groups.add(index)
                        hit.score += 1 / (1 + position / 10)
    for hit in hits.values():
        title = hit.result.title.lower()
        hit.score += 10 * len(hit.groups)  # matching more of the words beats everything else
        hit.score += 3 * sum(1 for variants in groups if any(v in title for v in variants))
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.result.title))
    counts: dict[str, int] = {}
    for hit in ranked:
        counts[hit.provider.key] = counts.get(hit.provider.key, 0) + 1
    if section:
        ranked = [h for h in ranked if h.provider.key == section]
    return ranked[:limit], counts


def search_all(query: str, *, limit: int = 10) -> list[tuple[SearchProvider, list[SearchResult]]]:
    """Results grouped by provider (for callers that show sections side by side)."""
    query = query.strip()
    if len(query) < 2:
        return []
    return [(p, p.search(query, limit)) for p in providers()]
