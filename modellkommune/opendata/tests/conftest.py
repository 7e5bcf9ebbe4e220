import pytest


@pytest.fixture
def catalogue(municipality, settings):
    """The demo catalogue: manual datasets with uploaded CSV files plus whatever the providers generate."""
    settings.SITE_URL = "http://testserver.example"
    from modellkommune.opendata import demo

    demo.load()


@pytest.fixture
def staff(db):
    from modellkommune.accounts.tests.factories import StaffFactory

    return StaffFactory(email="opendata.staff@iserlohn.example")
