"""The hot paths of issue 12 by construction (their speed is measured in bench/sensors_bench.py, never here):
statements per single POST, one generated FeatureOfInterest under concurrent POSTs, one query per $expand
level for a whole page."""

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modellkommune.sensors.models import FeatureOfInterest, Observation

from .conftest import BASE, sample

pytestmark = pytest.mark.django_db


def _thing_without_observations(sta) -> dict:
    body = sample("thing_deep_insert.json")
    for stream in body["Datastreams"]:
        stream.pop("Observations", None)
    response = sta.post("/Things", body)
    assert response.status_code == 201, response.content
    return response.json()


def _statements(queries) -> list[str]:
    """What the request sends besides opening and closing its transaction (Django logs BEGIN and COMMIT)."""
    return [q["sql"] for q in queries if q["sql"].upper() not in {"BEGIN", "COMMIT"}]


@pytest.mark.django_db(transaction=True)  # no test transaction around the view: the statements of production
def test_single_post_takes_at_most_four_statements(sta, network):
    stream = network["counts"]
    path = f"/Datastreams({stream.pk})/Observations"
    assert sta.post(path, {"phenomenonTime": "2026-11-25T08:00:00Z", "result": 1}).status_code == 201  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = sta.post(path, {"phenomenonTime": "2026-11-25T09:00:00Z", "result": 7})
    assert response.status_code == 201, response.content
    statements = _statements(captured.captured_queries)
    # PostgreSQL (production): token and datastream in one SELECT, then INSERT, range UPDATE and the
    # observedArea in one statement, in autocommit: no BEGIN, no COMMIT (api/single_post.py; the API's
    # statement_timeout was set once for the connection by the warm-up).
    # SQLite (the embedded default): token, datastream, INSERT, range UPDATE, and two reads for the
    # observedArea, which shapely widens in Python (observed_area.py).
    if connection.vendor == "postgresql":
        assert len(captured.captured_queries) == 2, "\n".join(q["sql"] for q in captured.captured_queries)
    else:
        assert len(statements) <= 6, "\n".join(statements)
    assert not any(s.upper().startswith("SAVEPOINT") for s in statements)
    body = response.json()
    assert body["result"] == 7 and body["phenomenonTime"] == "2026-11-25T09:00:00Z"
    observation = Observation.objects.get(pk=body["@iot.id"])
    assert observation.feature_of_interest.source_location_id == network["thing"].locations.get().pk
    stream.refresh_from_db()
    assert stream.phenomenon_time_end.isoformat() == "2026-11-25T09:00:00+00:00"


def test_single_post_generates_the_feature_of_interest_once(sta):
    thing = _thing_without_observations(sta)
    stream_id = sta.get(f"/Things({thing['@iot.id']})/Datastreams").json()["value"][0]["@iot.id"]
    assert FeatureOfInterest.objects.count() == 0
    for minute in range(3):
        response = sta.post(
            f"/Datastreams({stream_id})/Observations", {"phenomenonTime": f"2026-11-25T09:0{minute}:00Z", "result": 3}
        )
        assert response.status_code == 201, response.content
    assert FeatureOfInterest.objects.count() == 1
    assert Observation.objects.filter(feature_of_interest=FeatureOfInterest.objects.get()).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes anyway")
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_without_feature_of_interest_generate_one(sta, token):
    thing = _thing_without_observations(sta)
    stream_id = sta.get(f"/Things({thing['@iot.id']})/Datastreams").json()["value"][0]["@iot.id"]
    n = 12
    barrier = threading.Barrier(n)
    statuses: list = []

    def worker(index: int) -> None:
        try:
            client = Client(HTTP_HOST="127.0.0.1")
            body = json.dumps({"phenomenonTime": f"2026-11-25T10:{index:02d}:00Z", "result": index})
            barrier.wait(timeout=10)
            response = client.post(
                f"{BASE}/Datastreams({stream_id})/Observations",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            statuses.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [201] * n
    assert FeatureOfInterest.objects.count() == 1
    assert Observation.objects.filter(datastream_id=stream_id).count() == n
    assert set(Observation.objects.values_list("feature_of_interest_id", flat=True)) == {
        FeatureOfInterest.objects.get().pk
    }


def _things(sta, n: int) -> None:
    for index in range(n):
        body = sample("thing_deep_insert.json")
        body["name"] = f"Zählstelle {index}"
        for stream in body["Datastreams"]:
            stream["Observations"] = [
                {"phenomenonTime": f"2026-11-25T0{hour}:00:00Z", "result": hour * 10 + index} for hour in range(4)
            ]
        assert sta.post("/Things", body).status_code == 201


EXPANDS = [
    "/Datastreams?$expand=Observations($top=1;$orderby=phenomenonTime desc)",
    "/Datastreams?$expand=Observations($top=2;$skip=1;$count=true;$select=result),Thing",
    "/Things?$expand=Datastreams($orderby=name desc;$expand=Observations($top=1;$expand=FeatureOfInterest)),Locations",
    "/Observations?$top=3&$expand=Datastream($expand=Observations($top=1;$orderby=result desc))",
    "/Locations?$expand=Things($expand=Datastreams($top=1;$filter=name eq 'Lufttemperatur'))",
    "/Datastreams?$expand=Observations($top=0;$count=true)",
    "/Things?$expand=Datastreams($expand=Observations($orderby=phenomenonTime desc;$top=3;$count=true))",
    "/Datastreams?$expand=Observations($filter=Datastream/name eq 'Lufttemperatur' and result ge 0;$top=2)",
]


@pytest.mark.parametrize("url", EXPANDS)
def test_expand_costs_one_query_per_level_whatever_the_page(sta, url):
    _things(sta, 2)
    with CaptureQueriesContext(connection) as few:
        small = sta.get(url)
    _things(sta, 4)
    with CaptureQueriesContext(connection) as many:
        large = sta.get(url)
    assert small.status_code == large.status_code == 200, large.content
    assert len(large.json()["value"]) > len(small.json()["value"]) or "$top=3" in url
    assert len(many.captured_queries) == len(few.captured_queries), "\n".join(q["sql"] for q in many.captured_queries)


@pytest.mark.parametrize("url", EXPANDS)
def test_expand_answers_as_parent_by_parent(sta, url, monkeypatch):
    """The batched expansion writes exactly what the old per-parent queries wrote."""
    from modellkommune.sensors.api import serializers, views

    _things(sta, 3)
    batched = sta.get(url)
    monkeypatch.setattr(serializers, "prefetch_expand", lambda *args, **kwargs: None)
    monkeypatch.setattr(views, "prefetch_expand", lambda *args, **kwargs: None)
    monkeypatch.setattr(serializers, "SQL_TIMES", False)
    one_by_one = sta.get(url)
    assert batched.status_code == one_by_one.status_code == 200
    assert batched.json() == one_by_one.json()


def test_expand_of_one_entity_is_batched_below_it(sta):
    _things(sta, 1)
    thing = sta.get("/Things?$top=1").json()["value"][0]["@iot.id"]
    url = f"/Things({thing})?$expand=Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc))"
    with CaptureQueriesContext(connection) as captured:
        body = sta.get(url).json()
    assert [len(d["Observations"]) for d in body["Datastreams"]] == [1, 1]
    assert body["Datastreams"][0]["Observations"][0]["phenomenonTime"] == "2026-11-25T03:00:00Z"
    # one query for the Datastreams of the Thing, one for all their Observations (besides token and visibility)
    observation_queries = [q["sql"] for q in captured.captured_queries if "sensors_observation" in q["sql"]]
    assert len(observation_queries) == 1
    batched = [q["sql"] for q in captured.captured_queries if "sta_parent" in q["sql"]]
    assert len(batched) == 2 and "sensors_observation" in batched[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_count_estimate_mode_asks_the_planner_above_the_threshold(sta, network, settings):
    exact = sta.get("/Observations?$count=true&$top=1").json()["@iot.count"]
    assert exact == 2
    settings.STA_COUNT_MODE = "estimate"
    settings.STA_COUNT_ESTIMATE_THRESHOLD = 10**9  # the estimate is small: counted exactly
    with CaptureQueriesContext(connection) as captured:
        assert sta.get("/Observations?$count=true&$top=1").json()["@iot.count"] == exact
    assert any(q["sql"].startswith("EXPLAIN") for q in captured.captured_queries)
    assert any("COUNT(*)" in q["sql"] for q in captured.captured_queries)
    settings.STA_COUNT_ESTIMATE_THRESHOLD = 0  # every estimate is taken as it is
    with CaptureQueriesContext(connection) as captured:
        body = sta.get("/Observations?$count=true&$top=1&$filter=result gt 1").json()
    assert isinstance(body["@iot.count"], int) and body["@iot.count"] >= 0
    assert not any("COUNT(*)" in q["sql"] for q in captured.captured_queries)
    assert len(body["value"]) == 1


def test_count_is_exact_by_default_and_on_sqlite(sta, network, settings):
    settings.STA_COUNT_MODE = "estimate" if connection.vendor != "postgresql" else "full"
    settings.STA_COUNT_ESTIMATE_THRESHOLD = 0
    assert sta.get("/Observations?$count=true&$top=1").json()["@iot.count"] == 2


def test_plain_observation_pages_equal_entity_json(sta, network, monkeypatch):
    from modellkommune.sensors.api import serializers

    stream = network["temperature"]
    bodies = [
        {
            "phenomenonTime": "2026-11-25T08:00:00Z/2026-11-25T08:15:00Z",
            "result": 3.5,
            "resultTime": "2026-11-25T08:16:00Z",
        },
        {
            "phenomenonTime": "2026-11-25T09:00:00.250Z",
            "result": -1,
            "validTime": "2026-11-25T09:00:00Z/2026-11-26T09:00:00Z",
            "parameters": {"Kalibrierung": "ok"},
            "resultQuality": {"Güte": "hoch"},
        },
        {"phenomenonTime": "2026-11-25T10:00:00+02:00", "result": 0},
        # written by PostgreSQL on that database: a fraction below a millisecond, microseconds, a big integer
        {"phenomenonTime": "2026-11-25T11:00:00.0005Z", "result": 12345678901234567890123},
        {"phenomenonTime": "2026-11-25T11:30:00.123456Z/2026-11-25T11:30:00.123456Z", "result": 1.50},
    ]
    for body in bodies:
        assert sta.post(f"/Datastreams({stream.pk})/Observations", body).status_code == 201
    assert serializers.FAST_OBSERVATIONS
    urls = [
        "/Observations",
        f"/Datastreams({stream.pk})/Observations?$orderby=phenomenonTime desc&$top=2&$count=true",
        "/Observations?$filter=result ge 0&$skip=1",
        # a join to the stream's table, whose time columns have the same names
        f"/Observations?$filter=Datastream/Thing/@iot.id eq {network['thing'].pk} and year(phenomenonTime) ge 2000"
        "&$orderby=result asc",
        # pages of model instances with their times written by PostgreSQL (with_text_times)
        "/Datastreams",
        "/Observations?$select=id,phenomenonTime,resultTime,validTime&$orderby=phenomenonTime desc",
        f"/Datastreams({stream.pk})?$expand=Observations($expand=FeatureOfInterest;$orderby=id)",
    ]
    fast = [sta.get(url).json() for url in urls]
    monkeypatch.setattr(serializers, "FAST_OBSERVATIONS", False)
    monkeypatch.setattr(serializers, "SQL_TIMES", False)  # the reference: model instances, times by Python
    assert fast == [sta.get(url).json() for url in urls]
    assert fast[1]["@iot.nextLink"] and len(fast[1]["value"]) == 2


@pytest.mark.parametrize("bad_id", [[1], {"x": 1}, None])
def test_odd_link_ids_answer_400_not_500(sta, network, bad_id):
    response = sta.post("/Observations", {"result": 1, "Datastream": {"@iot.id": bad_id}})
    assert response.status_code == 400, response.content
