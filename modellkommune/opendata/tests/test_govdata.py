"""GovData conventions: contributor ID by default (2.0 conventions shapes, K12/13) and 3.0 geocoding."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from modellkommune.core.models import Municipality
from modellkommune.opendata.rdf import DCATDE

from .shacl import violations

pytestmark = pytest.mark.django_db


def _graph(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return Graph().parse(data=response.content, format="turtle")


def test_catalogue_meets_the_2_0_conventions_without_any_setting(client, catalogue, settings):
    settings.OPENDATA_CONTRIBUTOR_ID = ""
    graph = _graph(client, "/opendata/catalog.ttl")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert datasets
    for ds in datasets:  # Iserlohn (AGS 05…) delivers through Open.NRW
        assert graph.value(ds, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/openNRW")
    assert violations(graph, version="2.0-conventions") == []


def test_a_configured_contributor_id_wins(client, catalogue, settings):
    settings.OPENDATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/transparenzportalHamburg"
    graph = _graph(client, "/opendata/datensaetze/baumkataster.ttl")
    ds = URIRef("http://testserver.example/opendata/datensaetze/baumkataster/#dataset")
    assert list(graph.objects(ds, DCATDE.contributorID)) == [URIRef(settings.OPENDATA_CONTRIBUTOR_ID)]


def test_without_a_contributor_id_nothing_is_published(client, catalogue, settings):
    settings.OPENDATA_CONTRIBUTOR_ID = ""
    Municipality.objects.update(ags="09162000")  # a Bavarian town: no Land portal default known
    for url in ("/opendata/catalog.ttl", "/opendata/catalog.rdf", "/opendata/datensaetze/baumkataster.ttl"):
        response = client.get(url)
        assert response.status_code == 503
        assert b"OPENDATA_CONTRIBUTOR_ID" in response.content


def test_a_malformed_contributor_id_is_refused(client, catalogue, settings):
    settings.OPENDATA_CONTRIBUTOR_ID = "openNRW"
    response = client.get("/opendata/catalog.ttl")
    assert response.status_code == 503
    assert b"http://dcat-ap.de/def/contributors/" in response.content


def test_geocoding_for_3_0_and_2_0(client, catalogue, settings):
    graph = _graph(client, "/opendata/catalog.ttl")
    for ds in graph.subjects(RDF.type, DCAT.Dataset):
        spatial = str(graph.value(ds, DCTERMS.spatial))
        assert spatial == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05962024"
        assert graph.value(ds, DCATDE.politicalGeocodingURI) is not None  # 2.0 harvesters read this
    assert violations(graph, version="2.0") == []


def test_operator_can_drop_the_deprecated_2_0_geocoding(client, catalogue, settings):
    settings.OPENDATA_DCATDE_2_GEOCODING = False
    graph = _graph(client, "/opendata/catalog.ttl")
    assert not list(graph.subject_objects(DCATDE.politicalGeocodingURI))
    assert violations(graph, version="3.0") == []
    assert not any("eprecated" in w for w in violations(graph, version="3.0", severity=SH.Warning))


def test_system_check_reports_a_malformed_contributor_id(settings):
    from modellkommune.opendata.checks import contributor_id_check

    settings.OPENDATA_CONTRIBUTOR_ID = "openNRW"
    assert [e.id for e in contributor_id_check(None)] == ["opendata.E001"]
    settings.OPENDATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/openNRW"
    assert contributor_id_check(None) == []
