"""Write access needs a Bearer token with a fitting scope; internal datastreams are hidden from others."""

import pytest
from django.core.management import call_command

from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import ApiToken, Observation

from .conftest import StaClient

pytestmark = pytest.mark.django_db


def test_writes_need_a_token(anon, network):
    response = anon.post(f"/Datastreams({network['counts'].pk})/Observations", {"result": 1})
    assert response.status_code == 401
    assert "Bearer" in response.json()["message"]
    wrong = StaClient(anon.client, "sta_falsch")
    assert wrong.get("/Things").status_code == 401


def test_scope_per_sector_and_per_thing(client, network):
    energy = StaClient(client, api_token_create(name="Energie", sectors=["energie"])[1])
    counts, temperature = network["counts"], network["temperature"]
    denied = energy.post(f"/Datastreams({counts.pk})/Observations", {"result": 1})
    assert denied.status_code == 403 and "sector verkehr" in denied.json()["message"]
    assert energy.post(f"/Datastreams({temperature.pk})/Observations", {"result": 4.5}).status_code == 201
    per_thing = StaClient(client, api_token_create(name="Gateway", things=[network["thing"].pk])[1])
    assert per_thing.post(f"/Datastreams({counts.pk})/Observations", {"result": 2}).status_code == 201
    assert per_thing.post("/Things", {"name": "Neu", "description": "d"}).status_code == 403


def test_internal_datastreams_are_hidden_without_a_fitting_token(anon, sta, network):
    counts = network["counts"]
    counts.internal = True
    counts.save()
    assert anon.get(f"/Datastreams({counts.pk})").status_code == 404
    assert [d["name"] for d in anon.get("/Datastreams").json()["value"]] == ["Lufttemperatur"]
    assert anon.get("/Observations").json()["value"] == []
    expanded = anon.get(f"/Things({network['thing'].pk})", **{"$expand": "Datastreams"}).json()
    assert [d["name"] for d in expanded["Datastreams"]] == ["Lufttemperatur"]
    assert sta.get(f"/Datastreams({counts.pk})").status_code == 200  # the Verkehr token covers it
    assert len(sta.get("/Observations").json()["value"]) == Observation.objects.count()


def test_sta_token_command_prints_the_token_last(capsys, network):
    call_command("sta_token", "--name", "Pegel", "--scope", "sector:verkehr", "--scope", f"thing:{network['thing'].pk}")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(name="Pegel")
    assert raw.startswith("sta_") and token.token_hash != raw
    assert token.scope_sectors == ["verkehr"] and token.scope_things == [network["thing"].pk]
    with pytest.raises(Exception, match="unknown sector"):
        call_command("sta_token", "--name", "X", "--scope", "sector:mond")
