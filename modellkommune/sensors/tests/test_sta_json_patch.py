"""JSON Patch (RFC 6902) on SensorThings entities (issue 12.7): patches as jsonpatch.make_patch() builds them,
including move and copy, and the authorization of what the patch changes (docs/sensors.md)."""

import copy

import jsonpatch
import pytest

from modellkommune.sensors.models import Datastream, Observation, Thing

pytestmark = pytest.mark.django_db


def read(anon, path):
    response = anon.get(path)
    assert response.status_code == 200
    return response.json()


def editable(entity: dict) -> dict:
    return {k: v for k, v in entity.items() if "@" not in k}


def test_make_patch_with_move_is_applied(sta, anon, network):
    path = f"/Things({network['thing'].pk})"
    before = editable(read(anon, path))
    after = copy.deepcopy(before)
    after["properties"]["eigentuemer"] = after["properties"].pop("betreiber")
    after["description"] = "Umgebaut"
    operations = jsonpatch.make_patch(before, after).patch
    assert "move" in {op["op"] for op in operations}
    response = sta.patch(path, operations)
    assert response.status_code == 200, response.content
    assert response.json()["properties"] == {"eigentuemer": "Stadt Iserlohn", "sector": "verkehr"}
    thing = Thing.objects.get(pk=network["thing"].pk)
    assert thing.description == "Umgebaut" and "betreiber" not in thing.properties


def test_copy_test_and_remove(sta, network):
    path = f"/Things({network['thing'].pk})"
    operations = [
        {"op": "test", "path": "/properties/betreiber", "value": "Stadt Iserlohn"},
        {"op": "copy", "from": "/properties/betreiber", "path": "/properties/hersteller"},
        {"op": "copy", "from": "/name", "path": "/description"},
        {"op": "remove", "path": "/properties/betreiber"},
    ]
    response = sta.patch(path, operations)
    assert response.status_code == 200, response.content
    thing = Thing.objects.get(pk=network["thing"].pk)
    assert thing.properties == {"hersteller": "Stadt Iserlohn", "sector": "verkehr"}
    assert thing.description == thing.name


def test_make_patch_between_two_versions_of_a_datastream(sta, anon, network):
    path = f"/Datastreams({network['counts'].pk})"
    before = editable(read(anon, path))
    after = copy.deepcopy(before)
    after["unitOfMeasurement"]["label"] = after["unitOfMeasurement"].pop("name")
    after["properties"]["quelle"] = copy.deepcopy(after["unitOfMeasurement"])
    response = sta.patch(path, jsonpatch.make_patch(before, after).patch)
    assert response.status_code == 200, response.content
    stream = Datastream.objects.get(pk=network["counts"].pk)
    assert "label" in stream.unit_of_measurement and "name" not in stream.unit_of_measurement
    assert stream.properties["quelle"] == stream.unit_of_measurement


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        ([{"op": "test", "path": "/name", "value": "falsch"}, {"op": "replace", "path": "/name", "value": "X"}],
         "test"),
        ([{"op": "move", "from": "/properties/fehlt", "path": "/properties/x"}], "JSON Patch"),
        ([{"op": "replace", "path": "/@iot.id", "value": 1}], "JSON Patch"),
        ([{"op": "add", "path": "/Datastreams", "value": []}], "not a property"),
        ([{"op": "frobnicate", "path": "/name"}], "JSON Patch"),
        ([{"op": "replace"}], "JSON Patch"),
        ([{"op": "remove", "path": ""}], "JSON Patch"),
        (["replace"], "JSON Patch"),
    ],
)  # fmt: skip
def test_bad_patches_are_400_and_change_nothing(sta, network, operations, message):
    thing = network["thing"]
    response = sta.patch(f"/Things({thing.pk})", operations)
    assert response.status_code == 400, response.content
    assert message in response.json()["message"]
    fresh = Thing.objects.get(pk=thing.pk)
    assert (fresh.name, fresh.properties) == (thing.name, thing.properties)


def test_read_only_property_cannot_be_patched(sta, network):
    path = f"/Datastreams({network['counts'].pk})"
    response = sta.patch(
        path, [{"op": "replace", "path": "/phenomenonTime", "value": "2020-01-01T00:00:00Z/2020-01-02T00:00:00Z"}]
    )
    assert response.status_code == 400 and "read-only" in response.json()["message"]


def test_a_patch_cannot_move_a_datastream_out_of_the_tokens_sectors(client, network, sectors):
    """The result of the patch is authorized like any update: the token may write Verkehr and Energie only."""
    from modellkommune.sensors.auth import api_token_create

    from .conftest import StaClient

    verkehr_only = StaClient(client, api_token_create(name="Nur Verkehr", sectors=["verkehr"])[1])
    stream = network["counts"]
    operations = [{"op": "copy", "from": "/properties/sector", "path": "/properties/vorher"},
                  {"op": "replace", "path": "/properties/sector", "value": "energie"}]  # fmt: skip
    response = verkehr_only.patch(f"/Datastreams({stream.pk})", operations)
    assert response.status_code == 403, response.content
    stream.refresh_from_db()
    assert stream.sector.code == "verkehr" and "vorher" not in stream.properties
    # and a token for another sector cannot patch it at all
    energie_only = StaClient(client, api_token_create(name="Nur Energie", sectors=["energie"])[1])
    observation = Observation.objects.filter(datastream=stream).first()
    move = [{"op": "move", "from": "/result", "path": "/parameters/alt"}]
    assert energie_only.patch(f"/Observations({observation.pk})", move).status_code == 403
    assert Observation.objects.get(pk=observation.pk).result == observation.result
