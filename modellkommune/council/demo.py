"""Demo council of Iserlohn: factions, members, meetings, and the motion that started it all.

All persons are fictional. The seed motion (../shared/seed) is kept as the demo's first Antrag,
signed by fictional members of a fictional faction."""

import datetime as dt
import re

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from modellkommune.accounts.models import User
from modellkommune.core.models import Department

from .constants import (
    RESULT_STATUS,
    AgendaResult,
    ConsultationRole,
    MeetingState,
    OrganizationType,
    PaperStatus,
    PaperType,
)
from .files import pdf_extract_text, sha512_hex
from .models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from .pdf import simple_pdf
from .services import paper_refresh_search_text

FACTIONS = [
    ("Fraktion Zukunft Iserlohn", "ZI", 14),
    ("Fraktion Soziale Stadt", "SoS", 12),
    ("Fraktion Grüne Liste", "GL", 8),
    ("Fraktion Bürgerforum", "BF", 6),
    ("Fraktion Linke Liste", "LL", 4),
]
# Demo council-member accounts (accounts/demo.py) and their faction.
MEMBER_FACTION = {
    "ratsmitglied.a@iserlohn.example": "Fraktion Linke Liste",
    "ratsmitglied.b@iserlohn.example": "Fraktion Linke Liste",
    "ratsmitglied.c@iserlohn.example": "Fraktion Zukunft Iserlohn",
    "ratsmitglied.d@iserlohn.example": "Fraktion Soziale Stadt",
    "ratsmitglied.e@iserlohn.example": "Fraktion Grüne Liste",
    "ratsmitglied.f@iserlohn.example": "Fraktion Bürgerforum",
}
OTHER_MEMBERS = [
    ("Petra", "Quellental", "Fraktion Zukunft Iserlohn"),
    ("Uwe", "Seilerblick", "Fraktion Zukunft Iserlohn"),
    ("Nadine", "Hohler Weg", "Fraktion Soziale Stadt"),
    ("Bernd", "Danzturm", "Fraktion Soziale Stadt"),
    ("Miriam", "Lennetal", "Fraktion Grüne Liste"),
    ("Olaf", "Kalkofen", "Fraktion Bürgerforum"),
    ("Sevgi", "Bergstadt", "Fraktion Grüne Liste"),
    ("Heiner", "Schleddenhof", "Fraktion Zukunft Iserlohn"),
]
MOTION_TEXT = """Sehr geehrte Frau Bürgermeisterin,

kürzlich veröffentlichte das Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie eine Pressemitteilung, nach der Ostwestfalen-Lippe als „Modellregion Digitalisierung“ und Paderborn als „Modellkommune Digitalisierung“ ausgewählt wurde.

Die Modellkommunen sollen die Bereiche „Öffentliche Verwaltung – eGovernment“ und „Stadtentwicklung“ mit den Sektoren Energie, Gesundheit, Verkehr, Bildung, Handel, Sicherheit, Tourismus und Lebensqualität digitalisieren. Die Entwicklung von Pilotprojekten unter Einbeziehung von Best-Practice-Beispielen und der Forschungseinrichtungen der jeweiligen Region soll dabei im Mittelpunkt stehen.

Iserlohn sollte sich daher bemühen, Modellkommune im Regierungsbezirk Arnsberg zu werden. Die Planungen rund um das Rathaus bieten hierfür eine günstige Gelegenheit. Auch die Teilnahme unserer Region an der Regionale 2025 – ebenfalls mit einem Schwerpunkt Digitalisierung – dürfte sich günstig für die Stadt Iserlohn auswirken.

Aufgrund eines möglicherweise engen Zeitkorridors bitten wir, schnellstmöglich Kontakt mit dem Ministerium aufzunehmen und den Fraktionen zeitnah zu berichten, welche Maßnahmen von Seiten der Stadt Iserlohn erforderlich sind, um sich als Modellkommune zu bewerben. Etwaige Beschlüsse könnten dann in der nächsten Ratssitzung gefasst werden.

Mit freundlichen Grüßen
Greta Lindenbaum, Fraktionsvorsitzende
Hartmut Kastanie, Fraktionsgeschäftsführer"""
REPORT_TEXT = """Die Verwaltung hat Kontakt mit dem Ministerium aufgenommen. Für eine Bewerbung als Modellkommune Digitalisierung sind erforderlich:
1. ein Ratsbeschluss zur Bewerbung und zur Bereitstellung des Eigenanteils,
2. eine Digitalisierungsstrategie mit Pilotprojekten in eGovernment und den acht Sektoren der Stadtentwicklung,
3. Kooperationsvereinbarungen mit Forschungseinrichtungen der Region,
4. eine Projektorganisation mit einer Stabsstelle Digitalisierung.
Die Verwaltung schlägt vor, die Bewerbung in der nächsten Ratssitzung zu beschließen."""


FURTHER_PAPERS = [
    (
        "A/2026/0002",
        PaperType.ANTRAG,
        "Freies WLAN in der Innenstadt und am Seilersee",
        "Die Verwaltung wird beauftragt, ein Konzept für frei zugängliches WLAN in der Fußgängerzone, am "
        "Schillerplatz und am Seilersee vorzulegen.",
        "rat_sep",
        AgendaResult.ACCEPTED,
    ),
    (
        "AF/2026/0001",
        PaperType.ANFRAGE,
        "Anfrage zum Stand der Breitbandversorgung in Hennen und Sümmern",
        "Wie viele Haushalte in Hennen und Sümmern sind an das Glasfasernetz angeschlossen, und bis wann ist "
        "der Ausbau abgeschlossen?",
        "ads_oct",
        AgendaResult.NOTED,
    ),
    (
        "V/2026/0002",
        PaperType.BESCHLUSSVORLAGE,
        "CO2-Ampeln für alle Grundschulen",
        "Der Ausschuss empfiehlt dem Rat, alle Grundschulen mit vernetzten CO2-Messgeräten auszustatten und "
        "die Messwerte auf der Stadtdatenplattform zu veröffentlichen.",
        "ads_oct",
        AgendaResult.ACCEPTED,
    ),
    (
        "V/2026/0003",
        PaperType.BESCHLUSSVORLAGE,
        "Haushaltsmittel für das LoRaWAN-Netz der Stadtwerke",
        "Für den Aufbau eines stadtweiten LoRaWAN-Funknetzes werden 120.000 Euro bereitgestellt; 70 Prozent "
        "trägt das Landesprogramm.",
        "hfa_nov",
        AgendaResult.ACCEPTED,
    ),
    (
        "A/2026/0003",
        PaperType.ANTRAG,
        "Digitale Parkraumanzeige für die Innenstadt",
        "Die freien Stellplätze der Parkhäuser sollen an den Einfallstraßen und online in Echtzeit angezeigt werden.",
        "hfa_nov",
        AgendaResult.REFERRED,
    ),
    (
        "AF/2026/0002",
        PaperType.ANFRAGE,
        "Anfrage zur Barrierefreiheit der Online-Dienste",
        "Welche Online-Dienste der Stadt erfüllen die BITV 2.0, und wo gibt es Nachbesserungsbedarf?",
        "rat_dec",
        "",
    ),
    (
        "V/2026/0004",
        PaperType.BESCHLUSSVORLAGE,
        "Open-Data-Satzung der Stadt Iserlohn",
        "Die Stadt veröffentlicht ihre nicht personenbezogenen Daten grundsätzlich als offene Daten unter der "
        "Datenlizenz Deutschland.",
        "rat_dec",
        "",
    ),
    (
        "A/2026/0004",
        PaperType.ANTRAG,
        "Besucherlenkung an der Dechenhöhle",
        "An Wochenenden soll die Auslastung der Parkplätze an der Dechenhöhle online angezeigt werden.",
        "ads_jan",
        "",
    ),
]


def _tz(y, m, d, h=17, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def _file(name: str, title: str, lines: list[str]) -> File:
    content = simple_pdf(title, lines)
    digest = sha512_hex(content)
    existing = File.objects.filter(sha512=digest).first()
    if existing:
        return existing
    obj = File(
        name=name,
        file_name=re.sub(r"[^A-Za-z0-9._-]+", "_", name) + ".pdf",
        mime_type="application/pdf",
        size=len(content),
        sha512=digest,
        text=pdf_extract_text(content),
        date=timezone.localdate(),
    )
    from django.core.files.base import ContentFile

    obj.content.save(obj.file_name, ContentFile(content), save=False)
    obj.save()
    return obj


def load(*, stdout=None) -> None:
    rathaus, _ = Location.objects.get_or_create(
        description="Rathaus Iserlohn, Ratssaal",
        defaults={
            "street_address": "Schillerplatz 7",
            "room": "Ratssaal",
            "postal_code": "58636",
            "locality": "Iserlohn",
            "geojson": {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [7.6949, 51.3759]},
                "properties": {},
            },
        },
    )
    body, _ = Body.objects.update_or_create(
        ags="05962024",
        defaults={
            "name": "Stadt Iserlohn",
            "short_name": "Iserlohn",
            "website": "https://www.iserlohn.example",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "rgs": "059620024024",
            "contact_email": "rat@iserlohn.example",
            "contact_name": "Büro des Rates",
            "classification": "Kreisangehörige Stadt",
            "location": rathaus,
        },
    )
    LegislativeTerm.objects.get_or_create(
        body=body,
        name="Wahlperiode 2025–2030",
        defaults={"start_date": dt.date(2025, 11, 1), "end_date": dt.date(2030, 10, 31)},
    )
    council, _ = Organization.objects.get_or_create(
        body=body,
        name="Rat der Stadt Iserlohn",
        defaults={
            "organization_type": OrganizationType.GREMIUM,
            "short_name": "Rat",
            "classification": "Rat",
            "location": rathaus,
        },
    )
    hfa, _ = Organization.objects.get_or_create(
        body=body,
        name="Haupt- und Finanzausschuss",
        defaults={
            "organization_type": OrganizationType.GREMIUM,
            "short_name": "HFA",
            "classification": "Ausschuss",
            "sub_organization_of": council,
        },
    )
    ads, _ = Organization.objects.get_or_create(
        body=body,
        name="Ausschuss für Digitalisierung und Stadtentwicklung",
        defaults={
            "organization_type": OrganizationType.GREMIUM,
            "short_name": "ADS",
            "classification": "Ausschuss",
            "sub_organization_of": council,
        },
    )
    administration, _ = Organization.objects.get_or_create(
        body=body,
        name="Verwaltung der Stadt Iserlohn",
        defaults={
            "organization_type": OrganizationType.VERWALTUNG,
            "department": Department.objects.filter(name="Büro des Rates").first(),
        },
    )
    factions = {}
    for name, short, _seats in FACTIONS:
        factions[name], _ = Organization.objects.get_or_create(
            body=body, name=name, defaults={"organization_type": OrganizationType.FRAKTION, "short_name": short}
        )

    def member(given: str, family: str, faction_name: str, user=None, role: str = "") -> Person:
        person, _ = Person.objects.update_or_create(
            body=body, given_name=given, family_name=family, defaults={"user": user}
        )
        Membership.objects.get_or_create(
            person=person,
            organization=factions[faction_name],
            defaults={"role": role, "start_date": dt.date(2025, 11, 1)},
        )
        Membership.objects.get_or_create(
            person=person,
            organization=council,
            defaults={
                "role": "Ratsmitglied",
                "on_behalf_of": factions[faction_name],
                "start_date": dt.date(2025, 11, 1),
            },
        )
        return person

    persons = []
    for email, faction_name in MEMBER_FACTION.items():
        user = User.objects.filter(email=email).first()
        if user:
            role = (
                "Fraktionsvorsitzende"
                if email.startswith("ratsmitglied.a")
                else "Fraktionsgeschäftsführer"
                if email.startswith("ratsmitglied.b")
                else "Mitglied"
            )
            persons.append(member(user.first_name, user.last_name, faction_name, user=user, role=role))
    for given, family, faction_name in OTHER_MEMBERS:
        persons.append(member(given, family, faction_name))
    for person in persons[:6]:
        Membership.objects.get_or_create(
            person=person, organization=ads, defaults={"role": "Mitglied", "start_date": dt.date(2025, 11, 1)}
        )

    office, _ = Group.objects.get_or_create(name="Ratsbüro")
    office.permissions.add(Permission.objects.get(codename="manage_proceedings", content_type__app_label="council"))
    for email in ["ratsbuero@iserlohn.example"]:
        user = User.objects.filter(email=email).first()
        if user:
            user.groups.add(office)
    # Issue 13: the department role that writes the administration's reports to the council (four-eyes:
    # two persons of "Digitalisierung und IT" hold it, so a report can be released in the demo).
    writers, _ = Group.objects.get_or_create(name="Berichte an den Rat (Fachbereich)")
    writers.permissions.add(Permission.objects.get(codename="write_reports", content_type__app_label="council"))
    for user in User.objects.filter(role="staff", department__isnull=False):
        user.groups.add(writers)

    meetings = {}
    for key, name, start, orgs, state in [
        ("rat_sep", "Sitzung des Rates", _tz(2026, 9, 29), [council], MeetingState.HELD),
        (
            "ads_oct",
            "Sitzung des Ausschusses für Digitalisierung und Stadtentwicklung",
            _tz(2026, 10, 20),
            [ads],
            MeetingState.HELD,
        ),
        ("hfa_nov", "Sitzung des Haupt- und Finanzausschusses", _tz(2026, 11, 3), [hfa], MeetingState.HELD),
        ("rat_dec", "Sitzung des Rates", _tz(2026, 12, 15), [council], MeetingState.INVITED),
        (
            "ads_jan",
            "Sitzung des Ausschusses für Digitalisierung und Stadtentwicklung",
            _tz(2027, 1, 19),
            [ads],
            MeetingState.PLANNED,
        ),
        ("rat_feb", "Sitzung des Rates", _tz(2027, 2, 16), [council], MeetingState.PLANNED),
    ]:
        meeting, _ = Meeting.objects.get_or_create(
            name=name,
            start=start,
            defaults={"meeting_state": state, "location": rathaus, "end": start + dt.timedelta(hours=3)},
        )
        meeting.organizations.set(orgs)
        meetings[key] = meeting

    motion_file = _file(
        "Antrag Modellkommune Digitalisierung", "Iserlohn als Modellkommune Digitalisierung", MOTION_TEXT.splitlines()
    )
    motion, _ = Paper.objects.update_or_create(
        body=body,
        reference="A/2026/0001",
        defaults={
            "name": "Iserlohn als Modellkommune Digitalisierung",
            "paper_type": PaperType.ANTRAG,
            "status": PaperStatus.ANSWERED,
            "text": MOTION_TEXT,
            "date": dt.date(2026, 9, 1),
            "main_file": motion_file,
            "public": True,
        },
    )
    motion.originator_organizations.set([factions["Fraktion Linke Liste"]])
    motion.originator_persons.set(persons[:2])
    report_file = _file(
        "Mitteilung Bewerbung Modellkommune",
        "Bericht der Verwaltung: Bewerbung als Modellkommune",
        REPORT_TEXT.splitlines(),
    )
    report, _ = Paper.objects.update_or_create(
        body=body,
        reference="M/2026/0001",
        defaults={
            "name": "Bericht der Verwaltung: Voraussetzungen der Bewerbung als Modellkommune Digitalisierung",
            "paper_type": PaperType.MITTEILUNG,
            "status": PaperStatus.REGISTERED,
            "text": REPORT_TEXT,
            "date": dt.date(2026, 10, 12),
            "main_file": report_file,
            "public": True,
        },
    )
    report.originator_organizations.set([administration])
    motion.related_papers.add(report)
    decision, _ = Paper.objects.update_or_create(
        body=body,
        reference="V/2026/0001",
        defaults={
            "name": "Bewerbung der Stadt Iserlohn als Modellkommune Digitalisierung",
            "paper_type": PaperType.BESCHLUSSVORLAGE,
            "status": PaperStatus.SCHEDULED,
            "text": "Der Rat beschließt die Bewerbung als Modellkommune Digitalisierung und beauftragt die Verwaltung, eine Digitalisierungsstrategie mit Pilotprojekten vorzulegen.",
            "date": dt.date(2026, 11, 10),
            "public": True,
        },
    )
    decision.originator_organizations.set([administration])
    decision.related_papers.add(motion, report)
    for paper in (motion, report, decision):
        paper.under_direction_of.set([administration])  # Federführung: the administration
        paper_refresh_search_text(paper=paper)

    def agenda(
        meeting, order, name, paper=None, result="", resolution="", role=ConsultationRole.ENTSCHEIDUNG, org=None
    ):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={"number": str(order), "name": name, "result": result, "resolution_text": resolution},
        )
        if paper is not None:
            consultation, _ = Consultation.objects.get_or_create(
                paper=paper,
                agenda_item=item,
                defaults={"meeting": meeting, "role": role, "authoritative": role == ConsultationRole.ENTSCHEIDUNG},
            )
            consultation.organizations.set([org or meeting.organizations.first()])
        return item

    agenda(meetings["rat_sep"], 1, "Eröffnung und Feststellung der Beschlussfähigkeit")
    agenda(
        meetings["rat_sep"],
        2,
        "Iserlohn als Modellkommune Digitalisierung",
        motion,
        AgendaResult.ACCEPTED,
        "Der Rat beauftragt die Verwaltung, Kontakt mit dem Ministerium aufzunehmen und den Fraktionen bis zur nächsten Sitzung zu berichten, welche Maßnahmen für eine Bewerbung erforderlich sind.",
    )
    agenda(
        meetings["ads_oct"],
        1,
        "Bericht der Verwaltung zur Bewerbung als Modellkommune",
        report,
        AgendaResult.NOTED,
        role=ConsultationRole.KENNTNISNAHME,
    )
    agenda(meetings["rat_dec"], 1, "Eröffnung und Feststellung der Beschlussfähigkeit")
    agenda(meetings["rat_dec"], 2, "Bewerbung der Stadt Iserlohn als Modellkommune Digitalisierung", decision)
    agenda(meetings["rat_dec"], 3, "Mitteilungen der Verwaltung")
    # Everyday business of the council, so that lists, search and calendars have something to show.
    faction_names = list(factions)
    for number, (reference, paper_type, title, text, meeting_key, result) in enumerate(FURTHER_PAPERS, start=3):
        paper, _ = Paper.objects.update_or_create(
            body=body,
            reference=reference,
            defaults={
                "name": title,
                "paper_type": paper_type,
                "status": (RESULT_STATUS.get(result) or PaperStatus.DECIDED) if result else PaperStatus.SCHEDULED,
                "text": text,
                "date": meetings[meeting_key].start.date() - dt.timedelta(days=21),
                "public": True,
            },
        )
        if paper_type in (PaperType.ANTRAG, PaperType.ANFRAGE):
            paper.originator_organizations.set([factions[faction_names[number % len(faction_names)]]])
        else:
            paper.originator_organizations.set([administration])
        paper.under_direction_of.set([administration])
        paper_refresh_search_text(paper=paper)
        agenda(meetings[meeting_key], number + 10, title, paper, result, text if result else "")
    from .demo_sitzung import load as load_sitzung

    load_sitzung(
        body=body,
        meetings=meetings,
        factions=factions,
        administration=administration,
        council=council,
        make_file=_file,
    )

    from .demo_reports import load as load_reports_demo

    load_reports_demo()  # issue 13: department report drafts, a non-public committee paper
    if stdout is not None:
        stdout.write(f"  Rat: {Paper.objects.count()} Drucksachen, {Meeting.objects.count()} Sitzungen")
