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


# --- Correction (Berichtigung) of approved minutes ---------------------------------------------


@pytest.fixture
def approved(held, office):
    """The held meeting's minutes approved and published, an hour old (so that modified_since can tell)."""
    meeting, *_ = held
    _ended(meeting)
    minutes = smin.minutes_approve(actor=office, minutes=smin.minutes_draft(actor=office, meeting=meeting))
    meeting.refresh_from_db()
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    File.objects.filter(pk=meeting.results_protocol_id).update(modified=hour_ago)
    Meeting.objects.filter(pk=meeting.pk).update(modified=hour_ago)
    meeting.refresh_from_db()
    return meeting, minutes


def test_approved_minutes_are_corrected_with_a_reason_the_original_kept_and_republished(approved, office, client):
    from modellkommune.council.tests.test_change_tracking import crawl_changes, oparl_id

    meeting, minutes = approved
    original_file = meeting.results_protocol
    original_text = minutes.text_public
    body_id = meeting.organizations.get().body_id
    since = timezone.now() - dt.timedelta(minutes=30)
    assert oparl_id("Meeting", meeting.pk) not in crawl_changes(client, body_id, "Meeting", since)

    login_with_mfa(client, office)
    url = f"/verwaltung/rat/sitzungen/{meeting.pk}/niederschrift/"
    page = client.get(url).content.decode()
    assert "Niederschrift berichtigen" in page and "Grund der Berichtigung" in page
    corrected = original_text.replace("Ja 5, Nein 1", "Ja 6, Nein 0")
    assert corrected != original_text
    form = {"action": "correct", "text_public": corrected, "text_internal": minutes.text_internal}
    missing_reason = client.post(url, form | {"reason": ""})
    assert missing_reason.status_code == 200 and "Grund der Berichtigung" in missing_reason.content.decode()
    unchanged = client.post(url, form | {"text_public": original_text, "reason": "Versehen"})
    assert "unverändert" in unchanged.content.decode()
    reason = "Einwendung in der Sitzung vom 10.12.: Abstimmungsergebnis zu TOP 1 berichtigt"
    assert client.post(url, form | {"reason": reason}).status_code == 302

    minutes.refresh_from_db()
    meeting.refresh_from_db()
    original_file.refresh_from_db()
    assert minutes.text_public == original_text, "the approved original is never overwritten"
    correction = minutes.corrections.get()
    assert correction.reason == reason and correction.corrected_by == office
    assert correction.replaced_public_file == original_file and correction.public_file == meeting.results_protocol
    new_file = meeting.results_protocol
    assert new_file.pk != original_file.pk and new_file.public
    assert (
        "Ja 6, Nein 0" in new_file.text and "Berichtigt am" in new_file.text and "Abstimmungsergebnis" in new_file.text
    )
    assert "Müller" not in new_file.text and "befördert" not in new_file.text, "the non-public part never leaks"
    assert original_file.deleted and "Ja 5, Nein 1" in original_file.text, "the original file stays (audit)"
    assert "befördert" in correction.full_file.text and not correction.full_file.public

    # OParl: the meeting, the new file and the replaced file (deleted) are all in modified_since.
    client.logout()
    changed = crawl_changes(client, body_id, "Meeting", since)
    oparl_meeting = changed[oparl_id("Meeting", meeting.pk)]
    assert oparl_meeting["resultsProtocol"]["id"] == oparl_id("File", new_file.pk)
    assert "befördert" not in str(oparl_meeting)
    files = crawl_changes(client, body_id, "File", since)
    assert oparl_id("File", new_file.pk) in files
    assert files[oparl_id("File", original_file.pk)]["deleted"] is True
    assert oparl_id("File", correction.full_file.pk) not in files
    assert client.get(urlsplit(oparl_meeting["resultsProtocol"]["accessUrl"]).path).status_code == 200

    public_page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    day = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Niederschrift berichtigt am {day}, Grund: {reason}" in public_page
    assert f"/oparl/v1.1/file/{new_file.pk}/access" in public_page

    # Still no edit of the approved minutes themselves.
    with pytest.raises(ValidationError, match="bereits genehmigt"):
        smin.minutes_update(actor=office, minutes=minutes, text_public="neu", text_internal="")


def test_a_correction_of_the_non_public_part_stays_out_of_the_public(approved, office, client):
    meeting, minutes = approved
    published = meeting.results_protocol_id
    correction = smin.minutes_correct(
        actor=office,
        minutes=minutes,
        text_public=minutes.text_public,
        text_internal=minutes.text_internal + "\n\nBeförderung zum 1. Januar.",
        reason="Personalsache: Datum der Beförderung ergänzt",
    )
    meeting.refresh_from_db()
    assert not correction.public and meeting.results_protocol_id == published
    assert "zum 1. Januar" in correction.full_file.text and not correction.full_file.public
    page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert "berichtigt" not in page and "Personalsache" not in page
    oparl = _oparl(client, meeting)
    assert "Personalsache" not in str(oparl) and "Januar" not in str(oparl)

    # A later public correction names only its own reason in public, and builds on the corrected texts.
    later = smin.minutes_correct(
        actor=office,
        minutes=minutes,
        text_public=minutes.text_public + "\n\nEnde der Sitzung: 19:30 Uhr.",
        text_internal=correction.text_internal,
        reason="Uhrzeit des Sitzungsendes ergänzt",
    )
    assert later.public and "Personalsache" not in later.public_file.text
    assert "Uhrzeit des Sitzungsendes" in later.public_file.text
    assert smin.minutes_current_texts(minutes) == (later.text_public, later.text_internal)
    assert "zum 1. Januar" in later.full_file.text and "Personalsache" in later.full_file.text
    page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert "Uhrzeit des Sitzungsendes ergänzt" in page and "Personalsache" not in page


def test_only_approved_minutes_are_corrected_and_only_by_the_council_office(held, member, office):
    meeting, *_ = held
    minutes = smin.minutes_draft(actor=office, meeting=meeting)
    with pytest.raises(ValidationError, match="nur eine genehmigte Niederschrift"):
        smin.minutes_correct(actor=office, minutes=minutes, text_public="x", text_internal="", reason="y")
    _ended(meeting)
    smin.minutes_approve(actor=office, minutes=minutes)
    with pytest.raises(PermissionDenied):
        smin.minutes_correct(actor=member, minutes=minutes, text_public="x", text_internal="", reason="y")
    with pytest.raises(ValidationError):
        smin.minutes_correct(actor=office, minutes=minutes, text_public="<b>x</b>", text_internal="", reason="y")
    assert not minutes.corrections.exists()


def _mails_of_correction(capture, office, minutes, *, public_extra="", internal_extra="", reason):
    """The e-mails sent after a correction that adds to the current texts (nothing added: refused, none)."""
    from django.core import mail

    mail.outbox.clear()
    text_public, text_internal = smin.minutes_current_texts(minutes)
    with capture(execute=True):
        smin.minutes_correct(
            actor=office,
            minutes=minutes,
            text_public=text_public + public_extra,
            text_internal=text_internal + internal_extra,
            reason=reason,
        )
    return list(mail.outbox)


def test_the_members_are_told_of_a_correction_and_a_confidential_reason_stays_in_the_town_hall(
    approved, office, django_capture_on_commit_callbacks
):
    from modellkommune.council.notifications import meeting_recipients

    meeting, minutes = approved
    members = sorted(email for email, as_deputy in meeting_recipients(meeting=meeting) if not as_deputy)
    deputies = [email for email, as_deputy in meeting_recipients(meeting=meeting) if as_deputy]
    assert members
    capture = django_capture_on_commit_callbacks
    mails = _mails_of_correction(
        capture, office, minutes, public_extra="\n\nEnde: 19:30 Uhr.", reason="Uhrzeit des Sitzungsendes ergänzt"
    )
    assert sorted(m.to[0] for m in mails) == members, "each member once, one mail each, no deputies"
    assert not set(deputies) & {m.to[0] for m in mails}
    notice = mails[0]
    assert notice.subject == f"Niederschrift berichtigt: {meeting.name}"
    assert "wurde am" in notice.body and "Uhrzeit des Sitzungsendes ergänzt" in notice.body
    assert f"/rat/sitzungen/{meeting.pk}/" in notice.body

    mails = _mails_of_correction(
        capture,
        office,
        minutes,
        internal_extra="\n\nBeförderung zum 1. Januar.",
        reason="Personalsache Müller: Datum der Beförderung ergänzt",
    )
    assert sorted(m.to[0] for m in mails) == members
    body = mails[0].body
    assert "nicht öffentliche Teil" in body and "Büro des Rates" in body
    assert "Müller" not in body and "Beförderung" not in body, "a non-public reason never goes out by e-mail"


def test_a_refused_correction_tells_nobody(approved, office, django_capture_on_commit_callbacks):
    from django.core import mail

    meeting, minutes = approved
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        _mails_of_correction(django_capture_on_commit_callbacks, office, minutes, reason="nichts geändert")
    assert not mail.outbox


def test_the_reason_of_a_non_public_meetings_correction_stays_in_the_town_hall(
    approved, office, django_capture_on_commit_callbacks
):
    meeting, minutes = approved
    Meeting.objects.filter(pk=meeting.pk).update(public=False)
    mails = _mails_of_correction(
        django_capture_on_commit_callbacks,
        office,
        minutes,
        public_extra="\n\nEnde: 19:30 Uhr.",
        reason="Grundstücksgeschäft Seilersee: Uhrzeit ergänzt",
    )
    assert mails
    body = mails[0].body
    assert "nicht öffentlich" in body and "Seilersee" not in body and "/rat/sitzungen/" not in body
