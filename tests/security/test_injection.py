"""SQL injection through API filters: a malformed filter is a 400 with a clear message, never a 500 or a leak."""

import pytest
from django.urls import NoReverseMatch, reverse

INJECTIONS = [
    "' OR '1'='1",
    "2026-01-01' OR 1=1--",
    "1; DROP TABLE council_paper;--",
    "2026-01-01T00:00:00Z') UNION SELECT password FROM accounts_user--",
    "%27%20OR%201%3D1",
    "\x00",
]
# Signs of a leak that never appear in the attacker's own input (which an error message may quote).
LEAKS = [b"Traceback", b'FROM "', b"sqlite3", b"psycopg", b"pbkdf2", b"md5$", b"django.db", b"OperationalError"]
HUGE = "9" * 400


def assert_no_leak(response, where):
    assert response.status_code < 500, (where, response.status_code)
    for leak in LEAKS:
        assert leak not in response.content, (where, leak)


@pytest.mark.parametrize("parameter", ["modified_since", "created_since", "modified_until", "created_until", "limit"])
def test_oparl_filters_reject_injection(client, council_demo, parameter):
    from modellkommune.council.models import Body

    body = Body.objects.first()
    for value in INJECTIONS:
        for url in (f"/oparl/v1.1/body/{body.pk}/paper", f"/oparl/v1.1/body/{body.pk}/meeting", "/oparl/v1.1/body"):
            response = client.get(url, {parameter: value})
            assert response.status_code == 400, (url, parameter, value, response.status_code)
            assert response["Content-Type"].startswith("application/json")
            assert_no_leak(response, url)


def test_oparl_filter_does_not_widen_the_result(client, council_demo):
    """An always-true clause must not return unpublished papers."""
    from modellkommune.council.models import Body, Paper

    body = Body.objects.first()
    response = client.get(f"/oparl/v1.1/body/{body.pk}/paper", {"modified_since": "1970-01-01T00:00:00+00:00"})
    assert response.status_code == 200
    ids = {item["id"].rstrip("/").rsplit("/", 1)[-1] for item in response.json()["data"]}
    hidden = {str(pk) for pk in Paper.objects.filter(public=False).values_list("pk", flat=True)}
    assert not ids & hidden


def test_open311_filters_reject_injection(client, demo):
    try:
        url = reverse("reports:open311_requests", kwargs={"fmt": "json"})
    except NoReverseMatch:
        pytest.skip("Open311 does not exist yet")
    for parameter in ("status", "service_code", "start_date", "end_date", "service_request_id", "lat", "long"):
        for value in [v for v in INJECTIONS if v != "\x00"] + ["99999999999"]:
            response = client.get(url, {parameter: value})
            assert_no_leak(response, f"{url}?{parameter}")


def test_open311_huge_id_is_not_a_server_error(client, demo):
    try:
        url = reverse("reports:open311_requests", kwargs={"fmt": "json"})
    except NoReverseMatch:
        pytest.skip("Open311 does not exist yet")
    assert_no_leak(client.get(url, {"service_request_id": HUGE}), url)


def test_open311_nul_byte_is_not_a_server_error(client, demo):
    try:
        url = reverse("reports:open311_requests", kwargs={"fmt": "json"})
    except NoReverseMatch:
        pytest.skip("Open311 does not exist yet")
    for parameter in ("status", "service_code", "service_request_id"):
        assert_no_leak(client.get(url, {parameter: "a\x00b"}), f"{url}?{parameter}=NUL")


def test_oparl_huge_numbers_are_400(client, council_demo):
    for url in ("/oparl/v1.1/body", "/oparl/v1.1/paper/1"):
        response = client.get(url, {"limit": HUGE, "page": HUGE, "id": HUGE})
        assert_no_leak(response, url)
    assert client.get("/oparl/v1.1/paper/" + HUGE).status_code == 404


STA_COLLECTIONS = ["Datastreams", "Things", "Observations", "Sensors", "Locations"]
STA_FILTERS = [
    "result gt 1' OR 1=1--",
    "name eq 'x'); DROP TABLE sensors_observation;--",
    "substringof('a', name) or 1 eq 1; SELECT 1",
    "phenomenonTime ge 2026-13-45T99:00:00Z",
    "id eq 1 union select password from accounts_user",
    "((((((((((((((((((((name eq 'a'))))))))))))))))))))",
]


def _sta_base(client) -> str | None:
    for base in ("/sta/v1.1/", "/sta/v1.0/", "/v1.1/"):
        if client.get(base).status_code == 200:
            return base
    return None


def test_sensorthings_filter_rejects_injection(client, demo):
    base = _sta_base(client)
    if base is None:
        pytest.skip("SensorThings API does not exist yet")
    for collection in STA_COLLECTIONS:
        for value in STA_FILTERS:
            for option in ("$filter", "$orderby", "$expand"):
                response = client.get(base + collection, {option: value})
                assert_no_leak(response, f"{base}{collection}?{option}={value}")
        response = client.get(base + collection, {"$filter": STA_FILTERS[0]})
        assert response.status_code == 400, (collection, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/oparl/v1.1/body/{body}/paper?limit=%C2%B2", 400),  # "²".isdigit() is True, int("²") is not
        ("/oparl/v1.1/body/{body}/paper?organization=%D9%A3", 400),  # Arabic-Indic digit three
        ("/opendata/catalog.ttl?page=%C2%B2", 404),
    ],
)
def test_unicode_digits_in_numeric_parameters_are_refused_not_500(client, url, expected):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.core import demo
    from modellkommune.council import demo as council_demo
    from modellkommune.council.models import Body

    demo.load()
    accounts_demo.load()
    council_demo.load()
    assert client.get(url.format(body=Body.objects.get().pk)).status_code == expected
