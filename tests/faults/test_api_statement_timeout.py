"""API_STATEMENT_TIMEOUT_MS: an API read that runs too long in PostgreSQL is cancelled and answered with 503 and
Retry-After in the API's own error format (OParl, Open311 JSON/XML; STA in modellkommune/sensors/tests), never
with a 500. Pages of the site are not limited. On SQLite the setting is a no-op."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _slow_selects(execute, sql, params, many, context):
    """Every SELECT takes 2 s: what an unbounded query does, without needing a big table."""
    if sql.lstrip().upper().startswith("SELECT") and "statement_timeout" not in sql:
        sql = f"SELECT q.* FROM ({sql}) AS q, (SELECT pg_sleep(2)) AS slow"  # noqa: S608 - test-only wrapper
    return execute(sql, params, many, context)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is a PostgreSQL setting")


def _assert_503(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"


def test_oparl_list_times_out_with_oparl_error(client, council_demo, settings, postgres_only):
    settings.API_STATEMENT_TIMEOUT_MS = 300
    with connection.execute_wrapper(_slow_selects):
        response = client.get("/oparl/v1.1/body")
    _assert_503(response)
    assert "abgebrochen" in response.json()["message"]
    assert response.json()["type"].endswith("Error") or "error" in response.json()["type"].lower()
    assert client.get("/oparl/v1.1/body").status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_requests_time_out_in_georeport_format(client, municipality, settings, postgres_only, fmt):
    settings.API_STATEMENT_TIMEOUT_MS = 300
    with connection.execute_wrapper(_slow_selects):
        response = client.get(f"/open311/v2/requests.{fmt}")
    _assert_503(response)
    assert b"503" in response.content and "abgebrochen" in response.content.decode()
    assert client.get(f"/open311/v2/requests.{fmt}").status_code == 200


def test_no_timeout_on_sqlite(client, council_demo, settings):
    if connection.vendor == "postgresql":
        pytest.skip("tested above")
    settings.API_STATEMENT_TIMEOUT_MS = 1
    assert client.get("/oparl/v1.1/body").status_code == 200


@pytest.mark.django_db(transaction=True)  # no test transaction: the connection as in production
def test_limit_is_set_once_per_connection_and_never_reaches_pages(client, settings, postgres_only):
    """API reads set the limit once per connection (no BEGIN/set_config/COMMIT per request); OParl and STA
    requests keep it; the first page after them runs with the connection's own value again."""
    from django.test.utils import CaptureQueriesContext

    settings.API_STATEMENT_TIMEOUT_MS = 4321

    def current() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    before = current()
    assert client.get("/sta/v1.1/Things").status_code == 200
    assert current() == "4321ms"
    for url in ("/sta/v1.1/Things", "/oparl/v1.1/system", "/sta/v1.1/Datastreams"):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        sql = [q["sql"] for q in captured.captured_queries]
        assert not any("statement_timeout" in s or s.upper() in {"BEGIN", "COMMIT"} for s in sql), sql
    client.get("/")  # a page of the site
    assert current() == before
    assert client.get("/sta/v1.1/Things").status_code == 200  # and the next API request sets it again
    assert current() == "4321ms"
    client.get("/admin/login/")
    assert current() == before


@pytest.mark.django_db(transaction=True)
def test_per_transaction_mode_leaves_nothing_on_the_connection(client, settings, postgres_only):
    """Behind a transaction-pooling proxy the limit goes into the request's transaction and ends with it."""
    settings.API_STATEMENT_TIMEOUT_MS = 300
    settings.API_STATEMENT_TIMEOUT_PER_TRANSACTION = True
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    assert client.get("/sta/v1.1/Things").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before
    with connection.execute_wrapper(_slow_selects):
        _assert_503(client.get("/oparl/v1.1/body"))
