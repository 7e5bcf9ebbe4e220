"""Reads of the open-data catalogue. Public selectors return only published datasets."""

from __future__ import annotations

import functools
import json
import operator
import re
from collections import Counter

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from modellkommune.core.search import query_words

from .constants import LICENCE_SHORT, FileType, Theme
from .models import Dataset, Distribution

OPENDATA_OFFICE_PERMISSION = "opendata.manage_catalogue"


def user_is_opendata_office(*, user) -> bool:
    """The open-data office (group with opendata.manage_catalogue) and administrators keep the catalogue."""
    from modellkommune.accounts.permissions import user_has_office_permission, user_sees_all_departments

    return user_sees_all_departments(user) or user_has_office_permission(user, OPENDATA_OFFICE_PERMISSION)


def dataset_list_published() -> QuerySet[Dataset]:
    return (
        Dataset.objects.published()
        .select_related("sector")
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.order_by("order", "pk")))
        .order_by("title", "pk")
    )


def dataset_get_published(*, slug: str) -> Dataset | None:
    return dataset_list_published().filter(slug=slug).first()


SORTS = {"relevanz", "titel", "aktualisiert", "veroeffentlicht"}
_TERM = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """The words of a query; punctuation (e.g. "[") is no search term."""
    return _TERM.findall(query or "")[:10]


def _text_search(datasets: QuerySet[Dataset], terms: list[str]) -> QuerySet[Dataset]:
    """Every term must match (AND). PostgreSQL: full text with German stemming over title, keywords,
    description and sector, ranked. Elsewhere (SQLite): each term as a substring of those fields."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="german")
            + SearchVector(Cast("keywords", TextField()), weight="A", config="german")
            + SearchVector("sector__name", weight="B", config="german")
            + SearchVector("description", weight="C", config="german")
        )
        query = SearchQuery(" ".join(terms), search_type="plain", config="german")
        datasets = datasets.annotate(document=vector, rank=SearchRank(vector, query))
        # A word inside a title's compound ("Baum" in "Baumkataster") is found as well (core.search roots).
        in_title = Q()
        for word in query_words(" ".join(terms)):
            in_title &= functools.reduce(operator.or_, (Q(title__icontains=v) for v in word.variants))
        return datasets.filter(Q(document=query) | in_title) if in_title else datasets.filter(document=query)
    for term in terms:
        # SQLite stores JSON with \u escapes: match the keyword both ways.
        escaped = json.dumps(term)[1:-1]
        datasets = datasets.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(keywords__icontains=term)
            | Q(keywords__icontains=escaped) | Q(sector__name__icontains=term)
        )  # fmt: skip
    return datasets


def _json_list_any(field: str, values) -> Q:
    # JSON list of codes; the quoted code cannot match inside another code.
    q = Q()
    for value in values:
        q |= Q(**{f"{field}__icontains": f'"{value}"'})
    return q


def dataset_search(*, query: str = "", sector: str = "", theme: str = "", file_format: str = "", licence: str = "",
                   sectors=(), themes=(), formats=(), licences=(), publishers=(), sort: str = "") -> QuerySet[Dataset]:  # fmt: skip
    """Published datasets matching all query terms and the facets (OR within a facet, AND between facets).
    Callers validate the facet values (see views.index); values outside the vocabularies match nothing."""
    datasets = dataset_list_published()
    sectors = [*sectors, *([sector] if sector else [])]
    themes = [*themes, *([theme] if theme else [])]
    formats = [*formats, *([file_format] if file_format else [])]
    licences = [*licences, *([licence] if licence else [])]
    if query.strip():
        terms = search_terms(query)
        if not terms:
            return datasets.none()
        datasets = _text_search(datasets, terms)
    if sectors:
        datasets = datasets.filter(sector__code__in=sectors)
    if themes:
        datasets = datasets.filter(_json_list_any("themes", [t for t in themes if t in Theme.values]))
    if formats:
        datasets = datasets.filter(pk__in=Distribution.objects.filter(format__in=formats).values("dataset_id"))
    if licences:
        datasets = datasets.filter(licence__in=licences)
    if publishers:
        datasets = datasets.filter(publisher_name__in=publishers)
    if sort == "titel" or (sort in ("", "relevanz") and not query.strip()):
        return datasets.order_by("title", "pk")
    if sort == "aktualisiert":
        return datasets.order_by("-modified", "pk")
    if sort == "veroeffentlicht":
        return datasets.order_by("-issued", "pk")
    if connection.vendor == "postgresql":
        return datasets.order_by("-rank", "title", "pk")
    return datasets.order_by("title", "pk")


def publisher_names() -> list[str]:
    return list(
        Dataset.objects.published().order_by("publisher_name").values_list("publisher_name", flat=True).distinct()
    )


def dataset_facets(datasets) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet over the given datasets, most frequent first."""
    sectors, themes, formats, licences, publishers = Counter(), Counter(), Counter(), Counter(), Counter()
    sector_names = {}
    for d in datasets:
        if d.sector_id:
            sectors[d.sector.code] += 1
            sector_names[d.sector.code] = d.sector.name
        themes.update(set(d.themes))
        formats.update({dist.format for dist in d.distributions.all()})
        licences[d.licence] += 1
        publishers[d.publisher_name] += 1

    def rows(counter, label):
        return sorted(((k, label(k), n) for k, n in counter.items()), key=lambda r: (-r[2], str(r[1])))

    return {
        "sector": rows(sectors, lambda k: sector_names.get(k, k)),
        "theme": rows(themes, lambda k: Theme(k).label if k in Theme.values else k),
        "format": rows(formats, lambda k: FileType(k).label if k in FileType.values else k),
        "licence": rows(licences, lambda k: LICENCE_SHORT.get(k, k)),
        "publisher": rows(publishers, lambda k: k),
    }


def distribution_get_file(*, slug: str, pk: int) -> Distribution | None:
    return (
        Distribution.objects.filter(pk=pk, dataset__slug=slug, dataset__published=True)
        .exclude(file="")
        .select_related("dataset")
        .first()
    )


def quality_overview() -> dict:
    """MQA scores now: the catalogue and each published dataset, lowest first, with what to add."""
    from . import quality

    datasets = list(dataset_list_published())
    rows = sorted(((d, quality.dataset_assess(d)) for d in datasets), key=lambda r: (r[1].score, r[0].title))
    return {"catalogue": quality.catalogue_assess(datasets), "datasets": rows}


def quality_history(*, limit: int = 30):
    """The catalogue's recorded MQA scores, newest first."""
    from .models import QualitySnapshot

    return QualitySnapshot.objects.filter(dataset__isnull=True).order_by("-taken_at", "-pk")[:limit]


def dataset_list_all() -> QuerySet[Dataset]:
    """Every dataset, published or not (back office)."""
    return (
        Dataset.objects.select_related("sector")
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.order_by("order", "pk")))
        .order_by("-published", "title", "pk")
    )


def potential_list() -> list[dict]:
    """What comparable towns publish and this one does not: every Musterdatensatz no published dataset names,
    most published first (count of NRW municipalities in the Musterdatenkatalog 2.1 edition; without a
    count after those with one), with the open-data office's decision (planned / not relevant)."""
    from . import musterdatenkatalog
    from .models import PotentialDecision

    covered = set(Dataset.objects.published().exclude(musterdatensatz="").values_list("musterdatensatz", flat=True))
    decisions = {d.musterdatensatz: d for d in PotentialDecision.objects.all()}
    rows = [
        {"entry": e, "decision": decisions.get(e.uri)}
        for e in musterdatenkatalog.entries().values()
        if e.uri not in covered and not e.uri.endswith("/sonstiges/sonstiges")
    ]
    rows.sort(
        key=lambda r: (r["entry"].towns is None, -(r["entry"].towns or 0), r["entry"].thema, r["entry"].bezeichnung)
    )
    return rows


def catalogue_quality_score() -> int | None:
    """The catalogue's MQA score now (mean over the published datasets), or None without any."""
    from . import quality

    datasets = list(dataset_list_published())
    return quality.catalogue_assess(datasets).score if datasets else None
