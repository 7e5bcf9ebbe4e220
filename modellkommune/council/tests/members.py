"""Test helper for the members' area: a confidential paper on the non-public part of a committee agenda."""

import datetime as dt

from django.utils import timezone

from modellkommune.council.constants import ConsultationRole, PaperStatus, PaperType
from modellkommune.council.models import AgendaItem, Consultation, Meeting, Paper


def nonpublic_committee_paper():
    """A confidential paper on the non-public part of the January committee meeting."""
    meeting = (
        Meeting.objects.filter(organizations__short_name="ADS", start__gte=timezone.now() - dt.timedelta(days=400))
        .order_by("-start")
        .first()
    )
    assert meeting is not None, "the demo's committee meeting"
    organization = meeting.organizations.first()
    paper, _ = Paper.objects.get_or_create(
        body=organization.body,
        reference="V/2026/0090",
        defaults={
            "name": "Vergabe des Glasfaserausbaus, Los 2 (Angebotsauswertung)",
            "paper_type": PaperType.BESCHLUSSVORLAGE,
            "status": PaperStatus.SCHEDULED,
            "text": "Die Verwaltung empfiehlt, den Zuschlag dem wirtschaftlichsten Angebot (Bieter B) zu erteilen.",
            "date": timezone.localdate(meeting.start) - dt.timedelta(days=14),
            "public": False,
        },
    )
    last = meeting.agenda_items.order_by("-order").first()
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting,
        name=paper.name,
        defaults={"order": (last.order if last else 0) + 1, "number": "N1", "public": False},
    )
    consultation, _ = Consultation.objects.get_or_create(
        paper=paper,
        agenda_item=item,
        defaults={"meeting": meeting, "role": ConsultationRole.ENTSCHEIDUNG, "authoritative": True, "public": False},
    )
    consultation.organizations.set([organization])
    return paper
