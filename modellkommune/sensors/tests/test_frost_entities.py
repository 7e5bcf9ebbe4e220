"""Every entity type through the real frost-sta-client against a live server: create, list and get, also
when a free-form map (properties, parameters) is unset in the database (issue 12.3: the client raised
"properties should be of type dict!" on a null)."""

import frost_sta_client as fsc
import pytest
import requests

from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import (
    Datastream,
    FeatureOfInterest,
    Location,
    MultiDatastream,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

from .test_frost_client import MEASUREMENT, BearerAuth, new_thing

pytestmark = pytest.mark.django_db(transaction=True)
COMPLEX = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation"
POINT = {"type": "Point", "coordinates": [7.6995, 51.3759]}


@pytest.fixture
def service(live_server, municipality):
    raw = api_token_create(name="FROST-Client", sectors=["verkehr"])[1]
    return fsc.SensorThingsService(f"{live_server.url}/sta/v1.1", auth_handler=BearerAuth(raw))


def create_every_type(service) -> dict:
    thing = new_thing()
    service.create(thing)
    datastream = service.datastreams().query().filter(f"Thing/@iot.id eq {thing.id}").list().entities[0]
    location = service.locations().query().filter(f"Things/id eq {thing.id}").list().entities[0]
    sensor = fsc.Sensor(name="Radar", description="Doppler", encoding_type="application/pdf", metadata="r.pdf")
    service.create(sensor)
    speed = fsc.ObservedProperty(name="Tempo", definition="https://example.org/tempo", description="km/h")
    service.create(speed)
    # frost-sta-client 1.1.53 cannot send a MultiDatastream (it serialises unitOfMeasurements as null through
    # list.__getstate__), so the one MultiDatastream goes in as the client's JSON would be; reads use the client.
    observed = service.observed_properties().query().list().entities
    answer = requests.post(
        f"{service.url}/MultiDatastreams",
        json={
            "name": "Verkehr zweispurig",
            "description": "Anzahl und Tempo",
            "observationType": COMPLEX,
            "multiObservationDataTypes": [MEASUREMENT, MEASUREMENT],
            "unitOfMeasurements": [
                {"name": "Fahrzeuge", "symbol": "F", "definition": "https://example.org/f"},
                {"name": "km/h", "symbol": "km/h", "definition": "https://example.org/kmh"},
            ],
            "Thing": {"@iot.id": thing.id},
            "Sensor": {"@iot.id": sensor.id},
            "ObservedProperties": [{"@iot.id": observed[0].id}, {"@iot.id": speed.id}],
            "properties": {"sector": "verkehr"},
        },
        headers={"Authorization": f"Bearer {service.auth_handler.token}"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    multi = service.multi_datastreams().find(answer.json()["@iot.id"])
    feature = fsc.FeatureOfInterest(
        name="Kreuzung Wermingser Straße", description="Messpunkt", encoding_type="application/geo+json", feature=POINT
    )
    service.create(feature)
    observation = fsc.Observation(
        result=12.5, phenomenon_time="2026-11-25T06:00:00Z", datastream=datastream, feature_of_interest=feature
    )
    service.create(observation)
    multi_observation = fsc.Observation(
        result=[4, 48.5],
        phenomenon_time="2026-11-25T06:00:00Z",
        multi_datastream=service.multi_datastreams().find(multi.id),
    )
    service.create(multi_observation)
    moved = fsc.HistoricalLocation(
        time="2026-11-26T08:00:00Z", thing=service.things().find(thing.id), locations=[location]
    )
    service.create(moved)
    return {"thing": thing.id, "sensor": sensor.id, "multi": multi.id, "feature": feature.id, "moved": moved.id}


def collections(service) -> dict:
    return {
        "Things": service.things(),
        "Locations": service.locations(),
        "HistoricalLocations": service.historical_locations(),
        "Datastreams": service.datastreams(),
        "MultiDatastreams": service.multi_datastreams(),
        "Sensors": service.sensors(),
        "ObservedProperties": service.observed_properties(),
        "Observations": service.observations(),
        "FeaturesOfInterest": service.features_of_interest(),
    }


def test_create_list_and_get_every_entity_type_with_unset_maps(service):
    ids = create_every_type(service)
    assert ids["moved"] and ids["multi"] and ids["feature"]
    # what other clients, the admin or an import leave unset: null in the database
    for model in (Thing, Location, Datastream, MultiDatastream, Sensor, ObservedProperty, FeatureOfInterest):
        model.objects.update(properties=None)
    Observation.objects.update(parameters=None)

    for name, dao in collections(service).items():
        entities = dao.query().list().entities
        assert entities, f"{name}: the client listed nothing"
        for entity in entities:
            fetched = dao.find(entity.id)
            assert fetched.id == entity.id
            if hasattr(fetched, "properties") and name != "HistoricalLocations":
                assert fetched.properties == {}, name
    observations = service.observations().query().list().entities
    assert {obs.parameters is None or obs.parameters == {} for obs in observations} == {True}
    multi = service.multi_datastreams().find(ids["multi"])
    assert multi.name == "Verkehr zweispurig"
    assert [
        o.result for o in service.observations().query().filter(f"MultiDatastream/@iot.id eq {ids['multi']}").list()
    ] == [[4, 48.5]]
