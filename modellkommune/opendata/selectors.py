"""Reads of the open-data catalogue. Public selectors return only published datasets."""

from __future__ import annotations

import json
from collections import Counter

from django.db.models import Prefetch, Q, QuerySet

from .constants import LICENCE_SHORT, FileType, Licence, Theme
from .models import Dataset, Distribution


def dataset_list_published() -> QuerySet[Dataset]:
    return (
        Dataset.objects.published()
        .select_related("sector")
        .prefetch_related(Prefetch("distributions", queryset=Distribution.objects.order_by("order", "pk")))
        .order_by("title", "pk")
    )


def dataset_get_published(*, slug: str) -> Dataset | None:
    return dataset_list_published().filter(slug=slug).first()


def dataset_search(*, query: str = "", sector: str = "", theme: str = "", file_format: str = "",
                   licence: str = "") -> QuerySet[Dataset]:  # fmt: skip
    """Published datasets filtered by the catalogue's facets; unknown facet values are ignored."""
    datasets = dataset_list_published()
    query = query.strip()
    if query:
        # SQLite stores JSON with \u escapes, PostgreSQL's jsonb text keeps umlauts: match both spellings.
        escaped = json.dumps(query)[1:-1]
        datasets = datasets.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(keywords__icontains=query)
            | Q(keywords__icontains=escaped)
        )
    if sector:
        datasets = datasets.filter(sector__code=sector)
    if theme in Theme.values:
        # JSON list of codes; the quoted code cannot match inside another code.
        datasets = datasets.filter(themes__icontains=f'"{theme}"')
    if file_format in FileType.values:
        datasets = datasets.filter(distributions__format=file_format).distinct()
    if licence in Licence.values:
        datasets = datasets.filter(licence=licence)
    return datasets


def dataset_facets(datasets) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet over the given datasets, most frequent first."""
    sectors, themes, formats, licences = Counter(), Counter(), Counter(), Counter()
    sector_names = {}
    for d in datasets:
        if d.sector_id:
            sectors[d.sector.code] += 1
            sector_names[d.sector.code] = d.sector.name
        themes.update(set(d.themes))
        formats.update({dist.format for dist in d.distributions.all()})
        licences[d.licence] += 1

    def rows(counter, label):
        return sorted(((k, label(k), n) for k, n in counter.items()), key=lambda r: (-r[2], str(r[1])))

    return {
        "sector": rows(sectors, lambda k: sector_names.get(k, k)),
        "theme": rows(themes, lambda k: Theme(k).label if k in Theme.values else k),
        "format": rows(formats, lambda k: FileType(k).label if k in FileType.values else k),
        "licence": rows(licences, lambda k: LICENCE_SHORT.get(k, k)),
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
