"""Bad input gives STA-style errors (400/401/403/404 with a message) and writes nothing."""

import pytest

from modellkommune.sensors.models import Observation, Thing

pytestmark = pytest.mark.django_db


def assert_error(response, status, words):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == status and body["type"] == "error"
    assert words in body["message"], body["message"]


def test_invalid_json(sta, sectors):
    assert_error(sta.post("/Things", "{name: kaputt", raw=True), 400, "not valid JSON")


def test_unknown_property_and_missing_required(sta, sectors):
    assert_error(
        sta.post("/Things", {"name": "X", "description": "Y", "farbe": "rot"}), 400, "unknown property 'farbe'"
    )
    assert_error(sta.post("/Things", {"description": "Y"}), 400, "'name' is required")
    assert not Thing.objects.exists()


def test_wrong_result_type_and_bad_time(sta, network):
    path = f"/Datastreams({network['counts'].pk})/Observations"
    assert_error(sta.post(path, {"result": "viele"}), 400, "OM_CountObservation needs an integer")
    assert_error(sta.post(path, {"result": 2.5}), 400, "OM_CountObservation needs an integer")
    assert_error(sta.post(path, {"result": 3, "phenomenonTime": "gestern"}), 400, "phenomenonTime")
    assert Observation.objects.count() == 2


def test_deep_insert_failing_late_writes_nothing(sta, sectors):
    body = {
        "name": "Halb",
        "description": "bricht ab",
        "Locations": [{"name": "L", "description": "d", "encodingType": "application/geo+json",
                       "location": {"type": "Point", "coordinates": [7.7, 51.37]}}],
        "Datastreams": [{"name": "D", "description": "d", "observationType": "erfunden",
                         "unitOfMeasurement": {}, "Sensor": {"@iot.id": 12345}}],
    }  # fmt: skip
    assert_error(sta.post("/Things", body), 400, "")
    assert not Thing.objects.exists()


def test_broken_filter_and_options(anon, network):
    assert_error(anon.get("/Things", **{"$filter": "name eq"}), 400, "$filter")
    assert_error(anon.get("/Things", **{"$filter": "farbe eq 'rot'"}), 400, "'farbe' is not a property of Thing")
    assert_error(anon.get("/Things", **{"$filter": "frobnicate(name)"}), 400, "unknown function 'frobnicate'")
    assert_error(anon.get("/Things", **{"$top": "-1"}), 400, "$top")
    assert_error(anon.get("/Things", **{"$top": "abc"}), 400, "$top")
    assert_error(anon.get("/Things", **{"$expand": "Gadgets"}), 400, "'Gadgets' is not a navigation property")
    assert_error(anon.get("/Things", **{"$select": "farbe"}), 400, "$select")
    assert_error(anon.get("/Things", **{"$orderby": "name sideways"}), 400, "$orderby")
    assert_error(anon.get("/Things", **{"$bogus": "1"}), 400, "unknown option")
    deep = "Datastreams($expand=Thing($expand=Datastreams($expand=Thing($expand=Datastreams))))"
    assert_error(anon.get("/Things", **{"$expand": deep}), 400, "levels deep")


def test_unknown_ids(sta, network):
    assert_error(sta.get("/Things(4711)"), 404, "Thing(4711) does not exist")
    assert_error(sta.patch("/Things(4711)", {"name": "x"}), 404, "Thing(4711)")
    assert_error(sta.post("/Observations", {"result": 1, "Datastream": {"@iot.id": 4711}}), 400, "Datastream(4711)")


def test_data_array_with_one_bad_row_writes_nothing(sta, network):
    body = [{"Datastream": {"@iot.id": network["counts"].pk}, "components": ["phenomenonTime", "result"],
             "dataArray": [["2026-11-25T08:00:00Z", 1], ["2026-11-25T08:15:00Z", "x"]]}]  # fmt: skip
    assert_error(sta.post("/CreateObservations", body), 400, "dataArray[1]")
    assert Observation.objects.count() == 2
