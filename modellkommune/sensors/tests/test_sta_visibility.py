"""Visibility of internal datastreams on every path (issue 11.5): collections of every entity type, entities,
navigation URLs, $expand, and navigation inside $filter (no yes/no oracle over internal observations).

The town: a public Thing with one public and one internal datastream (mixed), a Thing with only an internal
datastream (its Thing, Location, HistoricalLocation, Sensor, ObservedProperty and FeatureOfInterest exist only
for internal data), and anonymous callers, a token of another sector and a token of the internal sector."""

import pytest

from modellkommune.sensors import services
from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import FeatureOfInterest, HistoricalLocation

from .conftest import StaClient
from .factories import DatastreamFactory, LocationFactory, ObservedPropertyFactory, SensorFactory, ThingFactory, sector

pytestmark = pytest.mark.django_db
ORACLE = "Datastreams/Observations/result gt 5000"


def _foi(name: str) -> FeatureOfInterest:
    return FeatureOfInterest.objects.create(
        name=name, encoding_type="application/geo+json", feature={"type": "Point", "coordinates": [7.7, 51.4]}
    )


@pytest.fixture
def town(sectors):
    mixed = ThingFactory(name="Rathaus")
    public = DatastreamFactory(thing=mixed, name="Besucher", sector=sector("verkehr"))
    shared_sensor = public.sensor
    internal_of_mixed = DatastreamFactory(
        thing=mixed, name="Zählerstand intern", sector=sector("energie"), internal=True, sensor=shared_sensor
    )
    services.observation_create(datastream=public, result=1, feature_of_interest=_foi("Rathaus öffentlich"))
    services.observation_create(datastream=internal_of_mixed, result=6000, feature_of_interest=_foi("Rathaus intern"))
    secret = ThingFactory(name="Umspannwerk")
    location = LocationFactory(name="Umspannwerk Lage")
    secret.locations.add(location)
    history = HistoricalLocation.objects.create(thing=secret, time="2026-11-01T00:00:00Z")
    history.locations.add(location)
    internal = DatastreamFactory(
        thing=secret,
        name="Last intern",
        sector=sector("energie"),
        internal=True,
        sensor=SensorFactory(name="Lastmesser"),
        observed_property=ObservedPropertyFactory(name="Last"),
    )
    secret_foi = _foi("Umspannwerk Feld")
    secret_obs = services.observation_create(datastream=internal, result=7000, feature_of_interest=secret_foi)
    return {
        "mixed": mixed,
        "public": public,
        "internal_of_mixed": internal_of_mixed,
        "hidden": {
            "Things": secret.pk,
            "Locations": location.pk,
            "HistoricalLocations": history.pk,
            "Sensors": internal.sensor.pk,
            "ObservedProperties": internal.observed_property.pk,
            "FeaturesOfInterest": secret_foi.pk,
            "Datastreams": internal.pk,
            "Observations": secret_obs.pk,
        },
    }


@pytest.fixture
def callers(client, sectors):
    return {
        "anonymous": StaClient(client),
        "other sector": StaClient(client, api_token_create(name="Verkehr", sectors=["verkehr"])[1]),
        "energie": StaClient(client, api_token_create(name="Energie", sectors=["energie"])[1]),
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["@iot.id"] for item in response.json()["value"]}


@pytest.mark.parametrize("who", ["anonymous", "other sector"])
def test_no_oracle_through_related_entities(callers, town, who):
    caller = callers[who]
    mixed = town["mixed"].pk
    assert _ids(caller.get("/Things", **{"$filter": ORACLE})) == set()
    assert mixed in _ids(caller.get("/Things", **{"$filter": f"not ({ORACLE})"}))
    assert _ids(caller.get("/Sensors", **{"$filter": ORACLE})) == set()
    assert _ids(caller.get("/ObservedProperties", **{"$filter": ORACLE})) == set()
    assert _ids(caller.get("/Locations", **{"$filter": f"Things/{ORACLE}"})) == set()
    assert _ids(caller.get("/FeaturesOfInterest", **{"$filter": "Observations/result gt 5000"})) == set()
    assert _ids(caller.get("/Things", **{"$filter": "Datastreams/name eq 'Zählerstand intern'"})) == set()
    expanded = caller.get(f"/Things({mixed})", **{"$expand": "Datastreams($filter=Observations/result gt 5000)"})
    assert expanded.json()["Datastreams"] == []
    # the token that covers the internal data gets the true answers
    energie = callers["energie"]
    assert _ids(energie.get("/Things", **{"$filter": ORACLE})) == {mixed, town["hidden"]["Things"]}
    assert town["hidden"]["Locations"] in _ids(energie.get("/Locations", **{"$filter": f"Things/{ORACLE}"}))


@pytest.mark.parametrize(
    "entity_set",
    [
        "Things",
        "Locations",
        "HistoricalLocations",
        "Sensors",
        "ObservedProperties",
        "FeaturesOfInterest",
        "Datastreams",
        "Observations",
    ],
)
def test_every_listing_and_entity_hides_internal_only_entities(callers, town, entity_set):
    hidden = town["hidden"][entity_set]
    for who in ("anonymous", "other sector"):
        caller = callers[who]
        assert hidden not in _ids(caller.get(f"/{entity_set}"))
        assert caller.get(f"/{entity_set}", **{"$count": "true"}).json()["@iot.count"] == len(
            _ids(caller.get(f"/{entity_set}"))
        )
        assert caller.get(f"/{entity_set}({hidden})").status_code == 404
        assert caller.get(f"/{entity_set}({hidden})/$ref").status_code == 404
        assert caller.get(f"/{entity_set}", **{"$filter": f"id eq {hidden}"}).json()["value"] == []
    energie = callers["energie"]
    assert hidden in _ids(energie.get(f"/{entity_set}"))
    assert energie.get(f"/{entity_set}({hidden})").status_code == 200


def test_navigation_urls_and_expand(callers, town):
    anon = callers["anonymous"]
    hidden = town["hidden"]
    public, secret_stream = town["public"], town["internal_of_mixed"]
    assert anon.get(f"/Datastreams({public.pk})/Thing").json()["@iot.id"] == town["mixed"].pk
    assert [d["@iot.id"] for d in anon.get(f"/Things({town['mixed'].pk})/Datastreams").json()["value"]] == [public.pk]
    assert anon.get(f"/Datastreams({secret_stream.pk})/Observations").status_code == 404
    assert anon.get(f"/Observations({hidden['Observations']})/FeatureOfInterest").status_code == 404
    assert anon.get(f"/Locations({hidden['Locations']})/Things").status_code == 404
    assert anon.get(f"/FeaturesOfInterest({hidden['FeaturesOfInterest']})/Observations").status_code == 404
    # a Sensor shared by a public and an internal stream stays visible, with only the public stream
    sensor = anon.get(f"/Sensors({public.sensor_id})", **{"$expand": "Datastreams"}).json()
    assert [d["@iot.id"] for d in sensor["Datastreams"]] == [public.pk]
    foi_list = anon.get("/FeaturesOfInterest", **{"$expand": "Observations"}).json()["value"]
    assert {o["result"] for foi in foi_list for o in foi["Observations"]} == {1}
    deep = anon.get("/Things", **{"$expand": "Datastreams/Observations/FeatureOfInterest,Locations"}).json()
    assert [t["@iot.id"] for t in deep["value"]] == [town["mixed"].pk]
    assert {o["result"] for d in deep["value"][0]["Datastreams"] for o in d["Observations"]} == {1}
    observed = anon.get("/Observations", **{"$expand": "Datastream/Thing", "$filter": "Datastream/Thing/name ne ''"})
    assert {o["Datastream"]["@iot.id"] for o in observed.json()["value"]} == {public.pk}
