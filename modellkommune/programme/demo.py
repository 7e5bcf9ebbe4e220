"""Demo data of the programme: pilot projects for Iserlohn, partners, best practices, maturity values.

All persons are fictional. Best-practice descriptions are illustrative (marked as such); the
Fachhochschule Südwestfalen is a real public institution, its contact person is not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from modellkommune.core.models import Department, Sector

from .constants import SOURCE_MANUAL, MaturityArea, PartnerKind, ProjectStatus, Transferability
from .models import (
    AreaScoreSnapshot,
    BestPractice,
    FundingSource,
    Indicator,
    Milestone,
    Partner,
    Project,
    ProjectKpi,
    ProjectPaper,
    ProjectPartner,
)
from .services_maturity import indicators_seed_smart_city_index
from .smart_city_index import BY_KEY as SCI_BY_KEY
from .smart_city_index import LEGACY_CODES as SCI_LEGACY_CODES

PARTNERS = [
    (
        "fh-swf-iserlohn",
        "Fachhochschule Südwestfalen, Standort Iserlohn",
        PartnerKind.RESEARCH,
        "Iserlohn",
        "https://www.fh-swf.de",
        "Prof. Dr. Jana Beispiel (fiktiv)",
    ),
    ("sauerland-sensorik", "Sauerland Sensorik GmbH (fiktiv)", PartnerKind.COMPANY, "Iserlohn", "", "Tom Mustermann"),
    ("maerkische-netzwerk", "Märkische Netzwerk GmbH (fiktiv)", PartnerKind.COMPANY, "Hagen", "", "Lea Beispiel"),
    ("stadt-paderborn", "Stadt Paderborn", PartnerKind.MUNICIPALITY, "Paderborn", "", "Fachbereich Digitalisierung"),
    ("stadt-soest", "Stadt Soest", PartnerKind.MUNICIPALITY, "Soest", "", "Stabsstelle Smart City"),
    (
        "werbegemeinschaft",
        "Werbegemeinschaft Innenstadt Iserlohn e. V. (fiktiv)",
        PartnerKind.ASSOCIATION,
        "Iserlohn",
        "",
        "Mia Probe",
    ),
    ("hoehlenverein", "Förderverein Dechenhöhle (fiktiv)", PartnerKind.ASSOCIATION, "Iserlohn", "", "Karl Beispiel"),
]

BEST_PRACTICES = [
    {
        "slug": "parkleitsystem-sensorik",
        "title": "Parkleitsystem mit Bodensensoren",
        "town": "Soest",
        "sectors": ["verkehr", "handel"],
        "problem": "Parksuchverkehr in der Altstadt verursacht Staus und Lärm.",
        "solution": "Bodensensoren melden freie Stellplätze; eine Karte und dynamische Schilder lenken den Verkehr.",
        "transferability": Transferability.HIGH,
        "note": "Vergleichbare Innenstadtgröße; LoRaWAN-Netz ist Voraussetzung.",
    },
    {
        "slug": "co2-ampeln-klassenraeume",
        "title": "CO₂-Ampeln in Klassenräumen",
        "town": "Paderborn",
        "sectors": ["bildung", "gesundheit"],
        "problem": "Schlechte Raumluft mindert die Konzentration; Lüften geschieht nach Gefühl.",
        "solution": "Sensoren zeigen die CO₂-Konzentration an und senden Messwerte an eine offene Plattform.",
        "transferability": Transferability.HIGH,
        "note": "Direkt übertragbar; Datenschutz durch reine Umweltmesswerte unkritisch.",
    },
    {
        "slug": "digitale-bauakte",
        "title": "Digitaler Bauantrag mit Beteiligungsportal",
        "town": "Arnsberg",
        "sectors": [],
        "egov": True,
        "problem": "Bauanträge werden auf Papier in mehreren Ausfertigungen eingereicht.",
        "solution": "Online-Antrag nach OZG mit digitaler Beteiligung der Fachstellen.",
        "transferability": Transferability.MEDIUM,
        "note": "Abhängig vom landesweiten Bauportal NRW.",
    },
    {
        "slug": "besucherlenkung-tourismus",
        "title": "Besucherlenkung an Ausflugszielen",
        "town": "Winterberg",
        "sectors": ["tourismus", "verkehr"],
        "problem": "Überfüllte Parkplätze an Wochenenden, unzufriedene Gäste.",
        "solution": "Zählsensoren und eine Auslastungsampel auf der Website schlagen Ausweichzeiten vor.",
        "transferability": Transferability.MEDIUM,
        "note": "Für Dechenhöhle und Seilersee anpassbar.",
    },
    {
        "slug": "pegel-fruehwarnung",
        "title": "Pegel-Frühwarnung für kleine Bäche",
        "town": "Hagen",
        "sectors": ["sicherheit"],
        "problem": "Starkregen lässt kleine Gewässer schnell ansteigen; amtliche Pegel fehlen.",
        "solution": "Ultraschall-Pegelsensoren mit Schwellwertalarm an Feuerwehr und Bürgerinnen und Bürger.",
        "transferability": Transferability.HIGH,
        "note": "Nach den Hochwassern 2021 besonders dringlich.",
    },
]

# slug, title, summary, status, sectors, egov, department, start, end, budget, funding, milestones, partners, kpis, papers, bps
PROJECTS = [
    (
        "smart-parking-innenstadt",
        "Digitales Parkleitsystem Innenstadt",
        "Freie Parkplätze in Echtzeit finden und Parksuchverkehr vermeiden.",
        ProjectStatus.RUNNING,
        ["verkehr", "handel"],
        False,
        "Straßenbau und Verkehr",
        (2026, 3, 1),
        (2027, 12, 31),
        "480000",
        [("Landesprogramm Digitale Modellregionen NRW", "336000", "70"), ("Eigenanteil Stadt", "144000", "30")],
        [
            ("Ausschreibung Sensorik", (2026, 5, 15), True),
            ("200 Stellplätze ausgestattet", (2026, 10, 1), True),
            ("Parkleit-App online", (2027, 3, 1), False),
            ("Evaluation", (2027, 11, 30), False),
        ],
        [
            ("fh-swf-iserlohn", "wissenschaftliche Begleitung und Evaluation"),
            ("sauerland-sensorik", "Lieferung und Betrieb der Sensoren"),
        ],
        [
            ("Auslastung Parkhaus Schillerplatz", "sensors.datastream", "Parkhaus Schillerplatz", "85", "%", False),
            ("Parksuchverkehr (Fahrzeuge pro Stunde)", SOURCE_MANUAL, "410", "300", "Fz/h", False),
        ],
        [("V/2026/0001", "Grundsatzbeschluss Bewerbung Modellkommune")],
        ["parkleitsystem-sensorik"],
    ),
    (
        "lorawan-netz",
        "LoRaWAN-Netz Iserlohn",
        "Ein stadtweites Funknetz für Sensoren als Grundlage aller Smart-City-Anwendungen.",
        ProjectStatus.SCALED_UP,
        ["energie", "sicherheit", "lebensqualitaet"],
        False,
        "Digitalisierung und IT",
        (2025, 9, 1),
        (2026, 8, 31),
        "150000",
        [("Landesprogramm Digitale Modellregionen NRW", "105000", "70"), ("Eigenanteil Stadt", "45000", "30")],
        [("10 Gateways in Betrieb", (2025, 12, 15), True), ("Stadtgebiet zu 90 % abgedeckt", (2026, 6, 30), True)],
        [("maerkische-netzwerk", "Aufbau und Betrieb der Gateways"), ("fh-swf-iserlohn", "Funkausbreitungsmessungen")],
        [
            ("Gateways in Betrieb", SOURCE_MANUAL, "14", "20", "", True),
            ("Sensoren live (24 h)", "sensors.live_datastreams", "", "100", "", True),
        ],
        [],
        [],
    ),
    (
        "co2-ampeln-schulen",
        "CO₂-Ampeln in Schulen",
        "Gesunde Raumluft in allen Klassenräumen der städtischen Schulen.",
        ProjectStatus.RUNNING,
        ["bildung", "gesundheit"],
        False,
        "Schule und Sport",
        (2026, 1, 15),
        (2027, 7, 31),
        "95000",
        [("Landesprogramm Digitale Modellregionen NRW", "66500", "70"), ("Schulträgeranteil", "28500", "30")],
        [
            ("Pilotschule ausgestattet", (2026, 3, 1), True),
            ("Alle Grundschulen ausgestattet", (2026, 12, 15), False),
            ("Alle Schulen ausgestattet", (2027, 6, 30), False),
        ],
        [("fh-swf-iserlohn", "Auswertung der Messdaten"), ("sauerland-sensorik", "Sensorlieferung")],
        [
            ("CO₂ im Klassenraum (Pilotschule)", "sensors.datastream", "CO₂ Raum", "1000", "ppm", False),
            ("ausgestattete Klassenräume", SOURCE_MANUAL, "48", "420", "", True),
        ],
        [],
        ["co2-ampeln-klassenraeume"],
    ),
    (
        "digitaler-bauantrag",
        "Digitaler Bauantrag",
        "Bauanträge vollständig online stellen und digital bearbeiten.",
        ProjectStatus.RUNNING,
        [],
        True,
        "Stadtplanung",
        (2026, 2, 1),
        (2027, 6, 30),
        "220000",
        [("Landesprogramm Digitale Modellregionen NRW", "154000", "70"), ("Eigenanteil Stadt", "66000", "30")],
        [
            ("Anbindung Bauportal NRW", (2026, 6, 30), True),
            ("Digitale Beteiligung der Fachstellen", (2026, 12, 31), False),
        ],
        [("stadt-paderborn", "Erfahrungsaustausch als Modellkommune")],
        [("Online-Anträge pro Monat (alle Leistungen)", "egov.applications_month", "", "300", "", True)],
        [("M/2026/0001", "Bericht der Verwaltung zur Bewerbung")],
        ["digitale-bauakte"],
    ),
    (
        "besucherlenkung-dechenhoehle",
        "Besucherlenkung Dechenhöhle",
        "Auslastung von Parkplatz und Höhle live anzeigen und Besuche entzerren.",
        ProjectStatus.PLANNED,
        ["tourismus", "verkehr"],
        False,
        "Stadtplanung",
        (2027, 3, 1),
        (2028, 2, 28),
        "130000",
        [("Förderprogramm Tourismus NRW", "78000", "60"), ("Eigenanteil Stadt", "52000", "40")],
        [("Konzept mit Förderverein", (2027, 5, 31), False), ("Zählsensoren installiert", (2027, 9, 30), False)],
        [("hoehlenverein", "Betrieb vor Ort, Besucherbefragung"), ("fh-swf-iserlohn", "Prognosemodell")],
        [],
        [],
        ["besucherlenkung-tourismus"],
    ),
    (
        "maengelmelder",
        "Mängelmelder mit Open311",
        "Schäden im Stadtgebiet online melden und den Bearbeitungsstand verfolgen.",
        ProjectStatus.EVALUATED,
        ["lebensqualitaet"],
        True,
        "Ordnungsamt",
        (2025, 6, 1),
        (2026, 9, 30),
        "60000",
        [("Eigenanteil Stadt", "60000", "100")],
        [("Start des Online-Mängelmelders", (2025, 10, 1), True), ("Evaluation abgeschlossen", (2026, 9, 30), True)],
        [("stadt-soest", "Austausch zu Kategorien und Prozessen")],
        [("Meldungen binnen 14 Tagen erledigt (90 Tage)", "reports.closed_14_days", "90", "150", "", True)],
        [],
        [],
    ),
    (
        "pegel-fruehwarnung",
        "Pegel-Frühwarnsystem für Bäche",
        "Pegelsensoren an Baarbach und Calle warnen früh vor Hochwasser.",
        ProjectStatus.RUNNING,
        ["sicherheit"],
        False,
        "Umwelt und Klimaschutz",
        (2026, 4, 1),
        (2027, 3, 31),
        "75000",
        [("Landesprogramm Digitale Modellregionen NRW", "52500", "70"), ("Eigenanteil Stadt", "22500", "30")],
        [("Standorte festgelegt", (2026, 6, 1), True), ("6 Pegel in Betrieb", (2026, 11, 30), False)],
        [("maerkische-netzwerk", "Datenübertragung"), ("fh-swf-iserlohn", "Schwellwertmodell")],
        [("Pegel in Betrieb", SOURCE_MANUAL, "4", "6", "", True)],
        [],
        ["pegel-fruehwarnung"],
    ),
    (
        "marktplatz-innenstadt",
        "Lokaler Online-Marktplatz",
        "Geschäfte der Innenstadt gemeinsam online sichtbar machen.",
        ProjectStatus.IDEA,
        ["handel"],
        False,
        "Stadtplanung",
        (2027, 1, 1),
        (2027, 12, 31),
        "90000",
        [],
        [],
        [("werbegemeinschaft", "Gewinnung der Händlerinnen und Händler")],
        [],
        [],
        [],
    ),
    (
        "energiemonitoring-gebaeude",
        "Energiemonitoring städtischer Gebäude",
        "Strom- und Wärmeverbrauch der Rathäuser und Schulen live erfassen.",
        ProjectStatus.RUNNING,
        ["energie"],
        False,
        "Umwelt und Klimaschutz",
        (2026, 5, 1),
        (2027, 10, 31),
        "180000",
        [("Bundesförderung Klimaschutz", "108000", "60"), ("Eigenanteil Stadt", "72000", "40")],
        [("Rathaus ausgestattet", (2026, 8, 31), True), ("20 Gebäude ausgestattet", (2027, 4, 30), False)],
        [("fh-swf-iserlohn", "Lastganganalyse")],
        [("Gebäude mit Live-Messung", SOURCE_MANUAL, "6", "20", "", True)],
        [],
        [],
    ),
    (
        "telemedizin-pflege",
        "Telemedizin in der ambulanten Pflege",
        "Videosprechstunden zwischen Pflegediensten und Hausarztpraxen erproben.",
        ProjectStatus.PLANNED,
        ["gesundheit"],
        False,
        "Digitalisierung und IT",
        (2027, 1, 1),
        (2028, 6, 30),
        "120000",
        [("Landesprogramm Digitale Modellregionen NRW", "84000", "70"), ("Eigenanteil Stadt", "36000", "30")],
        [("Partner gewonnen", (2027, 3, 31), False)],
        [],
        [],
        [],
        [],
    ),
    (
        "offene-daten",
        "Offene Daten und Ratsinformation",
        "Daten der Stadt und alle öffentlichen Ratsdokumente maschinenlesbar veröffentlichen (DCAT-AP, OParl).",
        ProjectStatus.RUNNING,
        ["lebensqualitaet"],
        True,
        "Digitalisierung und IT",
        (2026, 1, 1),
        (2026, 12, 31),
        "70000",
        [("Eigenanteil Stadt", "70000", "100")],
        [("OParl-Schnittstelle online", (2026, 9, 1), True), ("30 Datensätze veröffentlicht", (2026, 12, 31), False)],
        [("fh-swf-iserlohn", "Nutzung der Daten in der Lehre")],
        [
            ("offene Datensätze", "opendata.datasets", "", "30", "", True),
            ("Drucksachen über OParl", "council.papers_oparl", "", "3", "", True),
        ],
        [("A/2026/0001", "Antrag der Fraktion Linke Liste")],
        [],
    ),
    (
        "solarbaenke",
        "Solarbänke mit WLAN",
        "Sitzbänke mit Ladefunktion und WLAN in Parks.",
        ProjectStatus.STOPPED,
        ["lebensqualitaet", "energie"],
        False,
        "Umwelt und Klimaschutz",
        (2025, 4, 1),
        (2025, 12, 31),
        "25000",
        [("Eigenanteil Stadt", "25000", "100")],
        [("Zwei Testbänke aufgestellt", (2025, 6, 30), True)],
        [],
        [],
        [],
        [],
    ),
]

# code, area, name, source, param, manual value, target, unit, higher_is_better, measures (project slugs)
INDICATORS = [
    (
        "online-share",
        MaturityArea.VERWALTUNG,
        "Anteil online beantragbarer Leistungen",
        "egov.online_share",
        "",
        None,
        "60",
        "%",
        True,
        ["digitaler-bauantrag"],
    ),
    (
        "applications-month",
        MaturityArea.VERWALTUNG,
        "Online-Anträge pro Monat",
        "egov.applications_month",
        "",
        None,
        "300",
        "",
        True,
        ["digitaler-bauantrag"],
    ),
    ("e-akte", MaturityArea.VERWALTUNG, "Fachbereiche mit E-Akte", SOURCE_MANUAL, "", "35", "80", "%", True, []),
    (
        "reports-closed",
        MaturityArea.VERWALTUNG,
        "Mängelmeldungen binnen 14 Tagen erledigt (90 Tage)",
        "reports.closed_14_days",
        "90",
        None,
        "150",
        "",
        True,
        ["maengelmelder"],
    ),
    (
        "oparl-papers",
        MaturityArea.IT_KOMMUNIKATION,
        "Ratsdrucksachen über OParl abrufbar",
        "council.papers_oparl",
        "",
        None,
        "3",
        "",
        True,
        ["offene-daten"],
    ),
    (
        "lorawan-coverage",
        MaturityArea.IT_KOMMUNIKATION,
        "LoRaWAN-Abdeckung des Stadtgebiets",
        SOURCE_MANUAL,
        "",
        "90",
        "90",
        "%",
        True,
        ["lorawan-netz"],
    ),
    (
        "public-wifi",
        MaturityArea.IT_KOMMUNIKATION,
        "öffentliche WLAN-Hotspots",
        SOURCE_MANUAL,
        "",
        "12",
        "30",
        "",
        True,
        [],
    ),
    (
        "energy-sensors",
        MaturityArea.ENERGIE_UMWELT,
        "Live-Sensoren im Sektor Energie",
        "sensors.live_datastreams",
        "energie",
        None,
        "10",
        "",
        True,
        ["energiemonitoring-gebaeude"],
    ),
    (
        "smart-meter",
        MaturityArea.ENERGIE_UMWELT,
        "städtische Gebäude mit Verbrauchsmessung",
        SOURCE_MANUAL,
        "",
        "6",
        "20",
        "",
        True,
        ["energiemonitoring-gebaeude"],
    ),
    (
        "traffic-sensors",
        MaturityArea.MOBILITAET,
        "Live-Sensoren im Sektor Verkehr",
        "sensors.live_datastreams",
        "verkehr",
        None,
        "10",
        "",
        True,
        ["smart-parking-innenstadt"],
    ),
    (
        "parking-detected",
        MaturityArea.MOBILITAET,
        "Stellplätze mit Belegungserkennung",
        SOURCE_MANUAL,
        "",
        "200",
        "800",
        "",
        True,
        ["smart-parking-innenstadt"],
    ),
    (
        "open-datasets",
        MaturityArea.GESELLSCHAFT,
        "veröffentlichte offene Datensätze",
        "opendata.datasets",
        "",
        None,
        "30",
        "",
        True,
        ["offene-daten"],
    ),
    (
        "active-projects",
        MaturityArea.GESELLSCHAFT,
        "laufende oder verstetigte Modellprojekte",
        "programme.projects_active",
        "",
        None,
        "8",
        "",
        True,
        [],
    ),
    (
        "participation",
        MaturityArea.GESELLSCHAFT,
        "öffentlich behandelte Online-Beteiligungen (12 Monate)",
        "participation.public_items",
        "365",
        None,
        "6",
        "",
        True,
        [],
    ),
]

# Best practices that address an indicator: the gap report proposes them when the indicator is below target.
INDICATOR_BEST_PRACTICES = {
    "online-share": ["digitale-bauakte"],
    "applications-month": ["digitale-bauakte"],
    "lorawan-coverage": ["parkleitsystem-sensorik", "pegel-fruehwarnung"],
    "energy-sensors": ["co2-ampeln-klassenraeume"],
    "smart-meter": ["co2-ampeln-klassenraeume"],
    "traffic-sensors": ["parkleitsystem-sensorik", "besucherlenkung-tourismus"],
    "parking-detected": ["parkleitsystem-sensorik"],
}

# Illustrative history (demo only): score per area at the end of the last quarters.
HISTORY = {
    MaturityArea.VERWALTUNG: [12, 15, 19, 23],
    MaturityArea.IT_KOMMUNIKATION: [35, 48, 60, 70],
    MaturityArea.ENERGIE_UMWELT: [10, 15, 22, 30],
    MaturityArea.MOBILITAET: [8, 12, 20, 28],
    MaturityArea.GESELLSCHAFT: [25, 32, 40, 44],
}


def _date(parts):
    return dt.date(*parts) if parts else None


def _datastream_id(hint: str) -> str:
    """The id of a demo datastream whose name contains `hint`, if the sensors app is there."""
    try:
        from modellkommune.sensors.selectors import datastream_list_public

        stream = datastream_list_public().filter(name__icontains=hint).order_by("pk").first()
    except (ImportError, AttributeError, Exception):  # noqa: BLE001 - the demo must not fail on a missing app
        return ""
    return str(stream.pk) if stream else ""


def load(*, stdout=None) -> None:
    sectors = {s.code: s for s in Sector.objects.all()}
    departments = {d.name: d for d in Department.objects.all()}
    partners = {}
    for slug, name, kind, city, website, contact in PARTNERS:
        partners[slug], _c = Partner.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "city": city, "website": website, "contact_name": contact}
        )
    best_practices = {}
    for bp in BEST_PRACTICES:
        obj, _c = BestPractice.objects.update_or_create(
            slug=bp["slug"],
            defaults={
                "title": bp["title"],
                "town": bp["town"],
                "egovernment": bp.get("egov", False),
                "problem": bp["problem"],
                "solution": bp["solution"],
                "transferability": bp["transferability"],
                "transferability_note": bp["note"],
                "contact": "Pressestelle der Stadt " + bp["town"],
                "source_illustrative": True,
            },
        )
        obj.sectors.set([sectors[c] for c in bp["sectors"] if c in sectors])
        best_practices[bp["slug"]] = obj
    projects = {}
    for row in PROJECTS:
        (
            slug,
            title,
            summary,
            status,
            codes,
            egov,
            dept,
            start,
            end,
            budget,
            funding,
            milestones,
            pps,
            kpis,
            papers,
            bps,
        ) = row
        project, _c = Project.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "goal": summary,
                "status": status,
                "egovernment": egov,
                "department": departments.get(dept),
                "start_date": _date(start),
                "end_date": _date(end),
                "budget": Decimal(budget),
                "public": True,
            },
        )
        project.sectors.set([sectors[c] for c in codes if c in sectors])
        project.best_practices.set([best_practices[b] for b in bps])
        project.funding_sources.all().delete()
        FundingSource.objects.bulk_create(
            FundingSource(project=project, name=n, amount=Decimal(a), share_percent=Decimal(s)) for n, a, s in funding
        )
        for m_title, due, done in milestones:
            Milestone.objects.update_or_create(
                project=project,
                title=m_title,
                defaults={"due_date": _date(due), "done": done, "done_date": _date(due) if done else None},
            )
        for p_slug, role in pps:
            ProjectPartner.objects.update_or_create(project=project, partner=partners[p_slug], defaults={"role": role})
        for order, (name, source, param, target, unit, higher) in enumerate(kpis):
            # for hand-entered KPIs the third entry is the value, otherwise the source's parameter
            defaults = {"order": order, "target_value": Decimal(target), "unit": unit, "higher_is_better": higher}
            value = param
            if source == "sensors.datastream":
                param = _datastream_id(param)
                if not param:  # no sensors app (yet): keep a hand-entered value so the page is useful
                    source, value = SOURCE_MANUAL, "0"
            if source == SOURCE_MANUAL:
                defaults |= {"source": source, "source_param": "", "manual_value": Decimal(value)}
            else:
                defaults |= {"source": source, "source_param": param, "manual_value": None}
            ProjectKpi.objects.update_or_create(project=project, name=name, defaults=defaults)
        for reference, note in papers:
            ProjectPaper.objects.update_or_create(project=project, reference=reference, defaults={"note": note})
        projects[slug] = project
    for order, (code, area, name, source, param, value, target, unit, higher, measures) in enumerate(INDICATORS):
        sci = SCI_BY_KEY[SCI_LEGACY_CODES[code]]
        # The Smart City Index structure decides the area and the absolute threshold (target).
        area, target = sci.area, sci.threshold
        indicator, _c = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "sci_key": sci.key,
                "area": area,
                "name": name,
                "source": source,
                "source_param": param,
                "manual_value": Decimal(value) if value is not None else None,
                "manual_value_date": dt.date(2026, 11, 1) if value is not None else None,
                "target_value": Decimal(target),
                "unit": unit,
                "higher_is_better": higher,
                "order": order,
            },
        )
        indicator.measures.set([projects[m] for m in measures])
        indicator.best_practices.set([best_practices[b] for b in INDICATOR_BEST_PRACTICES.get(code, [])])
    today = timezone.localdate()
    for back, quarter_end in enumerate(
        [dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30)]
    ):
        if quarter_end >= today:
            continue
        for area, scores in HISTORY.items():
            AreaScoreSnapshot.objects.update_or_create(
                area=area, date=quarter_end, defaults={"score": Decimal(scores[back])}
            )
    indicators_seed_smart_city_index()  # the other indicators of the structure, without demo values
    _programme_office()
    # Today's values are recorded in finalize(), once every app (open data included) has its demo data.
    if stdout:
        stdout.write(f"programme: {len(projects)} Projekte, {len(INDICATORS)} Indikatoren")


# The demo's programme office: the digitalisation department's clerk maintains projects and indicators.
PROGRAMME_OFFICE_GROUP = "Programmbüro"
PROGRAMME_OFFICE_MEMBERS = ["digital.team@iserlohn.example"]


def _programme_office() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    office, _c = Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)
    office.permissions.add(Permission.objects.get(codename="manage_programme", content_type__app_label="programme"))
    for user in get_user_model().objects.filter(email__in=PROGRAMME_OFFICE_MEMBERS):
        user.groups.add(office)


def finalize(*, stdout=None) -> None:
    """Called by `manage.py demo` after all apps: today's maturity snapshot from the full demo data."""
    from .services import indicators_snapshot_take

    indicators_snapshot_take()
    if stdout:
        stdout.write("programme: heutiger Reifegrad-Stand gespeichert")
