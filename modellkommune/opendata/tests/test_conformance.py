"""The RDF output against GovData's DCAT-AP.de SHACL shapes (3.0 and 2.0): zero violations."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF, SH

from modellkommune.opendata.models import Dataset

from .shacl import violations

pytestmark = pytest.mark.django_db


def _graph(client, url, fmt="turtle"):
    response = client.get(url)
    assert response.status_code == 200, url
    return Graph().parse(data=response.content, format=fmt)


@pytest.mark.parametrize("version", ["3.0", "2.0"])
def test_catalogue_turtle_conforms(client, catalogue, version):
    graph = _graph(client, "/opendata/catalog.ttl")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) >= 5
    assert violations(graph, version=version) == []


@pytest.mark.parametrize(("ext", "fmt"), [("rdf", "xml"), ("jsonld", "json-ld")])
def test_other_serialisations_carry_the_same_graph(client, catalogue, ext, fmt):
    turtle = _graph(client, "/opendata/catalog.ttl")
    other = _graph(client, f"/opendata/catalog.{ext}", fmt)
    datasets = set(turtle.subjects(RDF.type, DCAT.Dataset))
    assert datasets == set(other.subjects(RDF.type, DCAT.Dataset))
    assert violations(other) == []


def test_single_dataset_conforms(client, catalogue):
    graph = _graph(client, "/opendata/datensaetze/ladesaeulen.ttl")
    dataset = URIRef("http://testserver.example/opendata/datensaetze/ladesaeulen/#dataset")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert violations(graph) == []


def test_the_check_catches_a_wrong_theme(client, catalogue):
    """Guard against a validator that passes anything: a theme outside the EU vocabulary is a violation."""
    Dataset.objects.filter(slug="baumkataster").update(themes=["TREES"])
    graph = _graph(client, "/opendata/datensaetze/baumkataster.ttl")
    found = violations(graph)
    assert any("dcat:theme" in v for v in found)


def test_the_check_notices_a_licence_outside_the_vocabulary(client, catalogue):
    """The shapes rate a foreign licence a warning (SOLL); our output has none, a foreign one raises it."""
    graph = _graph(client, "/opendata/datensaetze/baumkataster.ttl")
    assert not any("license" in w for w in violations(graph, severity=SH.Warning))
    Dataset.objects.filter(slug="baumkataster").update(licence="http://example.org/meine-lizenz")
    graph = _graph(client, "/opendata/datensaetze/baumkataster.ttl")
    assert any("dcterms:license" in w for w in violations(graph, severity=SH.Warning))
