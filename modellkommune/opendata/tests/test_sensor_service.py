"""Sensor datasets as a live service: the sector's own STA query, a dcat:DataService, the temporal range."""

import json

import pytest
from django.db.models import Max, Min
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from modellkommune.opendata.models import Dataset
from modellkommune.sensors.models import Datastream, Observation

from .shacl import violations

pytestmark = pytest.mark.django_db
STA_STANDARD = URIRef("http://www.opengis.net/spec/iot_sensing/1.1")


def _graph(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


def test_sector_dataset_links_its_own_datastreams_not_all(client, sensor_catalogue):
    dist = Dataset.objects.get(slug="sensoren-verkehr").distributions.get(key="sta")
    assert "$filter=" in dist.access_url and dist.download_url == dist.access_url
    response = client.get(dist.access_url.replace("http://testserver.example", ""))
    assert response.status_code == 200, response.content
    names = sorted(item["name"] for item in json.loads(response.content)["value"])
    expected = sorted(Datastream.objects.filter(internal=False, sector__code="verkehr").values_list("name", flat=True))
    assert names == expected
    assert 0 < len(names) < Datastream.objects.filter(internal=False).count()


def test_sensorthings_is_described_as_a_data_service(client, sensor_catalogue, settings):
    settings.OPENDATA_STA_MQTT_URL = "mqtt://mqtt.iserlohn.example:1883"
    graph = _graph(client, "/opendata/catalog.ttl")
    services = list(graph.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    service = services[0]
    endpoints = {str(u) for u in graph.objects(service, DCAT.endpointURL)}
    assert endpoints == {"http://testserver.example/sta/v1.1", "mqtt://mqtt.iserlohn.example:1883"}
    assert (service, DCTERMS.conformsTo, STA_STANDARD) in graph
    assert graph.value(service, DCAT.endpointDescription) is not None
    ds = URIRef("http://testserver.example/opendata/datensaetze/sensoren-verkehr/#dataset")
    assert (service, DCAT.servesDataset, ds) in graph
    sta_dist = next(d for d in graph.objects(ds, DCAT.distribution) if (d, DCAT.accessService, service) in graph)
    assert "$filter=" in str(graph.value(sta_dist, DCAT.accessURL))
    assert violations(graph, version="3.0") == []
    assert violations(graph, version="2.0-conventions") == []


def test_mqtt_endpoint_is_not_listed_by_default(client, sensor_catalogue):
    graph = _graph(client, "/opendata/datensaetze/sensoren-verkehr.ttl")
    service = next(graph.subjects(RDF.type, DCAT.DataService))
    assert [str(u) for u in graph.objects(service, DCAT.endpointURL)] == ["http://testserver.example/sta/v1.1"]


def test_sensor_dataset_has_the_temporal_range_of_its_observations(client, sensor_catalogue):
    span = Observation.objects.filter(datastream__sector__code="verkehr", datastream__internal=False).aggregate(
        first=Min("phenomenon_time_start"), last=Max("phenomenon_time_start")
    )
    dataset = Dataset.objects.get(slug="sensoren-verkehr")
    assert dataset.temporal_start == span["first"].date()
    assert dataset.temporal_end == span["last"].date()
    graph = _graph(client, "/opendata/datensaetze/sensoren-verkehr.ttl")
    ds = URIRef("http://testserver.example/opendata/datensaetze/sensoren-verkehr/#dataset")
    period = graph.value(ds, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == span["first"].date().isoformat()
