"""Public pages: reporting with and without an account, confirmation, duplicates, moderation, map."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from modellkommune.accounts.tests.factories import UserFactory

from ..constants import Moderation, ReportStatus
from ..models import Report
from .factories import ReportFactory
from .test_photos import jpeg_with_gps

CREATE = "/maengelmelder/melden/schlagloch/"


def form_data(**extra):
    data = {"description": "Tiefes Schlagloch vor der Schule", "lat": "51.3759", "lon": "7.6949", "groesse": "klein"}
    data["attr_groesse"] = data.pop("groesse")
    data.update(extra)
    return data


def test_index_lists_only_published_reports(client, pothole):
    shown = ReportFactory(category=pothole, description="Sichtbar")
    ReportFactory(category=pothole, moderation=Moderation.PENDING, address="Geheimweg 1")
    ReportFactory(category=pothole, moderation=Moderation.HIDDEN, address="Versteckt 2")
    response = client.get(reverse("reports:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("reports:detail", args=[shown.pk]) in html
    assert "Geheimweg" not in html and "Versteckt" not in html
    points = re.search(r'<script id="report-points" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert f'"id": {shown.pk}' in points
    assert shown.email not in html


def test_unpublished_detail_is_not_found(client, pothole):
    hidden = ReportFactory(category=pothole, moderation=Moderation.PENDING)
    assert client.get(reverse("reports:detail", args=[hidden.pk])).status_code == 404


def test_anonymous_report_needs_email_confirmation(client, pothole, django_capture_on_commit_callbacks):
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "bild.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, form_data(email="erika@example.org", photos=photo))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.moderation == Moderation.UNCONFIRMED
    assert report.department == pothole.department
    with report.photos.get().image.open("rb") as f:
        assert b"Testkamera" not in f.read()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/maengelmelder/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    # GET only shows a button (mail scanners must not confirm)
    assert client.get(path).status_code == 200
    report.refresh_from_db()
    assert report.moderation == Moderation.UNCONFIRMED
    assert client.post(path).status_code == 200
    report.refresh_from_db()
    assert report.moderation == Moderation.PENDING
    # still not public until moderated
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404


def test_tampered_confirmation_link_is_refused(client, pothole, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, form_data(email="erika@example.org"))
    link = re.search(r"/maengelmelder/bestaetigen/(\S+)/", mail.outbox[0].body).group(1)
    response = client.post(f"/maengelmelder/bestaetigen/{link[:-2]}xx/")
    assert response.status_code == 400
    assert Report.objects.get().moderation == Moderation.UNCONFIRMED


def test_anonymous_report_without_email_is_refused(client, pothole):
    response = client.post(CREATE, form_data())
    assert response.status_code == 400
    assert "E-Mail" in response.content.decode()
    assert not Report.objects.exists()


def test_signed_in_citizen_skips_confirmation(client, pothole):
    user = UserFactory()
    client.force_login(user)
    response = client.post(CREATE, form_data())
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.user == user and report.email == user.email
    assert report.moderation == Moderation.PENDING
    assert mail.outbox == []


def test_outside_town_is_refused_with_clear_message(client, pothole):
    response = client.post(CREATE, form_data(email="erika@example.org", lat="52.5200", lon="13.4050"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "außerhalb des Stadtgebiets von Iserlohn" in html
    assert 'href="#id_lat"' in html  # the error summary links to the field
    assert not Report.objects.exists()


def test_required_attribute_is_asked(client, pothole):
    response = client.post(CREATE, form_data(email="erika@example.org", attr_groesse=""))
    assert response.status_code == 400
    assert "Wie groß ist das Schlagloch?" in response.content.decode()


def test_nearby_duplicate_is_suggested_first(client, pothole):
    existing = ReportFactory(category=pothole, lat=51.37600, lon=7.69500)
    far = ReportFactory(category=pothole, lat=51.3800, lon=7.7000)
    response = client.post(CREATE, form_data(email="erika@example.org", lat="51.37620", lon="7.69510"))
    html = response.content.decode()
    assert "Ähnliche Meldungen in der Nähe" in html
    assert reverse("reports:detail", args=[existing.pk]) in html
    assert reverse("reports:detail", args=[far.pk]) not in html
    assert Report.objects.count() == 2
    response = client.post(
        CREATE,
        form_data(
            email="erika@example.org", lat="51.37620", lon="7.69510", not_duplicate="on", not_duplicate_shown="1"
        ),
    )
    assert response.status_code == 302
    assert Report.objects.count() == 3


def test_closed_or_other_category_is_no_duplicate(client, pothole, graffiti):
    ReportFactory(category=pothole, lat=51.3759, lon=7.6949, status=ReportStatus.SOLVED)
    ReportFactory(category=graffiti, lat=51.3759, lon=7.6949)
    response = client.post(CREATE, form_data(email="erika@example.org"))
    assert response.status_code == 302


def test_fake_photo_is_refused(client, pothole):
    fake = io.BytesIO(b"MZ\x90\x00 not an image")
    fake.name = "urlaub.jpg"
    response = client.post(CREATE, form_data(email="erika@example.org", photos=fake))
    assert response.status_code == 400
    assert "JPEG, PNG oder WebP" in response.content.decode()
    assert not Report.objects.exists()


def test_rate_limit_per_email(client, pothole, settings):
    settings.REPORTS_RATE_LIMITS = {"email": (2, 3600), "ip": (100, 3600)}
    for i in range(2):
        lat = f"51.37{i}"
        assert client.post(CREATE, form_data(email="viel@example.org", lat=lat)).status_code == 302
    response = client.post(CREATE, form_data(email="viel@example.org", lat="51.39"))
    assert response.status_code == 400
    assert "Zu viele Meldungen" in response.content.decode()
    assert Report.objects.count() == 2


def test_honeypot_blocks_bots(client, pothole):
    response = client.post(CREATE, form_data(email="bot@example.org", website="http://spam.example"))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_form_page_renders_attribute_fields(client, pothole):
    html = client.get(CREATE).content.decode()
    assert 'for="id_attr_groesse"' in html
    assert 'name="email"' in html


@pytest.mark.parametrize("url", ["/maengelmelder/", "/maengelmelder/melden/"])
def test_public_pages_render(client, pothole, url):
    assert client.get(url).status_code == 200


def test_png_upload_is_stored_as_jpeg(client, pothole):
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "green").save(out, format="PNG")
    out.seek(0)
    out.name = "gruen.png"
    assert client.post(CREATE, form_data(email="erika@example.org", photos=out)).status_code == 302
    assert Report.objects.get().photos.get().image.name.endswith(".jpg")


def test_nearby_endpoint_lists_published_open_reports(client, pothole):
    near = ReportFactory(category=pothole, lat=51.37600, lon=7.69500)
    ReportFactory(category=pothole, lat=51.37601, lon=7.69500, moderation=Moderation.PENDING)
    data = client.get("/maengelmelder/melden/schlagloch/in-der-naehe/?lat=51.37610&lon=7.69500").json()
    assert [r["id"] for r in data["reports"]] == [near.pk]
    assert data["reports"][0]["distance_m"] == 11
    assert "email" not in str(data)
    assert client.get("/maengelmelder/melden/schlagloch/in-der-naehe/?lat=x").status_code == 400
