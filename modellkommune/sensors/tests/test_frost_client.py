"""Acceptance tests with the real Python client of the FROST reference server (frost-sta-client) against a
live HTTP server: deep insert, dataArray upload, $filter/$expand queries, following nextLinks."""

import datetime as dt

import frost_sta_client as fsc
import pytest
from frost_sta_client.model.ext.data_array_document import DataArrayDocument
from frost_sta_client.model.ext.data_array_value import DataArrayValue

from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import HistoricalLocation, Observation

pytestmark = pytest.mark.django_db(transaction=True)
MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


class BearerAuth(fsc.AuthHandler):
    """The client knows only Basic auth; the platform wants a Bearer token."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def add_auth_header(self):
        def apply(request):
            request.headers["Authorization"] = f"Bearer {self.token}"
            return request

        return apply


@pytest.fixture
def service(live_server, municipality):
    raw = api_token_create(name="FROST-Client", sectors=["verkehr"])[1]
    return fsc.SensorThingsService(f"{live_server.url}/sta/v1.1", auth_handler=BearerAuth(raw))


def new_thing() -> fsc.Thing:
    location = fsc.Location(
        name="Fritz-Kühn-Platz",
        description="Rathausvorplatz",
        encoding_type="application/vnd.geo+json",
        location={"type": "Point", "coordinates": [7.7009, 51.3747]},
    )
    datastream = fsc.Datastream(
        name="Besucher je Stunde",
        description="Passantenzählung am Rathaus",
        observation_type=MEASUREMENT,
        unit_of_measurement=fsc.UnitOfMeasurement(name="Personen", symbol="P", definition="https://example.org/p"),
        sensor=fsc.Sensor(
            name="Laserscanner",
            description="zählt Personen",
            encoding_type="application/pdf",
            metadata="https://example.org/l.pdf",
        ),
        observed_property=fsc.ObservedProperty(
            name="Passanten", definition="https://example.org/passanten", description="Personen je Stunde"
        ),
        properties={"sector": "verkehr"},
    )
    return fsc.Thing(
        name="Passantenzähler Rathaus",
        description="Zählt Fußgänger",
        properties={"sector": "verkehr"},
        locations=[location],
        datastreams=[datastream],
    )


def test_deep_insert_upload_query_and_paging(service):
    thing = new_thing()
    service.create(thing)
    assert isinstance(thing.id, int)
    fetched = service.things().find(thing.id)
    assert fetched.name == "Passantenzähler Rathaus"
    assert HistoricalLocation.objects.filter(thing_id=thing.id).count() == 1

    datastream = service.datastreams().query().filter(f"Thing/id eq {thing.id}").list().entities[0]
    assert datastream.name == "Besucher je Stunde"

    # one observation through a POST, linked by the whole fetched object plus @iot.id
    single = fsc.Observation(result=17, phenomenon_time="2026-11-25T06:00:00Z", datastream=datastream)
    service.create(single)
    assert Observation.objects.get(pk=single.id).feature_of_interest.feature["coordinates"] == [7.7009, 51.3747]

    # 250 more through the dataArray extension
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    value = DataArrayValue()
    value.datastream = datastream
    value.components = {DataArrayValue.Property.PHENOMENON_TIME, DataArrayValue.Property.RESULT}
    for hour in range(250):
        value.add_observation(
            fsc.Observation(
                phenomenon_time=(start + dt.timedelta(hours=hour)).isoformat(), result=hour % 24, datastream=datastream
            )
        )
    document = DataArrayDocument()
    document.add_data_array_value(value)
    created = service.observations().create(document)
    assert len(created) == 250
    assert Observation.objects.filter(datastream_id=datastream.id).count() == 251

    # $filter + $expand through the client
    things = (
        service.things()
        .query()
        .filter("name eq 'Passantenzähler Rathaus'")
        .expand("Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc))")
        .list()
    )
    latest = things.entities[0].datastreams.entities[0].observations.entities[0]
    assert latest.result == 17  # 2026-11-25 is later than the uploaded November series

    # follow the nextLinks (pages of 100, ties in result) to exactly the count
    query = service.observations().query().filter(f"Datastream/id eq {datastream.id} and result lt 12")
    listing = query.orderby("result").top(100).count().list()
    seen = [obs.id for obs in listing]
    expected = Observation.objects.filter(datastream_id=datastream.id, result_number__lt=12).count()
    assert len(seen) == len(set(seen)) == expected
    # orderby() defaults to descending in this client
    first_results = [
        obs.result
        for obs in service.observations()
        .query()
        .filter(f"Datastream/id eq {datastream.id}")
        .orderby("result")
        .top(3)
        .list()
        .entities
    ]
    assert first_results == [23, 23, 23]


def test_update_sends_put_and_delete(service):
    thing = new_thing()
    service.create(thing)
    fetched = service.things().find(thing.id)
    fetched.description = "Zählt Fußgänger und Radfahrer"
    service.update(fetched)
    assert service.things().find(thing.id).description == "Zählt Fußgänger und Radfahrer"
    # patch() sends JSON Patch
    service.patch(fetched, [{"op": "replace", "path": "/properties/sector", "value": "energie"},
                            {"op": "add", "path": "/properties/etage", "value": 2}])  # fmt: skip
    assert service.things().find(thing.id).properties == {"sector": "energie", "etage": 2}
    service.delete(fetched)
    with pytest.raises(Exception):  # noqa: B017 - the client raises its own error type for 404
        service.things().find(thing.id)
