"""The motion's status follows its real history: registered -> answered -> scheduled -> decided/referred/withdrawn."""

import pytest

from modellkommune.council import services
from modellkommune.council.constants import AgendaResult, ConsultationRole, PaperStatus
from modellkommune.council.models import Meeting, Organization
from modellkommune.council.tests.meetings import begin

pytestmark = pytest.mark.django_db


@pytest.fixture
def motion(member, office):
    paper = services.paper_submit(actor=member, title="Trinkbrunnen am Bahnhof", text="Antrag", paper_type="Antrag")
    services.paper_register(actor=office, paper=paper)
    paper.refresh_from_db()
    return paper


def _meetings():
    return list(Meeting.objects.filter(cancelled=False).order_by("start"))


def _status(paper):
    paper.refresh_from_db()
    return paper.status


def test_answered_then_scheduled_then_decided(motion, office):
    services.paper_publish_report(title="Stellungnahme", text="Machbar.", actor=office, related_papers=[motion])
    assert _status(motion) == PaperStatus.ANSWERED
    item = services.paper_schedule(actor=office, paper=motion, meeting=_meetings()[-1])
    assert _status(motion) == PaperStatus.SCHEDULED
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result=AgendaResult.ACCEPTED)
    assert _status(motion) == PaperStatus.DECIDED


def test_answer_arriving_while_on_the_agenda_does_not_hide_the_decision(motion, office):
    item = services.paper_schedule(actor=office, paper=motion, meeting=_meetings()[-1])
    report = services.paper_publish_report(title="Stellungnahme", text="Machbar.", actor=office)
    services.paper_link_report(actor=office, paper=motion, report=report)
    assert _status(motion) == PaperStatus.SCHEDULED
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result=AgendaResult.ACCEPTED)
    assert _status(motion) == PaperStatus.DECIDED, "the council's decision must not stay 'beantwortet'"


def test_referred_is_not_decided(motion, office):
    item = services.paper_schedule(actor=office, paper=motion, meeting=_meetings()[-1])
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result=AgendaResult.REFERRED)
    assert _status(motion) == PaperStatus.REFERRED
    assert motion.get_status_display() == "verwiesen"


def test_withdrawn_stays_withdrawn(motion, office):
    item = services.paper_schedule(actor=office, paper=motion, meeting=_meetings()[-1])
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result=AgendaResult.WITHDRAWN)
    assert _status(motion) == PaperStatus.WITHDRAWN
    report = services.paper_publish_report(title="Stellungnahme", text="Erledigt.", actor=office)
    services.paper_link_report(actor=office, paper=motion, report=report)
    assert _status(motion) == PaperStatus.WITHDRAWN


def test_committee_advice_keeps_it_scheduled_until_the_council_decides(motion, office):
    committee_meeting, council_meeting = _meetings()[-2], _meetings()[-1]
    committee = Organization.objects.get(short_name="ADS")
    advice = services.paper_schedule(
        actor=office, paper=motion, meeting=committee_meeting, organization=committee, role=ConsultationRole.VORBERATUNG
    )
    decision = services.paper_schedule(actor=office, paper=motion, meeting=council_meeting)
    begin(advice)
    services.agenda_item_record_result(actor=office, agenda_item=advice, result=AgendaResult.ACCEPTED)
    assert _status(motion) == PaperStatus.SCHEDULED
    begin(decision)
    services.agenda_item_record_result(actor=office, agenda_item=decision, result=AgendaResult.ACCEPTED_AMENDED)
    assert _status(motion) == PaperStatus.DECIDED


def test_deferred_goes_back_to_where_it_stood(motion, office):
    services.paper_publish_report(title="Stellungnahme", text="Machbar.", actor=office, related_papers=[motion])
    item = services.paper_schedule(actor=office, paper=motion, meeting=_meetings()[-1])
    begin(item)
    services.agenda_item_record_result(actor=office, agenda_item=item, result=AgendaResult.DEFERRED)
    assert _status(motion) == PaperStatus.ANSWERED
