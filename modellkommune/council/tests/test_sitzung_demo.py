"""The demo shows the Sitzungsdienst's full cycle, and loading it again changes nothing."""

import pytest

from modellkommune.council import demo
from modellkommune.council.constants import PaperStatus, PaperType
from modellkommune.council.models import Attendance, FactionVote, File, Meeting, Minutes, Paper
from modellkommune.council.tests.test_oparl_conformance import validate

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (File, Attendance, Minutes, Paper, FactionVote, Meeting)]


def test_demo_has_a_full_cycle_and_stays_idempotent(council, client):
    held = list(Meeting.objects.filter(meeting_state="durchgeführt").order_by("start"))
    assert len(held) == 3
    for meeting in held:
        assert meeting.invitation and meeting.results_protocol and meeting.results_protocol.public
        assert meeting.minutes.status == "approved"
        assert meeting.participants.exists()
        numbers = list(meeting.agenda_items.order_by("order").values_list("number", flat=True))
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
        data = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
        validate(data)
        assert data["resultsProtocol"]["size"] > 0
    deputy = Attendance.objects.get(deputy_for__isnull=False)
    assert deputy.status == "present" and deputy.meeting.participants.filter(pk=deputy.person_id).exists()
    assert FactionVote.objects.exists()
    assert Meeting.objects.filter(agenda_items__resolution_file__isnull=False).exists()

    motion = Paper.objects.get(reference="A/2026/0005")
    assert motion.status == PaperStatus.DECIDED
    assert motion.related_papers.filter(paper_type=PaperType.MITTEILUNG).exists()
    assert not Paper.objects.filter(reference__regex=r"^(A|AF|V|M)/2026/", main_file__isnull=True).exists()

    page = client.get(f"/rat/sitzungen/{deputy.meeting_id}/").content.decode()
    assert "Vertretung für" in page and "Niederschrift (PDF" in page

    before = _counts()
    demo.load()
    assert _counts() == before
