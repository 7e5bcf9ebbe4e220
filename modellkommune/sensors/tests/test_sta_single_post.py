"""A device's POST Datastreams(N)/Observations (api/single_post.py on PostgreSQL, the general path on SQLite)
answers exactly as the general path does, with the same checks and errors, and stores nothing it refuses."""

import pytest

from modellkommune.sensors.auth import api_token_create, api_token_revoke
from modellkommune.sensors.models import ApiToken, Observation

from .conftest import StaClient

pytestmark = pytest.mark.django_db


def _without_ids(body: dict, pk: int) -> dict:
    return {key: value.replace(f"({pk})", "(ID)") if isinstance(value, str) else value for key, value in body.items()}


def test_the_same_answer_as_a_post_with_a_datastream_link(sta, network):
    stream = network["temperature"]
    reading = {"phenomenonTime": "2026-11-25T09:00:00Z", "result": 7.5, "parameters": {"batterie": "gut"}}
    short = sta.post(f"/Datastreams({stream.pk})/Observations", reading)
    linked = sta.post("/Observations", {**reading, "Datastream": {"@iot.id": stream.pk}})
    assert short.status_code == linked.status_code == 201, (short.content, linked.content)
    a, b = short.json(), linked.json()
    assert _without_ids(a, a["@iot.id"]) == {**_without_ids(b, b["@iot.id"]), "@iot.id": a["@iot.id"]}
    assert short["Location"] == a["@iot.selfLink"]
    stored = Observation.objects.get(pk=a["@iot.id"])
    assert stored.datastream_id == stream.pk and stored.parameters == {"batterie": "gut"}
    assert stored.feature_of_interest_id == Observation.objects.get(pk=b["@iot.id"]).feature_of_interest_id


def test_refusals_store_nothing(client, sta, network):
    stream = network["counts"]
    path = f"/Datastreams({stream.pk})/Observations"
    before = Observation.objects.count()
    cases = [
        (StaClient(client, "sta_unknown"), {"result": 1}, 401, "unknown or no longer active"),
        (sta, {"result": "viele"}, 400, "result"),
        (sta, {"result": 1, "farbe": "rot"}, 400, "unknown property 'farbe'"),
        (sta, {"result": 1, "phenomenonTime": "gestern"}, 400, "phenomenonTime"),
        (sta, ["result", 1], 400, "JSON object"),
    ]
    other = api_token_create(name="Schulrechner", sectors=["bildung"])[1]
    cases.append((StaClient(client, other), {"result": 1}, 403, "may not write to"))
    for caller, body, status, words in cases:
        response = caller.post(path, body)
        assert response.status_code == status, (body, response.content)
        assert words in response.json()["message"], (body, response.json())
    missing = sta.post("/Datastreams(999999)/Observations", {"result": 1})
    assert missing.status_code == 404, missing.content
    assert Observation.objects.count() == before


def test_a_revoked_token_stops_at_once_and_use_is_remembered(client, network):
    token, raw = api_token_create(name="Zählgerät", things=[network["thing"].pk])
    caller = StaClient(client, raw)
    path = f"/Datastreams({network['counts'].pk})/Observations"
    assert caller.post(path, {"result": 3}).status_code == 201
    assert ApiToken.objects.get(pk=token.pk).last_used is not None
    api_token_revoke(token=token)
    response = caller.post(path, {"result": 4})
    assert response.status_code == 401, response.content


def test_a_feature_of_interest_in_the_body_is_kept(sta, network):
    stream = network["counts"]
    foi = {
        "name": "Messpunkt Nord",
        "description": "mobil",
        "encodingType": "application/geo+json",
        "feature": {"type": "Point", "coordinates": [7.7, 51.38]},
    }
    response = sta.post(f"/Datastreams({stream.pk})/Observations", {"result": 2, "FeatureOfInterest": foi})
    assert response.status_code == 201, response.content
    assert Observation.objects.get(pk=response.json()["@iot.id"]).feature_of_interest.name == "Messpunkt Nord"


def test_a_devices_posts_run_as_prepared_statements(sta, network):
    """PostgreSQL plans the stream query and the INSERT once per connection (core/db_prepared.py): planning
    them on every POST cost more than running them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements of the session are PostgreSQL's")
    stream = network["temperature"]
    ids = []
    for minute in range(3):
        reading = {"phenomenonTime": f"2026-11-25T10:0{minute}:00Z", "result": 20 + minute}
        response = sta.post(f"/Datastreams({stream.pk})/Observations", reading)
        assert response.status_code == 201, response.content
        ids.append(response.json()["@iot.id"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("WITH new AS (INSERT INTO sensors_observation") for s in prepared), prepared
    assert any('FROM "sensors_datastream"' in s and "sensors_apitoken" in s for s in prepared), prepared
    stored = Observation.objects.filter(pk__in=ids).order_by("phenomenon_time_start")
    assert [o.result for o in stored] == [20, 21, 22]
    stream.refresh_from_db()
    assert stream.phenomenon_time_end.isoformat() == "2026-11-25T10:02:00+00:00"
