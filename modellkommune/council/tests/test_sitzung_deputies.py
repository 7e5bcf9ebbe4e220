"""Deputies (Vertretung): an excused member is represented by a deputy, who counts as present in OParl
`Meeting.participant` and in the Sitzungsgeld export and is invited with the members."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from modellkommune.accounts.tests.factories import CouncilMemberFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council import services_meetings as sm
from modellkommune.council.models import Membership, Organization, Person
from modellkommune.council.selectors_meetings import deputy_candidates, meeting_members
from modellkommune.council.tests.meetings import begin
from modellkommune.council.tests.test_oparl_conformance import validate

pytestmark = pytest.mark.django_db


def _ads():
    return Organization.objects.get(short_name="ADS")


def _person(email):
    return Person.objects.get(user__email=email)


@pytest.fixture
def meeting(office):
    start = timezone.now() + dt.timedelta(days=2)
    meeting = sm.meeting_create(actor=office, organization=_ads(), start=start, convene=False)
    return meeting


@pytest.fixture
def deputy():
    """Sevgi Bergstadt (Grüne Liste) is a deputy member of the ADS, with a portal account."""
    person = Person.objects.get(family_name="Bergstadt")
    person.user = CouncilMemberFactory(email="bergstadt@iserlohn.example")
    person.save(update_fields=["user"])
    Membership.objects.create(
        person=person, organization=_ads(), role="Stellvertretendes Mitglied", start_date=dt.date(2025, 11, 1)
    )
    return person


def test_without_deputy_memberships_any_member_of_the_same_faction_may_stand_in(meeting):
    candidates = deputy_candidates(meeting=meeting)
    zi_member = _person("ratsmitglied.c@iserlohn.example")
    assert {p.family_name for p in candidates[zi_member.pk]} == {"Quellental", "Seilerblick", "Schleddenhof"}
    # Both members of the Linke Liste sit in the committee: nobody left to stand in.
    assert candidates[_person("ratsmitglied.a@iserlohn.example").pk] == []


def test_deputy_membership_limits_the_choice_and_is_not_a_member(meeting, deputy):
    assert deputy.pk not in {m.person_id for m in meeting_members(meeting=meeting)}
    candidates = deputy_candidates(meeting=meeting)
    assert candidates[_person("ratsmitglied.e@iserlohn.example").pk] == [deputy]  # same faction
    assert candidates[_person("ratsmitglied.c@iserlohn.example").pk] == []  # other faction, none of theirs


def test_deputies_are_invited_with_the_members(office, deputy, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sm.meeting_create(actor=office, organization=_ads(), start=timezone.now() + dt.timedelta(days=5))
    recipients = {address for message in mail.outbox for address in message.to}
    assert "bergstadt@iserlohn.example" in recipients and "ratsmitglied.e@iserlohn.example" in recipients


def test_deputy_counts_as_present_in_oparl_and_the_sitzungsgeld_export(office, client, meeting, deputy):
    excused = _person("ratsmitglied.e@iserlohn.example")
    members = list(meeting_members(meeting=meeting))
    begin(meeting)
    login_with_mfa(client, office)
    form = {f"person_{m.person_id}": "present" for m in members} | {f"person_{excused.pk}": "excused"}
    wrong = client.post(
        f"/verwaltung/rat/sitzungen/{meeting.pk}/anwesenheit/",
        form | {f"person_{excused.pk}": "present", f"deputy_{excused.pk}": deputy.pk},
    )
    assert wrong.status_code == 200
    assert "nur für ein entschuldigtes Mitglied" in wrong.content.decode()
    assert not meeting.attendances.exists()
    page = client.get(f"/verwaltung/rat/sitzungen/{meeting.pk}/anwesenheit/").content.decode()
    assert f"Vertretung für {excused.name}" in page
    done = client.post(
        f"/verwaltung/rat/sitzungen/{meeting.pk}/anwesenheit/", form | {f"deputy_{excused.pk}": deputy.pk}
    )
    assert done.status_code == 302
    record = meeting.attendances.get(person=deputy)
    assert record.status == "present" and record.deputy_for == excused

    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    validate(oparl)
    participants = {url.rsplit("/", 1)[1] for url in oparl["participant"]}
    assert str(deputy.pk) in participants and str(excused.pk) not in participants
    assert len(participants) == len(members)  # five present members and one deputy

    today = timezone.localdate()
    export = client.get(f"/verwaltung/rat/sitzungsgeld/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    deputy_row = next(r for r in rows if r[0] == "Bergstadt")
    assert deputy_row[6] == "anwesend" and deputy_row[7] == f"Vertretung für {excused.name}"

    client.logout()
    public = client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    assert f"Vertretung für {excused.name}" in public

    # Recorded again without the deputy: the deputy's row and participation go.
    sm.meeting_attendance_record(actor=office, meeting=meeting, statuses={m.person_id: "present" for m in members})
    assert not meeting.attendances.filter(person=deputy).exists()
    assert not meeting.participants.filter(pk=deputy.pk).exists()


def test_deputy_rules_are_checked_in_the_service(office, meeting, deputy):
    begin(meeting)
    members = [m.person_id for m in meeting_members(meeting=meeting)]
    statuses = dict.fromkeys(members, "excused")
    zi_member = _person("ratsmitglied.c@iserlohn.example").pk
    with pytest.raises(ValidationError, match="nicht vertreten"):
        sm.meeting_attendance_record(actor=office, meeting=meeting, statuses=statuses, deputies={zi_member: deputy.pk})
    gl_member = _person("ratsmitglied.e@iserlohn.example").pk
    with pytest.raises(ValidationError, match="entschuldigtes Mitglied"):
        sm.meeting_attendance_record(
            actor=office, meeting=meeting, statuses=statuses | {gl_member: "present"}, deputies={gl_member: deputy.pk}
        )
    with pytest.raises(ValidationError, match="nicht vertreten"):
        sm.meeting_attendance_record(actor=office, meeting=meeting, statuses=statuses, deputies={gl_member: gl_member})
    assert not meeting.attendances.exists()


def _give_account(family_name, email):
    person = Person.objects.get(family_name=family_name)
    person.user = CouncilMemberFactory(email=email)
    person.save(update_fields=["user"])
    return person


def test_without_deputy_memberships_the_faction_colleagues_are_invited_as_deputies(
    office, django_capture_on_commit_callbacks
):
    """The fallback rule of deputy_candidates: the ZI members outside the committee may stand in, so they
    are invited, in a mail that says they are invited as deputies; members get the plain invitation."""
    _give_account("Quellental", "quellental@iserlohn.example")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = sm.meeting_create(actor=office, organization=_ads(), start=timezone.now() + dt.timedelta(days=5))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(by_address) == len(mail.outbox), "nobody is mailed twice"
    deputy_mail = by_address["quellental@iserlohn.example"]
    assert deputy_mail.subject == f"Einladung als Stellvertretung: {meeting.name}"
    assert "als Stellvertreterin oder Stellvertreter" in deputy_mail.body
    assert "Bitte nehmen Sie nur teil, wenn Sie um Vertretung gebeten werden." in deputy_mail.body
    assert f"/rat/sitzungen/{meeting.pk}/" in deputy_mail.body
    member_mail = by_address["ratsmitglied.c@iserlohn.example"]
    assert member_mail.subject == f"Einladung: {meeting.name}" and "Stellvertret" not in member_mail.body
    # Members of both lists (the Linke Liste has nobody outside the committee) are members only.
    assert by_address["ratsmitglied.a@iserlohn.example"].subject == f"Einladung: {meeting.name}"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sm.meeting_cancel(actor=office, meeting=meeting)
    cancelled = {message.to[0]: message.subject for message in mail.outbox}
    assert cancelled["quellental@iserlohn.example"] == f"Sitzung abgesagt (Stellvertretung): {meeting.name}"
    assert cancelled["ratsmitglied.c@iserlohn.example"] == f"Sitzung abgesagt: {meeting.name}"


def test_a_deputy_member_is_mailed_once_as_deputy_and_a_member_never_as_deputy(
    office, deputy, django_capture_on_commit_callbacks
):
    # Also a deputy membership for someone who is a full member already: told as a member only.
    member = _person("ratsmitglied.e@iserlohn.example")
    Membership.objects.create(person=member, organization=_ads(), role="Stellvertretendes Mitglied")
    _give_account("Quellental", "quellental@iserlohn.example")  # not a deputy member: with deputy
    mail.outbox.clear()  # memberships in the body, the fallback does not apply
    with django_capture_on_commit_callbacks(execute=True):
        meeting = sm.meeting_create(actor=office, organization=_ads(), start=timezone.now() + dt.timedelta(days=5))
    subjects = [(message.to[0], message.subject) for message in mail.outbox]
    assert ("bergstadt@iserlohn.example", f"Einladung als Stellvertretung: {meeting.name}") in subjects
    assert [s for a, s in subjects if a == "ratsmitglied.e@iserlohn.example"] == [f"Einladung: {meeting.name}"]
    assert "quellental@iserlohn.example" not in [a for a, _s in subjects]
    assert len(subjects) == len({a for a, _s in subjects})
