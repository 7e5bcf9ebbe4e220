"""A database outage gives a friendly German 503 page with Retry-After, and the site recovers by itself."""

import socket

import pytest
from django.db import OperationalError, connection

from modellkommune.core import dbstatus

MIDDLEWARE_PATH = "modellkommune.core.middleware_db.DatabaseOutageMiddleware"


@pytest.fixture
def outage_middleware(settings, client):
    """Installed where the operator puts it: right after SecurityMiddleware and WhiteNoise.

    The test client re-raises any exception a request signalled; a browser only sees the response."""
    client.raise_request_exception = False
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        position = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
        middleware.insert(position, MIDDLEWARE_PATH)
        settings.MIDDLEWARE = middleware
    dbstatus.record_success()
    yield
    dbstatus.record_success()


def _database_gone(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit() and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "Vorübergehend nicht erreichbar" in html
    assert "erneut" in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_outage_during_a_page_gives_friendly_503_then_recovers(client, council_demo, outage_middleware):
    assert client.get("/rat/vorlagen/").status_code == 200
    with connection.execute_wrapper(_database_gone):
        assert_friendly_503(client.get("/rat/vorlagen/"))
        assert_friendly_503(client.get("/"))
        assert dbstatus.is_down()
    response = client.get("/rat/vorlagen/")
    assert response.status_code == 200
    assert not dbstatus.is_down()


def test_outage_while_loading_the_session_of_a_logged_in_user(client, council_demo, outage_middleware):
    """The user and session are loaded in middleware, before any view runs."""
    from modellkommune.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    with connection.execute_wrapper(_database_gone):
        assert_friendly_503(client.get("/rat/"))
        response = client.post("/kontakt/", {"name": "Eva", "message": "Hallo"})
        assert_friendly_503(response)
    assert client.get("/rat/").status_code == 200


def test_api_clients_get_json_503(client, council_demo, outage_middleware):
    with connection.execute_wrapper(_database_gone):
        response = client.get("/oparl/v1.1/body")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == 503
    assert response["Retry-After"]


def test_other_errors_are_not_disguised_as_outage(client, council_demo, outage_middleware, settings):
    """A programming error stays a 500 (and is reported), not a misleading 503."""
    from django.db import ProgrammingError

    def broken(execute, sql, params, many, context):
        raise ProgrammingError("column does not exist")

    with connection.execute_wrapper(broken):
        try:
            response = client.get("/rat/vorlagen/")
        except ProgrammingError:
            return  # the error page failed too: the server answers its bare 500, never our 503
    assert response.status_code == 500


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_real_connection_refused_then_restored(client, outage_middleware):
    """Point the connection at a closed port (the server is gone), then back: no restart needed."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: an SQLite file cannot go away like a server")
    from modellkommune.core import demo

    demo.load()
    assert client.get("/").status_code == 200
    original_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(_closed_port())
    try:
        assert_friendly_503(client.get("/"))
        assert_friendly_503(client.get("/rat/"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert client.get("/").status_code == 200
    assert client.get("/healthz").json()["database"] == "ok"
