"""Demo data owned by core: the town of Iserlohn, its sectors and departments."""

from django.utils.translation import gettext as _

from .constants import SectorCode
from .models import Department
from .services import municipality_upsert, sector_upsert

SECTOR_DESCRIPTIONS = {
    SectorCode.ENERGIE: _("Verbrauch öffentlicher Gebäude, Photovoltaik-Erträge und Ladeinfrastruktur."),
    SectorCode.GESUNDHEIT: _("Luftqualität, Lärm und digitale Angebote rund um Gesundheit und Pflege."),
    SectorCode.VERKEHR: _("Verkehrszählungen, Parkraumauslastung und Nahverkehr."),
    SectorCode.BILDUNG: _("Raumluft in Schulen, digitale Ausstattung und Lernangebote."),
    SectorCode.HANDEL: _("Passantenfrequenzen in der Innenstadt und lokaler Online-Handel."),
    SectorCode.SICHERHEIT: _("Pegelstände, Unwetterwarnungen und sichere Wege."),
    SectorCode.TOURISMUS: _("Besucherzahlen an Seilersee, Dechenhöhle und Danzturm."),
    SectorCode.LEBENSQUALITAET: _("Grünflächen, Lärm, Mängelmeldungen und Teilhabe."),
}

DEPARTMENTS = [
    ("Büro des Rates", "BdR", "rat@iserlohn.example"),
    ("Bürgerbüro", "BB", "buergerbuero@iserlohn.example"),
    ("Ordnungsamt", "OA", "ordnungsamt@iserlohn.example"),
    ("Straßenbau und Verkehr", "SBV", "strassen@iserlohn.example"),
    ("Umwelt und Klimaschutz", "UK", "umwelt@iserlohn.example"),
    ("Digitalisierung und IT", "DIT", "digital@iserlohn.example"),
    ("Stadtplanung", "SP", "planung@iserlohn.example"),
    ("Schule und Sport", "SUS", "schule@iserlohn.example"),
    ("Kämmerei", "KÄM", "kaemmerei@iserlohn.example"),
]


def load(*, stdout=None) -> None:
    municipality_upsert(
        ags="05962024",
        name="Iserlohn",
        official_name="Stadt Iserlohn",
        state="Nordrhein-Westfalen",
        district="Regierungsbezirk Arnsberg",
        population=92000,
        website="https://www.iserlohn.example",
        email="info@iserlohn.example",
        phone="+49 2371 217-0",
        address="Schillerplatz 7\n58636 Iserlohn",
        bbox_south=51.30,
        bbox_west=7.55,
        bbox_north=51.45,
        bbox_east=7.85,
        center_lat=51.3759,
        center_lon=7.6949,
    )
    for order, code in enumerate(SectorCode):
        sector_upsert(code=code.value, name=str(code.label), description=str(SECTOR_DESCRIPTIONS[code]), order=order)
    for name, short, email in DEPARTMENTS:
        Department.objects.update_or_create(name=name, defaults={"short_name": short, "email": email})
