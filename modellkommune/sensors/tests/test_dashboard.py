"""Sector dashboards: what a visitor sees on /stadtdaten/ and /stadtdaten/<sector>/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from modellkommune.sensors import demo
from modellkommune.sensors.dashboard_charts import line_chart, nice_ticks
from modellkommune.sensors.dashboard_queries import display_value
from modellkommune.sensors.models import Datastream, Observation


@pytest.fixture
def network(municipality):
    streams = demo.build_network()
    demo.load_history(streams, days=2)
    return streams


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_index_lists_the_eight_sectors_with_live_counts(client, network, settings):
    settings.MQTT_URL = ""
    response = client.get("/stadtdaten/")
    assert response.status_code == 200
    text = _text(response)
    for name in ("Energie", "Gesundheit", "Verkehr", "Bildung", "Handel", "Sicherheit", "Tourismus", "Lebensqualität"):
        assert name in text
    traffic = Datastream.objects.filter(sector__code="verkehr").count()
    assert f"{traffic} von {traffic} Datenströmen aktuell" in text
    # No broker configured in this test: an operator message, which the public must not see.
    assert "MQTT" not in text


def test_broker_state_is_shown_to_staff_only(client, network, settings):
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa

    settings.MQTT_URL = ""
    login_with_mfa(client, StaffFactory(email="betrieb@iserlohn.example"))
    text = _text(client.get("/stadtdaten/"))
    assert "MQTT aus" in text
    assert "Nur für Mitarbeitende sichtbar" in text


def test_stale_and_internal_datastreams_are_counted_honestly(client, network):
    stream = Datastream.objects.filter(sector__code="handel").first()
    Datastream.objects.filter(pk=stream.pk).update(phenomenon_time_end=timezone.now() - dt.timedelta(days=3))
    hidden = Datastream.objects.filter(sector__code="handel").exclude(pk=stream.pk).first()
    Datastream.objects.filter(pk=hidden.pk).update(internal=True)
    total = Datastream.objects.filter(sector__code="handel", internal=False).count()
    text = _text(client.get("/stadtdaten/"))
    assert f"{total - 1} von {total} Datenströmen aktuell" in text


def test_sector_page_shows_latest_value_with_unit_and_time(client, network):
    stream = Datastream.objects.get(name="NO₂ Stadtbahnhof")
    latest = Observation.objects.filter(datastream=stream).order_by("-phenomenon_time_start").first()
    response = client.get("/stadtdaten/gesundheit/")
    assert response.status_code == 200
    text = _text(response)
    assert f"{display_value(latest.result)} µg/m³" in text
    assert display_value(12.5) == "12,5"
    local = timezone.localtime(latest.phenomenon_time_start)
    assert local.strftime("%d.%m.%Y %H:%M") in text
    assert "Letzter Messwert je Datenstrom im Sektor Gesundheit" in text
    assert "Luftmessstation Letmathe" in text  # the Thing list that replaces the map without JavaScript


def test_sector_page_has_accessible_chart_and_table(client, network):
    stream = Datastream.objects.get(name="Kfz stadteinwärts Westring")
    response = client.get(f"/stadtdaten/verkehr/?ds={stream.pk}&zeitraum=24h")
    html = response.content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "<caption>Kfz stadteinwärts Westring vom" in html
    rows = re.findall(r'<tr><th scope="row"><time', html)
    assert 20 <= len(rows) <= 25  # hourly buckets over 24 hours
    # CSP: no inline script or style anywhere on the page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


def test_thirty_days_switch_to_daily_buckets(client, network):
    stream = Datastream.objects.get(name="Wasserstand Baarbach")
    html = client.get(f"/stadtdaten/sicherheit/?ds={stream.pk}&zeitraum=30d").content.decode()
    days = re.findall(r'<tr><th scope="row"><time datetime="[^"]+">(\d\d\.\d\d\.\d{4})</time>', html)
    assert 2 <= len(days) <= 3  # two days of history, one row per day
    assert "Tagesmittel" in html


def test_datastream_of_another_sector_or_internal_is_not_shown(client, network):
    traffic = Datastream.objects.filter(sector__code="verkehr").first()
    assert client.get(f"/stadtdaten/energie/?ds={traffic.pk}").status_code == 404
    internal = Datastream.objects.filter(sector__code="energie").first()
    Datastream.objects.filter(pk=internal.pk).update(internal=True)
    assert client.get(f"/stadtdaten/energie/?ds={internal.pk}").status_code == 404
    assert internal.name not in _text(client.get("/stadtdaten/energie/"))
    assert client.get("/stadtdaten/unbekannt/").status_code == 404


def test_map_data_is_geojson_in_iserlohn(client, network):
    response = client.get("/stadtdaten/tourismus/karte.geojson")
    assert response.status_code == 200
    data = response.json()
    names = {f["properties"]["name"] for f in data["features"]}
    assert "Dechenhöhle – Eingang" in names
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 51.3 < lat < 51.45 and 7.55 < lon < 7.8
        assert feature["properties"]["datastreams"][0]["unit"]


def test_htmx_requests_get_only_the_fragment(client, network):
    response = client.get("/stadtdaten/verkehr/?teil=verlauf&zeitraum=7d", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<svg" in html and "<html" not in html
    response = client.get("/stadtdaten/verkehr/?teil=werte", HTTP_HX_REQUEST="true")
    assert 'id="werte"' in response.content.decode() and "<html" not in response.content.decode()


def test_chart_breaks_the_line_at_gaps():
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    hours = [0, 1, 2, 6, 7]  # nothing from 3 to 5 o'clock
    rows = [(start + dt.timedelta(hours=h), 10.0 + h, 9.0, 12.0 + h, 4) for h in hours]
    chart = line_chart(rows, start=start, end=start + dt.timedelta(hours=8), bucket="hour")
    assert chart.line.count("M") == 2
    assert chart.maximum == 19.0 and chart.minimum == 9.0
    assert line_chart([], start=start, end=start + dt.timedelta(hours=8), bucket="hour").empty


def test_nice_ticks_cover_the_values():
    ticks = nice_ticks(0, 613)
    assert ticks[0] == 0 and ticks[-1] >= 613 and len(ticks) <= 7
