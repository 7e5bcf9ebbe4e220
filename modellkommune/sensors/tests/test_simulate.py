"""The simulated town: plausible daily and weekly patterns, gaps, outliers, and the command that feeds them."""

import datetime as dt
import statistics
import uuid
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from modellkommune.sensors import demo
from modellkommune.sensors.models import Datastream, Observation, Thing
from modellkommune.sensors.simulation import KINDS, series, value_at

BERLIN = dt.timezone(dt.timedelta(hours=1))  # CET, the demo month is November


def mean_at(kind, day, hour, **kwargs):
    import random

    rng = random.Random(1)
    when = dt.datetime(2026, 11, day, hour, 0, tzinfo=BERLIN)
    return statistics.mean(value_at(kind, when, rng, **kwargs) for _ in range(50))


def test_traffic_has_rush_hours_and_quiet_sundays():
    # 2026-11-24 is a Tuesday, 2026-11-22 a Sunday
    assert mean_at("traffic", 24, 8) > 3 * mean_at("traffic", 24, 3)
    assert mean_at("traffic", 24, 17) > mean_at("traffic", 24, 12)
    assert mean_at("traffic", 24, 8) > 3 * mean_at("traffic", 22, 8)


def test_pv_only_by_daylight_and_school_co2_only_in_lessons():
    assert mean_at("pv", 24, 2) == 0
    assert mean_at("pv", 24, 12, seed=3) > 0
    assert mean_at("co2", 24, 11) > mean_at("co2", 24, 20) + 300
    assert mean_at("co2", 22, 11) < 500  # nobody at school on Sunday


def test_cave_is_closed_at_night_and_parking_fills_by_day():
    assert mean_at("visitors_cave", 21, 22) == 0
    assert mean_at("parking", 21, 13) > 2 * mean_at("parking", 21, 4)


def test_series_has_gaps_and_outliers_within_range():
    start = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    readings = list(series("noise", start, start + dt.timedelta(days=60), seed=11))
    steps = [b[0] - a[0] for a, b in zip(readings, readings[1:], strict=False)]
    assert max(steps) >= dt.timedelta(hours=2)  # at least one outage
    spec = KINDS["noise"]
    values = [v for _, v in readings]
    assert all(spec.minimum <= v <= spec.maximum for v in values)
    median = statistics.median(values)
    assert any(v > 1.8 * median for v in values)  # at least one spike
    assert len(readings) < 60 * 24 * 4  # fewer than a complete series: the gaps


@pytest.fixture
def network(municipality):
    return demo.build_network()


def test_demo_network_spans_all_sectors_and_is_idempotent(network):
    assert 18 <= Thing.objects.count() <= 25 and 35 <= Datastream.objects.count() <= 45
    assert set(Datastream.objects.values_list("sector__code", flat=True)) == {
        "energie", "gesundheit", "verkehr", "bildung", "handel", "sicherheit", "tourismus", "lebensqualitaet"
    }  # fmt: skip
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    first = demo.load_history(network, days=1, now=now)
    assert first > 1000
    again = demo.load_history(demo.build_network(), days=1, now=now)
    assert again == 0
    assert Thing.objects.count() == len(demo.STATIONS)


def test_simulate_command_fills_the_gap_once(network):
    out = StringIO()
    call_command("simulate_sensors", "--days", "0.5", "--via", "db", "--sector", "verkehr", stdout=out)
    count = Observation.objects.count()
    assert count > 100
    assert set(Observation.objects.values_list("datastream__sector__code", flat=True).distinct()) == {"verkehr"}
    assert "Messwerte über db" in out.getvalue()
    call_command("simulate_sensors", "--days", "0.5", "--via", "db", "--sector", "verkehr", stdout=StringIO())
    assert Observation.objects.count() - count < 20  # only the readings since the first run


def test_simulate_over_http_needs_a_token(network):
    with pytest.raises(CommandError, match="--token"):
        call_command("simulate_sensors", "--via", "http", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_simulate_over_http_uses_the_dataarray_api(live_server, municipality):
    from modellkommune.sensors.auth import api_token_create

    demo.build_network()
    _, token = api_token_create(name="Simulator", sectors=["tourismus"])
    url = live_server.url + "/sta/v1.1"
    args = ["--via", "http", "--url", url, "--token", token, "--sector", "tourismus", "--days", "0.25"]
    call_command("simulate_sensors", *args, stdout=StringIO())
    sectors = set(Observation.objects.values_list("datastream__sector__code", flat=True).distinct())
    assert sectors == {"tourismus"} and Observation.objects.count() > 10
    _, other = api_token_create(name="Fremd", sectors=["energie"])
    with pytest.raises(CommandError, match="HTTP 403"):
        call_command("simulate_sensors", "--via", "http", "--url", url, "--token", other, "--sector", "verkehr",
                     stdout=StringIO())  # fmt: skip


@pytest.mark.mqtt
@pytest.mark.skipif(not settings.MQTT_URL, reason="no MQTT broker (TEST_MQTT_URL) configured")
@pytest.mark.django_db(transaction=True)
def test_simulate_over_mqtt_reaches_the_listener(municipality):
    import time

    from modellkommune.sensors.auth import api_token_create
    from modellkommune.sensors.mqtt import mqtt_broker
    from modellkommune.sensors.mqtt_listener import Listener

    demo.build_network()
    _, token = api_token_create(name="Simulator MQTT", sectors=["sicherheit"])
    listener = Listener(mqtt_broker(), client_id=f"test-sim-{uuid.uuid4().hex[:8]}", share_group="", session_expiry=0)
    listener.start()
    try:
        assert listener.subscribed.wait(5)
        args = ["--via", "mqtt", "--token", token, "--sector", "sicherheit", "--days", "1"]
        call_command("simulate_sensors", *args, stdout=StringIO())
        streams = Datastream.objects.filter(sector__code="sicherheit").count()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if Observation.objects.values("datastream").distinct().count() == streams:
                break
            time.sleep(0.1)
        assert Observation.objects.values("datastream").distinct().count() == streams
        assert set(Observation.objects.values_list("datastream__sector__code", flat=True)) == {"sicherheit"}
    finally:
        listener.stop()
