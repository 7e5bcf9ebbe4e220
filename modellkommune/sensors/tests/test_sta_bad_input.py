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


@pytest.mark.parametrize(
    "raw",
    [
        b'{"result": 12345678901234567890123, "x": [1.5, -0, 1e-7, "\\u00fc"]}',  # beyond 64 bits: stays exact
        b'{"a": 1, "a": 2}',  # the last of duplicate keys
        b"[NaN, Infinity, -Infinity]",  # the standard library's extensions
        b'"\\ud800"',  # a lone surrogate
        b"1e400",  # beyond a double
        '{"ä": "ö"}'.encode("utf-16"),  # another encoding json.loads detects
        b"[" * 1100 + b"]" * 1100,  # deeper than orjson's limit
        b"{kaputt",
    ],
)
def test_request_bodies_read_as_the_standard_library_reads_them(raw):
    """The body parser takes orjson for speed, but answers (or errs) exactly as json.loads does."""
    import json
    import math

    from modellkommune.sensors.api.views import json_loads

    def outcome(parse):
        try:
            value = parse(raw)
        except RecursionError:
            return "RecursionError"
        except (ValueError, UnicodeDecodeError) as exc:
            return type(exc).__name__
        return json.dumps(value, allow_nan=True), [type(v) for v in (value if isinstance(value, list) else [value])]

    expected = outcome(json.loads)
    assert outcome(json_loads) == expected
    if raw.startswith(b'{"result"'):
        assert json_loads(raw)["result"] == 12345678901234567890123
    if raw.startswith(b"[NaN"):
        assert math.isnan(json_loads(raw)[0])
