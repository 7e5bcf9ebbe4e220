"""Harvest the catalogue with ckanext-dcat's RDF parser, page by page, the way its DCAT RDF harvester does.

ckanext-dcat needs a few `ckan` symbols at import time; ckan_shim/ provides them (see its README)."""

import sys
from pathlib import Path

import pytest

from modellkommune.opendata.constants import Licence
from modellkommune.opendata.models import Dataset
from modellkommune.opendata.selectors import dataset_list_published

SHIM = str(Path(__file__).resolve().parent / "ckan_shim")

pytestmark = pytest.mark.django_db


@pytest.fixture
def rdf_parser_class():
    if SHIM not in sys.path:
        sys.path.insert(0, SHIM)
    from ckanext.dcat.processors import RDFParser

    return RDFParser


def _harvest(client, parser_class, url, fmt):
    """gather_stage of ckanext.dcat.harvesters.rdf: parse a page, collect datasets, follow next_page()."""
    datasets, pages = [], 0
    while url:
        response = client.get(url.replace("http://testserver.example", ""))
        assert response.status_code == 200, url
        parser = parser_class()
        parser.parse(response.content, _format=fmt)
        datasets.extend(parser.datasets())
        url = parser.next_page()
        pages += 1
    return datasets, pages


@pytest.mark.parametrize(("path", "fmt"), [("/opendata/catalog.rdf", "xml"), ("/opendata/catalog.ttl", "turtle")])
def test_ckan_harvests_every_dataset_with_titles_licences_and_urls(client, catalogue, settings, rdf_parser_class,
                                                                   path, fmt):  # fmt: skip
    settings.OPENDATA_RDF_PAGE_SIZE = 3
    expected = list(dataset_list_published())
    harvested, pages = _harvest(client, rdf_parser_class, "http://testserver.example" + path, fmt)
    assert pages == -(-len(expected) // 3) > 1
    by_title = {d["title"]: d for d in harvested}
    assert len(harvested) == len(expected) == len(by_title)
    for dataset in expected:
        got = by_title[dataset.title]
        assert got["notes"] == dataset.description
        assert got["license_id"] == dataset.licence
        extras = {e["key"]: e["value"] for e in got["extras"]}
        assert extras["uri"].endswith(f"/opendata/datensaetze/{dataset.slug}/#dataset")
        assert got["url"].endswith(f"/opendata/datensaetze/{dataset.slug}/")
        assert extras["publisher_name"] == dataset.publisher_name
        assert extras["contact_email"] == dataset.contact_email
        assert sorted(t["name"] for t in got["tags"]) == sorted(dataset.keywords)
        resources = {r["name"]: r for r in got["resources"]}
        assert len(resources) == dataset.distributions.count()
        for dist in dataset.distributions.all():
            resource = resources[dist.title]
            assert resource["url"] == (dist.access_url or dist.download_url)
            assert resource.get("download_url", "") == dist.download_url
            assert resource["license"] == dist.effective_licence


def test_ckan_reads_the_geocoding_and_theme(client, catalogue, rdf_parser_class):
    harvested, _pages = _harvest(client, rdf_parser_class, "http://testserver.example/opendata/catalog.ttl", "turtle")
    trees = next(d for d in harvested if d["title"].startswith("Baumkataster"))
    extras = {e["key"]: e["value"] for e in trees.get("extras", [])}
    themes = trees.get("theme") or extras.get("theme")
    assert "http://publications.europa.eu/resource/authority/data-theme/ENVI" in str(themes)
    assert Dataset.objects.get(slug="baumkataster").licence == Licence.CC_BY_4
    assert trees["license_id"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
