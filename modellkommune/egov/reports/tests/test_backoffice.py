"""Back office: each department sees and handles only its own reports; every step is audited."""

import pytest
from django.core import mail
from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import AuditLogEntry
from modellkommune.core.tests.factories import DepartmentFactory

from ..constants import Moderation, ReportStatus
from ..models import Report
from .factories import CategoryFactory, ReportFactory

QUEUE = "/verwaltung/maengel/"


@pytest.fixture
def road_staff(client, pothole):
    user = StaffFactory(department=pothole.department)
    login_with_mfa(client, user)
    return user


def test_citizens_and_anonymous_are_kept_out(client, pothole):
    report = ReportFactory(category=pothole)
    assert client.get(QUEUE).status_code == 302
    client.force_login(UserFactory())
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("reports:backoffice_report", args=[report.pk])).status_code == 403


def test_queue_shows_own_department_only(client, road_staff, pothole):
    mine = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    other_category = CategoryFactory(department=DepartmentFactory(name="Ordnungsamt Test"))
    theirs = ReportFactory(category=other_category, moderation=Moderation.PENDING)
    html = client.get(QUEUE).content.decode()
    assert reverse("reports:backoffice_report", args=[mine.pk]) in html
    assert reverse("reports:backoffice_report", args=[theirs.pk]) not in html
    assert client.get(reverse("reports:backoffice_report", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("reports:backoffice_report", args=[theirs.pk]), {"action": "publish"})
    assert response.status_code == 404
    assert Report.objects.get(pk=theirs.pk).moderation == Moderation.PENDING


def test_moderation_publishes_and_is_audited(client, road_staff, pothole):
    report = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    detail = reverse("reports:detail", args=[report.pk])
    assert client.get(detail).status_code == 404
    response = client.post(reverse("reports:backoffice_report", args=[report.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert client.get(detail).status_code == 200
    assert AuditLogEntry.objects.filter(
        object_type="reports.report", object_id=str(report.pk), actor=road_staff
    ).exists()


def test_hiding_needs_a_reason(client, road_staff, pothole):
    report = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    url = reverse("reports:backoffice_report", args=[report.pk])
    response = client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 200
    assert "Grund" in response.content.decode()
    client.post(url, {"action": "hide", "reason": "enthält ein Kfz-Kennzeichen"})
    report.refresh_from_db()
    assert report.moderation == Moderation.HIDDEN


def test_status_update_with_public_comment_reaches_map_and_reporter(
    client, road_staff, pothole, django_capture_on_commit_callbacks
):
    report = ReportFactory(category=pothole, email="erika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:backoffice_report", args=[report.pk]),
            {"action": "status", "status": ReportStatus.SOLVED, "comment": "Loch ist verfüllt.", "is_public": "on"},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SOLVED and report.closed_at is not None
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Loch ist verfüllt." in page and "Erledigt" in page
    assert len(mail.outbox) == 1 and "Erledigt" in mail.outbox[0].body


def test_internal_note_stays_internal(client, road_staff, pothole):
    report = ReportFactory(category=pothole)
    client.post(
        reverse("reports:backoffice_report", args=[report.pk]),
        {"action": "status", "status": ReportStatus.IN_PROGRESS, "comment": "Kolonne 3 fragen"},
    )
    assert "Kolonne 3" not in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Kolonne 3" not in client.get("/open311/v2/requests.json?extensions=true").content.decode()


def test_reassign_moves_report_to_other_department(client, road_staff, pothole):
    report = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    other = CategoryFactory(department=DepartmentFactory(name="Umwelt Test"))
    response = client.post(
        reverse("reports:backoffice_report", args=[report.pk]), {"action": "reassign", "category": other.pk}
    )
    assert response.status_code == 302 and response.url == QUEUE
    report.refresh_from_db()
    assert report.department == other.department
    assert client.get(reverse("reports:backoffice_report", args=[report.pk])).status_code == 404


def test_staff_without_department_sees_nothing(client, pothole):
    user = StaffFactory(department=None)
    login_with_mfa(client, user)
    report = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    assert reverse("reports:backoffice_report", args=[report.pk]) not in client.get(QUEUE).content.decode()


def test_clerk_reads_answers_and_department_in_words_not_codes(client, road_staff, pothole):
    report = ReportFactory(category=pothole, attributes={"groesse": "gross"})
    html = client.get(reverse("reports:backoffice_report", args=[report.pk])).content.decode()
    assert "<dt>Wie groß ist das Schlagloch?</dt><dd>groß</dd>" in html
    assert "<dt>groesse</dt>" not in html and ">gross<" not in html
    assert pothole.department.name in html
