"""The authorization model for shared entities (docs/sensors.md, "Berechtigungen / authorization model"):
each verb × entity × scope kind (global, sector:X, thing:ID), over plain requests, JSON Patch, PUT and $batch.

The town: an energy Thing with one energy datastream, a tourism Thing with one tourism datastream, each with its
own Sensor, ObservedProperty, Location and FeatureOfInterest, plus one unused entity of each kind."""

import pytest

from modellkommune.sensors import services
from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import (
    Datastream,
    FeatureOfInterest,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

from .conftest import StaClient
from .factories import DatastreamFactory, LocationFactory, ObservedPropertyFactory, SensorFactory, ThingFactory, sector

pytestmark = pytest.mark.django_db
SETS = {
    "Sensors": Sensor,
    "ObservedProperties": ObservedProperty,
    "Locations": Location,
    "FeaturesOfInterest": FeatureOfInterest,
    "Things": Thing,
}
PATCHES = {
    "Sensors": {"description": "umbenannt"},
    "ObservedProperties": {"description": "umbenannt"},
    "Locations": {"description": "umbenannt"},
    "FeaturesOfInterest": {"description": "umbenannt"},
    "Things": {"description": "umbenannt"},
}
PUTS = {
    "Sensors": {"name": "S", "description": "d", "encodingType": "application/pdf", "metadata": "https://x.de/a"},
    "ObservedProperties": {"name": "P", "definition": "https://x.de/p", "description": "d"},
    "Locations": {
        "name": "L",
        "description": "d",
        "encodingType": "application/geo+json",
        "location": {"type": "Point", "coordinates": [7.7, 51.4]},
    },
    "FeaturesOfInterest": {
        "name": "F",
        "description": "d",
        "encodingType": "application/geo+json",
        "feature": {"type": "Point", "coordinates": [7.7, 51.4]},
    },
    "Things": {"name": "T", "description": "d"},
}


def _station(code: str) -> dict:
    thing = ThingFactory(name=f"Station {code}")
    location = LocationFactory(name=f"Ort {code}")
    thing.locations.add(location)
    stream = DatastreamFactory(
        thing=thing, sensor=SensorFactory(), observed_property=ObservedPropertyFactory(), sector=sector(code)
    )
    foi = FeatureOfInterest.objects.create(
        name=f"FOI {code}", encoding_type="application/geo+json", feature={"type": "Point", "coordinates": [7, 51]}
    )
    for value in range(3):
        services.observation_create(datastream=stream, result=value, feature_of_interest=foi)
    return {
        "Things": thing,
        "Locations": location,
        "Sensors": stream.sensor,
        "ObservedProperties": stream.observed_property,
        "FeaturesOfInterest": foi,
        "stream": stream,
    }


@pytest.fixture
def town(sectors):
    energy, tourism = _station("energie"), _station("tourismus")
    unused = {
        "Things": ThingFactory(name="leer"),
        "Locations": LocationFactory(),
        "Sensors": SensorFactory(),
        "ObservedProperties": ObservedPropertyFactory(),
        "FeaturesOfInterest": FeatureOfInterest.objects.create(
            name="frei", encoding_type="application/geo+json", feature={"type": "Point", "coordinates": [7, 51]}
        ),
    }
    return {"foreign": energy, "own": tourism, "unused": unused}


def _client(client, kind: str, town) -> StaClient:
    if kind == "global":
        raw = api_token_create(name="Betrieb", everything=True)[1]
    elif kind == "sector":
        raw = api_token_create(name="Tourismus", sectors=["tourismus"])[1]
    else:
        raw = api_token_create(name="Gateway", things=[town["own"]["Things"].pk])[1]
    return StaClient(client, raw)


def _energy_intact(town) -> None:
    stream = town["foreign"]["stream"]
    assert Datastream.objects.filter(pk=stream.pk).exists()
    assert Observation.objects.filter(datastream=stream).count() == 3


# Who may PATCH/PUT/DELETE: (scope kind, whose entity) → allowed. The thing token's own Thing is the tourism Thing.
def expected(kind: str, whose: str, entity_set: str) -> bool:
    if kind == "global" or whose == "own":
        return True
    if whose == "foreign":
        return False
    # unused: any writing token for shared entities; an unused Thing only for tokens that may create Things
    return entity_set != "Things" or kind == "sector"


MATRIX = [
    (kind, whose, entity_set)
    for kind in ("global", "sector", "thing")
    for whose in ("foreign", "own", "unused")
    for entity_set in SETS
]


def _check(response, allowed: bool, town, whose: str):
    if allowed:
        assert response.status_code == 200, response.content
        return
    assert response.status_code == 403, response.content
    message = response.json()["message"]
    # the foreign user is named, so the operator knows whom to ask
    assert f"Datastream({town['foreign']['stream'].pk})" in message and "energie" in message
    _energy_intact(town)


@pytest.mark.parametrize(("kind", "whose", "entity_set"), MATRIX)
def test_patch(client, town, kind, whose, entity_set):
    sta = _client(client, kind, town)
    obj = town[whose][entity_set]
    response = sta.patch(f"/{entity_set}({obj.pk})", PATCHES[entity_set])
    if whose == "unused" and not expected(kind, whose, entity_set):
        assert response.status_code == 403
    else:
        _check(response, expected(kind, whose, entity_set), town, whose)
    obj.refresh_from_db()
    assert (obj.description == "umbenannt") == expected(kind, whose, entity_set)


@pytest.mark.parametrize(("kind", "whose", "entity_set"), MATRIX)
def test_json_patch_and_put(client, town, kind, whose, entity_set):
    sta = _client(client, kind, town)
    obj = town[whose][entity_set]
    ops = [{"op": "replace", "path": "/description", "value": "per JSON Patch"}]
    allowed = expected(kind, whose, entity_set)
    assert sta.patch(f"/{entity_set}({obj.pk})", ops).status_code == (200 if allowed else 403)
    assert sta.put(f"/{entity_set}({obj.pk})", PUTS[entity_set]).status_code == (200 if allowed else 403)
    obj.refresh_from_db()
    assert (obj.description == "d") == allowed


@pytest.mark.parametrize(("kind", "whose", "entity_set"), MATRIX)
def test_delete(client, town, kind, whose, entity_set):
    sta = _client(client, kind, town)
    obj = town[whose][entity_set]
    response = sta.delete(f"/{entity_set}({obj.pk})")
    allowed = expected(kind, whose, entity_set)
    if whose == "unused" and not allowed:
        assert response.status_code == 403
    else:
        _check(response, allowed, town, whose)
    assert SETS[entity_set].objects.filter(pk=obj.pk).exists() != allowed
    if whose != "foreign" or not allowed:
        _energy_intact(town)


@pytest.mark.parametrize(("kind", "whose", "entity_set"), MATRIX)
def test_batch_cannot_bypass(client, town, kind, whose, entity_set):
    sta = _client(client, kind, town)
    obj = town[whose][entity_set]
    url = f"v1.1/{entity_set}({obj.pk})"
    body = {
        "requests": [
            {"id": "1", "method": "patch", "url": url, "body": PATCHES[entity_set]},
            {"id": "2", "method": "delete", "url": url},
        ]
    }
    answers = sta.post("/$batch", body).json()["responses"]
    allowed = expected(kind, whose, entity_set)
    assert [a["status"] for a in answers] == ([200, 200] if allowed else [403, 403])
    assert SETS[entity_set].objects.filter(pk=obj.pk).exists() != allowed
    if not allowed:
        _energy_intact(town)


@pytest.mark.parametrize("kind", ["global", "sector", "thing"])
@pytest.mark.parametrize("entity_set", list(PUTS))
def test_creating_new_entities(client, town, kind, entity_set):
    """A new, unused shared entity may be created by any writing token; a new Thing needs a sector or global
    scope (a thing:ID token is bound to its Thing)."""
    sta = _client(client, kind, town)
    response = sta.post(f"/{entity_set}", PUTS[entity_set])
    assert response.status_code == (403 if entity_set == "Things" and kind == "thing" else 201), response.content


def _new_stream(thing_id: int, town) -> dict:
    return {
        "name": "Besucher",
        "description": "Besucher je Stunde",
        "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation",
        "unitOfMeasurement": {"name": "Personen", "symbol": "P", "definition": "http://qudt.org/vocab/unit/NUM"},
        "properties": {"sector": "tourismus"},
        "Thing": {"@iot.id": thing_id},
        # linking existing Sensors/ObservedProperties of other sectors is allowed: they are meant to be shared
        "Sensor": {"@iot.id": town["foreign"]["Sensors"].pk},
        "ObservedProperty": {"@iot.id": town["foreign"]["ObservedProperties"].pk},
    }


@pytest.mark.parametrize(("kind", "allowed"), [("global", True), ("sector", False), ("thing", False)])
def test_no_datastream_on_a_foreign_thing(client, town, kind, allowed):
    """The attack from issue 11: link a datastream to an energy Thing, then delete the Thing with its data."""
    sta = _client(client, kind, town)
    energy_thing = town["foreign"]["Things"]
    status = 201 if allowed else 403
    assert sta.post("/Datastreams", _new_stream(energy_thing.pk, town)).status_code == status
    assert sta.post(f"/Things({energy_thing.pk})/Datastreams", _new_stream(0, town)).status_code == status
    own = town["own"]["stream"]
    moved = sta.patch(f"/Datastreams({own.pk})", {"Thing": {"@iot.id": energy_thing.pk}})
    assert moved.status_code == (200 if allowed else 403)
    batch = {
        "requests": [
            {"id": "a", "method": "post", "url": "v1.1/Datastreams", "body": _new_stream(energy_thing.pk, town)},
            {"id": "b", "method": "delete", "url": f"v1.1/Things({energy_thing.pk})"},
        ]
    }
    answers = sta.post("/$batch", batch).json()["responses"]
    assert [a["status"] for a in answers] == ([201, 200] if allowed else [403, 403])
    if not allowed:
        _energy_intact(town)
        assert Datastream.objects.filter(thing=energy_thing).count() == 1


@pytest.mark.parametrize(("kind", "allowed"), [("global", True), ("sector", False), ("thing", False)])
def test_no_location_change_of_a_foreign_thing(client, town, kind, allowed):
    sta = _client(client, kind, town)
    energy_thing = town["foreign"]["Things"]
    new_location = {**PUTS["Locations"], "Things": [{"@iot.id": energy_thing.pk}]}
    assert sta.post("/Locations", new_location).status_code == (201 if allowed else 403)
    relocate = {"Locations": [{"@iot.id": town["unused"]["Locations"].pk}]}
    assert sta.patch(f"/Things({energy_thing.pk})", relocate).status_code == (200 if allowed else 403)
    history = {"time": "2026-11-25T10:00:00Z", "Thing": {"@iot.id": energy_thing.pk}}
    assert sta.post("/HistoricalLocations", history).status_code == (201 if allowed else 403)
    if not allowed:
        assert list(energy_thing.locations.all()) == [town["foreign"]["Locations"]]


def test_deep_insert_and_shared_use_stay_possible(client, town):
    """A sector token builds a new station in one request and may reuse another sector's FeatureOfInterest
    for its own observations (shared use changes nothing of theirs)."""
    sta = _client(client, "sector", town)
    body = {"name": "Seilersee", "description": "Besucherzählung", "Datastreams": [_new_stream(0, town)]}
    del body["Datastreams"][0]["Thing"]
    response = sta.post("/Things", body)
    assert response.status_code == 201, response.content
    own = town["own"]["stream"]
    foi = town["foreign"]["FeaturesOfInterest"]
    linked = sta.post(f"/Datastreams({own.pk})/Observations", {"result": 4, "FeatureOfInterest": {"@iot.id": foi.pk}})
    assert linked.status_code == 201
    data_array = [
        {
            "Datastream": {"@iot.id": own.pk},
            "components": ["result", "FeatureOfInterest/id"],
            "dataArray": [[5, foi.pk]],
        }
    ]
    assert sta.post("/CreateObservations", data_array).status_code == 201
    foreign = [{**data_array[0], "Datastream": {"@iot.id": town["foreign"]["stream"].pk}}]
    assert sta.post("/CreateObservations", foreign).status_code == 403
    # now the energy FOI is used by tourism too: the energy sector alone may no longer delete it
    energy = StaClient(client, api_token_create(name="Energie", sectors=["energie"])[1])
    refused = energy.delete(f"/FeaturesOfInterest({foi.pk})")
    assert refused.status_code == 403 and f"Datastream({own.pk})" in refused.json()["message"]


def test_sensor_attack_from_the_issue(client, town):
    """PATCH and DELETE of a Sensor used only by energy datastreams with a tourism token."""
    sta = _client(client, "sector", town)
    sensor = town["foreign"]["Sensors"]
    assert sta.patch(f"/Sensors({sensor.pk})", {"name": "weg"}).status_code == 403
    response = sta.delete(f"/Sensors({sensor.pk})")
    assert response.status_code == 403
    assert "may not change or delete Sensor" in response.json()["message"]
    _energy_intact(town)


def test_global_token_from_the_command(capsys, sectors):
    from django.core.management import call_command

    from modellkommune.sensors.models import ApiToken

    call_command("sta_token", "--name", "Betrieb", "--scope", "all")
    assert ApiToken.objects.get(name="Betrieb").scope_all is True
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("sta_")


STREAM_MATRIX = [(kind, whose) for kind in ("global", "sector", "thing") for whose in ("foreign", "own")]


@pytest.mark.parametrize(("kind", "whose"), STREAM_MATRIX)
def test_datastreams_and_observations_per_scope(client, town, kind, whose):
    """Datastreams and Observations belong to one stream: PATCH, JSON Patch, POST, DELETE only inside the scope."""
    sta = _client(client, kind, town)
    stream = town[whose]["stream"]
    allowed = kind == "global" or whose == "own"
    ok, denied = (200, 403)
    observation = Observation.objects.filter(datastream=stream).first()
    assert sta.patch(f"/Datastreams({stream.pk})", {"description": "neu"}).status_code == (ok if allowed else denied)
    ops = [{"op": "replace", "path": "/result", "value": 99}]
    assert sta.patch(f"/Observations({observation.pk})", ops).status_code == (ok if allowed else denied)
    created = sta.post(f"/Datastreams({stream.pk})/Observations", {"result": 7})
    assert created.status_code == (201 if allowed else denied)
    data_array = [{"Datastream": {"@iot.id": stream.pk}, "components": ["result"], "dataArray": [[8], [9]]}]
    assert sta.post("/CreateObservations", data_array).status_code == (201 if allowed else denied)
    assert sta.delete(f"/Observations({observation.pk})").status_code == (ok if allowed else denied)
    assert sta.delete(f"/Datastreams({stream.pk})").status_code == (ok if allowed else denied)
    assert Datastream.objects.filter(pk=stream.pk).exists() != allowed
    if not allowed:
        _energy_intact(town)
