"""Issue 12, item 8: what STA 1.1 / OData say and what generic clients send - fractionalseconds(), comparisons
of time intervals, $orderby=result over mixed types, dataArray with $select, HistoricalLocations without a
Location, $orderby error messages, the multipart $batch format, updates with inline entities, null maps."""

import json
from email import policy
from email.parser import BytesParser

import pytest

from modellkommune.sensors.models import Datastream, HistoricalLocation, Observation, Sensor, Thing

pytestmark = pytest.mark.django_db

OM_OBSERVATION = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Observation"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["@iot.id"] for item in response.json()["value"]]


def post_obs(sta, stream, **body):
    response = sta.post("/Observations", {"Datastream": {"@iot.id": stream.pk}, **body})
    assert response.status_code == 201, response.content
    return response.json()["@iot.id"]


@pytest.fixture
def stream(network):
    return network["temperature"]


# ---- fractionalseconds() ---------------------------------------------------------------------------------
def test_fractionalseconds_in_filter(sta, anon, stream):
    quarter = post_obs(sta, stream, phenomenonTime="2026-11-26T10:00:00.250Z", result=1.5)
    whole = post_obs(sta, stream, phenomenonTime="2026-11-26T10:00:01Z", result=2.5)
    path = f"/Datastreams({stream.pk})/Observations"
    assert ids(anon.get(path, **{"$filter": "fractionalseconds(phenomenonTime) eq 0.25"})) == [quarter]
    assert whole in ids(anon.get(path, **{"$filter": "fractionalseconds(phenomenonTime) eq 0"}))
    assert quarter not in ids(anon.get(path, **{"$filter": "fractionalseconds(phenomenonTime) lt 0.1"}))


# ---- time intervals ----------------------------------------------------------------------------------------
@pytest.fixture
def timed(sta, stream):
    """An observation over 00:00-02:00, an instant at 03:00 with validTime 03:00-04:00, an instant at 05:00."""
    Observation.objects.filter(datastream=stream).delete()
    return {
        "span": post_obs(sta, stream, phenomenonTime="2026-12-01T00:00:00Z/2026-12-01T02:00:00Z", result=1.0),
        "three": post_obs(
            sta, stream, phenomenonTime="2026-12-01T03:00:00Z", result=2.0,
            validTime="2026-12-01T03:00:00Z/2026-12-01T04:00:00Z",
        ),
        "five": post_obs(sta, stream, phenomenonTime="2026-12-01T05:00:00Z", result=3.0),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("phenomenonTime lt 2026-12-01T01:00:00Z", []),  # the interval is not all before 01:00
        ("phenomenonTime eq 2026-12-01T01:00:00Z", ["span"]),  # 01:00 lies in it
        ("phenomenonTime eq 2026-12-01T02:00:00Z", ["span"]),  # ends included
        ("phenomenonTime ne 2026-12-01T01:00:00Z", ["three", "five"]),
        ("phenomenonTime le 2026-12-01T02:00:00Z", ["span"]),
        ("phenomenonTime lt 2026-12-01T02:30:00Z", ["span"]),
        ("phenomenonTime gt 2026-12-01T01:00:00Z", ["three", "five"]),
        ("phenomenonTime ge 2026-12-01T00:00:00Z", ["span", "three", "five"]),
        ("2026-12-01T01:00:00Z lt phenomenonTime", ["three", "five"]),  # literal on the left
        ("phenomenonTime eq 2026-12-01T03:00:00Z", ["three"]),  # instants stay instants
        ("phenomenonTime eq 2026-12-01T00:00:00Z/2026-12-01T02:00:00Z", ["span"]),  # the same interval
        ("phenomenonTime eq 2026-12-01T00:00:00Z/2026-12-01T01:00:00Z", []),
        ("phenomenonTime lt 2026-12-01T02:30:00Z/2026-12-01T04:00:00Z", ["span"]),
        ("phenomenonTime gt 2026-12-01T02:30:00Z/2026-12-01T04:00:00Z", ["five"]),
        ("validTime eq 2026-12-01T03:30:00Z", ["three"]),
        ("validTime ne 2026-12-01T03:30:00Z", ["span", "five"]),  # no validTime: not equal
        ("validTime eq null", ["span", "five"]),
    ],
)
def test_interval_comparisons(anon, stream, timed, expression, expected):
    response = anon.get(f"/Datastreams({stream.pk})/Observations", **{"$filter": expression, "$orderby": "id"})
    assert ids(response) == [timed[name] for name in expected]


def test_datastream_phenomenon_time_is_an_interval(anon, stream, timed):
    # the datastream's phenomenonTime is 00:00-05:00 now: 04:00 lies in it, and the interval is not before 04:00
    inside = anon.get("/Datastreams", **{"$filter": "phenomenonTime eq 2026-12-01T04:00:00Z"})
    assert stream.pk in ids(inside)
    before = anon.get("/Datastreams", **{"$filter": "phenomenonTime lt 2026-12-01T04:00:00Z"})
    assert stream.pk not in ids(before)


def test_interval_literal_needs_start_before_end(anon, stream):
    response = anon.get("/Observations", **{"$filter": "phenomenonTime eq 2026-12-01T02:00:00Z/2026-12-01T01:00:00Z"})
    assert response.status_code == 400
    assert "ends before it starts" in response.json()["message"]


# ---- $orderby=result over mixed types ----------------------------------------------------------------------------
def test_orderby_result_numbers_then_strings_then_others(sta, anon, network):
    thing = network["thing"]
    body = {
        "name": "Gemischte Ergebnisse", "description": "Zahlen, Texte und Wahrheitswerte",
        "observationType": OM_OBSERVATION,
        "unitOfMeasurement": {"name": "ohne", "symbol": "", "definition": "https://example.org/ohne"},
        "properties": {"sector": "verkehr"}, "Thing": {"@iot.id": thing.pk},
        "Sensor": {"@iot.id": network["counts"].sensor_id},
        "ObservedProperty": {"@iot.id": network["counts"].observed_property_id},
    }  # fmt: skip
    response = sta.post("/Datastreams", body)
    assert response.status_code == 201, response.content
    mixed = Datastream.objects.get(pk=response.json()["@iot.id"])
    for number, result in enumerate(["b", 12.5, True, "abc", 5, {"a": 1}, 100]):
        post_obs(sta, mixed, phenomenonTime=f"2026-12-01T0{number}:00:00Z", result=result)

    def results(direction):
        response = anon.get(f"/Datastreams({mixed.pk})/Observations", **{"$orderby": f"result {direction}"})
        assert response.status_code == 200, response.content
        return [item["result"] for item in response.json()["value"]]

    ascending, descending = results("asc"), results("desc")
    assert ascending[:5] == [5, 12.5, 100, "abc", "b"]  # 100 after 12.5: numerically, not as text
    assert descending[:5] == [100, 12.5, 5, "b", "abc"]  # numbers first in both directions
    assert sorted(map(json.dumps, ascending[5:])) == sorted(map(json.dumps, [True, {"a": 1}]))


# ---- dataArray with $select --------------------------------------------------------------------------------------
def test_data_array_honours_select(anon, network):
    counts = network["counts"]
    path = f"/Datastreams({counts.pk})/Observations"
    response = anon.get(path, **{"$resultFormat": "dataArray", "$select": "result,phenomenonTime", "$orderby": "id"})
    assert response.status_code == 200, response.content
    group = response.json()["value"][0]
    assert group["components"] == ["result", "phenomenonTime"]
    assert group["dataArray"] == [[212, "2026-11-25T07:00:00Z"], [245, "2026-11-25T07:15:00Z"]]
    bad = anon.get(path, **{"$resultFormat": "dataArray", "$select": "FeatureOfInterest"})
    assert bad.status_code == 400 and "dataArray component" in bad.json()["message"]


# ---- deleting a Location -------------------------------------------------------------------------------------
def test_deleting_a_location_deletes_history_left_without_locations(sta, network):
    thing = network["thing"]
    first = thing.locations.get()
    lonely = HistoricalLocation.objects.get(thing=thing)
    second = sta.post("/Locations", {
        "name": "Zweiter Ort", "description": "Ersatz", "encodingType": "application/geo+json",
        "location": {"type": "Point", "coordinates": [7.7, 51.38]},
    }).json()["@iot.id"]  # fmt: skip
    shared = sta.post("/HistoricalLocations", {
        "time": "2026-11-26T00:00:00Z", "Thing": {"@iot.id": thing.pk},
        "Locations": [{"@iot.id": first.pk}, {"@iot.id": second}],
    })  # fmt: skip
    assert shared.status_code == 201, shared.content
    assert sta.delete(f"/Locations({first.pk})").status_code == 200
    assert not HistoricalLocation.objects.filter(pk=lonely.pk).exists()  # it had only this Location
    kept = HistoricalLocation.objects.get(pk=shared.json()["@iot.id"])
    assert list(kept.locations.values_list("pk", flat=True)) == [second]
    assert (
        sta.get("/HistoricalLocations", **{"$filter": f"Thing/id eq {thing.pk}"}).json()["value"][0]["@iot.id"]
        == kept.pk
    )


# ---- $orderby errors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("orderby", ["nosuch asc", "Thing/nosuch", "Datastream"])
def test_orderby_errors_name_orderby(anon, orderby):
    response = anon.get("/Observations", **{"$orderby": orderby})
    assert response.status_code == 400
    assert response.json()["message"].startswith("$orderby:"), response.json()


# ---- updates never create related entities inline ------------------------------------------------------------
def test_patch_with_inline_related_entity_is_refused(sta, network):
    thing, counts = network["thing"], network["counts"]
    inline = {"Locations": [{"name": "Neu", "description": "inline", "encodingType": "application/geo+json",
                             "location": {"type": "Point", "coordinates": [7.7, 51.4]}}]}  # fmt: skip
    response = sta.patch(f"/Things({thing.pk})", inline)
    assert response.status_code == 400 and "cannot create them inline" in response.json()["message"]
    sensor = {"Sensor": {"name": "S", "description": "d", "encodingType": "application/pdf", "metadata": "m"}}
    assert sta.patch(f"/Datastreams({counts.pk})", sensor).status_code == 400
    assert Sensor.objects.count() == 2 and thing.locations.count() == 1  # nothing was created


# ---- unset maps, null properties, conformance list -----------------------------------------------------------
def test_unset_properties_are_left_out_and_read_as_204(sta, anon):
    response = sta.post(
        "/Sensors", {"name": "S", "description": "d", "encodingType": "application/pdf", "metadata": "m"}
    )
    sensor = response.json()
    assert "properties" not in sensor  # not null (frost-sta-client) and not an invented {}
    assert anon.get(f"/Sensors({sensor['@iot.id']})/properties").status_code == 204
    assert anon.get(f"/Sensors({sensor['@iot.id']})/properties/$value").status_code == 204
    patched = sta.send("patch", f"/Sensors({sensor['@iot.id']})", [{"op": "add", "path": "/properties/a", "value": 1}])
    assert patched.status_code == 200, patched.content
    assert patched.json()["properties"] == {"a": 1}


def test_conformance_lists_json_patch(anon):
    conformance = anon.get("/").json()["serverSettings"]["conformance"]
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete/update-entity-jsonpatch" in conformance


# ---- multipart $batch ----------------------------------------------------------------------------------------
BOUNDARY = "batch_36522ad7-fc75-4b56-8c71-56071383e77b"
CHANGESET = "changeset_77162fcd-b8da-41ac-a9f8-9357efbbd"


def http_part(request_line, body=None, content_id=None):
    """One application/http part as OData clients write it (CRLF, Host, Content-Length)."""
    head = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id:
        head.append(f"Content-ID: {content_id}")
    lines = [*head, "", request_line, "Host: localhost"]
    payload = ""
    if body is not None:
        payload = json.dumps(body)
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload.encode())}"]
    return "\r\n".join([*lines, "", payload]) + "\r\n"


def multipart(*parts):
    return "".join(f"--{BOUNDARY}\r\n{part}" for part in parts) + f"--{BOUNDARY}--"


def changeset(*parts):
    inner = "".join(f"--{CHANGESET}\r\n{part}" for part in parts) + f"--{CHANGESET}--\r\n"
    return f"Content-Type: multipart/mixed;boundary={CHANGESET}\r\n\r\n{inner}"


def post_batch(client, token, body):
    return client.post(
        "/sta/v1.1/$batch", data=body.encode(), content_type=f"multipart/mixed;boundary={BOUNDARY}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip


def responses(response):
    """(status, Content-ID, JSON body or None) per answered request, change sets flattened."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("multipart/mixed; boundary=")
    raw = f"Content-Type: {response['Content-Type']}\r\n\r\n".encode() + response.content
    out = []
    for part in BytesParser(policy=policy.HTTP).parsebytes(raw).iter_parts():
        for sub in part.iter_parts() if part.is_multipart() else [part]:
            text = sub.get_payload(decode=True).decode()
            head, _, body = text.replace("\r\n", "\n").partition("\n\n")
            status = int(head.split("\n")[0].split()[1])
            out.append((status, sub.get("Content-ID"), json.loads(body) if body.strip() else None, head))
    return out


def test_multipart_batch_as_in_the_spec_example(client, token, network):
    """STA 1.1, 11.2.1 (query, change set with POST and PATCH, query of a missing entity) and 11.2.2 (a change
    set whose second request links the Sensor the first created by "$sensor1")."""
    thing = network["thing"]
    datastream = {
        "name": "Temperature Thing 5", "description": "The temperature of thing 5",
        "unitOfMeasurement": {"name": "degree Celsius", "symbol": "°C", "definition": "http://unitsofmeasure.org/ucum.html#para-30"},
        "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        "ObservedProperty": {"@iot.id": network["counts"].observed_property_id},
        "Sensor": {"@iot.id": "$sensor1"}, "properties": {"sector": "verkehr"},
    }  # fmt: skip
    sensor = {"name": "DS18B20", "description": "DS18B20 is an air temperature sensor",
              "encodingType": "application/pdf", "metadata": "http://datasheets.maxim-ic.com/en/ds/DS18B20.pdf"}  # fmt: skip
    body = multipart(
        http_part(f"GET /sta/v1.1/Things({thing.pk})?$select=name HTTP/1.1"),
        changeset(
            http_part("POST /sta/v1.1/Sensors HTTP/1.1", sensor, content_id="sensor1"),
            http_part(f"POST Things({thing.pk})/Datastreams HTTP/1.1", datastream, content_id="any"),
            http_part(f"PATCH http://testserver/sta/v1.1/Things({thing.pk}) HTTP/1.1", {"name": "Patched"}, "3"),
        ),
        http_part("GET Things(999999) HTTP/1.1"),
    )
    answered = responses(post_batch(client, token, body))
    assert [(status, cid) for status, cid, _, _ in answered] == [(200, None), (201, "sensor1"), (201, "any"),
                                                                 (200, "3"), (404, None)]  # fmt: skip
    assert answered[0][2] == {"name": thing.name}
    created = Datastream.objects.get(name="Temperature Thing 5")
    assert created.thing_id == thing.pk and created.sensor.name == "DS18B20"  # "$sensor1" bound
    assert f"/sta/v1.1/Datastreams({created.pk})" in answered[2][3].split("\n")[1]  # the Location header
    assert Thing.objects.get(pk=thing.pk).name == "Patched"
    assert answered[4][2]["code"] == 404


def test_multipart_change_set_is_all_or_nothing(client, token, network):
    sensor = {"name": "Verworfen", "description": "d", "encodingType": "application/pdf", "metadata": "m"}
    body = multipart(
        changeset(
            http_part("POST Sensors HTTP/1.1", sensor, content_id="1"),
            http_part("POST $1/Datastreams HTTP/1.1", {"name": "unvollständig"}, content_id="2"),
        )
    )
    answered = responses(post_batch(client, token, body))
    assert len(answered) == 1 and answered[0][0] == 400  # a failed change set answers once, with its error
    assert not Sensor.objects.filter(name="Verworfen").exists()


@pytest.mark.parametrize(
    "body",
    [
        "no multipart at all",
        f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--",
        multipart(http_part("FETCH Things HTTP/1.1")),
        multipart(changeset(http_part("GET Things HTTP/1.1", content_id="1"))),
        multipart("Content-Type: application/http\r\n\r\nPOST Things HTTP/1.1\r\n\r\n{not json\r\n"),
    ],
)
def test_multipart_batch_bad_input_is_400(client, token, sectors, body):
    response = post_batch(client, token, body)
    assert response.status_code == 400, response.content
    assert response.json()["message"].startswith("$batch:")


def test_multipart_batch_writes_need_a_token(client, network):
    body = multipart(http_part("POST Sensors HTTP/1.1", {"name": "x"}, content_id="1"))
    response = client.post("/sta/v1.1/$batch", data=body.encode(), content_type=f"multipart/mixed;boundary={BOUNDARY}")
    assert responses(response)[0][0] == 401


def test_json_batch_binds_created_entities_in_bodies(sta, network):
    """The JSON format takes the same "$<id>" references in bodies (STA 1.1, 11.2.2, written as JSON batch)."""
    sensor = {"name": "Referenziert", "description": "d", "encodingType": "application/pdf", "metadata": "m"}
    link = {"Sensor": {"@iot.id": "$s"}}
    body = {"requests": [
        {"id": "s", "atomicityGroup": "g", "method": "post", "url": "Sensors", "body": sensor},
        {"id": "p", "atomicityGroup": "g", "method": "patch", "url": f"Datastreams({network['counts'].pk})", "body": link},
    ]}  # fmt: skip
    response = sta.post("/$batch", body)
    assert [part["status"] for part in response.json()["responses"]] == [201, 200]
    network["counts"].refresh_from_db()
    assert network["counts"].sensor.name == "Referenziert"
    unknown = sta.post(
        "/$batch", {"requests": [{"id": "x", "method": "patch", "url": "Sensors(1)", "body": {"@iot.id": "$nope"}}]}
    )
    assert unknown.json()["responses"][0]["status"] == 400
