"""The demo's full Sitzungsdienst cycle (issue 13), added to council/demo.py's council:

- the past meetings (September to November 2026) have an invitation, attendance, results with vote
  counts in total and per faction, resolution files and approved, published minutes;
- the Haupt- und Finanzausschuss has members and a deputy (Sevgi Bergstadt, Grüne Liste), who stands in
  for an excused member in November;
- a motion of the Linke Liste that the administration answered (Mitteilung) and the HFA decided;
- every paper has a PDF.

Idempotent (get_or_create / update_or_create, files found again by checksum) and fast: the PDFs come from
pdf.simple_pdf, not WeasyPrint. Fictional persons only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .constants import AgendaResult, ConsultationRole, PaperStatus, PaperType
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Consultation,
    FactionVote,
    Meeting,
    Membership,
    Minutes,
    MinutesStatus,
    Organization,
    Paper,
    Person,
)
from .services import paper_refresh_search_text

DEPUTY = ("Sevgi", "Bergstadt")
HFA_MEMBERS = [
    ("Petra", "Quellental"),
    ("Uwe", "Seilerblick"),
    ("Nadine", "Hohler Weg"),
    ("Bernd", "Danzturm"),
    ("Miriam", "Lennetal"),
    ("Olaf", "Kalkofen"),
    ("Heiner", "Schleddenhof"),
]
EXCUSED = {"rat_sep": ("Olaf", "Kalkofen"), "hfa_nov": ("Miriam", "Lennetal")}
# The whole council (44 seats) per faction short name: yes, no, abstain.
COUNCIL_VOTES = {"ZI": (14, 0, 0), "SoS": (12, 0, 0), "GL": (8, 0, 0), "BF": (0, 4, 2), "LL": (4, 0, 0)}
HFA_VOTES = {"ZI": (3, 0, 0), "SoS": (2, 0, 0), "GL": (1, 0, 0), "BF": (0, 0, 1)}

ANSWERED_MOTION = (
    "A/2026/0005",
    "Online-Sprechstunde der Bürgerbüros",
    "Die Verwaltung wird gebeten zu prüfen, wie die Bürgerbüros eine Video-Sprechstunde anbieten können, "
    "und dem Haupt- und Finanzausschuss über Kosten und Datenschutz zu berichten.",
)
ANSWER = (
    "M/2026/0002",
    "Bericht der Verwaltung: Video-Sprechstunde der Bürgerbüros",
    "Eine Video-Sprechstunde ist mit der vorhandenen Terminbuchung möglich. Kosten: 6.000 Euro im Jahr für "
    "die Lizenz einer datenschutzkonformen Videolösung, betrieben im Rechenzentrum des Zweckverbands.",
)
DECISION = (
    "Der Haupt- und Finanzausschuss beschließt, die Video-Sprechstunde ab dem 1. März 2027 in allen "
    "Bürgerbüros anzubieten; die Mittel werden im Haushalt 2027 bereitgestellt."
)


def _person(body, given: str, family: str) -> Person:
    return Person.objects.get(body=body, given_name=given, family_name=family)


def _paper_file(make_file, paper: Paper) -> None:
    if paper.main_file_id is None:
        lines = [paper.reference, *(paper.text[i : i + 95] for i in range(0, len(paper.text), 95))]
        paper.main_file = make_file(f"Drucksache {paper.reference.replace('/', '-')}", paper.name[:90], lines)
        paper.save(update_fields=["main_file"])
        paper_refresh_search_text(paper=paper)


def _attendance(meeting: Meeting, members: list[Person], excused: Person | None, deputy: Person | None) -> None:
    present = []
    for person in members:
        status = AttendanceStatus.EXCUSED if person == excused else AttendanceStatus.PRESENT
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status, "deputy_for": None}
        )
        if status == AttendanceStatus.PRESENT:
            present.append(person)
    if deputy is not None and excused is not None:
        Attendance.objects.update_or_create(
            meeting=meeting, person=deputy, defaults={"status": AttendanceStatus.PRESENT, "deputy_for": excused}
        )
        present.append(deputy)
    if set(meeting.participants.all()) != set(present):
        meeting.participants.set(present)


def _votes(item: AgendaItem, factions: dict[str, Organization], votes: dict[str, tuple[int, int, int]]) -> None:
    totals = [sum(v[i] for v in votes.values()) for i in range(3)]
    if [item.votes_yes, item.votes_no, item.votes_abstain] != totals:
        item.votes_yes, item.votes_no, item.votes_abstain = totals
        item.save(update_fields=["votes_yes", "votes_no", "votes_abstain"])
    for short, (yes, no, abstain) in votes.items():
        FactionVote.objects.update_or_create(
            agenda_item=item, faction=factions[short], defaults={"yes": yes, "no": no, "abstain": abstain}
        )


def _renumber(meeting: Meeting) -> None:
    """TOP numbers 1..n in agenda order, as the Sitzungsdienst keeps them (no "TOP 3, then TOP 13")."""
    for position, item in enumerate(meeting.agenda_items.alive().order_by("order"), start=1):
        if item.number != str(position):
            item.number = str(position)
            item.save(update_fields=["number"])


def _record(make_file, meeting: Meeting) -> None:
    """Invitation, resolution files and approved minutes of a past meeting."""
    from .services_minutes import minutes_draft_texts

    day = timezone.localtime(meeting.start)
    if meeting.invitation_id is None:
        items = [f"TOP {i.number}: {i.name}" for i in meeting.agenda_items.alive().order_by("order")]
        meeting.invitation = make_file(
            f"Einladung {meeting.name} {day:%d.%m.%Y}",
            f"Einladung zur {meeting.name}",
            [f"{day:%d.%m.%Y, %H:%M} Uhr", *items],
        )
        meeting.save(update_fields=["invitation"])
    for item in meeting.agenda_items.alive().exclude(resolution_text="").filter(resolution_file__isnull=True):
        item.resolution_file = make_file(
            f"Beschluss {meeting.name} {day:%d.%m.%Y} TOP {item.number}",
            f"Beschluss zu TOP {item.number}: {item.name}"[:90],
            [item.resolution_text[i : i + 90] for i in range(0, len(item.resolution_text), 90)],
        )
        item.save(update_fields=["resolution_file"])
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        text_public, text_internal = minutes_draft_texts(meeting)
        minutes = Minutes.objects.create(
            meeting=meeting,
            text_public=text_public,
            text_internal=text_internal,
            status=MinutesStatus.APPROVED,
            approved_at=meeting.start + dt.timedelta(days=14),
        )
    if meeting.results_protocol_id is None:
        lines = [line[i : i + 95] for line in minutes.text_public.splitlines() for i in range(0, max(len(line), 1), 95)]
        meeting.results_protocol = make_file(
            f"Niederschrift {meeting.name} {day:%d.%m.%Y}", f"Niederschrift über die {meeting.name}", lines
        )
        meeting.save(update_fields=["results_protocol"])


def load(*, body, meetings, factions, administration, council, make_file) -> None:
    from .demo import FURTHER_PAPERS

    hfa = Organization.objects.get(body=body, short_name="HFA")
    ads = Organization.objects.get(body=body, short_name="ADS")
    by_short = {f.short_name: f for f in factions.values()}
    start = dt.date(2025, 11, 1)
    hfa_members = [_person(body, *name) for name in HFA_MEMBERS]
    for person in hfa_members:
        Membership.objects.get_or_create(
            person=person, organization=hfa, defaults={"role": "Mitglied", "start_date": start}
        )
    deputy = _person(body, *DEPUTY)
    Membership.objects.get_or_create(
        person=deputy,
        organization=hfa,
        defaults={"role": "Stellvertretendes Mitglied", "start_date": start, "on_behalf_of": by_short["GL"]},
    )

    council_members = list(
        Person.objects.filter(memberships__organization=council, memberships__deleted=False).distinct()
    )
    ads_members = list(Person.objects.filter(memberships__organization=ads, memberships__deleted=False).distinct())
    _attendance(meetings["rat_sep"], council_members, _person(body, *EXCUSED["rat_sep"]), None)
    _attendance(meetings["ads_oct"], ads_members, None, None)
    _attendance(meetings["hfa_nov"], hfa_members, _person(body, *EXCUSED["hfa_nov"]), deputy)

    # The motion answered by the administration and decided by the HFA.
    reference, title, text = ANSWERED_MOTION
    motion, _ = Paper.objects.update_or_create(
        body=body,
        reference=reference,
        defaults={
            "name": title,
            "paper_type": PaperType.ANTRAG,
            "status": PaperStatus.DECIDED,
            "text": text,
            "date": dt.date(2026, 9, 14),
            "public": True,
        },
    )
    linke = factions["Fraktion Linke Liste"]
    motion.originator_organizations.set([linke])
    motion.originator_persons.set(list(Person.objects.filter(user__email="ratsmitglied.a@iserlohn.example")))
    motion.under_direction_of.set([administration])
    from modellkommune.accounts.models import User

    submitter = User.objects.filter(email="ratsmitglied.a@iserlohn.example").first()
    if submitter is not None and motion.submitted_by_id != submitter.pk:
        motion.submitted_by = submitter
        motion.save(update_fields=["submitted_by"])
    reference, title, text = ANSWER
    answer, _ = Paper.objects.update_or_create(
        body=body,
        reference=reference,
        defaults={
            "name": title,
            "paper_type": PaperType.MITTEILUNG,
            "status": PaperStatus.REGISTERED,
            "text": text,
            "date": dt.date(2026, 10, 15),
            "public": True,
        },
    )
    answer.originator_organizations.set([administration])
    answer.under_direction_of.set([administration])
    motion.related_papers.add(answer)
    item, _ = AgendaItem.objects.update_or_create(
        meeting=meetings["hfa_nov"],
        order=30,
        defaults={
            "number": "30",
            "name": motion.name,
            "result": AgendaResult.ACCEPTED,
            "resolution_text": DECISION,
        },
    )
    consultation, _ = Consultation.objects.get_or_create(
        paper=motion,
        agenda_item=item,
        defaults={"meeting": meetings["hfa_nov"], "role": ConsultationRole.ENTSCHEIDUNG, "authoritative": True},
    )
    consultation.organizations.set([hfa])
    _votes(item, by_short, HFA_VOTES)

    seed_item = AgendaItem.objects.filter(meeting=meetings["rat_sep"], order=2).first()
    if seed_item is not None:
        _votes(seed_item, by_short, COUNCIL_VOTES)

    # Only the demo's own papers: a town's real papers are never touched.
    references = [r[0] for r in FURTHER_PAPERS] + ["V/2026/0001", ANSWERED_MOTION[0], ANSWER[0]]
    for paper in Paper.objects.filter(body=body, reference__in=references):
        _paper_file(make_file, paper)
    for meeting in meetings.values():
        _renumber(meeting)
    for key in ("rat_sep", "ads_oct", "hfa_nov"):
        _record(make_file, meetings[key])
