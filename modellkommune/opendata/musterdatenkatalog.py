"""The Musterdatenkatalog (Bertelsmann Stiftung / KGSt / GovData): the taxonomy of municipal open data.

Version 4: 25 Themen (plus „Sonstiges“) and 241 Bezeichnungen, each a SKOS concept with a URI under
https://musterdatenkatalog.de/def/musterdatensatz/. The list ships as data/musterdatenkatalog.csv (source and
licence in data/README.md). A dataset names its Musterdatensatz by that URI (`Dataset.musterdatensatz`);
the RDF links it with `dct:references` as the DCAT-AP.de portals that support the catalogue do."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).parent / "data" / "musterdatenkatalog.csv"
BASE = "https://musterdatenkatalog.de/def/musterdatensatz/"
SOURCE_URL = "https://github.com/bertelsmannstift/Musterdatenkatalog"


@dataclass(frozen=True)
class Musterdatensatz:
    uri: str
    thema_uri: str
    thema: str
    bezeichnung: str
    definition: str
    # NRW municipalities publishing it in the catalogue's 2.1 edition (open.nrw, 2020); None: no count known.
    towns: int | None

    @property
    def label(self) -> str:
        return f"{self.thema} – {self.bezeichnung}"


@cache
def entries() -> dict[str, Musterdatensatz]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["uri"]: Musterdatensatz(
            uri=row["uri"],
            thema_uri=row["thema_uri"],
            thema=row["thema"],
            bezeichnung=row["bezeichnung"],
            definition=row["definition"],
            towns=int(row["kommunen_nrw_2020"]) if row["kommunen_nrw_2020"] else None,
        )
        for row in rows
    }


def entry(uri: str) -> Musterdatensatz | None:
    return entries().get(uri or "")


def themen() -> list[str]:
    return sorted({e.thema for e in entries().values()})


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: (Thema, [(uri, Bezeichnung), …])."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for e in sorted(entries().values(), key=lambda e: (e.thema, e.bezeichnung)):
        grouped.setdefault(e.thema, []).append((e.uri, e.bezeichnung))
    return list(grouped.items())


def musterdatensatz_clean(value: str) -> str:
    value = (value or "").strip()
    if value and value not in entries():
        raise ValidationError(
            {
                "musterdatensatz": _(
                    "dct:references: „%(v)s“ ist kein Musterdatensatz aus dem Musterdatenkatalog (Version 4)."
                )
                % {"v": value}
            }
        )
    return value


# Generated datasets and their Musterdatensatz, written out (key of the DatasetSpec → URI).
GENERATED = {
    "sensoren-verkehr": BASE + "verkehr/kfz/messung",
    "sensoren-energie": BASE + "energie/stromversorgung",
    "sensoren-gesundheit": BASE + "klimaschutzUndUmweltschutz/berichtUndAnalyse/luftUndEmission",
    "sensoren-bildung": BASE + "klimaschutzUndUmweltschutz/berichtUndAnalyse/luftUndEmission",
    "sensoren-handel": BASE + "wirtschaft/dienstleistung/einzelhandel",
    "sensoren-sicherheit": BASE + "klimaschutzUndUmweltschutz/berichtUndAnalyse/wasser",
    "sensoren-tourismus": BASE + "tourismus/gaestezahl",
    "sensoren-lebensqualitaet": BASE + "klimaschutzUndUmweltschutz/berichtUndAnalyse/luftUndEmission",
    "rat-drucksachen-sitzungen": BASE + "politischePartizipation/politischeVertretung/gremium",
    "verwaltung-leistungen": BASE + "buergerservice/dienstleistung",
    "maengel-meldungen": BASE + "buergerservice/anliegenmanagement",
    "programm-pilotprojekte": BASE + "sonstiges/sonstiges",
    "beteiligung-statistik": BASE + "politischePartizipation/buergerbeteiligung/entwicklungUndInformation",
}


def generated_musterdatensatz(key: str) -> str:
    """The Musterdatensatz of a generated dataset; empty when the table has none (then it is listed as open)."""
    uri = GENERATED.get(key, "")
    return uri if uri in entries() else ""
