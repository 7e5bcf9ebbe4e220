"""Fuzzing the public APIs with hypothesis-generated query strings and paths: never a 5xx, always JSON.

We publish no OpenAPI description (OParl, Open311 and SensorThings have their own specifications), so
schemathesis has nothing to read; instead hypothesis generates the requests and sends them through the
Django test client. Each property runs a bounded number of examples to keep the suite fast."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

OPARL_PARAMS = [
    "modified_since",
    "modified_until",
    "created_since",
    "created_until",
    "limit",
    "page",
    "omit_internal",
    "cursor",
]
OPEN311_PARAMS = [
    "status",
    "service_code",
    "start_date",
    "end_date",
    "service_request_id",
    "lat",
    "long",
    "radius",
    "page",
]
STA_PARAMS = ["$filter", "$orderby", "$top", "$skip", "$expand", "$select", "$count", "$resultFormat"]

junk = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-Z]\d{0,2}:?\d{0,2}", fullmatch=True),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["true", "false", "null", "' OR 1=1--", "%00", "../../etc/passwd", "😀", "1e309", "NaN", "²", "٣"]),
    # the ends of the datetime range: adding an offset or a window there overflows
    st.sampled_from(["9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31"]),
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def assert_sane(response, url):
    assert response.status_code < 500, (url, response.status_code, response.content[:300])
    if response.status_code != 404 or url.startswith("/oparl/"):
        assert response["Content-Type"].startswith(("application/json", "application/geo+json")), url


@pytest.fixture
def oparl_lists(council_demo):
    from modellkommune.council.models import Body

    body = Body.objects.first()
    return [
        "/oparl/v1.1/body",
        *(f"/oparl/v1.1/body/{body.pk}/{kind}" for kind in ("paper", "meeting", "person", "organization")),
    ]


def test_oparl_lists_never_fail(client, oparl_lists):
    @FUZZ
    @given(url=st.sampled_from(oparl_lists), params=st.dictionaries(st.sampled_from(OPARL_PARAMS), junk, max_size=4))
    def check(url, params):
        assert_sane(client.get(url, params), url)

    check()


def test_oparl_object_paths_never_fail(client, council_demo):
    kinds = st.sampled_from(["paper", "meeting", "person", "organization", "file", "agendaitem", "consultation", "x"])
    segment = st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), st.text(min_size=1, max_size=20))

    @FUZZ
    @given(kind=kinds, pk=segment)
    def check(kind, pk):
        from urllib.parse import quote

        url = f"/oparl/v1.1/{kind}/{quote(pk, safe='')}"
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)

    check()


def test_open311_never_fails(client, demo):
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("reports:open311_requests", kwargs={"fmt": "json"})
    except NoReverseMatch:
        pytest.skip("Open311 does not exist yet")

    @FUZZ
    @given(params=st.dictionaries(st.sampled_from(OPEN311_PARAMS), junk.filter(lambda v: "\x00" not in v), max_size=4))
    def check(params):
        assert_sane(client.get(url, params), url)

    check()


def test_open311_request_paths_never_fail(client, demo):
    segment = st.one_of(st.integers(min_value=-5, max_value=10**30).map(str), st.text(min_size=1, max_size=20))

    @FUZZ
    @given(pk=segment, fmt=st.sampled_from(["json", "xml"]))
    def check(pk, fmt):
        from urllib.parse import quote

        url = f"/open311/v2/requests/{quote(pk, safe='')}.{fmt}"
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)

    check()


def test_sensorthings_never_fails(client, demo):
    base = next((b for b in ("/sta/v1.1/", "/sta/v1.0/") if client.get(b).status_code == 200), None)
    if base is None:
        pytest.skip("SensorThings API does not exist yet")

    @FUZZ
    @given(
        collection=st.sampled_from(
            ["Datastreams", "Things", "Observations", "Locations", "Sensors", "ObservedProperties"]
        ),
        params=st.dictionaries(st.sampled_from(STA_PARAMS), junk.filter(lambda v: "\x00" not in v), max_size=3),
    )
    def check(collection, params):
        assert_sane(client.get(base + collection, params), base + collection)

    check()
