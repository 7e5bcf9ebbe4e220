"""data.europa.eu's Metadata Quality Assessment (MQA), computed by the platform for each dataset.

Weights as published in the MQA methodology (https://data.europa.eu/mqa/methodology): Findability 100,
Accessibility 100, Interoperability 110, Reusability 75, Contextuality 20 = 405 points; ratings Excellent
351–405, Good 221–350, Sufficient 121–220, Bad 0–120. Dataset-level indicators score their full weight
or nothing; distribution-level indicators score weight × share of the dataset's distributions that meet
them (the MQA aggregates distributions the same way for a catalogue). Differences to the central MQA:

* URL status: our own URLs are checked by resolving them against this platform's URL map (they answer
  200 when they resolve, the downloads' tests show that); foreign URLs count as unchecked (0 points).
* DCAT-AP compliance: the mandatory DCAT-AP.de properties, checked with the same validation the services
  use; the full SHACL check against GovData's shapes runs in the test suite, not at runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .constants import FILE_TYPE_MEDIA_TYPE, AccessRights, FileType, Licence

MAX_SCORE = 405
RATINGS = ((351, "excellent", _("Ausgezeichnet")), (221, "good", _("Gut")), (121, "sufficient", _("Ausreichend")),
           (0, "bad", _("Mangelhaft")))  # fmt: skip
DIMENSIONS = {
    "findability": _("Auffindbarkeit"),
    "accessibility": _("Zugänglichkeit"),
    "interoperability": _("Interoperabilität"),
    "reusability": _("Wiederverwendbarkeit"),
    "contextuality": _("Kontext"),
}
# EU file types that the MQA lists as non-proprietary and as machine-readable (of the ones we offer).
NON_PROPRIETARY = {FileType.CSV, FileType.JSON, FileType.GEOJSON, FileType.XML, FileType.ODS, FileType.PDF,
                   FileType.HTML, FileType.RDF_TURTLE, FileType.ZIP}  # fmt: skip
MACHINE_READABLE = {FileType.CSV, FileType.JSON, FileType.GEOJSON, FileType.XML, FileType.XLSX, FileType.ODS,
                    FileType.RDF_TURTLE}  # fmt: skip


@dataclass(frozen=True)
class Metric:
    key: str
    dimension: str
    weight: int
    label: str
    hint: str  # what to add to gain the points
    distribution_level: bool = False


METRICS = [
    Metric("keyword", "findability", 30, _("Schlagwörter"), _("Schlagwörter (dcat:keyword) angeben")),
    Metric("theme", "findability", 30, _("Kategorien"), _("Kategorie (dcat:theme) wählen")),
    Metric("spatial", "findability", 20, _("Raumbezug"), _("Räumliche Abdeckung (dct:spatial) angeben")),
    Metric("temporal", "findability", 20, _("Zeitbezug"), _("Zeitraum (dct:temporal) angeben")),
    Metric("access_url_status", "accessibility", 50, _("Zugangs-URL erreichbar"),
           _("Zugangs-URL (dcat:accessURL) reparieren oder auf eine geprüfte Adresse setzen"), True),
    Metric("download_url", "accessibility", 20, _("Download-URL vorhanden"),
           _("Download-URL (dcat:downloadURL) angeben oder Datei hochladen"), True),
    Metric("download_url_status", "accessibility", 30, _("Download-URL erreichbar"),
           _("Download-URL (dcat:downloadURL) erreichbar machen"), True),
    Metric("format", "interoperability", 20, _("Format"), _("Format (dct:format) angeben"), True),
    Metric("media_type", "interoperability", 10, _("Medientyp"), _("Medientyp (dcat:mediaType) angeben"), True),
    Metric("format_vocabulary", "interoperability", 10, _("Format aus Vokabular"),
           _("Format und Medientyp aus den Vokabularen wählen"), True),
    Metric("non_proprietary", "interoperability", 20, _("Offenes Format"),
           _("Zusätzlich ein nicht-proprietäres Format (z. B. CSV statt XLSX) anbieten"), True),
    Metric("machine_readable", "interoperability", 20, _("Maschinenlesbar"),
           _("Zusätzlich ein maschinenlesbares Format (CSV, JSON) anbieten"), True),
    Metric("dcat_ap_compliance", "interoperability", 30, _("DCAT-AP-konform"),
           _("Pflichtangaben nach DCAT-AP.de ergänzen")),
    Metric("licence", "reusability", 20, _("Lizenz"), _("Lizenz (dct:license) angeben"), True),
    Metric("licence_vocabulary", "reusability", 10, _("Lizenz aus Vokabular"),
           _("Lizenz aus dem dcat-ap.de-Lizenzvokabular wählen"), True),
    Metric("access_rights", "reusability", 10, _("Zugriffsrechte"), _("Zugriffsrechte (dct:accessRights) angeben")),
    Metric("access_rights_vocabulary", "reusability", 5, _("Zugriffsrechte aus Vokabular"),
           _("Zugriffsrechte aus dem EU-Vokabular wählen")),
    Metric("contact_point", "reusability", 20, _("Ansprechstelle"), _("Ansprechstelle (dcat:contactPoint) angeben")),
    Metric("publisher", "reusability", 10, _("Herausgeber"), _("Herausgeber (dct:publisher) angeben")),
    Metric("rights", "contextuality", 5, _("Rechte"), _("Rechtehinweis (dct:rights) angeben"), True),
    Metric("byte_size", "contextuality", 5, _("Dateigröße"), _("Dateigröße (dcat:byteSize) angeben"), True),
    Metric("issued", "contextuality", 5, _("Veröffentlichungsdatum"), _("Veröffentlichungsdatum angeben"), True),
    Metric("modified", "contextuality", 5, _("Änderungsdatum"), _("Änderungsdatum angeben"), True),
]  # fmt: skip
assert sum(m.weight for m in METRICS) == MAX_SCORE


def rating(score: float) -> tuple[str, str]:
    """(code, German label) of the MQA rating for a score."""
    return next((code, str(label)) for floor, code, label in RATINGS if score >= floor)


def own_url_reachable(url: str) -> bool:
    """True when the URL is one of this platform's own and resolves to a view."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    if not url or not base or not url.startswith(base + "/"):
        return False
    path = urlsplit(url).path
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _distribution_checks(dist, dataset) -> dict[str, bool]:
    """Distribution-level indicators of one distribution (rights: the licence statement the RDF writes)."""
    licence = dist.licence or dataset.licence
    access = dist.access_url or dist.download_url
    download = dist.download_url
    has_file = bool(getattr(dist, "file", None))
    return {
        "access_url_status": has_file or own_url_reachable(access),
        "download_url": bool(download),
        "download_url_status": bool(download) and (has_file or own_url_reachable(download)),
        "format": bool(dist.format),
        "media_type": bool(dist.media_type),
        "format_vocabulary": dist.format in FileType.values and dist.media_type in FILE_TYPE_MEDIA_TYPE.values(),
        "non_proprietary": dist.format in NON_PROPRIETARY,
        "machine_readable": dist.format in MACHINE_READABLE,
        "licence": bool(licence),
        "licence_vocabulary": licence in Licence.values,
        "rights": bool(licence),
        "byte_size": dist.byte_size is not None,
        "issued": dist.issued is not None,
        "modified": dist.modified is not None,
    }


def _dataset_checks(dataset) -> dict[str, bool]:
    from .validation import dataset_clean

    try:
        dataset_clean({f: getattr(dataset, f) for f in (
            "title", "description", "publisher_name", "contact_name", "contact_email", "licence", "themes",
            "keywords", "political_geocoding_uri", "political_geocoding_level_uri", "spatial_uri", "publisher_url",
            "accrual_periodicity", "temporal_start", "temporal_end", "access_rights", "conforms_to")})  # fmt: skip
        compliant = True
    except ValidationError:
        compliant = False
    return {
        "keyword": bool(dataset.keywords),
        "theme": bool(dataset.themes),
        "spatial": bool(dataset.spatial_uri or dataset.political_geocoding_uri),
        "temporal": bool(dataset.temporal_start or dataset.temporal_end),
        "dcat_ap_compliance": compliant and dataset.distributions.all().exists(),
        "access_rights": bool(dataset.access_rights),
        "access_rights_vocabulary": dataset.access_rights in AccessRights.values,
        "contact_point": bool(dataset.contact_name and dataset.contact_email),
        "publisher": bool(dataset.publisher_name),
    }


@dataclass
class Assessment:
    score: int
    dimensions: dict[str, int]
    gaps: list[tuple[Metric, int]]  # (metric, points missing), largest first

    @property
    def rating(self) -> tuple[str, str]:
        return rating(self.score)


def dataset_assess(dataset) -> Assessment:
    """MQA score of one dataset (distributions prefetched by the caller)."""
    checks = _dataset_checks(dataset)
    dists = list(dataset.distributions.all())
    per_dist = [_distribution_checks(d, dataset) for d in dists]
    dimensions = dict.fromkeys(DIMENSIONS, 0.0)
    gaps = []
    for metric in METRICS:
        if metric.distribution_level:
            share = (sum(c[metric.key] for c in per_dist) / len(per_dist)) if per_dist else 0.0
        else:
            share = 1.0 if checks[metric.key] else 0.0
        points = metric.weight * share
        dimensions[metric.dimension] += points
        if share < 1.0:
            gaps.append((metric, round(metric.weight - points)))
    rounded = {k: round(v) for k, v in dimensions.items()}
    gaps.sort(key=lambda g: -g[1])
    return Assessment(score=round(sum(dimensions.values())), dimensions=rounded, gaps=gaps)


def catalogue_assess(datasets) -> Assessment:
    """The catalogue's score: the mean over its datasets (the MQA averages its indicators the same way)."""
    results = [dataset_assess(d) for d in datasets]
    if not results:
        return Assessment(score=0, dimensions=dict.fromkeys(DIMENSIONS, 0), gaps=[])
    dims = {k: round(sum(r.dimensions[k] for r in results) / len(results)) for k in DIMENSIONS}
    score = round(sum(r.score for r in results) / len(results))
    return Assessment(score=score, dimensions=dims, gaps=[])
