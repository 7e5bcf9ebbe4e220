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


@pytest.fixture
def sensor_catalogue(catalogue):
    """The demo catalogue with the demo sensor network and one day of its observations."""
    from modellkommune.opendata.services import catalogue_sync
    from modellkommune.sensors import demo as sensors_demo

    sensors_demo.load_history(sensors_demo.build_network(), days=1)
    catalogue_sync()
