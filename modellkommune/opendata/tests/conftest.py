import pytest


@pytest.fixture
def catalogue(municipality, settings):
    """The demo catalogue: manual datasets with uploaded CSV files plus whatever the providers generate."""
    settings.SITE_URL = "http://testserver.example"
    from modellkommune.opendata import demo

    demo.load()


@pytest.fixture
def staff(db):
    """A member of the open-data office (permission opendata.manage_catalogue)."""
    from django.contrib.auth.models import Permission

    from modellkommune.accounts.tests.factories import StaffFactory

    user = StaffFactory(email="opendata.staff@iserlohn.example")
    user.user_permissions.add(Permission.objects.get(codename="manage_catalogue", content_type__app_label="opendata"))
    return user


@pytest.fixture
def staff_client(client, staff):
    from modellkommune.accounts.tests.utils import login_with_mfa

    login_with_mfa(client, staff)
    return client


@pytest.fixture
def clerk(db):
    """Back-office staff of another department, not in the open-data office."""
    from modellkommune.accounts.tests.factories import StaffFactory

    return StaffFactory(email="strassen.clerk@iserlohn.example")


@pytest.fixture
def sensor_catalogue(catalogue):
    """The demo catalogue with the demo sensor network and one day of its observations."""
    from modellkommune.opendata.services import catalogue_sync
    from modellkommune.sensors import demo as sensors_demo

    sensors_demo.load_history(sensors_demo.build_network(), days=1)
    catalogue_sync()
