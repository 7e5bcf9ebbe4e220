"""Cost limits and bad input of the SensorThings API (issue 11.3 and the STA "Low" items): entities per
response, parts per $batch, filter complexity, deeply nested bodies, database outage and statement timeout."""

import json

import pytest
from django.db import OperationalError, connection

from modellkommune.core import dbstatus
from modellkommune.sensors import services

from .conftest import BASE, StaClient

pytestmark = pytest.mark.django_db
HEAVY = {
    "$top": "1000",
    "$expand": "Datastreams($top=1000;$expand=Observations($top=1000;$expand=FeatureOfInterest))",
}


@pytest.fixture
def readings(network):
    for value in range(30):
        services.observation_create(datastream=network["counts"], result=value)
    return network


def test_expansion_cost_limit_answers_400_naming_it(anon, readings, settings):
    """The request from issue 11.3: the work stops at the limit, and the client learns the limit."""
    settings.STA_MAX_RESPONSE_ENTITIES = 25
    response = anon.get("/Things", **HEAVY)
    assert response.status_code == 400
    message = response.json()["message"]
    assert "more than 25 entities" in message and "$top" in message
    settings.STA_MAX_RESPONSE_ENTITIES = 10000
    full = anon.get("/Things", **HEAVY)
    assert full.status_code == 200
    assert len(full.json()["value"][0]["Datastreams"][0]["Observations"]) == 32  # 2 from the sample, 30 above


def test_expansion_cost_limit_spans_the_whole_batch(anon, readings, settings):
    """Three heavy reads in one $batch share one budget: a batch is no way around the limit."""
    settings.STA_MAX_RESPONSE_ENTITIES = 80
    url = "v1.1/Things?$top=1000&$expand=Datastreams($top=1000;$expand=Observations($top=1000))"
    body = {"requests": [{"id": str(i), "method": "get", "url": url} for i in range(3)]}
    statuses = [r["status"] for r in anon.post("/$batch", body).json()["responses"]]
    assert statuses[0] == 200 and statuses[-1] == 400


def test_batch_parts_are_limited(anon, sectors, settings):
    settings.STA_BATCH_MAX_REQUESTS = 100
    body = {"requests": [{"id": str(i), "method": "get", "url": "v1.1/Things"} for i in range(101)]}
    response = anon.post("/$batch", body)
    assert response.status_code == 400
    assert "at most 100 requests" in response.json()["message"]
    body["requests"].pop()
    assert anon.post("/$batch", body).status_code == 200


def test_huge_or_filter_is_a_clear_400_also_in_batch(anon, network):
    """A 5,000-term "or" filter gave a 500 in $batch."""
    huge = " or ".join(f"id eq {i}" for i in range(5000))
    direct = anon.get("/Things", **{"$filter": huge})
    assert direct.status_code == 400 and "too complex" in direct.json()["message"]
    body = {"requests": [{"id": "1", "method": "get", "url": "v1.1/Things?$filter=" + huge.replace(" ", "%20")}]}
    answer = anon.post("/$batch", body).json()["responses"][0]
    assert answer["status"] == 400 and "too complex" in answer["body"]["message"]
    fine = " or ".join(f"id eq {i}" for i in range(network["thing"].pk, network["thing"].pk + 90))
    assert len(anon.get("/Things", **{"$filter": fine}).json()["value"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "not " * 390 + "id eq 1",
        "(" * 190 + "id eq 1" + ")" * 190,
        "id eq " + " add ".join(["1"] * 190),
    ],
)
def test_nested_filters_never_give_500(anon, network, text):
    assert anon.get("/Things", **{"$filter": text}).status_code in {200, 400}


def test_deeply_nested_body_is_refused_after_the_token_check(client, sta, network):
    nested = "[" * 100_000 + "]" * 100_000
    anonymous = StaClient(client)
    response = anonymous.post("/Things", nested, raw=True)
    assert response.status_code == 401  # the token is checked before the body is read
    response = sta.post("/Things", nested, raw=True)
    assert response.status_code == 400 and "nested more than 64 levels" in response.json()["message"]
    moderately = {"name": "x", "description": "y", "properties": json.loads('{"a":' * 70 + "1" + "}" * 70)}
    assert sta.post("/Things", moderately).status_code == 400
    assert anonymous.post("/$batch", nested, raw=True).status_code == 400


def _database_gone(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/Things", None),
        ("get", "/Things?$filter=name eq 'x'", None),
        ("post", "/$batch", {"requests": [{"id": "1", "method": "get", "url": "v1.1/Things"}]}),
        ("post", "/Things", {"name": "x", "description": "y"}),
    ],
)
def test_database_outage_is_503_with_retry_after(client, network, token, method, path, body):
    """STA answered an outage with 400; like the rest of the site it must be 503 with Retry-After."""
    client.raise_request_exception = False
    dbstatus.record_success()
    sta = StaClient(client, token)
    sta._headers = lambda: {}  # no token lookup: the outage must surface inside the STA view itself
    with connection.execute_wrapper(_database_gone):
        if method == "get":
            response = client.get(BASE + path)
        else:
            response = client.post(
                BASE + path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
    dbstatus.record_success()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == 503


def _slow_first_select(execute, sql, params, many, context):
    """Every SELECT on sensor tables takes 2 s: what a heavy query does, without needing a big table."""
    if sql.lstrip().upper().startswith("SELECT") and "sensors_" in sql:
        sql = f"SELECT q.* FROM ({sql}) AS q, (SELECT pg_sleep(2)) AS slow"  # noqa: S608 - test-only wrapper
    return execute(sql, params, many, context)


def test_statement_timeout_answers_503_on_postgresql(anon, network, settings):
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is a PostgreSQL setting (no-op on SQLite, see the next test)")
    settings.API_STATEMENT_TIMEOUT_MS = 300
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with connection.execute_wrapper(_slow_first_select):
        response = anon.get("/Things")
        batch = anon.post("/$batch", {"requests": [{"id": "1", "method": "get", "url": "v1.1/Things"}]})
    for answer in (response, batch):
        assert answer.status_code == 503
        assert int(answer["Retry-After"]) > 0
        assert "0.3 s" in answer.json()["message"]
    assert anon.get("/Things").status_code == 200
    # the limit ends with the request: the connection keeps no limit of its own afterwards
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def test_statement_timeout_is_a_no_op_on_sqlite(anon, network, settings):
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL behaviour is tested above")
    settings.API_STATEMENT_TIMEOUT_MS = 1
    assert anon.get("/Things", **{"$expand": "Datastreams/Observations"}).status_code == 200


def test_expanded_to_one_relations_do_not_cost_a_query_per_row(anon, readings, django_assert_max_num_queries):
    """Observations($expand=FeatureOfInterest) loads the FOIs with the observations: 32 rows, a handful of queries
    (this took 4,700 queries and 26 s for the request of issue 11.3 on the demo data)."""
    with django_assert_max_num_queries(15):  # on PostgreSQL two of them set the statement timeout
        response = anon.get("/Things", **{"$expand": "Datastreams($expand=Observations($expand=FeatureOfInterest))"})
    observations = response.json()["value"][0]["Datastreams"][0]["Observations"]
    assert len(observations) == 32 and all(o["FeatureOfInterest"]["@iot.id"] for o in observations)
