"""Uploaded files at MEDIA_URL: served with DEBUG off, after the owning app's permission check."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from PIL import Image

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.models import File
from modellkommune.egov.reports.constants import Moderation
from modellkommune.egov.reports.models import ReportPhoto
from modellkommune.egov.reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "green").save(out, format="JPEG")
    return out.getvalue()


def _photo(*, moderation=Moderation.PUBLISHED, is_public=True, user=None) -> ReportPhoto:
    report = ReportFactory(moderation=moderation, user=user)
    photo = ReportPhoto(report=report, is_public=is_public, width=8, height=6)
    photo.image.save("schlagloch.jpg", ContentFile(_jpeg()), save=True)
    return photo


def _council_file(*, public=True, deleted=False) -> File:
    obj = File(name="Vorlage", file_name="vorlage.pdf", mime_type="application/pdf", sha512="ab" * 64)
    obj.public, obj.deleted = public, deleted
    obj.content.save("vorlage.pdf", ContentFile(b"%PDF-1.4 Inhalt der Vorlage"), save=True)
    return obj


def test_public_photo_of_a_published_report_is_served_with_debug_off(client, settings):
    settings.DEBUG = False
    photo = _photo()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()


def test_accel_redirect_hands_the_file_to_nginx(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    photo = _photo()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{photo.image.name}"
    assert response.content == b""  # nginx sends the bytes from its internal location


def test_photo_of_an_unpublished_report_only_for_reporter_and_responsible_staff(client):
    reporter = UserFactory()
    photo = _photo(moderation=Moderation.PENDING, user=reporter)
    assert client.get(photo.image.url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(photo.image.url).status_code == 403
    login_with_mfa(client, StaffFactory())  # another department
    assert client.get(photo.image.url).status_code == 403
    client.force_login(reporter)
    assert client.get(photo.image.url).status_code == 200
    login_with_mfa(client, StaffFactory(department=photo.report.department))
    assert client.get(photo.image.url).status_code == 200


def test_photo_marked_internal_is_hidden_even_on_a_published_report(client):
    photo = _photo(is_public=False)
    response = client.get(photo.image.url)
    assert response.status_code == 403
    assert "Kein Zugriff auf diese Datei" in response.content.decode()
    assert "X-Accel-Redirect" not in response


def test_council_files_public_unless_non_public_or_deleted(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    assert client.get(_council_file().content.url).status_code == 200
    hidden = _council_file(public=False)
    assert client.get(hidden.content.url).status_code == 403
    assert client.get(_council_file(deleted=True).content.url).status_code == 403
    clerk = StaffFactory()
    login_with_mfa(client, clerk)
    assert client.get(hidden.content.url).status_code == 403  # staff, but not the council office
    office = StaffFactory()
    office.user_permissions.add(Permission.objects.get(codename="manage_proceedings"))
    login_with_mfa(client, office)
    assert client.get(hidden.content.url).status_code == 200


def test_missing_files_answer_404(client, settings):
    photo = _photo()
    photo.image.storage.delete(photo.image.name)
    assert client.get(photo.image.url).status_code == 404
    assert client.get("/media/reports/2026/01/gibt-es-nicht.jpg").status_code == 404


def test_files_of_unregistered_folders_are_denied(client, settings):
    secret = settings.MEDIA_ROOT / "backups" / "dump.sql"
    secret.parent.mkdir(parents=True)
    secret.write_text("geheim")
    response = client.get("/media/backups/dump.sql")
    assert response.status_code == 403
    assert b"geheim" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/reports/../../etc/passwd",
        "/media/reports/%2e%2e/%2e%2e/etc/passwd",
        "/media/reports/..%2f..%2fetc/passwd",
        "/media//etc/passwd",
        "/media/reports/./x.jpg",
        "/media/reports/x.jpg%00.png",
    ],
)
def test_path_traversal_never_leaves_media_root(client, settings, path):
    outside = settings.MEDIA_ROOT.parent / "etc" / "passwd"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("root:x:0:0")
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:x" not in response.content


def test_only_safe_methods(client):
    photo = _photo()
    assert client.post(photo.image.url).status_code in (403, 405)
    assert client.head(photo.image.url).status_code == 200
