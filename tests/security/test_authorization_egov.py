"""Authorization between citizens: applications, mailbox messages, defect reports and bookings.

Uses the demo data of the apps as they exist; a check whose app is not there yet is skipped."""

import re

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from modellkommune.accounts.tests.factories import UserFactory


def _model(label):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        pytest.skip(f"{label} does not exist yet")


def _patterns_with_pk(namespace: str, prefix: str) -> list[str]:
    """All routes of an app below `prefix` that take the object's pk (e.g. every action on an application)."""
    resolver = get_resolver()
    try:
        urls = resolver.namespace_dict[namespace][1]
    except KeyError:
        return []
    routes = []
    for pattern in urls.url_patterns:
        route = str(pattern.pattern)
        if route.startswith(prefix) and "<int:pk>" in route:
            routes.append("/" + route)
    return routes


def test_citizen_cannot_open_another_citizens_application(client, demo):
    application_model = _model("egov.Application")
    applications = list(application_model.objects.exclude(applicant=None)[:5])
    if not applications:
        pytest.skip("no applications in the demo")
    routes = _patterns_with_pk("egov", "buergerservice/antraege/")
    assert routes
    stranger = UserFactory(email="fremd@example.org")
    client.force_login(stranger)
    for application in applications:
        for route in routes:
            path = re.sub(r"<int:file_pk>", "1", route.replace("<int:pk>", str(application.pk)))
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code in (302, 403, 404, 405), (path, method.__name__, response.status_code)
                if response.status_code == 302:
                    assert "/konto/" in response["Location"] or str(application.pk) not in response["Location"]
        listing = client.get(reverse("egov:application_list")).content.decode()
        assert f"/buergerservice/antraege/{application.pk}/" not in listing
    # and the owner does see their own application
    owner = applications[0].applicant
    client.force_login(owner)
    assert client.get(f"/buergerservice/antraege/{applications[0].pk}/").status_code == 200


def test_anonymous_visitor_cannot_open_applications_or_mailbox(client, demo):
    application_model = _model("egov.Application")
    application = application_model.objects.first()
    if application is None:
        pytest.skip("no applications in the demo")
    for path in (
        f"/buergerservice/antraege/{application.pk}/",
        "/buergerservice/postfach/",
        "/buergerservice/meine-daten.json",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert "/konto/" in response.get("Location", "/konto/")


def test_citizen_cannot_read_another_citizens_mailbox_message(client, demo):
    message_model = _model("egov.Message")
    messages = list(message_model.objects.all()[:5])
    if not messages:
        pytest.skip("no mailbox messages in the demo")
    client.force_login(UserFactory(email="fremd2@example.org"))
    for message in messages:
        response = client.get(reverse("egov:message_detail", kwargs={"pk": message.pk}))
        assert response.status_code in (403, 404)
    mailbox = client.get(reverse("egov:mailbox")).content.decode()
    for message in messages:
        assert f"/buergerservice/postfach/{message.pk}/" not in mailbox


def test_my_data_export_contains_only_my_data(client, demo):
    application_model = _model("egov.Application")
    other = application_model.objects.exclude(applicant=None).select_related("applicant").first()
    if other is None:
        pytest.skip("no applications in the demo")
    me = UserFactory(email="ich@example.org")
    client.force_login(me)
    try:
        url = reverse("egov:my_data_json")
    except NoReverseMatch:
        pytest.skip("no data export yet")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert other.applicant.email not in body
    assert me.email in body


def test_unpublished_defect_reports_are_hidden(client, demo):
    report_model = _model("reports.Report")
    hidden = list(report_model.objects.exclude(moderation="published")[:5])
    if not hidden:
        pytest.skip("every demo report is published")
    for report in hidden:
        assert client.get(f"/maengelmelder/{report.pk}/").status_code == 404
        try:
            url = reverse("reports:open311_request", kwargs={"pk": report.pk, "fmt": "json"})
        except NoReverseMatch:
            continue
        response = client.get(url)
        assert response.status_code == 404 or response.json() == [], url


def test_published_defect_reports_show_no_personal_data(client, demo):
    report_model = _model("reports.Report")
    published = report_model.objects.filter(moderation="published").exclude(email="")[:5]
    for report in published:
        for url in (
            f"/maengelmelder/{report.pk}/",
            f"/open311/v2/requests/{report.pk}.json",
            "/open311/v2/requests.json",
        ):
            body = client.get(url).content.decode()
            assert report.email not in body, url
            if report.last_name:
                assert report.last_name not in body, url


def test_bookings_cannot_be_opened_by_guessing(client, demo):
    booking_model = _model("appointments.Booking")
    for booking in booking_model.objects.exclude(name="")[:5]:
        status = booking.status
        for guess in (str(booking.pk), booking.reference):
            assert client.get(f"/termine/mein-termin/{guess}/").status_code == 404
            for method in (client.get, client.post):
                response = method(f"/termine/bestaetigen/{guess}/")
                assert response.status_code in (200, 400, 404)
                assert booking.name not in response.content.decode()
        booking.refresh_from_db()
        assert booking.status == status
    assert client.get("/termine/mein-termin/AAAAAAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
