"""A 9.7 KB PNG of 8900×8900 pixels is refused as a report photo, on the web form and through Open311."""

import io

import pytest

from modellkommune.core.tests.images import bomb_png

from ..models import Report
from .schemas import validate
from .test_open311_api import post_request
from .test_web import CREATE, form_data

pytestmark = pytest.mark.django_db


def _upload(name="bombe.png"):
    upload = io.BytesIO(bomb_png())
    upload.name = name
    return upload


def test_web_form_refuses_bomb(client, pothole):
    response = client.post(CREATE, form_data(email="erika@example.org", photos=_upload()))
    assert response.status_code == 400
    assert "zu viele Bildpunkte" in response.content.decode()
    assert not Report.objects.exists()


def test_open311_media_refuses_bomb(client, pothole, api_key):
    response = post_request(
        client,
        api_key=api_key,
        service_code="schlagloch",
        lat="51.3759",
        long="7.6949",
        description="Loch",
        files={"media": _upload(), "attribute[groesse]": "klein"},
    )
    assert response.status_code == 400, response.content
    validate(response.json(), "errors.json")
    assert "media" in response.json()[0]["description"]
    assert "Bildpunkte" in response.json()[0]["description"]
    assert not Report.objects.exists()
