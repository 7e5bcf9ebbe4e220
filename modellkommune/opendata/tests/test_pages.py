"""The catalogue pages, the downloads and the RDF endpoints as users and harvesters see them."""

import csv
import io
import json

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from modellkommune.opendata.constants import SOURCE_GENERATED_PREFIX, FileType
from modellkommune.opendata.models import Dataset
from modellkommune.opendata.rdf import HYDRA
from modellkommune.opendata.registry import _PROVIDERS, DatasetSpec, Table, register
from modellkommune.opendata.services import catalogue_sync

from .factories import DatasetFactory, DistributionFactory

pytestmark = pytest.mark.django_db


def test_index_lists_datasets_with_facets(client, catalogue):
    response = client.get("/opendata/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Baumkataster (Auszug Innenstadt)" in html
    assert "Haushaltsplan 2026" in html
    # facets are links with counts (multi-select by following several)
    assert 'data-facet="thema"' in html and 'data-facet="lizenz"' in html and 'data-facet="format"' in html


def test_facets_filter_the_list(client, catalogue):
    html = client.get("/opendata/", {"thema": "ENVI"}).content.decode()
    assert "Baumkataster" in html
    assert "Haushaltsplan 2026" not in html
    html = client.get("/opendata/", {"lizenz": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"}).content.decode()
    assert "Haushaltsplan 2026" in html and "Baumkataster" not in html
    html = client.get("/opendata/", {"sektor": "energie"}).content.decode()
    assert "Ladesäulen" in html and "Haushaltsplan" not in html


def test_search_finds_by_keyword(client, catalogue):
    html = client.get("/opendata/", {"q": "Elektromobilität"}).content.decode()
    assert "Ladesäulen" in html and "Baumkataster" not in html


def test_unpublished_dataset_is_hidden_everywhere(client, catalogue):
    Dataset.objects.filter(slug="baumkataster").update(published=False)
    assert "Baumkataster" not in client.get("/opendata/").content.decode()
    assert client.get("/opendata/datensaetze/baumkataster/").status_code == 404
    assert client.get("/opendata/datensaetze/baumkataster.ttl").status_code == 404
    assert b"baumkataster" not in client.get("/opendata/catalog.ttl").content


def test_dataset_page_shows_preview_and_download(client, catalogue):
    html = client.get("/opendata/datensaetze/ladesaeulen/").content.decode()
    assert "<caption>" in html
    assert "Parkhaus Theodor-Heuss-Ring" in html  # first rows of the uploaded CSV as a table
    assert "/opendata/datensaetze/ladesaeulen/dateien/" in html


def test_uploaded_file_downloads(client, catalogue):
    dist = Dataset.objects.get(slug="baumkataster").distributions.get()
    response = client.get(f"/opendata/datensaetze/baumkataster/dateien/{dist.pk}/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("baum_nr,gattung")
    assert client.get(f"/opendata/datensaetze/ladesaeulen/dateien/{dist.pk}/").status_code == 404


@pytest.fixture
def fake_provider(municipality, settings):
    settings.SITE_URL = "http://testserver.example"
    rows = [[1, "Marktplatz", 51.37, 7.69], [2, "Ohne Ort", None, None], [3, "Bahnhof, Nord", 51.38, 7.70]]
    calls = []

    def rows_iter():
        calls.append(1)
        yield from rows

    @register("testquelle")
    def provider():
        return [
            DatasetSpec(
                key="testquelle-orte",
                title="Orte",
                description="Testorte.",
                themes=["REGI"],
                keywords=["Orte"],
                frequency="DAILY",
                tables=[
                    Table(
                        key="orte",
                        title="Orte",
                        columns=["id", "name", "breite", "laenge"],
                        rows=rows_iter,
                        lat_column="breite",
                        lon_column="laenge",
                    )
                ],
            )  # fmt: skip
        ]

    catalogue_sync()
    yield calls
    _PROVIDERS.pop("testquelle", None)


def test_generated_dataset_offers_csv_json_geojson(client, fake_provider):
    dataset = Dataset.objects.get(slug="testquelle-orte")
    assert dataset.source == SOURCE_GENERATED_PREFIX + "testquelle-orte"
    # CSV twice: the RFC 4180 one and the variant for German Excel
    assert sorted(dataset.distributions.values_list("format", flat=True)) == ["CSV", "CSV", "GEOJSON", "JSON"]
    response = client.get("/opendata/daten/testquelle-orte/orte.csv")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["id", "name", "breite", "laenge"]
    assert rows[3] == ["3", "Bahnhof, Nord", "51.38", "7.7"]
    data = json.loads(b"".join(client.get("/opendata/daten/testquelle-orte/orte.json").streaming_content))
    assert data[0] == {"id": 1, "name": "Marktplatz", "breite": 51.37, "laenge": 7.69}
    geo = json.loads(b"".join(client.get("/opendata/daten/testquelle-orte/orte.geojson").streaming_content))
    assert [f["geometry"]["coordinates"] for f in geo["features"]] == [[7.69, 51.37], [7.70, 51.38]]
    assert client.get("/opendata/daten/testquelle-orte/gibtsnicht.csv").status_code == 404
    assert client.get("/opendata/daten/testquelle-orte/orte.exe").status_code == 404


def test_generated_dataset_page_previews_first_rows(client, fake_provider):
    html = client.get("/opendata/datensaetze/testquelle-orte/").content.decode()
    assert "Marktplatz" in html and "Bahnhof, Nord" in html


def test_sync_unpublishes_what_a_provider_no_longer_produces(client, fake_provider):
    _PROVIDERS.pop("testquelle")
    result = catalogue_sync()
    assert result["unpublished"] == 1
    assert client.get("/opendata/daten/testquelle-orte/orte.csv").status_code == 404


def test_missing_source_app_is_skipped_not_fatal(municipality):
    @register("kaputt")
    def provider():
        raise ImportError("app not installed yet")

    try:
        result = catalogue_sync()
    finally:
        _PROVIDERS.pop("kaputt", None)
    assert "kaputt" in result["skipped_providers"]


def test_catalogue_pages_for_harvesters(client, municipality, settings):
    settings.SITE_URL = "http://testserver.example"
    settings.OPENDATA_RDF_PAGE_SIZE = 2
    for n in range(5):
        DistributionFactory(dataset=DatasetFactory(slug=f"ds-{n}", title=f"DS {n}"), format=FileType.CSV)
    seen = set()
    url = "/opendata/catalog.ttl"
    pages = 0
    while url:
        graph = Graph().parse(data=client.get(url).content, format="turtle")
        seen |= set(graph.subjects(RDF.type, DCAT.Dataset))
        nxt = [str(o) for o in graph.objects(None, HYDRA.nextPage)]
        url = nxt[0].replace("http://testserver.example", "") if nxt else None
        pages += 1
    assert pages == 3 and len(seen) == 5
    assert client.get("/opendata/catalog.ttl?page=4").status_code == 404
    assert client.get("/opendata/catalog.ttl?page=x").status_code == 404


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
    ],
)
def test_catalog_content_negotiation(client, catalogue, accept, content_type):
    response = client.get("/opendata/catalog", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "Accept" in response["Vary"]


def test_browser_is_sent_to_the_html_catalogue(client, catalogue):
    response = client.get("/opendata/catalog", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 303 and response["Location"] == "/opendata/"


def test_unified_search_finds_datasets(catalogue):
    from modellkommune.portal.search import search_all

    results = {p.key: r for p, r in search_all("Baumkataster")}
    assert [r.title for r in results["opendata"]] == ["Baumkataster (Auszug Innenstadt)"]
