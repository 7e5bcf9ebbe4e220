"""Downloads and catalogue endpoints for data users: Excel CSV variant, caching validators, CORS, 429."""

import pytest
from django.core.cache import cache

from modellkommune.opendata.models import Dataset
from modellkommune.opendata.registry import _PROVIDERS, DatasetSpec, Table, register
from modellkommune.opendata.services import catalogue_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def umlaut_table(municipality, settings):
    settings.SITE_URL = "http://testserver.example"

    @register("exceltest")
    def provider():
        rows = [["Sümmern", 7.5, "Bäume; Sträucher"], ["Hennen", 12.25, "Wiese"]]
        table = Table(key="flaechen", title="Grünflächen", columns=["stadtteil", "hektar", "art"],
                      rows=lambda: iter(rows))  # fmt: skip
        return [DatasetSpec(key="exceltest-gruen", title="Grün", description="Grünflächen.", themes=["ENVI"],
                            keywords=["Grün"], frequency="ANNUAL", tables=[table])]  # fmt: skip

    catalogue_sync()
    yield
    _PROVIDERS.pop("exceltest", None)


def test_excel_variant_has_bom_semicolons_and_decimal_commas(client, umlaut_table):
    titles = list(Dataset.objects.get(slug="exceltest-gruen").distributions.values_list("title", flat=True))
    assert "Grünflächen (CSV: Komma, UTF-8)" in titles
    assert "Grünflächen (CSV für Excel: Semikolon, UTF-8 mit BOM)" in titles
    body = b"".join(client.get("/opendata/daten/exceltest-gruen/flaechen.excel.csv").streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the umlauts correctly
    text = body.decode("utf-8-sig")
    assert text.splitlines()[:3] == ["stadtteil;hektar;art", 'Sümmern;7,5;"Bäume; Sträucher"', "Hennen;12,25;Wiese"]
    plain = b"".join(client.get("/opendata/daten/exceltest-gruen/flaechen.csv").streaming_content)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert plain.decode().splitlines()[1] == "Sümmern,7.5,Bäume; Sträucher"


def test_downloads_and_catalogue_allow_cross_origin_use(client, catalogue):
    dist = Dataset.objects.get(slug="baumkataster").distributions.get()
    for url in ("/opendata/catalog.ttl", "/opendata/datensaetze/baumkataster.jsonld",
                f"/opendata/datensaetze/baumkataster/dateien/{dist.pk}/"):  # fmt: skip
        assert client.get(url)["Access-Control-Allow-Origin"] == "*", url


@pytest.mark.parametrize("url", ["/opendata/catalog.ttl", "/opendata/catalog.rdf", "/opendata/catalog.jsonld",
                                 "/opendata/datensaetze/baumkataster.ttl"])  # fmt: skip
def test_catalogue_answers_304_while_unchanged(client, catalogue, url):
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get(url)["ETag"] == etag  # stable bytes: blank nodes have fixed labels
    Dataset.objects.filter(slug="baumkataster").update(title="Baumkataster (neu)")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_uploaded_file_has_validators(client, catalogue):
    dist = Dataset.objects.get(slug="baumkataster").distributions.get()
    url = f"/opendata/datensaetze/baumkataster/dateien/{dist.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_rate_limit_answers_429_with_retry_after(client, catalogue, settings):
    cache.clear()
    dist = Dataset.objects.get(slug="baumkataster").distributions.get()
    url = f"/opendata/datensaetze/baumkataster/dateien/{dist.pk}/"
    statuses = [client.get(url).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    limited = client.get(url)
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "Bitte versuchen Sie es in einer Minute erneut" in limited.content.decode()


def test_media_types_use_the_usual_iana_iri(client, catalogue):
    from rdflib import Graph
    from rdflib.namespace import DCAT

    graph = Graph().parse(data=client.get("/opendata/catalog.ttl").content, format="turtle")
    media_types = {str(o) for o in graph.objects(None, DCAT.mediaType)}
    assert "http://www.iana.org/assignments/media-types/text/csv" in media_types
    assert all(m.startswith("http://www.iana.org/assignments/media-types/") for m in media_types)


def test_uploaded_csv_has_an_excel_variant(client, catalogue):
    dist = Dataset.objects.get(slug="ladesaeulen").distributions.get()
    html = client.get("/opendata/datensaetze/ladesaeulen/").content.decode()
    url = f"/opendata/datensaetze/ladesaeulen/dateien/{dist.pk}/excel.csv"
    assert url in html and "für Excel herunterladen (Semikolon, UTF-8 mit BOM)" in html
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*" and response["ETag"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "name;betreiber;strasse;ladepunkte;leistung_kw;breite;laenge"
    assert lines[1] == "Parkhaus Theodor-Heuss-Ring;Stadtwerke (Demo);Theodor-Heuss-Ring 1;4;22;51,3752;7,6958"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
