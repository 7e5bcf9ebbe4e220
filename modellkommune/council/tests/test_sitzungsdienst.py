"""Sitzungsdienst without the Django admin: the council office convenes, moves and cancels meetings,
keeps the agenda, records attendance, results and votes; members are told by e-mail; OParl follows."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council import services
from modellkommune.council import services_meetings as sm
from modellkommune.council.constants import MeetingState, PaperStatus
from modellkommune.council.models import Meeting, Organization, Person
from modellkommune.council.tests.meetings import begin

pytestmark = pytest.mark.django_db

ADS_MEMBER_EMAILS = sorted(f"ratsmitglied.{c}@iserlohn.example" for c in "abcdef")


def _ads():
    return Organization.objects.get(short_name="ADS")


def _future(days=10, hour=17):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def _motion(member, office, title="Trinkbrunnen am Bahnhof"):
    paper = services.paper_submit(actor=member, title=title, text="Der Rat möge beschließen …", paper_type="Antrag")
    services.paper_register(actor=office, paper=paper)
    paper.refresh_from_db()
    return paper


def test_office_convenes_a_meeting_in_the_back_office_and_members_get_an_invitation(
    office, client, django_capture_on_commit_callbacks
):
    login_with_mfa(client, office)
    start = _future()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/verwaltung/rat/sitzungen/neu/",
            {
                "organization": _ads().pk,
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "public": "on",
                "convene": "on",
            },
        )
    meeting = Meeting.objects.get(organizations=_ads(), start=start)
    assert response.status_code == 302 and response["Location"] == f"/verwaltung/rat/sitzungen/{meeting.pk}/"
    assert meeting.name == "Sitzung: Ausschuss für Digitalisierung und Stadtentwicklung"
    # One mail per member (no address disclosed to the others), only to members of that committee.
    assert _recipients() == ADS_MEMBER_EMAILS
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert mail.outbox[0].subject.startswith("Einladung: ")
    assert f"/rat/sitzungen/{meeting.pk}/" in mail.outbox[0].body
    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    assert oparl["meetingState"] == MeetingState.INVITED
    assert oparl["start"].startswith(start.strftime("%Y-%m-%dT")) and "cancelled" not in oparl
    assert any(url.endswith(f"/organization/{_ads().pk}") for url in oparl["organization"])


def test_meeting_form_refuses_a_start_in_the_past_in_german(office, client):
    login_with_mfa(client, office)
    before = Meeting.objects.count()
    response = client.post(
        "/verwaltung/rat/sitzungen/neu/", {"organization": _ads().pk, "start": "01.01.2020 17:00", "convene": "on"}
    )
    assert response.status_code == 200
    assert "Der Beginn muss in der Zukunft liegen." in response.content.decode()
    garbage = client.post("/verwaltung/rat/sitzungen/neu/", {"organization": "x", "start": "morgen"})
    assert garbage.status_code == 200
    assert Meeting.objects.count() == before


def test_members_and_citizens_cannot_run_the_sitzungsdienst(member, client):
    client.force_login(member)
    before = Meeting.objects.count()
    assert client.get("/verwaltung/rat/sitzungen/").status_code == 403
    response = client.post(
        "/verwaltung/rat/sitzungen/neu/",
        {"organization": _ads().pk, "start": _future().strftime("%Y-%m-%dT%H:%M"), "convene": "on"},
    )
    assert response.status_code == 403 and Meeting.objects.count() == before
    # the demo's last meeting: there is one whatever the date (its meetings have fixed dates)
    meeting = Meeting.objects.filter(cancelled=False).order_by("-start").first()
    assert client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "cancel"}).status_code == 403
    assert client.get("/verwaltung/rat/sitzungsgeld/?start=2026-01-01&end=2026-12-31").status_code == 403
    meeting.refresh_from_db()
    assert not meeting.cancelled
    with pytest.raises(PermissionDenied):
        sm.meeting_cancel(actor=member, meeting=meeting)


def test_moving_a_meeting_tells_the_members_and_oparl(office, client, django_capture_on_commit_callbacks):
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(10), convene=False)
    mail.outbox.clear()
    new_start = _future(12, hour=18)
    login_with_mfa(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/verwaltung/rat/sitzungen/{meeting.pk}/",
            {"action": "move", "start": new_start.strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    assert _recipients() == ADS_MEMBER_EMAILS
    assert mail.outbox[0].subject.startswith("Sitzung verlegt: ")
    assert "bisher:" in mail.outbox[0].body and "18:00" in mail.outbox[0].body
    assert (
        client.get(f"/oparl/v1.1/meeting/{meeting.pk}")
        .json()["start"]
        .startswith(timezone.localtime(new_start).isoformat()[:16])
    )
    with pytest.raises(ValidationError, match="Zukunft"):
        sm.meeting_reschedule(actor=office, meeting=meeting, start=timezone.now() - dt.timedelta(days=1))


def test_cancelling_a_meeting_tells_members_and_puts_its_papers_back(
    member, office, client, django_capture_on_commit_callbacks
):
    paper = _motion(member, office)
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SCHEDULED
    mail.outbox.clear()
    login_with_mfa(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "cancel"}).status_code == 302
    paper.refresh_from_db()
    assert paper.status == PaperStatus.REGISTERED
    assert _recipients() == ADS_MEMBER_EMAILS and mail.outbox[0].subject.startswith("Sitzung abgesagt: ")
    assert client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()["cancelled"] is True
    with pytest.raises(ValidationError, match="abgesagt"):
        services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    assert "Diese Sitzung ist abgesagt." in client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()


def test_agenda_numbers_stay_gapless_when_items_are_added_and_reordered(member, office, client):
    first, second = _motion(member, office, "Radweg Baarstraße"), _motion(member, office, "Bänke am Seilersee")
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    services.paper_schedule(actor=office, paper=first, meeting=meeting)
    with pytest.raises(ValidationError, match="bereits auf der Tagesordnung"):
        services.paper_schedule(actor=office, paper=first, meeting=meeting)
    login_with_mfa(client, office)
    client.post(
        f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "add_paper", "paper": second.pk, "role": "Vorberatung"}
    )
    client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "add_item", "name": "Personalangelegenheit"})
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.number, i.name) for i in items] == [
        ("1", "Radweg Baarstraße"),
        ("2", "Bänke am Seilersee"),
        ("3", "Personalangelegenheit"),
    ]
    assert not items[2].public, "a free item is non-public unless the office ticks 'öffentlicher Teil'"
    consultation = second.consultations.get()
    assert consultation.role == "Vorberatung" and not consultation.authoritative
    response = client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "up", "item": items[2].pk})
    assert response.status_code == 302
    assert [(i.number, i.name) for i in meeting.agenda_items.order_by("order")] == [
        ("1", "Radweg Baarstraße"),
        ("2", "Personalangelegenheit"),
        ("3", "Bänke am Seilersee"),
    ]
    assert client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "up", "item": "x"}).status_code == 404
    public_page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert "Bänke am Seilersee" in public_page and "Personalangelegenheit" not in public_page
    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    assert [a["number"] for a in oparl["agendaItem"]] == ["1", "3"]


def test_result_is_refused_before_the_meeting_has_started(member, office, client):
    """Regression: a result was accepted for a meeting 13 days ahead."""
    paper = _motion(member, office)
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(13), convene=False)
    item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    with pytest.raises(ValidationError, match="erst ab Beginn"):
        services.agenda_item_record_result(actor=office, agenda_item=item, result="Beschlossen")
    login_with_mfa(client, office)
    response = client.post(f"/verwaltung/rat/top/{item.pk}/ergebnis/", {"result": "Beschlossen"})
    assert response.status_code == 200
    assert "Ergebnisse können erst ab Beginn der Sitzung erfasst werden." in response.content.decode()
    item.refresh_from_db()
    paper.refresh_from_db()
    assert item.result == "" and paper.status == PaperStatus.SCHEDULED
    assert client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()["agendaItem"][0].get("result", "") == ""


def test_attendance_and_votes_are_recorded_and_shown_publicly(member, office, client):
    paper = _motion(member, office)
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    login_with_mfa(client, office)
    members = list(Person.objects.filter(memberships__organization=_ads()).distinct().order_by("family_name"))
    excused = members[0]
    form = {f"person_{p.pk}": "present" for p in members} | {f"person_{excused.pk}": "excused"}
    early = client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/anwesenheit/", form)
    assert early.status_code == 200 and "erst ab Beginn" in early.content.decode()
    assert not meeting.attendances.exists()
    begin(meeting)
    assert client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/anwesenheit/", form).status_code == 302

    faction = Organization.objects.get(name="Fraktion Linke Liste")
    response = client.post(
        f"/verwaltung/rat/top/{item.pk}/ergebnis/",
        {
            "result": "Beschlossen",
            "votes_yes": "4",
            "votes_no": "1",
            "votes_abstain": "0",
            f"faction_{faction.pk}_yes": "2",
        },
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.status == PaperStatus.DECIDED

    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    assert oparl["meetingState"] == MeetingState.HELD
    participants = {url.rsplit("/", 1)[1] for url in oparl["participant"]}
    assert participants == {str(p.pk) for p in members if p != excused}
    client.logout()
    page = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert f"{excused.name}</a>: entschuldigt" in page
    assert "Ja 4, Nein 1, Enthaltung 0" in page
    assert f"{faction.short_name or faction.name}: Ja 2, Nein 0, Enthaltung 0" in page


def test_votes_must_be_complete_and_factions_cannot_exceed_the_total(member, office):
    paper = _motion(member, office)
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    begin(item)
    with pytest.raises(ValidationError, match="vollständig"):
        services.agenda_item_record_result(actor=office, agenda_item=item, result="Beschlossen", votes_yes=3)
    faction = Organization.objects.get(name="Fraktion Linke Liste")
    with pytest.raises(ValidationError, match="übersteigen"):
        services.agenda_item_record_result(
            actor=office,
            agenda_item=item,
            result="Beschlossen",
            votes_yes=1,
            votes_no=0,
            votes_abstain=0,
            faction_votes={faction: (2, 0, 0)},
        )
    with pytest.raises(ValidationError, match="Fraktionen"):
        services.agenda_item_record_result(
            actor=office, agenda_item=item, result="Beschlossen", faction_votes={_ads(): (1, 0, 0)}
        )
    item.refresh_from_db()
    assert item.result == "" and item.votes_yes is None


def test_attendance_only_for_members_of_the_meetings_body(office):
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    begin(meeting)
    outsider = Person.objects.exclude(memberships__organization=_ads()).first()
    with pytest.raises(ValidationError, match="Nur Mitglieder"):
        sm.meeting_attendance_record(actor=office, meeting=meeting, statuses={outsider.pk: "present"})
    assert not meeting.attendances.exists()


def test_invitation_pdf_is_generated_published_and_mailed(member, office, client, django_capture_on_commit_callbacks):
    paper = _motion(member, office, "Radweg Baarstraße")
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=_future(), convene=False)
    services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    sm.agenda_item_add(actor=office, meeting=meeting, name="Grundstücksangelegenheit Müller", public=False)
    mail.outbox.clear()
    login_with_mfa(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/verwaltung/rat/sitzungen/{meeting.pk}/", {"action": "invitation"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    invitation = meeting.invitation
    assert meeting.meeting_state == MeetingState.INVITED
    assert invitation.mime_type == "application/pdf" and invitation.public
    assert paper.reference in invitation.text and "Radweg" in invitation.text
    assert "Müller" not in invitation.text, "the published invitation lists only the public part"
    assert _recipients() == ADS_MEMBER_EMAILS
    attachment = mail.outbox[0].attachments[0]
    assert attachment[1].startswith(b"%PDF") and attachment[2] == "application/pdf"
    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    assert oparl["invitation"]["id"].endswith(f"/file/{invitation.pk}")
    client.logout()
    download = client.get(urlsplit(oparl["invitation"]["accessUrl"]).path)
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]).startswith(b"%PDF")
    # A new invitation replaces the old one; OParl clients see the old file as deleted.
    sm.meeting_invitation_send(actor=office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.invitation_id != invitation.pk
    assert client.get(f"/oparl/v1.1/file/{invitation.pk}").json()["deleted"] is True
