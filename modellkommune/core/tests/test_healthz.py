from unittest import mock

from django.db.utils import OperationalError


def test_healthz_reports_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["X-Request-ID"]


def test_healthz_reports_503_when_database_is_down(client, db):
    with mock.patch("modellkommune.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
