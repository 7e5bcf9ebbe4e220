"""The reporter follows a report from the moment it is sent: private link, "Meine Meldungen", no resubmit."""

import uuid

from django.urls import reverse

from modellkommune.accounts.tests.factories import UserFactory

from ..constants import Moderation
from ..models import Report
from .factories import ReportFactory
from .test_web import CREATE, form_data


def test_sending_redirects_to_the_private_follow_page_so_a_reload_does_not_send_again(client, pothole):
    response = client.post(CREATE, form_data(email="erika@example.org"))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:track", args=[report.token]) + "?neu=1"
    page = client.get(response["Location"])  # a reload of this page is a GET: nothing is sent again
    html = page.content.decode()
    assert "Vielen Dank für Ihre Meldung" in html and f"Nummer {report.pk}" in html
    assert "bestätigen Sie Ihre Meldung" in html  # before moderation the reporter still sees where it stands
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    client.get(response["Location"])
    assert Report.objects.count() == 1


def test_follow_page_shows_moderation_state_and_public_history_only(client, pothole):
    report = ReportFactory(
        category=pothole, moderation=Moderation.HIDDEN, moderation_reason="Personen erkennbar", email="a@example.org"
    )
    html = client.get(reverse("reports:track", args=[report.token])).content.decode()
    assert "nicht öffentlich gezeigt" in html and "Personen erkennbar" in html
    assert "a@example.org" not in html  # only shown while the e-mail confirmation is pending
    assert client.get(reverse("reports:track", args=[uuid.uuid4()])).status_code == 404
    assert client.get(f"/maengelmelder/meine-meldung/{report.pk}/").status_code == 404  # no guessable ids


def test_my_reports_lists_own_reports_in_every_state_and_nobody_elses(client, pothole):
    erika, max_ = UserFactory(email="erika@example.org"), UserFactory(email="max@example.org")
    own_pending = ReportFactory(category=pothole, user=erika, moderation=Moderation.PENDING)
    own_published = ReportFactory(category=pothole, user=erika)
    other = ReportFactory(category=pothole, user=max_)
    assert client.get(reverse("reports:my_reports")).status_code == 302  # login first
    client.force_login(erika)
    html = client.get(reverse("reports:my_reports")).content.decode()
    assert reverse("reports:track", args=[own_pending.token]) in html
    assert reverse("reports:track", args=[own_published.token]) in html
    assert str(other.token) not in html
    assert "Meine Mängelmeldungen" in client.get(reverse("portal:my_area")).content.decode()
