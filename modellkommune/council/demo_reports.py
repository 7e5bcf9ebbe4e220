"""Demo of issue 13: two papers led by departments, with report drafts waiting in their work lists, and a
non-public paper on the non-public part of a committee agenda for the members' area. Fictional content."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from modellkommune.accounts.models import User
from modellkommune.core.models import Department

from .constants import ConsultationRole, OrganizationType, PaperStatus, PaperType, ReportState
from .models import AgendaItem, Consultation, Meeting, Organization, Paper, Report

# (paper reference, department, author, report type, title, text, state)
DRAFTS = [
    (
        "AF/2026/0002",
        "Digitalisierung und IT",
        "digital.team@iserlohn.example",
        PaperType.STELLUNGNAHME,
        "Stellungnahme der Verwaltung: Barrierefreiheit der Online-Dienste",
        "Von 41 Online-Diensten erfüllen 33 die BITV 2.0 vollständig. Für die übrigen acht Dienste ist die "
        "Nachbesserung bis zum zweiten Quartal 2027 beauftragt.",
        ReportState.RELEASE_REQUESTED,
    ),
    (
        "A/2026/0004",
        "Straßenbau und Verkehr",
        "strassen.team@iserlohn.example",
        PaperType.MITTEILUNG,
        "Mitteilung der Verwaltung: Besucherlenkung an der Dechenhöhle",
        "Die Parkplätze an der Dechenhöhle erhalten im Frühjahr Zählschleifen; die Belegung erscheint dann auf "
        "der Stadtdatenplattform.",
        ReportState.DRAFT,
    ),
]


def _department_organization(body, department: Department) -> Organization:
    administration = Organization.objects.filter(body=body, organization_type=OrganizationType.VERWALTUNG).first()
    organization, _ = Organization.objects.get_or_create(
        body=body,
        organization_type=OrganizationType.VERWALTUNG,
        department=department,
        defaults={"name": department.name, "classification": "Fachbereich", "sub_organization_of": administration},
    )
    return organization


def load() -> None:
    for reference, department_name, email, paper_type, title, text, state in DRAFTS:
        paper = Paper.objects.filter(reference=reference).first()
        department = Department.objects.filter(name=department_name).first()
        author = User.objects.filter(email=email).first()
        if paper is None or department is None:
            continue
        paper.under_direction_of.set([_department_organization(paper.body, department)])
        Report.objects.get_or_create(
            motion=paper,
            department=department,
            defaults={
                "paper_type": paper_type,
                "title": title,
                "text": text,
                "author": author,
                "last_edited_by": author,
                "state": state,
            },
        )
    _nonpublic_paper()


def _nonpublic_paper() -> None:
    """A confidential paper on the non-public part of the January committee meeting."""
    meeting = (
        Meeting.objects.filter(organizations__short_name="ADS", start__gte=timezone.now() - dt.timedelta(days=400))
        .order_by("-start")
        .first()
    )
    if meeting is None:
        return
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
