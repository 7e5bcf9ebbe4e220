"""Timestamps, dates and keyword lists printed by the database (api/printed.py) are exactly what the
serializers print from Python values: daylight saving time and its transitions, historic offsets, negative
and non-whole-hour zones, microseconds truncated, years below 1000. On SQLite the columns stay Python values."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.db.models import DateField, DateTimeField, JSONField, Value
from django.utils import timezone

from modellkommune.council.api.printed import EmptyAsNull, IsoDate, IsoDateTime
from modellkommune.council.api.serializers import _date, datetime_str
from modellkommune.council.models import File

UTC = dt.UTC
INSTANTS = [
    dt.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),  # last second of CET
    dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),  # first of CEST
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST
    dt.datetime(2026, 10, 25, 1, 30, 0, 500000, tzinfo=UTC),  # 02:30 CET, the repeated hour
    dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    dt.datetime(2026, 7, 1, 23, 59, 59, 1, tzinfo=UTC),  # the local date changes
    dt.datetime(1947, 5, 11, 1, 0, tzinfo=UTC),  # Berlin's double summer time, +03:00
    dt.datetime(1890, 1, 1, 12, 0, tzinfo=UTC),  # local mean time, +00:53:28
    dt.datetime(999, 5, 5, 0, 0, tzinfo=UTC),
    dt.datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC),
]
ZONES = ["Europe/Berlin", "UTC", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham"]


@pytest.fixture
def row(db):
    return File.objects.create(name="x", file_name="x.pdf")


@pytest.mark.parametrize("zone", ZONES)
def test_timestamps_are_printed_like_datetime_str(row, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        printed = File.objects.filter(pk=row.pk).values_list(
            *[IsoDateTime(Value(v, output_field=DateTimeField())) for v in INSTANTS]
        )[0]
        assert [datetime_str(p) for p in printed] == [datetime_str(v) for v in INSTANTS]
        if connection.vendor == "postgresql":  # printed by the database, passed through by datetime_str
            assert all(isinstance(p, str) for p in printed)
        # And from a real column, as the list pages read it.
        created, modified = File.objects.filter(pk=row.pk).values_list(IsoDateTime("created"), IsoDateTime("modified"))[
            0
        ]
        assert (datetime_str(created), datetime_str(modified)) == (
            datetime_str(row.created),
            datetime_str(row.modified),
        )


def test_dates_and_empty_keyword_lists(row):
    dates = [dt.date(2026, 1, 1), dt.date(999, 12, 31), dt.date(1, 1, 1)]
    printed = File.objects.filter(pk=row.pk).values_list(*[IsoDate(Value(d, output_field=DateField())) for d in dates])[
        0
    ]
    assert [_date(p) for p in printed] == [_date(d) for d in dates]
    keywords = File.objects.filter(pk=row.pk).values_list(
        *[EmptyAsNull(Value(k, output_field=JSONField())) for k in ([], ["Haushalt", "Straße"], None)]
    )[0]
    assert [list(k or []) for k in keywords] == [[], ["Haushalt", "Straße"], []]
