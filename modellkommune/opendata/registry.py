"""Registry of generated-dataset providers.

A provider is a function returning the dataset specs it can produce right now; it imports its source
app lazily and raises ImportError (or AttributeError) when that app does not offer the selector yet,
so the catalogue simply skips it. Adding a source = one module in providers/ with one @register."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Table:
    """A tabular download produced on request (CSV, JSON and, with coordinates, GeoJSON)."""

    key: str
    title: str
    columns: Sequence[str]
    rows: Callable[[], Iterable[Sequence]]
    lat_column: str | None = None
    lon_column: str | None = None

    @property
    def has_geometry(self) -> bool:
        return bool(self.lat_column and self.lon_column)


@dataclass(frozen=True)
class Link:
    """A distribution that points at an API of the platform (e.g. SensorThings, OParl)."""

    key: str
    title: str
    format: str
    access_url: str
    description: str = ""
    access_service: str = ""  # key of a dcat:DataService in dataservices.py
    downloadable: bool = False  # the URL answers with one complete document (then it is also the downloadURL)


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    title: str
    description: str
    themes: Sequence[str]
    keywords: Sequence[str]
    frequency: str
    sector_code: str | None = None
    links: Sequence[Link] = ()
    tables: Sequence[Table] = ()
    extra: dict = field(default_factory=dict)
    # Lazy (first day, last day) the data covers; evaluated once per sync.
    temporal: Callable[[], tuple] | None = None
    conforms_to: str = ""

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


Provider = Callable[[], list[DatasetSpec]]
_PROVIDERS: dict[str, Provider] = {}


def register(key: str) -> Callable[[Provider], Provider]:
    def decorator(func: Provider) -> Provider:
        _PROVIDERS[key] = func
        return func

    return decorator


def provider_keys() -> list[str]:
    _load_builtin()
    return list(_PROVIDERS)


def dataset_specs(*, only: Iterable[str] | None = None) -> tuple[list[DatasetSpec], list[str]]:
    """All specs of all available providers, and the keys of the providers that were skipped."""
    _load_builtin()
    specs: list[DatasetSpec] = []
    skipped: list[str] = []
    for key, provider in _PROVIDERS.items():
        if only is not None and key not in only:
            continue
        try:
            specs.extend(provider())
        except (ImportError, AttributeError) as exc:
            logger.info("opendata provider %s skipped: %s", key, exc)
            skipped.append(key)
    return specs, skipped


def dataset_spec_get(key: str) -> DatasetSpec | None:
    provider_key = key.split("-", 1)[0]
    specs, _skipped = dataset_specs(only=[provider_key] if provider_key in provider_keys() else None)
    return next((s for s in specs if s.key == key), None)


def _load_builtin() -> None:
    from . import providers  # noqa: F401  (modules register themselves on import)
