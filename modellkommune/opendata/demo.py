"""Demo catalogue: hand-made datasets of the town (fictional figures) and the generated ones. Idempotent."""

import datetime as dt

from .constants import FileType, Frequency, Licence, Theme
from .models import Dataset
from .musterdatenkatalog import BASE as MDK_BASE
from .services import catalogue_sync, dataset_create, dataset_update, distribution_create


def _csv(rows: list[list]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


BUDGET = [["produktbereich", "bezeichnung", "ertraege_euro", "aufwendungen_euro"],
          ["01", "Innere Verwaltung", 8_400_000, 41_200_000], ["02", "Sicherheit und Ordnung", 5_100_000, 14_800_000],
          ["03", "Schulträgeraufgaben", 6_900_000, 27_300_000], ["04", "Kultur und Wissenschaft", 1_200_000, 9_600_000],
          ["05", "Soziale Leistungen", 22_500_000, 61_900_000], ["06", "Kinder-, Jugend- und Familienhilfe", 31_000_000, 78_400_000],
          ["08", "Sportförderung", 300_000, 4_100_000], ["09", "Räumliche Planung und Entwicklung", 700_000, 5_900_000],
          ["12", "Verkehrsflächen und -anlagen, ÖPNV", 4_800_000, 24_700_000], ["16", "Allgemeine Finanzwirtschaft", 198_000_000, 12_300_000]]  # fmt: skip
CHARGERS = [["name", "betreiber", "strasse", "ladepunkte", "leistung_kw", "breite", "laenge"],
            ["Parkhaus Theodor-Heuss-Ring", "Stadtwerke (Demo)", "Theodor-Heuss-Ring 1", 4, 22, 51.3752, 7.6958],
            ["Schillerplatz", "Stadtwerke (Demo)", "Schillerplatz 2", 2, 22, 51.3771, 7.6990],
            ["Hemberg", "Ladeverbund Sauerland (Demo)", "Hembergstraße 10", 2, 50, 51.3699, 7.6812],
            ["Letmathe Bahnhof", "Stadtwerke (Demo)", "Bahnhofstraße 3", 4, 22, 51.3695, 7.6107],
            ["Sümmern Markt", "Ladeverbund Sauerland (Demo)", "Marktplatz 1", 2, 11, 51.4240, 7.7110]]  # fmt: skip
TREES = [["baum_nr", "gattung", "art_deutsch", "pflanzjahr", "kronendurchmesser_m", "breite", "laenge"],
         [1001, "Tilia", "Winter-Linde", 1962, 12, 51.3760, 7.6950], [1002, "Acer", "Spitz-Ahorn", 1988, 8, 51.3765, 7.6961],
         [1003, "Quercus", "Stiel-Eiche", 1921, 16, 51.3781, 7.7002], [1004, "Fagus", "Rot-Buche", 1950, 14, 51.3702, 7.6870],
         [1005, "Platanus", "Ahornblättrige Platane", 1975, 11, 51.3748, 7.6939], [1006, "Betula", "Hänge-Birke", 2003, 5, 51.3720, 7.6841]]  # fmt: skip
ELECTION = [["wahlbezirk", "wahlberechtigte", "waehlende", "partei_a", "partei_b", "partei_c", "partei_d", "sonstige"],
            ["010 Innenstadt", 3120, 1830, 610, 520, 330, 210, 160], ["020 Hennen", 2480, 1610, 590, 430, 280, 190, 120],
            ["030 Letmathe-Mitte", 2950, 1690, 540, 560, 250, 200, 140], ["040 Sümmern", 2210, 1480, 560, 380, 260, 170, 110],
            ["050 Obergrüne", 1870, 1120, 360, 330, 210, 130, 90]]  # fmt: skip
POPULATION = [["stadtteil", "einwohner_2025", "unter_18", "ab_65"],
              ["Innenstadt", 21_400, 3_500, 4_600], ["Letmathe", 25_300, 4_200, 5_900], ["Hennen", 6_400, 1_150, 1_500],
              ["Sümmern", 7_900, 1_400, 1_700], ["Iserlohner Heide", 8_200, 1_500, 1_800]]  # fmt: skip

MANUAL = [
    {"slug": "haushaltsplan-2026", "mdk": "finanzen/haushalt/plan", "title": "Haushaltsplan 2026 (Ergebnisplan nach Produktbereichen)",
     "description": "Geplante Erträge und Aufwendungen des Ergebnisplans 2026 nach Produktbereichen. Demonstrationsdaten.",
     "themes": [Theme.ECON, Theme.GOVE], "keywords": ["Haushalt", "Finanzen", "Ergebnisplan"],
     "frequency": Frequency.ANNUAL, "licence": Licence.DL_ZERO_DE_2, "sector": None,
     "temporal": (dt.date(2026, 1, 1), dt.date(2026, 12, 31)), "rows": BUDGET},
    {"slug": "ladesaeulen", "mdk": "verkehr/kfz/elektrotankstelle", "title": "Standorte der Ladesäulen für Elektrofahrzeuge",
     "description": "Öffentlich zugängliche Ladesäulen im Stadtgebiet mit Anzahl der Ladepunkte und Leistung.",
     "themes": [Theme.ENER, Theme.TRAN], "keywords": ["Elektromobilität", "Ladesäulen", "Energie"],
     "frequency": Frequency.MONTHLY, "licence": Licence.DL_BY_DE_2, "sector": "energie",
     "temporal": (dt.date(2026, 1, 1), None),
     "rows": CHARGERS},
    {"slug": "baumkataster", "mdk": "floraUndFauna/baumbestand/baumkataster", "title": "Baumkataster (Auszug Innenstadt)",
     "description": "Straßen- und Parkbäume der Innenstadt mit Gattung, Art, Pflanzjahr und Kronendurchmesser.",
     "themes": [Theme.ENVI], "keywords": ["Bäume", "Stadtgrün", "Umwelt"], "frequency": Frequency.QUARTERLY,
     "licence": Licence.CC_BY_4, "sector": "lebensqualitaet", "temporal": (dt.date(2025, 10, 1), dt.date(2025, 10, 31)),
     "rows": TREES},
    {"slug": "wahlergebnisse-kommunalwahl-2025", "mdk": "politischePartizipation/wahl/kommunalwahl", "title": "Wahlergebnisse der Kommunalwahl 2025 (Rat)",
     "description": "Stimmen je Wahlbezirk für die Wahl des Rates. Demonstrationsdaten mit fiktiven Parteien.",
     "themes": [Theme.GOVE, Theme.SOCI], "keywords": ["Wahlen", "Kommunalwahl", "Rat"],
     "frequency": Frequency.NEVER, "licence": Licence.DL_ZERO_DE_2, "sector": None,
     "temporal": (dt.date(2025, 9, 14), dt.date(2025, 9, 14)), "rows": ELECTION},
    {"slug": "einwohner-nach-stadtteilen", "mdk": "bevoelkerungsstruktur/einwohnerzahl", "title": "Einwohnerinnen und Einwohner nach Stadtteilen",
     "description": "Einwohnerzahl je Stadtteil zum Jahresende, mit Kindern und Jugendlichen sowie Älteren.",
     "themes": [Theme.SOCI, Theme.REGI], "keywords": ["Bevölkerung", "Statistik", "Stadtteile"],
     "frequency": Frequency.ANNUAL, "licence": Licence.DL_BY_DE_2, "sector": None,
     "temporal": (dt.date(2025, 12, 31), dt.date(2025, 12, 31)), "rows": POPULATION},
]  # fmt: skip


def _sector(code):
    from modellkommune.core.models import Sector

    return Sector.objects.filter(code=code).first() if code else None


def load(*, stdout=None) -> None:
    for item in MANUAL:
        fields = {
            "sector": _sector(item["sector"]),
            "accrual_periodicity": item["frequency"],
            "temporal_start": item["temporal"][0] if item["temporal"] else None,
            "temporal_end": item["temporal"][1] if item["temporal"] else None,
            "musterdatensatz": MDK_BASE + item["mdk"],
        }
        dataset = Dataset.objects.filter(slug=item["slug"]).first()
        common = {"title": item["title"], "description": item["description"], "licence": item["licence"],
                  "themes": item["themes"], "keywords": item["keywords"]}  # fmt: skip
        if dataset is None:
            dataset = dataset_create(actor=None, slug=item["slug"], **common, **fields)
        else:
            dataset = dataset_update(dataset=dataset, actor=None, **common, **fields)
        if not dataset.distributions.filter(key="csv").exists():
            distribution_create(
                dataset=dataset, actor=None, key="csv", title=f"{item['title']} (CSV)", format=FileType.CSV,
                file=(f"{item['slug']}.csv", _csv(item["rows"])),
            )  # fmt: skip
    result = catalogue_sync()
    _opendata_office()
    if stdout is not None:
        stdout.write(
            f"opendata: {len(MANUAL)} redaktionelle, {len(result['synced'])} erzeugte Datensätze"
            + (f" (übersprungen: {', '.join(result['skipped_providers'])})" if result["skipped_providers"] else "")
        )


def finalize(*, stdout=None) -> None:
    """Sync once more after every app's demo: apps loaded after this one (participation) feed generated
    datasets too, so their temporal coverage and score are right from the first `make run` on."""
    catalogue_sync()


# The demo's open-data office: the digitalisation department's clerk keeps the catalogue.
OPENDATA_OFFICE_GROUP = "Open-Data-Stelle"
OPENDATA_OFFICE_MEMBERS = ["digital.team@iserlohn.example"]


def _opendata_office() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    office, _created = Group.objects.get_or_create(name=OPENDATA_OFFICE_GROUP)
    office.permissions.add(Permission.objects.get(codename="manage_catalogue", content_type__app_label="opendata"))
    for user in get_user_model().objects.filter(email__in=OPENDATA_OFFICE_MEMBERS):
        user.groups.add(office)
