import pytest

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.programme import providers
from modellkommune.programme.providers import Reading


@pytest.fixture
def council(municipality, db):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.council import demo as council_demo

    accounts_demo.load()
    council_demo.load()


@pytest.fixture
def programme(council):
    from modellkommune.programme import demo

    demo.load()


@pytest.fixture
def staff(db):
    """A member of the programme office: maintains projects, indicators and the catalogue."""
    from django.contrib.auth.models import Permission

    user = StaffFactory(email="programm@iserlohn.example")
    user.user_permissions.add(Permission.objects.get(codename="manage_programme", content_type__app_label="programme"))
    return user


@pytest.fixture
def staff_client(client, staff):
    login_with_mfa(client, staff)
    return client


@pytest.fixture
def office(council):
    """A member of the council office (Ratsbüro): publishes the programme's reports as council papers."""
    from django.contrib.auth.models import Group

    user = StaffFactory(email="ratsbuero.test@iserlohn.example")
    user.groups.add(Group.objects.get(name="Ratsbüro"))
    return user


@pytest.fixture
def office_client(client, office):
    login_with_mfa(client, office)
    return client


@pytest.fixture
def citizen_client(client, db):
    client.force_login(UserFactory(email="buergerin@example.org"))
    return client


@pytest.fixture
def fake_source():
    """A value source registered in the registry for the test: its value can be set per test."""
    state = {"value": None, "as_of": None}

    def read(param: str) -> Reading:
        if state["value"] is None:
            raise providers.SourceUnavailable("keine Daten")
        return Reading(value=providers.to_decimal(state["value"]), as_of=state["as_of"])

    providers.register(key="test.fake", label="Testquelle", read=read, param_label="egal")
    yield state
    providers.unregister("test.fake")
