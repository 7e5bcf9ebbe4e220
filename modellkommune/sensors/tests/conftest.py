import json
from pathlib import Path

import pytest

from modellkommune.sensors.auth import api_token_create

from .mosquitto import private_broker  # noqa: F401 - a private Mosquitto with dynamic security for MQTT tests

BASE = "/sta/v1.1"


@pytest.fixture
def sectors(municipality):
    """The eight sectors (core demo)."""
    return municipality


@pytest.fixture
def token(sectors):
    """A token that may write everything in the sectors Verkehr and Energie."""
    return api_token_create(name="Verkehrsrechner", sectors=["verkehr", "energie"])[1]


class StaClient:
    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self._headers())

    def send(self, method, path, body, raw=False):
        data = body if raw else json.dumps(body)
        return getattr(self.client, method)(BASE + path, data=data, content_type="application/json", **self._headers())

    def post(self, path, body, raw=False):
        return self.send("post", path, body, raw)

    def patch(self, path, body):
        return self.send("patch", path, body)

    def put(self, path, body):
        return self.send("put", path, body)

    def delete(self, path):
        return self.client.delete(BASE + path, **self._headers())


@pytest.fixture
def sta(client, token):
    return StaClient(client, token)


@pytest.fixture
def anon(client, sectors):
    return StaClient(client)


DATA = Path(__file__).resolve().parent.parent / "testdata" / "sensorthings"


def sample(name: str):
    return json.loads((DATA / name).read_text())


@pytest.fixture
def network(sta):
    """The sample Thing of testdata/ created by deep insert: 1 Location, 2 Datastreams, 2 Observations."""
    response = sta.post("/Things", sample("thing_deep_insert.json"))
    assert response.status_code == 201, response.content
    from modellkommune.sensors.models import Thing

    thing = Thing.objects.get(pk=response.json()["@iot.id"])
    counts, temperature = thing.datastreams.order_by("id")
    return {"thing": thing, "counts": counts, "temperature": temperature}
