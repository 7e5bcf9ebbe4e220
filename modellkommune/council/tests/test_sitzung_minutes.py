"""Minutes (Niederschrift) and resolution files: drafted from the record, approved after the meeting,
published as OParl resultsProtocol / resolutionFile (public part only), linked on the public page."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council import services
from modellkommune.council import services_meetings as sm
from modellkommune.council import services_minutes as smin
from modellkommune.council.models import File, Meeting, Minutes, Organization
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.selectors_meetings import meeting_members
from modellkommune.council.tests.meetings import begin
from modellkommune.council.tests.test_oparl_conformance import validate

pytestmark = pytest.mark.django_db


def _oparl(client, meeting):
    data = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    validate(data)
    return data


def _bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _ended(meeting):
    start = timezone.now() - dt.timedelta(hours=4)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()


@pytest.fixture
def held(member, office):
    """An ADS meeting in session with a motion (public), a personnel matter (non-public), attendance, results."""
    paper = services.paper_submit(
        actor=member, title="Trinkbrunnen am Bahnhof", text="Der Rat möge beschließen …", paper_type="Antrag"
    )
    services.paper_register(actor=office, paper=paper)
    ads = Organization.objects.get(short_name="ADS")
    meeting = sm.meeting_create(actor=office, organization=ads, start=timezone.now() + dt.timedelta(days=1))
    public_item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    secret_item = sm.agenda_item_add(actor=office, meeting=meeting, name="Personalangelegenheit Müller", public=False)
    begin(meeting)
    public_item.meeting = secret_item.meeting = meeting
    members = [m.person_id for m in meeting_members(meeting=meeting)]
    sm.meeting_attendance_record(actor=office, meeting=meeting, statuses=dict.fromkeys(members, "present"))
    services.agenda_item_record_result(
        actor=office,
        agenda_item=public_item,
        result="Beschlossen",
        resolution_text="Am Bahnhof wird ein Trinkbrunnen aufgestellt.",
        votes_yes=5,
        votes_no=1,
        votes_abstain=0,
    )
    services.agenda_item_record_result(
        actor=office, agenda_item=secret_item, result="Beschlossen", resolution_text="Frau Müller wird befördert."
    )
    meeting.refresh_from_db()
    return meeting, public_item, secret_item


def test_minutes_are_drafted_edited_approved_after_the_meeting_and_published(held, office, client):
    meeting, public_item, secret_item = held
    login_with_mfa(client, office)
    url = f"/verwaltung/rat/sitzungen/{meeting.pk}/niederschrift/"
    assert client.post(url, {"action": "draft"}).status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert "TOP 1: Trinkbrunnen am Bahnhof" in minutes.text_public
    assert "Am Bahnhof wird ein Trinkbrunnen aufgestellt." in minutes.text_public
    assert "Ergebnis: Beschlossen (Ja 5, Nein 1, Enthaltung 0)" in minutes.text_public
    assert "Anwesend:" in minutes.text_public
    assert "Müller" not in minutes.text_public and "Frau Müller wird befördert." in minutes.text_internal

    edited = minutes.text_public + "\n\nDie Vorsitzende schließt die Sitzung um 19:12 Uhr."
    response = client.post(url, {"action": "save", "text_public": edited, "text_internal": minutes.text_internal})
    assert response.status_code == 302
    html = client.post(url, {"action": "save", "text_public": "<script>x</script>", "text_internal": ""})
    assert "ohne HTML" in html.content.decode()
    # Still in session: approval waits for the end of the meeting.
    early = client.post(url, {"action": "approve"}, follow=True).content.decode()
    assert "erst nach dem Ende der Sitzung" in early
    assert _oparl(client, meeting).get("resultsProtocol") is None

    _ended(meeting)
    before = _oparl(client, meeting)["modified"]
    before_exact = meeting.modified
    assert client.post(url, {"action": "approve"}).status_code == 302
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == "approved" and minutes.approved_by == office
    oparl = _oparl(client, meeting)
    # OParl renders whole seconds; the approval may fall into the same second.
    assert meeting.modified > before_exact and oparl["modified"] >= before
    protocol = oparl["resultsProtocol"]
    assert protocol["mimeType"] == "application/pdf" and protocol["size"] > 0
    published = File.objects.get(pk=meeting.results_protocol_id)
    assert "19:12" in published.text and "Trinkbrunnen" in published.text
    assert "Müller" not in published.text, "the public file holds the public part only"
    assert not minutes.full_file.public and "Müller" in minutes.full_file.text
    since = client.get(f"/oparl/v1.1/body/{meeting.organizations.get().body_id}/meeting?modified_since={before}")
    assert meeting.pk in [int(m["id"].rsplit("/", 1)[1]) for m in since.json()["data"]]

    # Final once approved.
    with pytest.raises(ValidationError, match="bereits genehmigt"):
        smin.minutes_update(actor=office, minutes=minutes, text_public="neu", text_internal="")
    client.logout()
    page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert "Niederschrift (PDF, öffentlicher Teil)" in page
    assert client.get(urlsplit(protocol["accessUrl"]).path).status_code == 200
    assert client.get(f"/oparl/v1.1/file/{minutes.full_file.pk}/access").status_code == 404


def test_minutes_of_a_non_public_meeting_are_not_published(held, office, client):
    meeting, *_ = held
    Meeting.objects.filter(pk=meeting.pk).update(public=False)
    _ended(meeting)
    minutes = smin.minutes_draft(actor=office, meeting=meeting)
    smin.minutes_approve(actor=office, minutes=minutes)
    meeting.refresh_from_db()
    assert not meeting.results_protocol.public


def test_minutes_need_a_held_meeting_and_the_council_office(member, office):
    ads = Organization.objects.get(short_name="ADS")
    coming = sm.meeting_create(actor=office, organization=ads, start=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="ab Beginn der Sitzung"):
        smin.minutes_draft(actor=office, meeting=coming)
    begin(coming)
    with pytest.raises(PermissionDenied):
        smin.minutes_draft(actor=member, meeting=coming)
    minutes = smin.minutes_draft(actor=office, meeting=coming)
    with pytest.raises(PermissionDenied):
        smin.minutes_approve(actor=member, minutes=minutes)


def test_resolution_file_uploaded_or_generated_and_in_oparl(held, office, client):
    meeting, public_item, secret_item = held
    login_with_mfa(client, office)
    url = f"/verwaltung/rat/top/{public_item.pk}/beschluss/"
    not_pdf = SimpleUploadedFile("beschluss.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, {"action": "upload", "file": not_pdf})
    assert refused.status_code == 200 and "kein PDF-Dokument" in refused.content.decode()
    assert client.post(url, {"action": "generate"}).status_code == 302
    public_item.refresh_from_db()
    generated = public_item.resolution_file
    assert generated.public and "Trinkbrunnen aufgestellt" in generated.text
    item_json = _oparl(client, meeting)["agendaItem"][0]
    assert item_json["resolutionFile"]["id"].endswith(f"/file/{generated.pk}")

    upload = SimpleUploadedFile("Beschluss TOP 1.pdf", simple_pdf("Beschluss", ["Unterschrieben"]))
    assert client.post(url, {"action": "upload", "file": upload}).status_code == 302
    public_item.refresh_from_db()
    assert public_item.resolution_file_id != generated.pk and "Unterschrieben" in public_item.resolution_file.text
    assert client.get(f"/oparl/v1.1/file/{generated.pk}").json()["deleted"] is True

    # A non-public item's resolution is stored but never public.
    smin.agenda_item_resolution_generate(actor=office, agenda_item=secret_item)
    secret_item.refresh_from_db()
    assert not secret_item.resolution_file.public
    client.logout()
    page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert "Beschluss (PDF)" in page and "befördert" not in page


def test_resolution_file_only_once_the_meeting_has_begun(member, office):
    ads = Organization.objects.get(short_name="ADS")
    meeting = sm.meeting_create(actor=office, organization=ads, start=timezone.now() + dt.timedelta(days=3))
    item = sm.agenda_item_add(actor=office, meeting=meeting, name="Bericht", public=True)
    with pytest.raises(ValidationError, match="ab Beginn"):
        smin.agenda_item_resolution_upload(actor=office, agenda_item=item, name="x.pdf", content=simple_pdf("x", []))
    begin(meeting)
    with pytest.raises(ValidationError, match="Beschlusstext"):
        smin.agenda_item_resolution_generate(actor=office, agenda_item=item)
    with pytest.raises(PermissionDenied):
        smin.agenda_item_resolution_upload(actor=member, agenda_item=item, name="x.pdf", content=simple_pdf("x", []))
