"""Open311 interoperability: parameters in the query string, the servicerequestupdates extension,
updated_after and lat/long/radius, as FixMyStreet, Mark-a-Spot and the Open311 project's clients use them."""

import datetime as dt
import urllib.error
import urllib.parse
import urllib.request

import pytest
import xmltodict
from django.utils import timezone

from ..constants import Moderation, ReportStatus
from ..models import Report, ReportUpdate
from ..services import report_status_change
from .factories import ReportFactory
from .schemas import validate
from .test_open311_api import BASE

pytestmark = pytest.mark.django_db


def test_api_key_and_all_parameters_in_query_string(client, pothole, api_key):
    """The Open311 API description declares api_key and every POST parameter `in: query`."""
    query = urllib.parse.urlencode(
        {
            "api_key": api_key,
            "service_code": "schlagloch",
            "lat": "51.3759",
            "long": "7.6949",
            "description": "Loch vor Hausnummer 3",
            "attribute[groesse]": "gross",
        }
    )
    response = client.post(f"{BASE}/requests.json?{query}")
    assert response.status_code == 201, response.content
    validate(response.json(), "post-response.json")
    report = Report.objects.get()
    assert report.description == "Loch vor Hausnummer 3"
    assert report.attributes == {"groesse": "gross"}


def test_form_body_wins_over_query_string(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json?api_key=falsch&description=aus+der+Query",
        {
            "api_key": api_key,
            "service_code": "schlagloch",
            "lat": "51.3759",
            "long": "7.6949",
            "description": "aus dem Formular",
            "attribute[groesse]": "klein",
        },
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().description == "aus dem Formular"


def test_unknown_jurisdiction_in_query_refused_on_post(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json?jurisdiction_id=nirgendwo.example",
        {"api_key": api_key, "service_code": "schlagloch", "lat": "51.3759", "long": "7.6949"},
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_pypi_open311_client_request_over_http(live_server, settings):
    """The PyPI `open311` package (1.1, Code for America) is Python 2 only (implicit relative imports,
    str POST data), so it cannot be installed here; this sends its exact request: api_key and
    jurisdiction_id in the query string, the rest urlencoded in the body, XML by default
    (Open311.post_service_request)."""
    from modellkommune.core import demo as core_demo

    from ..services import api_key_create
    from .factories import CategoryAttributeFactory, CategoryFactory

    settings.ALLOWED_HOSTS = ["*"]
    core_demo.load()
    category = CategoryFactory(code="schlagloch", name="Schlagloch")
    CategoryAttributeFactory(category=category)
    _key, raw = api_key_create(name="open311-python")
    endpoint = f"{live_server.url}/open311/v2"
    params = urllib.parse.urlencode({"jurisdiction_id": "", "api_key": raw})
    url = "".join([endpoint, "/requests", ".", "xml", "?", params])
    post_data = urllib.parse.urlencode(
        {"service_code": "schlagloch", "lat": "51.3759", "long": "7.6949", "attribute[groesse]": "klein"}
    )
    with urllib.request.urlopen(url, post_data.encode()) as response:  # noqa: S310 (our live server)
        assert response.status == 201
        data = xmltodict.parse(response.read())
    created = data["service_requests"]["request"]
    assert Report.objects.get(pk=int(created["service_request_id"])).category == category


def _staff(django_user_model, department):
    return django_user_model.objects.create_user(
        username="sb", email="sb@example.org", role="staff", is_staff=True, department=department
    )


def test_servicerequestupdates_lists_public_updates_of_published_reports(client, pothole, django_user_model):
    staff = _staff(django_user_model, pothole.department)
    published = ReportFactory(category=pothole)
    hidden = ReportFactory(category=pothole, moderation=Moderation.HIDDEN)
    first = report_status_change(actor=staff, report=published, status=ReportStatus.IN_PROGRESS, comment="Auftrag")
    report_status_change(actor=staff, report=published, status=ReportStatus.SOLVED, comment="intern", is_public=False)
    last = report_status_change(actor=staff, report=published, status=ReportStatus.SOLVED, comment="Loch verfüllt")
    report_status_change(actor=staff, report=hidden, status=ReportStatus.SOLVED, comment="geheim")

    data = client.get(f"{BASE}/servicerequestupdates.json").json()
    assert [u["update_id"] for u in data] == [str(first.pk), str(last.pk)]
    assert data[1] == {
        "update_id": str(last.pk),
        "service_request_id": str(published.pk),
        "status": "closed",
        "updated_datetime": timezone.localtime(last.created).isoformat(timespec="seconds"),
        "description": "Loch verfüllt",
        "media_url": None,
    }
    xml = xmltodict.parse(client.get(f"{BASE}/servicerequestupdates.xml").content)
    entries = xml["service_request_updates"]["request_update"]
    assert [e["description"] for e in entries] == ["Auftrag", "Loch verfüllt"]


def test_servicerequestupdates_window(client, pothole, django_user_model):
    staff = _staff(django_user_model, pothole.department)
    report = ReportFactory(category=pothole)
    old = report_status_change(actor=staff, report=report, status=ReportStatus.IN_PROGRESS, comment="alt")
    ReportUpdate.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=30))
    new = report_status_change(actor=staff, report=report, status=ReportStatus.SOLVED, comment="neu")
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = client.get(f"{BASE}/servicerequestupdates.json", {"start_date": since}).json()
    assert [u["update_id"] for u in data] == [str(new.pk)]
    # without dates: the last 90 days
    assert len(client.get(f"{BASE}/servicerequestupdates.json").json()) == 2
    bad = client.get(f"{BASE}/servicerequestupdates.json?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z")
    assert bad.status_code == 400
    validate(bad.json(), "errors.json")


def test_updated_after_finds_old_reports_changed_since(client, pothole, django_user_model):
    staff = _staff(django_user_model, pothole.department)
    old = ReportFactory(category=pothole)
    untouched = ReportFactory(category=pothole)
    long_ago = timezone.now() - dt.timedelta(days=200)
    Report.objects.filter(pk__in=[old.pk, untouched.pk]).update(requested=long_ago, updated=long_ago)
    since = timezone.now() - dt.timedelta(minutes=5)
    report_status_change(actor=staff, report=Report.objects.get(pk=old.pk), status=ReportStatus.SOLVED)
    response = client.get(f"{BASE}/requests.json", {"updated_after": since.isoformat()})
    assert response.status_code == 200
    validate(response.json(), "requests.json")
    assert [r["service_request_id"] for r in response.json()] == [str(old.pk)]
    # oldest change first, so a client capped at 1000 results can continue from the last one
    report_status_change(actor=staff, report=Report.objects.get(pk=untouched.pk), status=ReportStatus.IN_PROGRESS)
    Report.objects.filter(pk=old.pk).update(updated=timezone.now() + dt.timedelta(seconds=5))
    ordered = client.get(f"{BASE}/requests.json", {"updated_after": since.isoformat()}).json()
    assert [r["service_request_id"] for r in ordered] == [str(untouched.pk), str(old.pk)]
    bad = client.get(f"{BASE}/requests.json?updated_after=gestern")
    assert bad.status_code == 400
    assert "updated_after" in bad.json()[0]["description"]


def test_lat_long_radius_on_get_requests(client, pothole):
    near = ReportFactory(category=pothole, lat=51.3759, lon=7.6949)
    six_hundred_m_north = ReportFactory(category=pothole, lat=51.3759 + 0.0054, lon=7.6949)
    far = ReportFactory(category=pothole, lat=51.45, lon=7.6949)

    def ids(query):
        response = client.get(f"{BASE}/requests.json?{query}")
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids("lat=51.3759&long=7.6949&radius=100") == {str(near.pk)}
    assert ids("lat=51.3759&long=7.6949&radius=1000") == {str(near.pk), str(six_hundred_m_north.pk)}
    # default radius 1 km; a huge radius is capped at 10 km (reaches the report 8 km away, nothing more)
    assert ids("lat=51.3759&long=7.6949") == {str(near.pk), str(six_hundred_m_north.pk)}
    assert str(far.pk) in ids("lat=51.3759&long=7.6949&radius=1000000000")
    assert ids("lat=51.3759&long=0&radius=1000000000") == set()  # capped: 10 km, not the whole earth


@pytest.mark.parametrize(
    "query",
    ["lat=inf&long=7.69", "lat=51.37&long=nan", "lat=51.37", "lat=91&long=7.69", "lat=51.37&long=7.69&radius=-5"],
)
def test_bad_lat_long_radius_is_400(client, pothole, query):
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400, response.content
    validate(response.json(), "errors.json")
