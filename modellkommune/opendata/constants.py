"""Controlled vocabularies of DCAT-AP.de, written out explicitly.

Only the values this platform offers are listed; each one is the official URI of its vocabulary
(dcat-ap.de licence list 2021-07-21, EU Publications Office authority tables)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LICENCE_BASE = "http://dcat-ap.de/def/licenses/"
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE_DEU = "http://publications.europa.eu/resource/authority/language/DEU"
GEOCODING_MUNICIPALITY_BASE = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
GEOCODING_LEVEL_MUNICIPALITY = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
# The form data.europa.eu's MQA and the EU file-type table use (http, not https).
IANA_MEDIA_TYPE_BASE = "http://www.iana.org/assignments/media-types/"
ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"
CONTRIBUTORS_BASE = "http://dcat-ap.de/def/contributors/"
SOURCE_MANUAL = "manual"
SOURCE_GENERATED_PREFIX = "generated:"


class Licence(models.TextChoices):
    """dcat-ap.de licence vocabulary (http://dcat-ap.de/def/licenses)."""

    DL_BY_DE_2 = LICENCE_BASE + "dl-by-de/2.0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_ZERO_DE_2 = LICENCE_BASE + "dl-zero-de/2.0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY_4 = LICENCE_BASE + "cc-by/4.0", _("Creative Commons Namensnennung 4.0 International (CC BY 4.0)")
    CC_BY_SA_4 = (
        LICENCE_BASE + "cc-by-sa/4.0",
        _("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0"),
    )
    CC_ZERO = LICENCE_BASE + "cc-zero", _("Creative Commons CC Zero License (cc-zero)")
    ODBL = LICENCE_BASE + "odbl", _("Open Data Commons Open Database License (ODbL)")
    OFFICIAL_WORK = LICENCE_BASE + "officialWork", _("Amtliches Werk, lizenzfrei nach §5 Abs. 1 UrhG")


# Short names that CKAN's licence register and the web page use as a facet label.
LICENCE_SHORT = {
    Licence.DL_BY_DE_2: "dl-by-de/2.0",
    Licence.DL_ZERO_DE_2: "dl-zero-de/2.0",
    Licence.CC_BY_4: "CC BY 4.0",
    Licence.CC_BY_SA_4: "CC BY-SA 4.0",
    Licence.CC_ZERO: "CC0",
    Licence.ODBL: "ODbL",
    Licence.OFFICIAL_WORK: _("Amtliches Werk"),
}


class Theme(models.TextChoices):
    """EU data theme vocabulary (http://publications.europa.eu/resource/authority/data-theme)."""

    AGRI = "AGRI", _("Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel")
    ECON = "ECON", _("Wirtschaft und Finanzen")
    EDUC = "EDUC", _("Bildung, Kultur und Sport")
    ENER = "ENER", _("Energie")
    ENVI = "ENVI", _("Umwelt")
    GOVE = "GOVE", _("Regierung und öffentlicher Sektor")
    HEAL = "HEAL", _("Gesundheit")
    INTR = "INTR", _("Internationale Themen")
    JUST = "JUST", _("Justiz, Rechtssystem und öffentliche Sicherheit")
    REGI = "REGI", _("Regionen und Städte")
    SOCI = "SOCI", _("Bevölkerung und Gesellschaft")
    TECH = "TECH", _("Wissenschaft und Technologie")
    TRAN = "TRAN", _("Verkehr")


class Frequency(models.TextChoices):
    """EU frequency vocabulary (http://publications.europa.eu/resource/authority/frequency)."""

    UPDATE_CONT = "UPDATE_CONT", _("laufend aktualisiert")
    CONT = "CONT", _("kontinuierlich")
    HOURLY = "HOURLY", _("stündlich")
    DAILY = "DAILY", _("täglich")
    WEEKLY = "WEEKLY", _("wöchentlich")
    MONTHLY = "MONTHLY", _("monatlich")
    QUARTERLY = "QUARTERLY", _("vierteljährlich")
    ANNUAL = "ANNUAL", _("jährlich")
    IRREG = "IRREG", _("unregelmäßig")
    NEVER = "NEVER", _("nie")
    UNKNOWN = "UNKNOWN", _("unbekannt")


class AccessRights(models.TextChoices):
    """EU access-right vocabulary (http://publications.europa.eu/resource/authority/access-right)."""

    PUBLIC = "PUBLIC", _("öffentlich")
    RESTRICTED = "RESTRICTED", _("eingeschränkt")
    NON_PUBLIC = "NON_PUBLIC", _("nicht öffentlich")


class FileType(models.TextChoices):
    """EU file-type vocabulary (http://publications.europa.eu/resource/authority/file-type)."""

    CSV = "CSV", "CSV"
    JSON = "JSON", "JSON"
    GEOJSON = "GEOJSON", "GeoJSON"
    XML = "XML", "XML"
    XLSX = "XLSX", "XLSX"
    ODS = "ODS", "ODS"
    PDF = "PDF", "PDF"
    HTML = "HTML", "HTML"
    RDF_TURTLE = "RDF_TURTLE", "RDF Turtle"
    ZIP = "ZIP", "ZIP"


# IANA media type of each file type (dcat:mediaType).
FILE_TYPE_MEDIA_TYPE = {
    FileType.CSV: "text/csv",
    FileType.JSON: "application/json",
    FileType.GEOJSON: "application/geo+json",
    FileType.XML: "application/xml",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.PDF: "application/pdf",
    FileType.HTML: "text/html",
    FileType.RDF_TURTLE: "text/turtle",
    FileType.ZIP: "application/zip",
}

# Each sector's EU data theme for generated datasets.
SECTOR_THEME = {
    "energie": Theme.ENER,
    "gesundheit": Theme.HEAL,
    "verkehr": Theme.TRAN,
    "bildung": Theme.EDUC,
    "handel": Theme.ECON,
    "sicherheit": Theme.JUST,
    "tourismus": Theme.EDUC,
    "lebensqualitaet": Theme.ENVI,
}
