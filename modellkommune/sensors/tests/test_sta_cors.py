"""CORS on /sta/ (issue 12.6) as a browser does it: a preflight without token, public reads from any origin,
writes only from the origins in STA_CORS_WRITE_ORIGINS."""

import json

import pytest

from modellkommune.sensors.models import Thing

from .conftest import BASE

pytestmark = pytest.mark.django_db
DASHBOARD = "https://dashboard.iserlohn.example"
STRANGER = "https://evil.example"


def preflight(client, path, origin, method, headers="authorization, content-type"):
    return client.options(
        BASE + path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def allowed(response, header):
    return {item.strip().lower() for item in response.get(header, "").split(",")}


def test_preflight_for_a_read_needs_no_token_and_allows_authorization(client, sectors):
    response = preflight(client, "/Things", STRANGER, "GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "get" in allowed(response, "Access-Control-Allow-Methods")
    assert {"authorization", "content-type"} <= allowed(response, "Access-Control-Allow-Headers")


def test_preflight_with_a_broken_token_header_is_still_answered(client, sectors):
    response = client.options(
        BASE + "/Things(1)/Datastreams",
        HTTP_ORIGIN=STRANGER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_AUTHORIZATION="Bearer unknown",
    )
    assert response.status_code == 204


def test_public_read_from_any_origin(anon, client, network):
    response = client.get(BASE + "/Things", HTTP_ORIGIN=STRANGER)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    # errors are readable too, so a dashboard can show them
    response = client.get(BASE + "/Things", {"$filter": "name eq"}, HTTP_ORIGIN=STRANGER)
    assert response.status_code == 400 and response["Access-Control-Allow-Origin"] == "*"


def test_read_with_token_from_another_origin(client, token, network):
    response = client.get(BASE + "/Things", HTTP_ORIGIN=STRANGER, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"


def test_write_preflight_only_for_configured_origins(client, sectors, settings):
    settings.STA_CORS_WRITE_ORIGINS = [DASHBOARD]
    refused = preflight(client, "/Things", STRANGER, "POST")
    assert refused.status_code == 204
    assert "post" not in allowed(refused, "Access-Control-Allow-Methods")
    granted = preflight(client, "/Things", DASHBOARD, "PATCH")
    assert granted.status_code == 204
    assert granted["Access-Control-Allow-Origin"] == DASHBOARD
    assert {"post", "patch", "delete"} <= allowed(granted, "Access-Control-Allow-Methods")
    assert "Origin" in granted["Vary"]


def test_writes_from_foreign_origins_are_refused_unless_configured(client, token, settings):
    settings.STA_CORS_WRITE_ORIGINS = [DASHBOARD]
    body = json.dumps({"name": "Zähler", "description": "Test", "properties": {"sector": "verkehr"}})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    refused = client.post(BASE + "/Things", body, content_type="application/json", HTTP_ORIGIN=STRANGER, **headers)
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused
    assert not Thing.objects.exists()
    created = client.post(BASE + "/Things", body, content_type="application/json", HTTP_ORIGIN=DASHBOARD, **headers)
    assert created.status_code == 201, created.content
    assert created["Access-Control-Allow-Origin"] == DASHBOARD
    assert "location" in allowed(created, "Access-Control-Expose-Headers")
    # same-origin pages and clients without Origin are not browsers on a foreign origin
    own = client.post(
        BASE + "/Things", body, content_type="application/json", HTTP_ORIGIN="http://127.0.0.1", **headers
    )
    assert own.status_code == 201, own.content
    assert client.post(BASE + "/Things", body, content_type="application/json", **headers).status_code == 201


def test_no_write_origins_by_default(client, token, settings):
    assert settings.STA_CORS_WRITE_ORIGINS == []
    response = preflight(client, "/Things", DASHBOARD, "DELETE")
    assert "delete" not in allowed(response, "Access-Control-Allow-Methods")
