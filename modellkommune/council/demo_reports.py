"""Demo of issue 13: two papers led by departments, with report drafts waiting in their work lists.
Fictional content."""

from __future__ import annotations

from modellkommune.accounts.models import User
from modellkommune.core.models import Department

from .constants import OrganizationType, PaperType, ReportState
from .models import Organization, Paper, Report

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
