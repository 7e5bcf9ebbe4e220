import pytest

from ..services import api_key_create
from .factories import CategoryAttributeFactory, CategoryFactory


@pytest.fixture
def pothole(municipality):
    category = CategoryFactory(code="schlagloch", name="Schlagloch", group="Straße und Verkehr", keywords="Straße,Loch")
    CategoryAttributeFactory(category=category)
    return category


@pytest.fixture
def graffiti(municipality):
    return CategoryFactory(code="graffiti", name="Graffiti")


@pytest.fixture
def api_key(db):
    _key, raw = api_key_create(name="Test-App")
    return raw
