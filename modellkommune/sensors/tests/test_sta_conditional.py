"""Conditional GET on the SensorThings API: an unchanged answer costs a bodiless 304."""

import pytest

from .conftest import BASE

pytestmark = pytest.mark.django_db


def test_unchanged_observations_answer_304_and_a_new_one_changes_the_etag(anon, sta, network):
    counts = network["counts"]
    path = f"/Datastreams({counts.pk})/Observations"
    first = anon.get(path)
    assert first.status_code == 200 and first["ETag"]
    assert "Authorization" in first["Vary"]
    again = anon.client.get(BASE + path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    created = sta.post(path, {"phenomenonTime": "2026-11-24T10:30:00Z", "result": 301})
    assert created.status_code == 201, created.content
    changed = anon.client.get(BASE + path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert 301 in [o["result"] for o in changed.json()["value"]]


def test_errors_and_writes_carry_no_etag(anon, sta, network):
    assert "ETag" not in anon.get("/Things(999999)")
    created = sta.post("/Things", {"name": "Zähler", "description": "Test"})
    assert created.status_code == 201 and "ETag" not in created
