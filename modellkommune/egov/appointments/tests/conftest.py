import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from .factories import LocationFactory, ServiceFactory

BERLIN = ZoneInfo("Europe/Berlin")
# A fixed "now": Monday 2026-11-23, 07:00 local time. The next day, Tuesday 24th, is a normal working day.
NOW = dt.datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
TUESDAY = dt.date(2026, 11, 24)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def location(db):
    return LocationFactory(name="Bürgerbüro Iserlohn", slug="buergerbuero-iserlohn", email="bb@iserlohn.example")


@pytest.fixture
def ausweis(location):
    return ServiceFactory(
        name="Personalausweis beantragen", slug="personalausweis", duration_minutes=20, locations=[location]
    )


@pytest.fixture
def melde(location):
    return ServiceFactory(
        name="Meldebescheinigung", slug="meldebescheinigung", duration_minutes=10, locations=[location]
    )
