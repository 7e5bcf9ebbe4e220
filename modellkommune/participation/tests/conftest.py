import pytest

from modellkommune.accounts.tests.factories import StaffFactory


@pytest.fixture
def council(municipality):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.council import demo as council_demo

    accounts_demo.load()
    council_demo.load()


@pytest.fixture
def office(council):
    from django.contrib.auth.models import Group

    user = StaffFactory(email="buero@iserlohn.example")
    user.groups.add(Group.objects.get(name="Ratsbüro"))
    return user
