"""Computed indicators against known data in the real apps (skipped where an app is not installed)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.utils import timezone

from modellkommune.programme import providers

from .factories import IndicatorFactory


def _needs(module: str):
    try:
        importlib.import_module(module)
    except ImportError:
        return pytest.mark.skip(reason=f"{module} not available")
    return pytest.mark.django_db


@_needs("modellkommune.egov.tests.factories")
def test_online_share_from_egov_catalogue(db):
    from modellkommune.egov.tests.factories import ServiceFactory

    ServiceFactory.create_batch(3, online=True, published=True)
    ServiceFactory(online=False, published=True)
    ServiceFactory(online=True, published=False)  # not published: not counted
    assert providers.measure(IndicatorFactory(source="egov.online_share")).value == Decimal("75.00")


@_needs("modellkommune.opendata.tests.factories")
def test_open_datasets_from_opendata(db):
    from modellkommune.opendata.tests.factories import DatasetFactory

    DatasetFactory.create_batch(4, published=True)
    DatasetFactory(published=False)
    assert providers.measure(IndicatorFactory(source="opendata.datasets")).value == Decimal("4.00")


@_needs("modellkommune.sensors.tests.factories")
def test_live_sensors_per_sector_from_sensors(db, municipality):
    from modellkommune.sensors.services import observation_create
    from modellkommune.sensors.tests.factories import DatastreamFactory

    now = timezone.now()
    fresh = DatastreamFactory()  # sector "verkehr"
    observation_create(datastream=fresh, result=12, phenomenon_time=now - dt.timedelta(hours=1))
    stale = DatastreamFactory()
    observation_create(datastream=stale, result=9, phenomenon_time=now - dt.timedelta(days=3))
    indicator = IndicatorFactory(source="sensors.live_datastreams", source_param="verkehr")
    assert providers.measure(indicator).value == Decimal("1.00")
    indicator.source_param = "energie"
    assert providers.measure(indicator).value == Decimal("0.00")
    assert providers.measure(IndicatorFactory(source="sensors.live_sectors")).value == Decimal("1.00")
