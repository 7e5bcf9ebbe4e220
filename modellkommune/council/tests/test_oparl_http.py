"""OParl API details that clients notice: limits, date filters, omit_internal, File.paper, HTTP."""

import datetime as dt
import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.models import File, Paper
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.tests.test_oparl_conformance import validate


@pytest.mark.django_db
def test_limit_above_maximum_is_capped_not_refused(client, council, body_id):
    response = client.get(f"/oparl/v1.1/body/{body_id}/person?limit=1000")
    assert response.status_code == 200
    data = response.json()
    assert data["pagination"]["elementsPerPage"] == 500
    assert data["data"]


@pytest.mark.django_db
def test_until_filters_include_the_boundary_second(client, council, body_id):
    paper = Paper.objects.filter(public=True).first()
    stamp = timezone.now().replace(microsecond=654321)
    Paper.objects.filter(pk=paper.pk).update(modified=stamp, created=stamp - dt.timedelta(days=1))
    paper.refresh_from_db()
    shown = client.get(f"/oparl/v1.1/paper/{paper.pk}").json()
    printed_modified, printed_created = shown["modified"], shown["created"]  # to the second
    for name, printed in (("modified_until", printed_modified), ("created_until", printed_created)):
        listed = client.get(f"/oparl/v1.1/body/{body_id}/paper", {name: printed, "limit": 500}).json()["data"]
        assert shown["id"] in {o["id"] for o in listed}, name
    since = client.get(f"/oparl/v1.1/body/{body_id}/paper", {"modified_since": printed_modified}).json()["data"]
    assert shown["id"] in {o["id"] for o in since}
    later = (stamp + dt.timedelta(seconds=1)).replace(microsecond=0).isoformat()
    since_later = client.get(f"/oparl/v1.1/body/{body_id}/paper", {"modified_since": later}).json()["data"]
    assert shown["id"] not in {o["id"] for o in since_later}


@pytest.mark.django_db
def test_omit_internal_leaves_out_embedded_lists(client, council, body_id):
    full = client.get(f"/oparl/v1.1/body/{body_id}/meeting?limit=500").json()["data"]
    assert any("agendaItem" in m for m in full)
    lean = client.get(f"/oparl/v1.1/body/{body_id}/meeting?limit=500&omit_internal=true").json()
    assert not any("agendaItem" in m for m in lean["data"])
    for meeting in lean["data"]:
        validate(meeting)
    assert "omit_internal=true" in lean["links"]["first"]
    papers = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500&omit_internal=true").json()["data"]
    assert not any("consultation" in p for p in papers)
    persons = client.get(f"/oparl/v1.1/body/{body_id}/person?limit=500&omit_internal=true").json()["data"]
    assert not any("membership" in p for p in persons)
    # The items themselves are in their own list, with the way back to their meeting.
    items = client.get(f"/oparl/v1.1/body/{body_id}/agendaitem?limit=500&omit_internal=true").json()["data"]
    assert items and all(i["meeting"] for i in items)


@pytest.mark.django_db
def test_file_lists_the_paper_it_is_the_main_file_of(client, council):
    paper = Paper.objects.filter(public=True, main_file__isnull=False).first()
    shown = client.get(f"/oparl/v1.1/file/{paper.main_file_id}").json()
    assert shown["paper"] == [f"http://127.0.0.1:8000/oparl/v1.1/paper/{paper.pk}"]


@pytest.mark.django_db
def test_head_is_answered_like_get_without_body(client, council, body_id):
    response = client.head(f"/oparl/v1.1/body/{body_id}/paper")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == b""
    assert client.post(f"/oparl/v1.1/body/{body_id}/paper").status_code == 405


@pytest.mark.django_db
def test_conditional_get_answers_304_until_something_changes(client, council, body_id):
    paper = Paper.objects.filter(public=True).first()
    url = f"/oparl/v1.1/paper/{paper.pk}"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listed = client.get(f"/oparl/v1.1/body/{body_id}/paper")
    assert client.get(f"/oparl/v1.1/body/{body_id}/paper", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    paper.name = "Neuer Titel"
    paper.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["name"] == "Neuer Titel"
    relisted = client.get(f"/oparl/v1.1/body/{body_id}/paper", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert relisted.status_code == 200


@pytest.mark.django_db
def test_json_is_gzipped_for_clients_that_accept_it(client, council, body_id):
    plain = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500")
    zipped = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content) / 3
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    # A 304 also works with the (weakened) ETag of the gzipped answer.
    again = client.get(
        f"/oparl/v1.1/body/{body_id}/paper?limit=500", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_feed_items_link_to_the_site_url_not_example_com(client, council, settings):
    settings.SITE_URL = "https://rat.iserlohn.example"
    for path in ("/rat/feed/rss/", "/rat/feed/atom/"):
        text = client.get(path).content.decode()
        assert "example.com" not in text
        paper = Paper.objects.filter(public=True).order_by("-created").first()
        assert f"https://rat.iserlohn.example/rat/vorlagen/{paper.pk}/" in text


@pytest.mark.django_db
def test_file_uploaded_in_the_admin_gets_size_checksum_type_and_text(client, council):
    login_with_mfa(client, StaffFactory(is_superuser=True, email="betrieb2@iserlohn.example"))
    content = simple_pdf("Haushaltsplan", ["Entwurf 2027"])
    response = client.post(
        "/admin/council/file/add/",
        {
            "name": "Haushaltsplan 2027",
            "file_name": "haushalt.pdf",
            "content": SimpleUploadedFile("haushalt.pdf", content, content_type="text/plain"),
            "public": "on",
            "keyword": "[]",
            "created_0": "02.12.2026",
            "created_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = File.objects.get(name="Haushaltsplan 2027")
    shown = client.get(f"/oparl/v1.1/file/{stored.pk}").json()
    assert shown["size"] == len(content)
    assert shown["mimeType"] == "application/pdf"
    assert len(shown["sha512Checksum"]) == 128
    assert "Entwurf 2027" in shown["text"]


@pytest.mark.django_db
def test_every_paper_names_the_organization_that_leads_it(client, council, member, office, body_id):
    from modellkommune.council.models import Organization
    from modellkommune.council.services import paper_register, paper_submit

    # The administration leads; a paper handed to a department (issue 13) is led by the department's unit.
    administration = Organization.objects.get(organization_type="Verwaltungsbereich", sub_organization_of=None)
    expected = f"http://127.0.0.1:8000/oparl/v1.1/organization/{administration.pk}"
    leading = {
        f"http://127.0.0.1:8000/oparl/v1.1/organization/{pk}"
        for pk in Organization.objects.filter(organization_type="Verwaltungsbereich").values_list("pk", flat=True)
    }
    papers = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500").json()["data"]
    assert papers and all(len(p.get("underDirectionOf", [])) == 1 for p in papers)
    assert {p["underDirectionOf"][0] for p in papers} <= leading
    motion = paper_submit(actor=member, title="Mehr Bänke am Seeufer", text="Antragstext", paper_type="Antrag")
    paper_register(actor=office, paper=motion)
    assert client.get(f"/oparl/v1.1/paper/{motion.pk}").json()["underDirectionOf"] == [expected]
