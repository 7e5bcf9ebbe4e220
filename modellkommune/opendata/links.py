"""Absolute URLs of the catalogue's own pages and downloads (DCAT needs absolute IRIs)."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def table_url(*, dataset_key: str, table_key: str, ext: str) -> str:
    return absolute(reverse("opendata:table_download", kwargs={"key": dataset_key, "table": table_key, "ext": ext}))


def dataset_page_url(slug: str) -> str:
    return absolute(reverse("opendata:dataset_detail", kwargs={"slug": slug}))


def dataset_uri(slug: str) -> str:
    """The dataset's RDF identifier: its page URL plus a fragment, dereferenceable via the page."""
    return dataset_page_url(slug) + "#dataset"


def catalog_uri() -> str:
    return absolute(reverse("opendata:catalog")) + "#catalog"
