"""Staff maintain datasets in the admin; the admin form refuses what the services refuse."""

import pytest

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.opendata.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, municipality):
    from modellkommune.accounts.tests.factories import StaffFactory

    user = StaffFactory(email="admin.opendata@iserlohn.example", is_superuser=True)
    login_with_mfa(client, user)
    return client


def _form(**overrides):
    data = {
        "slug": "radwege", "title": "Radwege", "description": "Das Radwegenetz.", "publisher_name": "Stadt Iserlohn",
        "publisher_url": "https://www.iserlohn.example", "contact_name": "Open-Data-Stelle",
        "contact_email": "opendata@iserlohn.example", "licence": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "themes": ["TRAN"], "keywords": "Rad, Verkehr",
        "political_geocoding_uri": "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05962024",
        "political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
        "spatial_uri": "", "accrual_periodicity": "ANNUAL", "published": "on",
        "distributions-TOTAL_FORMS": "0", "distributions-INITIAL_FORMS": "0",
        "distributions-MIN_NUM_FORMS": "0", "distributions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_admin_creates_a_dataset(admin_client):
    response = admin_client.post("/admin/opendata/dataset/add/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get(slug="radwege")
    assert dataset.keywords == ["Rad", "Verkehr"]
    assert dataset.themes == ["TRAN"]


def test_admin_refuses_a_missing_theme_naming_the_property(admin_client):
    response = admin_client.post("/admin/opendata/dataset/add/", _form(themes=[]))
    assert response.status_code == 200
    assert "dcat:theme" in response.content.decode()
    assert not Dataset.objects.exists()


def test_admin_refuses_a_foreign_licence(admin_client):
    response = admin_client.post("/admin/opendata/dataset/add/", _form(licence="http://example.org/lizenz"))
    assert response.status_code == 200
    assert not Dataset.objects.exists()
