import pytest

from modellkommune.accounts.tests.factories import CouncilMemberFactory, StaffFactory
from modellkommune.council import demo as council_demo


@pytest.fixture
def council(municipality, db):
    """The demo council: body, factions, members, meetings, the seed motion."""
    from modellkommune.accounts import demo as accounts_demo

    accounts_demo.load()
    council_demo.load()


@pytest.fixture
def member(council):
    from modellkommune.accounts.models import User

    return User.objects.get(email="ratsmitglied.a@iserlohn.example")


@pytest.fixture
def office(council):
    from django.contrib.auth.models import Group

    user = StaffFactory(email="buero@iserlohn.example")
    user.groups.add(Group.objects.get(name="Ratsbüro"))
    return user


@pytest.fixture
def outsider(db):
    return CouncilMemberFactory(email="ohne.fraktion@example.org")


@pytest.fixture
def body_id(council):
    """The demo body's id (not always 1: PostgreSQL sequences are not reset between tests)."""
    from modellkommune.council.models import Body

    return Body.objects.get().pk
