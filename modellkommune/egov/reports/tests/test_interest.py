"""Other people on a published report: "me too" once per person, following by e-mail with double opt-in."""

import re

from django.core import mail
from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory

from ..constants import Moderation, ReportStatus
from ..models import ReportFollower
from ..services import report_status_change
from .factories import ReportFactory


def test_me_too_counts_once_per_person_and_only_on_published_open_reports(client, pothole):
    report = ReportFactory(category=pothole)
    url = reverse("reports:support", args=[report.pk])
    client.post(url)
    client.post(url)  # the same browser again
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "1 Person hat dasselbe Anliegen" in html and "Sie haben diese Meldung unterstützt" in html
    other = client.__class__(HTTP_HOST="127.0.0.1")
    other.post(url)
    assert report.supports.count() == 2
    hidden = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    assert client.post(reverse("reports:support", args=[hidden.pk])).status_code == 404
    assert client.get(url).status_code == 405


def _link(body: str, part: str) -> str:
    return "/" + re.search(rf"https?://\S+(/maengelmelder/{part}/\S+/)", body).group(1).lstrip("/")


def test_following_needs_confirmation_sends_updates_with_unsubscribe_and_forgets_on_close(
    client, pothole, django_capture_on_commit_callbacks
):
    report = ReportFactory(category=pothole, email="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:follow_start", args=[report.pk]), {"email": "Nachbarin@Example.org"})
    follower = ReportFollower.objects.get()
    assert follower.email == "nachbarin@example.org" and not follower.confirmed
    confirm = _link(mail.outbox[-1].body, "folgen")
    assert client.get(confirm).status_code == 200  # a mail scanner's GET confirms nothing
    assert not ReportFollower.objects.get().confirmed
    client.post(confirm)
    assert ReportFollower.objects.get().confirmed

    clerk = StaffFactory(department=pothole.department)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_status_change(actor=clerk, report=report, status=ReportStatus.IN_PROGRESS, comment="Kolonne bestellt")
    [update] = mail.outbox
    assert update.to == ["nachbarin@example.org"] and "Kolonne bestellt" in update.body
    unsubscribe = _link(update.body, "abbestellen")
    with django_capture_on_commit_callbacks(execute=True):
        report_status_change(actor=clerk, report=report, status=ReportStatus.SOLVED, comment="Repariert")
    assert not ReportFollower.objects.exists()  # told about the close, then forgotten
    assert client.post(unsubscribe).status_code == 400  # nothing left to unsubscribe


def test_signed_in_people_follow_with_one_click_and_can_unsubscribe(
    client, pothole, django_capture_on_commit_callbacks
):
    report = ReportFactory(category=pothole)
    client.force_login(UserFactory(email="erika@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:follow_start", args=[report.pk]))
    assert ReportFollower.objects.get().confirmed and not mail.outbox
    from ..following import follow_token

    client.post(reverse("reports:unfollow", args=[follow_token(ReportFollower.objects.get())]))
    assert not ReportFollower.objects.exists()
    assert client.post(reverse("reports:unfollow", args=["gefälscht"])).status_code == 400
