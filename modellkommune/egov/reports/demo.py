"""Demo data of the Mängelmelder: categories routed to departments and ~40 reports around Iserlohn."""

import datetime as dt
import random
import uuid

from django.utils import timezone

from modellkommune.core.models import Department

from .constants import CLOSED_STATUSES, AttributeDatatype, Moderation, ReportStatus, Source
from .models import Category, CategoryAttribute, Report, ReportUpdate

DEMO_NS = uuid.UUID("6f1c2d64-6a0e-4c8e-9a53-2b1f2e0c5962")

SIZE = [
    {"key": "klein", "name": "kleiner als ein Teller"},
    {"key": "mittel", "name": "bis 50 cm"},
    {"key": "gross", "name": "größer als 50 cm"},
]
LIGHT = [
    {"key": "aus", "name": "Leuchte ist aus"},
    {"key": "flackert", "name": "Leuchte flackert"},
    {"key": "tag", "name": "brennt tagsüber"},
]
WASTE = [
    {"key": "sperrmuell", "name": "Sperrmüll"},
    {"key": "elektro", "name": "Elektrogeräte"},
    {"key": "gruen", "name": "Grünschnitt"},
    {"key": "sonder", "name": "Farben, Öl, Chemikalien"},
]
YESNO = [{"key": "ja", "name": "ja"}, {"key": "nein", "name": "nein"}]

# code, name, department, group, keywords, description, days, attributes (code, question, datatype, required, values, variable)
CATEGORIES = [
    (
        "schlagloch",
        "Schlagloch",
        "Straßenbau und Verkehr",
        "Straße und Verkehr",
        "Straße,Loch,Fahrbahn",
        "Löcher und Aufbrüche in Fahrbahn, Rad- oder Gehweg.",
        14,
        [("groesse", "Wie groß ist das Schlagloch?", AttributeDatatype.SINGLEVALUELIST, True, SIZE, True)],
    ),
    (
        "strassenbeleuchtung",
        "Straßenbeleuchtung defekt",
        "Straßenbau und Verkehr",
        "Straße und Verkehr",
        "Laterne,Licht,Beleuchtung",
        "Ausgefallene oder flackernde Straßenlaternen.",
        10,
        [
            ("art", "Was stimmt nicht?", AttributeDatatype.SINGLEVALUELIST, True, LIGHT, True),
            ("mastnummer", "Nummer am Mast (falls lesbar)", AttributeDatatype.STRING, False, [], True),
        ],
    ),
    (
        "muellkippe",
        "Wilde Müllkippe",
        "Umwelt und Klimaschutz",
        "Sauberkeit",
        "Müll,Abfall,Sperrmüll",
        "Illegal abgelagerter Abfall auf öffentlichen Flächen.",
        7,
        [
            ("hinweis", "Bitte fassen Sie unbekannte Stoffe nicht an.", AttributeDatatype.TEXT, False, [], False),
            ("abfallart", "Welche Abfälle liegen dort?", AttributeDatatype.MULTIVALUELIST, False, WASTE, True),
        ],
    ),
    (
        "graffiti",
        "Graffiti",
        "Ordnungsamt",
        "Sauberkeit",
        "Graffiti,Schmiererei",
        "Schmierereien an öffentlichen Gebäuden, Brücken und Stromkästen.",
        21,
        [
            ("flaeche", "Ungefähre Fläche in m²", AttributeDatatype.NUMBER, False, [], True),
            (
                "anstoessig",
                "Ist der Inhalt beleidigend oder verfassungsfeindlich?",
                AttributeDatatype.SINGLEVALUELIST,
                True,
                YESNO,
                True,
            ),
        ],
    ),
    (
        "spielplatz",
        "Spielplatz beschädigt",
        "Umwelt und Klimaschutz",
        "Grün und Freizeit",
        "Spielplatz,Spielgerät",
        "Defekte Spielgeräte, Scherben oder beschädigte Zäune auf Spielplätzen.",
        5,
        [],
    ),
    (
        "verkehrszeichen",
        "Verkehrszeichen beschädigt",
        "Straßenbau und Verkehr",
        "Straße und Verkehr",
        "Schild,Verkehrszeichen",
        "Umgefahrene, verdrehte oder unleserliche Verkehrszeichen.",
        10,
        [],
    ),
    (
        "baum",
        "Baum oder Grünfläche",
        "Umwelt und Klimaschutz",
        "Grün und Freizeit",
        "Baum,Ast,Hecke",
        "Abgebrochene Äste, zugewachsene Wege, ungepflegte Grünflächen.",
        14,
        [],
    ),
    (
        "sonstiges",
        "Sonstiger Mangel",
        "Ordnungsamt",
        "Sonstiges",
        "",
        "Alles, was in keine andere Kategorie passt.",
        None,
        [],
    ),
]

PLACES = [
    ("Schillerplatz", 51.3745, 7.6961),
    ("Alter Rathausplatz", 51.3767, 7.6953),
    ("Wermingser Straße", 51.3728, 7.6984),
    ("Seilersee, Uferweg", 51.3806, 7.7286),
    ("Hans-Böckler-Straße", 51.3808, 7.6851),
    ("Baarstraße", 51.3846, 7.6688),
    ("Letmather Straße, Letmathe", 51.3681, 7.6153),
    ("Hennen, Dorfstraße", 51.4253, 7.6384),
    ("Sümmern, Lindenstraße", 51.4092, 7.7150),
    ("Danzturm, Waldweg", 51.3662, 7.6938),
    ("Stennerstraße", 51.3690, 7.7042),
    ("Gerlingsen, Friedrichstraße", 51.3889, 7.6956),
    ("Dröschede, Mendener Straße", 51.3955, 7.6749),
    ("Kalthof, Kalthofer Straße", 51.3993, 7.7375),
]

DESCRIPTIONS = {
    "schlagloch": "Tiefes Schlagloch am Fahrbahnrand, Radfahrende müssen ausweichen.",
    "strassenbeleuchtung": "Die Laterne vor der Hausnummer 12 ist seit Tagen dunkel.",
    "muellkippe": "Mehrere Säcke und ein alter Kühlschrank am Wegrand abgestellt.",
    "graffiti": "Neue Schmierereien an der Unterführung.",
    "spielplatz": "Die Kette der Schaukel ist gerissen.",
    "verkehrszeichen": "Das Stoppschild ist umgefahren worden und liegt im Gebüsch.",
    "baum": "Ein großer Ast hängt abgebrochen über dem Gehweg.",
    "sonstiges": "Der Trinkwasserbrunnen läuft ununterbrochen.",
}
NOTES = {
    ReportStatus.IN_PROGRESS: "Der Auftrag ist an den Baubetriebshof erteilt.",
    ReportStatus.SOLVED: "Der Mangel wurde behoben. Vielen Dank für Ihren Hinweis!",
    ReportStatus.REJECTED: "Die Fläche gehört nicht der Stadt; wir haben den Eigentümer informiert.",
}


def _department(name: str) -> Department:
    return Department.objects.get_or_create(name=name)[0]


def load(*, stdout=None) -> None:
    categories = []
    for order, (code, name, dept, group, keywords, description, days, attrs) in enumerate(CATEGORIES):
        category, _created = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "department": _department(dept),
                "group": group,
                "keywords": keywords,
                "description": description,
                "expected_days": days,
                "order": order,
                "is_active": True,
                "service_notice": f"Übliche Bearbeitungszeit: {days} Tage." if days else "",
            },
        )
        for attr_order, (acode, question, datatype, required, values, variable) in enumerate(attrs, start=1):
            CategoryAttribute.objects.update_or_create(
                category=category,
                code=acode,
                defaults={
                    "description": question,
                    "datatype": datatype,
                    "required": required,
                    "values": values,
                    "variable": variable,
                    "order": attr_order,
                },
            )
        categories.append(category)
    rng = random.Random(5962024)  # noqa: S311 - demo data, not security
    now = timezone.now()
    states = (
        [ReportStatus.RECEIVED] * 12
        + [ReportStatus.IN_PROGRESS] * 12
        + [ReportStatus.SOLVED] * 12
        + [ReportStatus.REJECTED] * 2
    )
    moderation = [Moderation.PUBLISHED] * 38 + [Moderation.PENDING] * 3 + [Moderation.UNCONFIRMED]
    for i in range(42):
        category = categories[i % len(categories)]
        place, lat, lon = PLACES[i % len(PLACES)]
        status = states[i] if i < len(states) else ReportStatus.RECEIVED
        requested = now - dt.timedelta(days=rng.randint(1, 80), hours=rng.randint(0, 23))
        attributes = {}
        for attr in category.attributes.filter(variable=True):
            if attr.values:
                key = attr.values[rng.randrange(len(attr.values))]["key"]
                attributes[attr.code] = [key] if attr.datatype == AttributeDatatype.MULTIVALUELIST else key
        report, _created = Report.objects.update_or_create(
            token=uuid.uuid5(DEMO_NS, f"report-{i}"),
            defaults={
                "category": category,
                "department": category.department,
                "description": DESCRIPTIONS[category.code],
                "address": f"{place}, 58636 Iserlohn",
                "lat": round(lat + rng.uniform(-0.004, 0.004), 6),
                "lon": round(lon + rng.uniform(-0.006, 0.006), 6),
                "attributes": attributes,
                "email": f"melder{i}@beispiel.example",
                "source": Source.DEMO,
                "status": status,
                "status_notes": NOTES.get(status, ""),
                "moderation": moderation[i],
                "confirmed_at": None if moderation[i] == Moderation.UNCONFIRMED else requested,
                "published_at": requested + dt.timedelta(hours=3) if moderation[i] == Moderation.PUBLISHED else None,
                "closed_at": requested + dt.timedelta(days=rng.randint(1, 20)) if status in CLOSED_STATUSES else None,
            },
        )
        Report.objects.filter(pk=report.pk).update(requested=requested, updated=requested + dt.timedelta(days=1))
        report.updates.all().delete()
        steps = [(ReportStatus.RECEIVED, "")]
        if status != ReportStatus.RECEIVED:
            if status != ReportStatus.IN_PROGRESS:
                steps.append((ReportStatus.IN_PROGRESS, NOTES[ReportStatus.IN_PROGRESS]))
            steps.append((status, NOTES[status]))
        for day, (step, note) in enumerate(steps):
            update = ReportUpdate.objects.create(report=report, status=step, comment=note)
            ReportUpdate.objects.filter(pk=update.pk).update(created=requested + dt.timedelta(days=day, minutes=5))
    if stdout:
        stdout.write(f"Mängelmelder: {len(categories)} Kategorien, 42 Meldungen")
