"""Notifications in the motion process: the council office hears of a new motion, the submitting member of
each step (registered, answered, scheduled, decided), in the portal mailbox and by e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from modellkommune.council import services
from modellkommune.council import services_meetings as sm
from modellkommune.council.models import Organization
from modellkommune.council.tests.meetings import begin
from modellkommune.egov.models import Message

pytestmark = pytest.mark.django_db


def _subjects(user):
    return list(Message.objects.filter(recipient=user).order_by("id").values_list("subject", flat=True))


def test_office_and_faction_are_told_at_every_step(member, office, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        paper = services.paper_submit(
            actor=member, title="Trinkbrunnen am Bahnhof", text="Der Rat möge beschließen …", paper_type="Antrag"
        )
    assert _subjects(office) == ["Neuer Antrag eingegangen: Trinkbrunnen am Bahnhof"]
    assert office.email in [m.to[0] for m in mail.outbox]
    assert "Zur Registrierung" not in " ".join(m.body for m in mail.outbox), "the text stays in the portal"
    assert _subjects(member) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_register(actor=office, paper=paper)
    paper.refresh_from_db()
    assert _subjects(member) == [f"Ihr Antrag ist registriert: {paper.reference}"]
    assert member.email in [m.to[0] for m in mail.outbox]

    services.paper_publish_report(title="Stellungnahme", text="Machbar.", actor=office, related_papers=[paper])
    meeting = sm.meeting_create(
        actor=office,
        organization=Organization.objects.get(short_name="ADS"),
        start=timezone.now() + dt.timedelta(days=5),
        convene=False,
    )
    item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result="Beschlossen")
    assert _subjects(member)[1:] == [
        f"Die Verwaltung hat geantwortet: {paper.reference}",
        f"Ihr Antrag steht auf der Tagesordnung: {paper.reference}",
        f"Ergebnis zu Ihrem Antrag: {paper.reference}",
    ]
    last = Message.objects.filter(recipient=member).order_by("-id").first()
    assert "Beschlossen" in last.body and "TOP" in Message.objects.filter(recipient=member).order_by("-id")[1].body
    # Only the council office hears of new motions, never other members or factions.
    from modellkommune.council.selectors import user_is_council_office

    told = Message.objects.filter(subject__startswith="Neuer Antrag").select_related("recipient")
    assert told and all(user_is_council_office(user=m.recipient) for m in told)
