"""Open311 GeoReport v2: responses validated against the Open311 project's schemas, JSON and XML alike."""

import io
from xml.etree import ElementTree as ET  # parses only our own responses

import pytest
import xmltodict
from PIL import Image

from ..constants import Moderation, ReportStatus
from ..models import ApiKey, Report
from ..services import report_moderate, report_status_change
from .factories import ReportFactory
from .schemas import validate

BASE = "/open311/v2"


def parse_xml(content: bytes) -> ET.Element:
    """Well-formedness check of our own output (trusted input, so the stdlib parser is fine)."""
    return ET.fromstring(content)  # noqa: S314


def post_request(client, **fields):
    """Our small posting client: form-encoded POST as the specification describes it."""
    fmt = fields.pop("fmt", "json")
    files = fields.pop("files", None)
    data = {k: v for k, v in fields.items() if v is not None}
    if files:
        data.update(files)
        return client.post(f"{BASE}/requests.{fmt}", data)
    return client.post(
        f"{BASE}/requests.{fmt}",
        "&".join(f"{k}={v}" for k, v in data.items()).encode(),
        content_type="application/x-www-form-urlencoded",
    )


def test_discovery_json_and_xml(client, municipality):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200
    validate(response.json(), "discovery.json")
    assert response.json()["endpoints"][0]["url"].endswith("/open311/v2")
    xml = client.get(f"{BASE}/discovery.xml")
    root = parse_xml(xml.content)
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_service_list_validates_and_xml_has_same_content(client, pothole, graffiti):
    data = client.get(f"{BASE}/services.json").json()
    validate(data, "services.json")
    by_code = {s["service_code"]: s for s in data}
    assert by_code["schlagloch"]["metadata"] is True
    assert by_code["graffiti"]["metadata"] is False
    parsed = xmltodict.parse(client.get(f"{BASE}/services.xml").content)["services"]["service"]
    assert [s["service_code"] for s in parsed] == [s["service_code"] for s in data]
    assert [s["service_name"] for s in parsed] == [s["service_name"] for s in data]


def test_service_definition_with_attributes(client, pothole):
    response = client.get(f"{BASE}/services/schlagloch.json")
    data = response.json()
    validate(data, "service-definition.json")
    attribute = data["attributes"][0]
    assert attribute["code"] == "groesse"
    assert attribute["datatype"] == "singlevaluelist"
    assert [v["key"] for v in attribute["values"]] == ["klein", "gross"]
    xml = parse_xml(client.get(f"{BASE}/services/schlagloch.xml").content)
    assert xml.tag == "service_definition"
    assert [k.text for k in xml.iter("key")] == ["klein", "gross"]


def test_unknown_service_gives_standard_error(client, pothole):
    response = client.get(f"{BASE}/services/gibtsnicht.json")
    assert response.status_code == 404
    validate(response.json(), "errors.json")
    xml = parse_xml(client.get(f"{BASE}/services/gibtsnicht.xml").content)
    assert xml.tag == "errors"
    assert xml.find("error/code").text == "404"


def test_post_requires_api_key(client, pothole):
    response = post_request(client, service_code="schlagloch", lat="51.3759", long="7.6949", description="Loch")
    assert response.status_code == 403
    validate(response.json(), "errors.json")
    assert not Report.objects.exists()


def test_post_creates_request_hidden_until_moderated(client, pothole, api_key, django_user_model):
    response = post_request(
        client,
        api_key=api_key,
        service_code="schlagloch",
        lat="51.3759",
        long="7.6949",
        description="Tiefes+Schlagloch",
        email="app-nutzerin%40example.org",
        device_id="geraet-1",
        account_id="konto-7",
        **{"attribute%5Bgroesse%5D": "gross"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    validate(created, "post-response.json")
    request_id, token = created[0]["service_request_id"], created[0]["token"]
    assert isinstance(request_id, str)
    assert created[0]["account_id"] == "konto-7"
    report = Report.objects.get(pk=int(request_id))
    assert report.attributes == {"groesse": "gross"}
    assert report.moderation == Moderation.PENDING

    # not public yet: neither in the list nor by id
    assert client.get(f"{BASE}/requests.json").json() == []
    assert client.get(f"{BASE}/requests/{request_id}.json").status_code == 404
    # the token resolves to the id
    token_data = client.get(f"{BASE}/tokens/{token}.json").json()
    assert token_data == [{"service_request_id": request_id, "token": token}]

    staff = django_user_model.objects.create_user(
        username="mod", email="mod@example.org", role="administrator", is_staff=True
    )
    report_moderate(actor=staff, report=report, publish=True)
    listed = client.get(f"{BASE}/requests.json").json()
    validate(listed, "requests.json")
    assert [r["service_request_id"] for r in listed] == [request_id]
    assert listed[0]["status"] == "open"
    # personal data never leaves through the API
    body = client.get(f"{BASE}/requests.json?extensions=true").content.decode()
    assert "app-nutzerin" not in body and "geraet-1" not in body


def test_post_validates_attributes_and_location(client, pothole, api_key):
    missing = post_request(client, api_key=api_key, service_code="schlagloch", lat="51.3759", long="7.6949")
    assert missing.status_code == 400
    assert "attribute[groesse]" in missing.json()[0]["description"]

    outside = post_request(
        client,
        api_key=api_key,
        service_code="schlagloch",
        lat="52.5200",
        long="13.4050",
        description="Loch",
        **{"attribute%5Bgroesse%5D": "klein"},
    )
    assert outside.status_code == 400
    validate(outside.json(), "errors.json")
    assert "außerhalb" in outside.json()[0]["description"]

    no_place = post_request(client, api_key=api_key, service_code="schlagloch", description="Loch")
    assert no_place.status_code == 400
    assert "address_string" in no_place.json()[0]["description"]
    assert not Report.objects.exists()


def test_post_with_address_only_and_xml(client, pothole, api_key):
    response = post_request(
        client,
        fmt="xml",
        api_key=api_key,
        service_code="schlagloch",
        address_string="Schillerplatz+7",
        description="Loch",
        **{"attribute%5Bgroesse%5D": "klein"},
    )
    assert response.status_code == 201
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text.isdigit()
    assert Report.objects.get().address == "Schillerplatz 7"


def test_post_media_upload_is_reencoded(client, pothole, api_key):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "foto.png"
    response = post_request(
        client,
        api_key=api_key,
        service_code="schlagloch",
        lat="51.3759",
        long="7.6949",
        description="Loch",
        files={"media": buffer, "attribute[groesse]": "klein"},
    )
    assert response.status_code == 201, response.content
    photo = Report.objects.get().photos.get()
    assert photo.image.name.endswith(".jpg")


def test_get_requests_filters(client, pothole, graffiti):
    open_pothole = ReportFactory(category=pothole)
    closed_graffiti = ReportFactory(category=graffiti, status=ReportStatus.SOLVED)
    ReportFactory(category=pothole, moderation=Moderation.PENDING)  # never listed

    def ids(query):
        data = client.get(f"{BASE}/requests.json?{query}").json()
        validate(data, "requests.json")
        return {int(r["service_request_id"]) for r in data}

    assert ids("") == {open_pothole.pk, closed_graffiti.pk}
    assert ids("status=open") == {open_pothole.pk}
    assert ids("status=closed") == {closed_graffiti.pk}
    assert ids("service_code=graffiti") == {closed_graffiti.pk}
    assert ids("service_code=graffiti,schlagloch") == {open_pothole.pk, closed_graffiti.pk}
    assert ids(f"service_request_id={open_pothole.pk}&status=closed") == {open_pothole.pk}
    assert ids("start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z") == set()
    too_long = client.get(f"{BASE}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")
    assert too_long.status_code == 400
    validate(too_long.json(), "errors.json")
    assert client.get(f"{BASE}/requests.json?status=kaputt").status_code == 400


def test_extensions_carry_status_history_and_notes(client, pothole, django_user_model):
    report = ReportFactory(category=pothole)
    staff = django_user_model.objects.create_user(
        username="sb", email="sb@example.org", role="staff", is_staff=True, department=pothole.department
    )
    report_status_change(actor=staff, report=report, status=ReportStatus.IN_PROGRESS, comment="Auftrag erteilt")
    report_status_change(actor=staff, report=report, status=ReportStatus.SOLVED, comment="Loch verfüllt")
    report_status_change(actor=staff, report=report, status=ReportStatus.SOLVED, comment="intern", is_public=False)
    plain = client.get(f"{BASE}/requests/{report.pk}.json").json()
    validate(plain, "requests.json")
    assert plain[0]["status"] == "closed"
    assert plain[0]["status_notes"] == "Loch verfüllt"
    assert "extended_attributes" not in plain[0]
    extended = client.get(f"{BASE}/requests/{report.pk}.json?extensions=true").json()[0]
    history = extended["extended_attributes"]["status_history"]
    assert [h["status_notes"] for h in history] == ["Auftrag erteilt", "Loch verfüllt"]
    xml = xmltodict.parse(client.get(f"{BASE}/requests/{report.pk}.xml?extensions=true").content)
    updates = xml["service_requests"]["request"]["extended_attributes"]["status_history"]["update"]
    assert [u.get("status_notes") for u in updates] == ["Auftrag erteilt", "Loch verfüllt"]


def test_cors_on_reads_and_no_csrf_on_post(pothole, api_key):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    assert client.get(f"{BASE}/services.json")["Access-Control-Allow-Origin"] == "*"
    assert client.options(f"{BASE}/requests.json").status_code == 204
    response = post_request(
        client,
        api_key=api_key,
        service_code="schlagloch",
        lat="51.3759",
        long="7.6949",
        description="Loch",
        **{"attribute%5Bgroesse%5D": "klein"},
    )
    assert response.status_code == 201


def test_unknown_jurisdiction_refused(client, pothole):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=05962024").status_code == 200
    response = client.get(f"{BASE}/services.json?jurisdiction_id=chicago.gov")
    assert response.status_code == 404
    validate(response.json(), "errors.json")


def test_api_key_rate_limit(client, pothole, api_key, settings):
    settings.REPORTS_RATE_LIMITS = {"api_key": (2, 3600)}
    fields = {"api_key": api_key, "service_code": "schlagloch", "lat": "51.3759", "long": "7.6949"}
    fields["description"] = "Loch"
    fields["attribute%5Bgroesse%5D"] = "klein"
    assert post_request(client, **fields).status_code == 201
    assert post_request(client, **fields).status_code == 201
    third = post_request(client, **fields)
    assert third.status_code == 429
    validate(third.json(), "errors.json")
    assert Report.objects.count() == 2


def test_inactive_key_refused(client, pothole, api_key):
    ApiKey.objects.update(is_active=False)
    response = post_request(client, api_key=api_key, service_code="schlagloch", lat="51.3759", long="7.6949")
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_over_http(live_server, settings):
    """The `georeport` package (a real Open311 client) reads our API over HTTP, JSON and XML."""
    from georeport import GeoReport

    from modellkommune.core import demo as core_demo

    from .factories import CategoryAttributeFactory, CategoryFactory

    settings.ALLOWED_HOSTS = ["*"]
    core_demo.load()
    category = CategoryFactory(code="schlagloch", name="Schlagloch")
    CategoryAttributeFactory(category=category)
    published = ReportFactory(category=category)
    ReportFactory(category=category, moderation=Moderation.HIDDEN)

    for fmt in ("json", "xml"):
        api = GeoReport(f"{live_server.url}/open311/v2", output_format=fmt)
        services = api.get_service_list()
        services = services if isinstance(services, list) else [services]
        assert [s["service_code"] for s in services] == ["schlagloch"]
        definition = api.get_service_definition("schlagloch")
        assert definition["service_code"] == "schlagloch"
        requests = api.get_service_requests(status="open")
        requests = requests if isinstance(requests, list) else [requests]
        assert [r["service_request_id"] for r in requests] == [str(published.pk)]
        single = api.get_service_request(str(published.pk))
        assert single["service_name"] == "Schlagloch"


def test_requests_xml_carries_same_content_as_json(client, pothole):
    ReportFactory(category=pothole, status_notes="Auftrag erteilt", attributes={"groesse": "klein"})
    ReportFactory(category=pothole, address="")
    as_json = client.get(f"{BASE}/requests.json?extensions=true").json()
    as_xml = xmltodict.parse(client.get(f"{BASE}/requests.xml?extensions=true").content)["service_requests"]["request"]
    assert len(as_xml) == len(as_json) == 2
    for j, x in zip(as_json, as_xml, strict=True):
        for field in ("service_request_id", "status", "status_notes", "service_code", "requested_datetime", "address"):
            assert (x.get(field) or None) == (j[field] if j[field] is None else str(j[field])), field
        assert float(x["lat"]) == j["lat"] and float(x["long"]) == j["long"]


def test_multivaluelist_attribute(client, api_key, municipality):
    from .factories import CategoryAttributeFactory, CategoryFactory

    category = CategoryFactory(code="muellkippe")
    CategoryAttributeFactory(
        category=category,
        code="abfallart",
        datatype="multivaluelist",
        required=False,
        values=[{"key": "sperrmuell", "name": "Sperrmüll"}, {"key": "elektro", "name": "Elektro"}],
    )
    base = {"api_key": api_key, "service_code": "muellkippe", "lat": "51.3759", "long": "7.6949"}
    ok = client.post(f"{BASE}/requests.json", {**base, "attribute[abfallart][]": ["sperrmuell", "elektro"]})
    assert ok.status_code == 201
    assert Report.objects.get().attributes == {"abfallart": ["sperrmuell", "elektro"]}
    bad = client.post(f"{BASE}/requests.json", {**base, "attribute[abfallart][]": ["atommuell"]})
    assert bad.status_code == 400
    assert "attribute[abfallart]" in bad.json()[0]["description"]


def test_xml_stays_well_formed_with_odd_characters(client, pothole):
    ReportFactory(category=pothole, description='Loch <b>&amp; \x0b Steuerzeichen ]]> "Zitat"')
    root = parse_xml(client.get(f"{BASE}/requests.xml").content)
    assert root.find("request/description").text == 'Loch <b>&amp;  Steuerzeichen ]]> "Zitat"'
    assert client.head(f"{BASE}/requests.json").status_code == 200
