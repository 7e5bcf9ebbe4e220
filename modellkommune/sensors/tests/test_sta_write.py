"""Conformance classes 'create-update-delete', 'batch-request', 'data-array' and 'multi-datastream'."""

import pytest

from modellkommune.sensors.models import Datastream, FeatureOfInterest, HistoricalLocation, Observation, Thing

pytestmark = pytest.mark.django_db
COUNT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation"
MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


def test_deep_insert_creates_everything_with_location_header(sta, network):
    thing = network["thing"]
    assert thing.locations.count() == 1
    assert HistoricalLocation.objects.filter(thing=thing).count() == 1
    counts = network["counts"]
    assert counts.sector.code == "verkehr" and counts.project_ref == "verkehrsdaten-live"
    assert network["temperature"].sector.code == "energie"
    observation = Observation.objects.filter(datastream=counts).first()
    assert observation.feature_of_interest.feature == {"type": "Point", "coordinates": [7.6873, 51.3745]}
    response = sta.post(
        f"/Datastreams({counts.pk})/Observations", {"phenomenonTime": "2026-11-25T09:00:00Z", "result": 5}
    )
    assert response.status_code == 201
    assert response["Location"] == f"http://127.0.0.1/sta/v1.1/Observations({response.json()['@iot.id']})"
    # the FeatureOfInterest generated from the Location is reused, not duplicated
    assert FeatureOfInterest.objects.count() == 1


def test_links_by_iot_id_even_with_the_whole_object(sta, network):
    thing = network["thing"]
    fetched = sta.get(f"/Things({thing.pk})").json()
    sensor = sta.get(f"/Datastreams({network['counts'].pk})/Sensor").json()
    prop = sta.get(f"/Datastreams({network['counts'].pk})/ObservedProperty").json()
    response = sta.post(
        "/Datastreams",
        {
            "name": "Kfz stadtauswärts",
            "description": "Gegenrichtung",
            "observationType": COUNT,
            "unitOfMeasurement": {"name": "Fahrzeuge", "symbol": "Kfz", "definition": "http://qudt.org/vocab/unit/NUM"},
            "Thing": fetched,
            "Sensor": sensor,
            "ObservedProperty": {"@iot.id": prop["@iot.id"]},
        },
    )
    assert response.status_code == 201, response.content
    created = Datastream.objects.get(pk=response.json()["@iot.id"])
    assert created.thing == thing and created.sensor_id == sensor["@iot.id"]
    assert created.sector.code == "verkehr"  # from the Thing's properties


def test_patch_put_delete(sta, network):
    thing = network["thing"]
    assert sta.patch(f"/Things({thing.pk})", {"description": "neu"}).json()["description"] == "neu"
    thing.refresh_from_db()
    assert thing.name == "Verkehrszählstelle Hagener Straße"
    put = sta.put(f"/Things({thing.pk})", {"name": "Zählstelle Süd", "description": "ersetzt"})
    assert put.status_code == 200
    thing.refresh_from_db()
    assert (thing.name, thing.description, thing.properties) == ("Zählstelle Süd", "ersetzt", None)
    obs = Observation.objects.filter(datastream=network["counts"]).order_by("phenomenon_time_start").last()
    assert sta.patch(f"/Observations({obs.pk})", {"result": 300}).json()["result"] == 300
    assert sta.delete(f"/Observations({obs.pk})").status_code == 200
    network["counts"].refresh_from_db()
    assert network["counts"].phenomenon_time_end.isoformat() == "2026-11-25T07:00:00+00:00"  # range shrank
    assert sta.delete(f"/Things({thing.pk})").status_code == 200
    assert not Thing.objects.filter(pk=thing.pk).exists()
    assert not Observation.objects.exists()  # cascade Thing → Datastreams → Observations


def test_patch_location_of_thing_records_history(sta, network):
    thing = network["thing"]
    location = {"name": "Neuer Ort", "description": "versetzt", "encodingType": "application/geo+json",
                "location": {"type": "Point", "coordinates": [7.69, 51.38]}}  # fmt: skip
    created = sta.post("/Locations", location).json()["@iot.id"]  # an update links, never creates (STA 10.3.1)
    assert sta.patch(f"/Things({thing.pk})", {"Locations": [{"@iot.id": created}]}).status_code == 200
    assert list(thing.locations.values_list("name", flat=True)) == ["Neuer Ort"]
    history = sta.get(f"/Things({thing.pk})/HistoricalLocations", **{"$expand": "Locations"}).json()["value"]
    assert len(history) == 2


def test_create_observations_data_array(sta, network):
    counts = network["counts"]
    body = [
        {
            "Datastream": {"@iot.id": counts.pk},
            "components": ["phenomenonTime", "result", "resultTime"],
            "dataArray": [["2026-11-25T08:00:00Z", 301, "2026-11-25T08:00:05Z"], ["2026-11-25T08:15:00Z", 288, None]],
        }
    ]
    response = sta.post("/CreateObservations", body)
    assert response.status_code == 201
    links = response.json()
    assert len(links) == 2 and links[0].startswith("http://127.0.0.1/sta/v1.1/Observations(")
    assert sta.get(links[0].replace("http://127.0.0.1/sta/v1.1", "")).json()["resultTime"] == "2026-11-25T08:00:05Z"


def test_multi_datastream_with_list_results(sta, network):
    thing = network["thing"]
    body = {
        "name": "Wetter",
        "description": "Temperatur und Feuchte",
        "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation",
        "multiObservationDataTypes": [MEASUREMENT, MEASUREMENT],
        "unitOfMeasurements": [
            {"name": "Grad Celsius", "symbol": "°C", "definition": "http://qudt.org/vocab/unit/DEG_C"},
            {"name": "Prozent", "symbol": "%", "definition": "http://qudt.org/vocab/unit/PERCENT"},
        ],
        "properties": {"sector": "energie"},
        "Thing": {"@iot.id": thing.pk},
        "Sensor": {"name": "Wetterstation", "description": "Kombisensor", "encodingType": "application/pdf",
                   "metadata": "https://example.org/w.pdf"},
        "ObservedProperties": [
            {"name": "Temperatur", "definition": "https://example.org/t", "description": "Luft"},
            {"name": "Feuchte", "definition": "https://example.org/h", "description": "relative Feuchte"},
        ],
    }  # fmt: skip
    response = sta.post("/MultiDatastreams", body)
    assert response.status_code == 201, response.content
    mds = response.json()["@iot.id"]
    ok = sta.post(
        f"/MultiDatastreams({mds})/Observations", {"phenomenonTime": "2026-11-25T08:00:00Z", "result": [4.5, 81]}
    )
    assert ok.status_code == 201, ok.content
    bad = sta.post(
        f"/MultiDatastreams({mds})/Observations", {"phenomenonTime": "2026-11-25T08:00:00Z", "result": [4.5]}
    )
    assert bad.status_code == 400 and "2 components" in bad.json()["message"]
    props = sta.get(f"/MultiDatastreams({mds})/ObservedProperties").json()["value"]
    assert [p["name"] for p in props] == ["Temperatur", "Feuchte"]


def test_batch_with_atomicity_group_and_references(sta, network):
    counts = network["counts"]
    body = {
        "requests": [
            {"id": "1", "method": "get", "url": f"Things({network['thing'].pk})"},
            {"id": "2", "atomicityGroup": "g", "method": "post", "url": f"Datastreams({counts.pk})/Observations",
             "body": {"phenomenonTime": "2026-11-25T10:00:00Z", "result": 1}},
            {"id": "3", "atomicityGroup": "g", "method": "post", "url": "Observations",
             "body": {"phenomenonTime": "2026-11-25T10:15:00Z", "result": "viele", "Datastream": {"@iot.id": counts.pk}}},
            {"id": "4", "method": "post", "url": "Sensors",
             "body": {"name": "S", "description": "d", "encodingType": "application/pdf", "metadata": "m"}},
            {"id": "5", "method": "patch", "url": "$4", "body": {"description": "geändert"}},
        ]
    }  # fmt: skip
    before = Observation.objects.count()
    response = sta.post("/$batch", body)
    assert response.status_code == 200
    statuses = {r["id"]: r["status"] for r in response.json()["responses"]}
    assert statuses == {"1": 200, "2": 400, "3": 400, "4": 201, "5": 200}
    assert Observation.objects.count() == before  # the group with a failing part left nothing behind
    assert response.json()["responses"][4]["body"]["description"] == "geändert"
