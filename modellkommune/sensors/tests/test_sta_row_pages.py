"""Pages written by api/row_pages.py (PostgreSQL: one statement whose JSON PostgreSQL builds, compiled once
per URL and caller scope, run as a prepared statement) are byte for byte what the generic way writes, for every
caller; "the latest observation of each datastream" is one statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modellkommune.sensors.api import row_pages

from .test_sta_visibility import callers, town  # noqa: F401 - fixtures: a town with internal datastreams

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row pages are PostgreSQL's"),
]

LATEST = "/Datastreams?$top=40&$expand=Observations($top=1;$orderby=phenomenonTime desc)"
URLS = [
    LATEST,
    "/Datastreams",
    "/Datastreams?$top=1&$skip=1&$expand=Observations($top=1;$skip=1)",
    "/Datastreams?$orderby=name desc&$expand=Observations($filter=result ge 0;$orderby=result desc;$top=2)",
    "/Datastreams?$count=true&$top=1&$expand=Observations",
    "/Datastreams?$filter=Thing/name eq 'Rathaus'&$expand=Observations($top=1)",
    "/Things?$top=5",
    "/Locations",
    "/HistoricalLocations",
    "/Sensors",
    "/ObservedProperties",
    "/FeaturesOfInterest?$expand=Observations($top=1)",
    "/Observations?$orderby=phenomenonTime desc",
    "/Observations?$top=2&$count=true",
]
ODD_OBSERVATIONS = [
    {"phenomenonTime": "2026-11-25T08:00:00Z/2026-11-25T08:15:00Z", "result": 3.5, "resultTime": "2026-11-25T08:16Z"},
    {
        "phenomenonTime": "2026-11-25T09:00:00.250Z",
        "result": -1,
        "validTime": "2026-11-25T09:00:00Z/2026-11-26T09:00:00Z",
        "parameters": {"Kalibrierung": "ok"},
        "resultQuality": {"Güte": "hoch"},
    },
    {"phenomenonTime": "2026-11-25T11:00:00.0005Z", "result": 12345678901234567890123, "parameters": {}},
    {"phenomenonTime": "2026-11-25T11:30:00.123456Z/2026-11-25T11:30:00.123456Z", "result": 1.50},
]


def _stream_urls(place) -> list[str]:
    stream = place["public"].pk
    return [
        f"/Datastreams({stream})/Observations?$filter=phenomenonTime ge 2026-11-25T09:00:00Z"
        "&$orderby=phenomenonTime desc&$top=1000",
        f"/Datastreams({stream})/Observations?$top=2&$skip=1",
        f"/Things({place['mixed'].pk})/Datastreams?$expand=Observations($top=2;$orderby=phenomenonTime desc)",
    ]


def _bodies(caller, urls) -> list[bytes]:
    out = []
    for url in urls:
        response = caller.get(url)
        assert response.status_code == 200, (url, response.content)
        out.append(response.content)
    return out


def test_row_pages_write_what_the_generic_way_writes(callers, town, monkeypatch):  # noqa: F811
    writer = callers["other sector"]  # may write the public stream (sector Verkehr)
    for body in ODD_OBSERVATIONS:
        response = writer.post(f"/Datastreams({town['public'].pk})/Observations", body)
        assert response.status_code == 201, response.content
    town["public"].__class__.objects.filter(pk=town["public"].pk).update(properties={})
    urls = URLS + _stream_urls(town)
    written = {}
    for who, caller in callers.items():
        first = _bodies(caller, urls)
        assert _bodies(caller, urls) == first  # again: the compiled statement, prepared
        written[who] = first
    assert written["anonymous"][0] != written["energie"][0]  # the internal stream only for its sector
    monkeypatch.setattr(row_pages, "page_json", lambda *args, **kwargs: None)
    for who, caller in callers.items():
        generic = _bodies(caller, urls)
        for url, fast, slow in zip(urls, written[who], generic, strict=True):
            assert fast == slow, (who, url)


def test_latest_observations_of_a_page_are_one_statement(callers, town):  # noqa: F811
    anonymous = callers["anonymous"]
    with CaptureQueriesContext(connection) as captured:
        body = anonymous.get(LATEST).json()
    assert [len(stream["Observations"]) for stream in body["value"]] == [1]
    # besides the test transaction's savepoints and the API's statement_timeout: one statement
    reads = [q["sql"] for q in captured.captured_queries if "sensors_" in q["sql"]]
    assert len(reads) == 1, reads


def test_repeated_pages_run_as_prepared_statements(callers, town):  # noqa: F811
    anonymous = callers["anonymous"]
    for _ in range(2):
        assert anonymous.get(LATEST).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%json_agg%"])
        assert cursor.fetchone()[0] >= 1
    assert connection.connection.prepare_threshold is None  # Django's setting is left as it was
