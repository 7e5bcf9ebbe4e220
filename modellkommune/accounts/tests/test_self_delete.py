"""Self-service account deletion: password again, consequences explained, every app's data erased or
anonymised, logged out; another person's data untouched; staff cannot delete themselves."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.core.models import AuditActor, AuditLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Geheim-Passwort-123"
URL = "/konto/loeschen/"


@pytest.fixture
def world(municipality, django_capture_on_commit_callbacks):
    """Two citizens, each with data in every app: a closed application, a draft, a report, a saved
    search, a future booking and a contact message."""
    from modellkommune.council.models import SavedSearch
    from modellkommune.egov import services
    from modellkommune.egov.appointments.tests.factories import BookingFactory
    from modellkommune.egov.reports.services import report_submit
    from modellkommune.egov.reports.tests.factories import CategoryFactory
    from modellkommune.egov.tests.factories import ServiceFactory
    from modellkommune.portal.models import ContactMessage

    service = ServiceFactory()
    clerk = StaffFactory(department=service.department)
    category = CategoryFactory()
    start = timezone.now() + dt.timedelta(days=5)
    people = {}
    for key, first, last in (("erika", "Erika", "Mustermann"), ("max", "Max", "Nachbar")):
        user = UserFactory(email=f"{key}@example.org", first_name=first, last_name=last)
        application = services.application_draft_start(user=user, service=service)
        services.application_draft_save(
            user=user, application=application, data={"name": f"{first} {last}", "art": "a"}
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.application_submit(user=user, application=application)
        services.application_status_change(actor=clerk, application=application, new_status="approved")
        services.application_status_change(actor=clerk, application=application, new_status="closed")
        draft = services.application_draft_start(user=user, service=ServiceFactory())
        report = report_submit(
            category=category, description=f"Laterne defekt ({key[0]})", lat=51.3759, lon=7.6949, user=user
        )
        SavedSearch.objects.create(user=user, query=f"Suche {last}")
        booking = BookingFactory(
            email=user.email, name=f"{first} {last}", phone="02371 1", start=start, end=start + dt.timedelta(minutes=20)
        )
        ContactMessage.objects.create(name=f"{first} {last}", email=user.email, subject="Frage", message="Text")
        people[key] = {"user": user, "application": application, "draft": draft, "report": report, "booking": booking}
    people["clerk"] = clerk
    return people


def _dump_personal_tables() -> str:
    from modellkommune.council.models import SavedSearch
    from modellkommune.egov.appointments.models import Booking
    from modellkommune.egov.models import Application, Message, StatusChange
    from modellkommune.egov.reports.models import Report
    from modellkommune.portal.models import ContactMessage

    rows = [
        list(m.objects.values())
        for m in (Application, Message, StatusChange, Report, SavedSearch, Booking, ContactMessage)
    ]
    rows.append(list(AuditLogEntry.objects.values("actor_repr", "object_id", "object_repr", "message", "changes")))
    rows.append(list(AuditActor.objects.values("label")))
    return json.dumps(rows, default=str, ensure_ascii=False)


def test_page_explains_consequences_and_asks_for_password(client, world):
    client.force_login(world["erika"]["user"])
    html = client.get(URL).content.decode()
    assert "Konto löschen" in html and 'type="password"' in html
    assert "kann nicht rückgängig gemacht werden" in html
    assert "ohne Ihren Namen" in html
    assert reverse("portal:my_area") != URL and URL in client.get(reverse("portal:my_area")).content.decode()


def test_wrong_password_deletes_nothing(client, world):
    erika = world["erika"]["user"]
    client.force_login(erika)
    response = client.post(URL, {"password": "falsch", "confirm": "on"})
    assert response.status_code == 400
    assert "Das Passwort ist nicht richtig" in response.content.decode()
    assert get_user_model().objects.filter(pk=erika.pk).exists()
    assert client.get(reverse("portal:my_area")).status_code == 200  # still logged in


def test_deletion_end_to_end_leaves_the_neighbour_untouched(client, world):
    from modellkommune.council.models import SavedSearch
    from modellkommune.egov.appointments.models import Booking
    from modellkommune.egov.models import Application
    from modellkommune.portal.models import ContactMessage

    erika, max_ = world["erika"]["user"], world["max"]["user"]
    client.force_login(max_)
    max_export_before = client.get(reverse("egov:my_data_json")).json()
    client.logout()
    assert "erika@example.org" in _dump_personal_tables()

    client.force_login(erika)
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=erika.pk).exists()
    assert "_auth_user_id" not in client.session
    dump = _dump_personal_tables()
    for trace in ("erika@example.org", "Erika", "Mustermann"):
        assert trace not in dump, dump[max(0, dump.find(trace) - 400) : dump.find(trace) + 100]
    application = Application.objects.get(pk=world["erika"]["application"].pk)
    assert application.reference and application.status == "closed" and application.applicant is None
    assert application.data == {} and application.anonymised_at is not None
    assert not Application.objects.filter(pk=world["erika"]["draft"].pk).exists()
    booking = Booking.objects.get(pk=world["erika"]["booking"].pk)
    assert booking.status == "cancelled" and booking.email == "" and booking.phone == ""
    assert not SavedSearch.objects.filter(query="Suche Mustermann").exists()
    assert ContactMessage.objects.filter(email="").count() == 1
    assert not AuditActor.objects.filter(user_id=erika.pk).exists()
    # the staff's entries stay attributable, the deletion itself is recorded without a name
    assert AuditLogEntry.objects.filter(actor=world["clerk"]).exists()
    assert AuditLogEntry.objects.filter(message="Konto auf eigenen Wunsch gelöscht", object_id="").count() == 1

    client.force_login(max_)
    max_export_after = client.get(reverse("egov:my_data_json")).json()
    max_export_before.pop("exportiert_am"), max_export_after.pop("exportiert_am")
    assert max_export_after == max_export_before
    assert Booking.objects.get(pk=world["max"]["booking"].pk).status == "confirmed"


def test_staff_cannot_delete_themselves(client, world):
    from modellkommune.accounts.tests.utils import login_with_mfa

    clerk = world["clerk"]
    login_with_mfa(client, clerk)
    html = client.get(URL).content.decode()
    assert "Administration" in html and 'type="password"' not in html
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=clerk.pk).exists()
    assert URL not in client.get(reverse("portal:my_area")).content.decode()


def test_open_application_blocks_deletion(client, world):
    from modellkommune.egov.models import Application

    erika = world["erika"]["user"]
    Application.objects.filter(pk=world["erika"]["application"].pk).update(status="in_progress")
    client.force_login(erika)
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "noch Anträge in Bearbeitung" in response.content.decode()
    assert get_user_model().objects.filter(pk=erika.pk).exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_password_guessing_is_rate_limited(client, world):
    erika = world["erika"]["user"]
    client.force_login(erika)
    for _attempt in range(5):
        assert client.post(URL, {"password": "falsch", "confirm": "on"}).status_code == 400
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "Zu viele Versuche" in response.content.decode()
    assert get_user_model().objects.filter(pk=erika.pk).exists()


def test_my_data_page_links_to_deletion(client, world):
    client.force_login(world["erika"]["user"])
    html = client.get(reverse("egov:my_data")).content.decode()
    assert URL in html and "Mängelmeldungen" in html


def test_deletion_page_is_accessible_with_and_without_errors(client, world):
    from modellkommune.egov.tests.test_accessibility import _check

    client.force_login(world["erika"]["user"])
    _check(client.get(URL).content.decode())
    html = client.post(URL, {"password": ""}).content.decode()
    _check(html)
    assert 'role="alert"' in html and 'href="#id_password"' in html and 'href="#id_confirm"' in html
