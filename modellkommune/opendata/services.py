"""Writes of the open-data catalogue: datasets and distributions, validated, audited; catalogue sync."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .constants import (
    FILE_TYPE_MEDIA_TYPE,
    GEOCODING_LEVEL_MUNICIPALITY,
    GEOCODING_MUNICIPALITY_BASE,
    SOURCE_GENERATED_PREFIX,
    SOURCE_MANUAL,
    FileType,
    Licence,
)
from .links import absolute, table_url
from .models import Dataset, Distribution, QualitySnapshot
from .musterdatenkatalog import generated_musterdatensatz
from .registry import DatasetSpec, dataset_specs
from .validation import dataset_clean, distribution_clean

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TEXT_FORMATS = {FileType.CSV, FileType.JSON, FileType.GEOJSON, FileType.XML, FileType.HTML, FileType.RDF_TURTLE}
DATASET_FIELDS = (
    "title", "description", "publisher_name", "publisher_url", "contact_name", "contact_email", "licence", "themes",
    "keywords", "political_geocoding_uri", "political_geocoding_level_uri", "spatial_uri", "temporal_start",
    "temporal_end", "accrual_periodicity", "sector", "published", "access_rights", "conforms_to", "musterdatensatz",
)  # fmt: skip
# What a distribution publishes; its content hash covers exactly these.
DISTRIBUTION_FIELDS = ("title", "description", "format", "media_type", "licence", "access_url", "download_url",
                       "byte_size", "key", "order", "access_service")  # fmt: skip


def content_hash(values: dict) -> str:
    """Stable SHA-256 of published values: same content, same hash, whatever the dict order."""
    plain = {k: (v.code if hasattr(v, "code") else v) for k, v in values.items()}
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


def _require_back_office(actor) -> None:
    """actor=None means the system itself (sync task, demo); a person must be the open-data office
    (permission opendata.manage_catalogue) or an administrator."""
    from .selectors import user_is_opendata_office

    if actor is not None and not user_is_opendata_office(user=actor):
        raise PermissionDenied(_("Nur die Open-Data-Stelle darf Datensätze pflegen."))


def dataset_defaults() -> dict:
    """Publisher, contact point and geocoding of the installation's municipality."""
    from modellkommune.core.selectors import municipality_current

    town = municipality_current()
    ags = town.ags if town else "05962024"
    email = getattr(settings, "OPENDATA_CONTACT_EMAIL", "") or (town.email if town and town.email else "")
    return {
        "publisher_name": town.official_name if town else "Stadt",
        "publisher_url": (town.website if town and town.website else "") or settings.SITE_URL,
        "contact_name": _("Open-Data-Ansprechstelle"),
        "contact_email": email or "opendata@example.org",
        "political_geocoding_uri": GEOCODING_MUNICIPALITY_BASE + ags,
        "political_geocoding_level_uri": GEOCODING_LEVEL_MUNICIPALITY,
        "spatial_uri": GEOCODING_MUNICIPALITY_BASE + ags,
    }


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "datensatz"
    slug, n = base, 2
    while Dataset.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def dataset_create(*, actor, title: str, description: str, licence: str, themes, keywords=(), slug: str = "",
                   source: str = SOURCE_MANUAL, **fields) -> Dataset:  # fmt: skip
    """Create a dataset; the town's publisher, contact point and geocoding fill what is not given."""
    _require_back_office(actor)
    unknown = set(fields) - set(DATASET_FIELDS)
    if unknown:
        raise TypeError(f"unknown dataset fields: {sorted(unknown)}")
    data = {**dataset_defaults(), **{k: v for k, v in fields.items() if v not in (None, "")}}
    data.update(title=title, description=description, licence=licence, themes=themes, keywords=keywords)
    data["slug"] = slug or _unique_slug(title)
    cleaned = dataset_clean(data)
    if Dataset.objects.filter(slug=cleaned["slug"]).exists():
        raise ValidationError({"slug": _("Kurzname: „%(s)s“ ist bereits vergeben.") % {"s": cleaned["slug"]}})
    now = timezone.now()
    dataset = Dataset.objects.create(
        source=source, issued=now, modified=now, **{k: cleaned[k] for k in ("slug", *DATASET_FIELDS) if k in cleaned}
    )
    if actor is not None:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=dataset, message=_("Datensatz angelegt"))
    return dataset


@transaction.atomic
def dataset_update(*, dataset: Dataset, actor, **changes) -> Dataset:
    _require_back_office(actor)
    unknown = set(changes) - set(DATASET_FIELDS)
    if unknown:
        raise TypeError(f"unknown dataset fields: {sorted(unknown)}")
    data = {f: getattr(dataset, f) for f in DATASET_FIELDS}
    before = {k: data[k] for k in changes}
    data.update(changes)
    cleaned = dataset_clean(data)
    changed = any(getattr(dataset, field) != cleaned[field] for field in DATASET_FIELDS)
    for field in DATASET_FIELDS:
        setattr(dataset, field, cleaned[field])
    if changed:  # saving the same values again is no change a harvester should re-import
        dataset.modified = timezone.now()
    dataset.save()
    if actor is not None:
        diff = {k: [str(before[k]), str(cleaned[k])] for k in changes if before[k] != cleaned[k]}
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=dataset, changes=diff)
    return dataset


def upload_check(*, name: str, content: bytes, format: str) -> str:
    """Check an uploaded file by its content; returns the media type."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("Datei: Die Datei ist größer als 20 MB.")})
    if not content:
        raise ValidationError({"file": _("Datei: Die Datei ist leer.")})
    expected = FILE_TYPE_MEDIA_TYPE.get(format, "")
    if format in TEXT_FORMATS:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("Datei: Textdateien müssen UTF-8-kodiert sein.")}) from exc
        if b"\x00" in content or filetype.guess(content) is not None:
            raise ValidationError({"file": _("Datei: Der Inhalt ist keine Textdatei im gewählten Format.")})
        return expected
    kind = filetype.guess(content)
    allowed = {expected, "application/zip"} if format in (FileType.XLSX, FileType.ODS) else {expected}
    if kind is None or kind.mime not in allowed:
        raise ValidationError({"file": _("Datei: Der Inhalt passt nicht zum gewählten Format %(f)s.") % {"f": format}})
    return expected


@transaction.atomic
def distribution_create(*, dataset: Dataset, actor, title: str, format: str, access_url: str = "",
                        download_url: str = "", licence: str = "", description: str = "",
                        file: tuple[str, bytes] | None = None, key: str = "", order: int = 0) -> Distribution:  # fmt: skip
    _require_back_office(actor)
    cleaned = distribution_clean(
        {
            "title": title,
            "format": format,
            "access_url": access_url,
            "download_url": download_url,
            "licence": licence,
            "has_file": file is not None,
        }  # fmt: skip
    )
    media_type = FILE_TYPE_MEDIA_TYPE.get(format, "")
    if file is not None:
        media_type = upload_check(name=file[0], content=file[1], format=format)
    now = timezone.now()
    dist = Distribution.objects.create(
        dataset=dataset, key=key, title=title.strip(), description=description, format=format,
        media_type=media_type, licence=cleaned["licence"], access_url=access_url, download_url=download_url,
        order=order, issued=now, modified=now,
    )  # fmt: skip
    if file is not None:
        dist.file.save(slugify(file[0].rsplit(".", 1)[0])[:80] + "." + format.lower(), ContentFile(file[1]), save=False)
        dist.byte_size = len(file[1])
        url = absolute(reverse("opendata:file_download", kwargs={"slug": dataset.slug, "pk": dist.pk}))
        dist.download_url = url
        dist.access_url = access_url or url
        dist.save()
    Dataset.objects.filter(pk=dataset.pk).update(modified=now)
    if actor is not None:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=dist, message=_("Distribution angelegt"))
    return dist


# --- generated datasets -------------------------------------------------------------------------


def _generated_distributions(spec: DatasetSpec) -> list[dict]:
    rows = [
        {
            "key": link.key,
            "title": link.title,
            "format": link.format,
            "access_url": link.access_url,
            "download_url": link.access_url if link.downloadable else "",
            "description": link.description,
            "access_service": link.access_service,
        }  # fmt: skip
        for link in spec.links
    ]
    for table in spec.tables:
        formats = [("csv", FileType.CSV, _("CSV: Komma, UTF-8")),
                   ("excel.csv", FileType.CSV, _("CSV für Excel: Semikolon, UTF-8 mit BOM")),
                   ("json", FileType.JSON, "JSON")]  # fmt: skip
        if table.has_geometry:
            formats.append(("geojson", FileType.GEOJSON, "GeoJSON"))
        for ext, file_type, label in formats:
            url = table_url(dataset_key=spec.key, table_key=table.key, ext=ext)
            rows.append(
                {
                    "key": f"{table.key}-{ext.replace('.', '-')}",
                    "title": f"{table.title} ({label})",
                    "format": file_type,
                    "access_url": url,
                    "download_url": url,
                    "description": "",
                    "access_service": "",
                }  # fmt: skip
            )
    return rows


@transaction.atomic
def dataset_sync_generated(*, spec: DatasetSpec, licence: str = Licence.DL_BY_DE_2) -> Dataset:
    """Create or refresh the dataset of one spec; its distributions follow the spec exactly.

    `modified` (of the dataset and of each distribution) moves only when what the catalogue publishes
    about it changes (content hash), so harvesters do not re-import unchanged datasets every hour."""
    from modellkommune.core.models import Sector

    source = SOURCE_GENERATED_PREFIX + spec.key
    temporal = spec.temporal() if spec.temporal else (None, None)
    data = {
        **dataset_defaults(), "slug": spec.key, "title": spec.title, "description": spec.description,
        "licence": licence, "themes": list(spec.themes), "keywords": list(spec.keywords),
        "accrual_periodicity": spec.frequency, "temporal_start": temporal[0], "temporal_end": temporal[1],
        "conforms_to": spec.conforms_to, "musterdatensatz": generated_musterdatensatz(spec.key),
    }  # fmt: skip
    cleaned = dataset_clean(data)
    values = {k: cleaned[k] for k in DATASET_FIELDS if k in cleaned}
    values["sector"] = Sector.objects.filter(code=spec.sector_code).first() if spec.sector_code else None
    values["published"] = True
    wanted = []
    for order, row in enumerate(_generated_distributions(spec)):
        distribution_clean({**row, "licence": ""})
        row = {**row, "order": order, "media_type": FILE_TYPE_MEDIA_TYPE.get(row["format"], ""), "licence": "",
               "byte_size": None}  # fmt: skip
        wanted.append((row, content_hash({k: row[k] for k in DISTRIBUTION_FIELDS})))
    dataset_hash = content_hash({**values, "distributions": [h for _row, h in wanted]})
    dataset = Dataset.objects.filter(slug=spec.key).first()
    if dataset is not None and dataset.source != source:
        raise ValidationError({"slug": _("Kurzname: „%(s)s“ gehört zu einem anderen Datensatz.") % {"s": spec.key}})
    now = timezone.now()
    if dataset is None:
        dataset = Dataset.objects.create(
            slug=spec.key, source=source, issued=now, modified=now, content_hash=dataset_hash, **values
        )
    elif dataset.content_hash != dataset_hash or not dataset.published:  # changed, or back after a gap
        for k, v in values.items():
            setattr(dataset, k, v)
        dataset.content_hash, dataset.modified = dataset_hash, now
        dataset.save()
    existing = {d.key: d for d in dataset.distributions.all()}
    keep = []
    for row, row_hash in wanted:
        dist = existing.get(row["key"])
        if dist is None:
            dist = Distribution.objects.create(
                dataset=dataset, issued=now, modified=now, content_hash=row_hash,
                **row,
            )  # fmt: skip
        elif dist.content_hash != row_hash:
            for k, v in row.items():
                setattr(dist, k, v)
            dist.content_hash, dist.modified = row_hash, now
            dist.save()
        keep.append(dist.pk)
    dataset.distributions.exclude(pk__in=keep).delete()
    return dataset


def catalogue_sync(*, now: dt.datetime | None = None) -> dict:
    """Refresh every generated dataset; unpublish generated datasets whose source produces nothing now."""
    specs, skipped = dataset_specs()
    synced = []
    for spec in specs:
        try:
            synced.append(dataset_sync_generated(spec=spec).slug)
        except ValidationError:
            logger.exception("opendata: generated dataset %s refused", spec.key)
    # A skipped provider (app not installed yet) keeps its datasets as they are: no flapping.
    skipped_prefixes = tuple(f"{SOURCE_GENERATED_PREFIX}{key}-" for key in skipped)
    stale = Dataset.objects.generated().filter(published=True).exclude(slug__in=synced)
    stale_ids = [d.pk for d in stale if not (skipped_prefixes and d.source.startswith(skipped_prefixes))]
    unpublished = Dataset.objects.filter(pk__in=stale_ids).update(published=False, modified=now or timezone.now())
    snapshots = quality_snapshot_take(now=now)
    return {"synced": synced, "skipped_providers": skipped, "unpublished": unpublished, "quality": snapshots}


@transaction.atomic
def quality_snapshot_take(*, now: dt.datetime | None = None) -> int:
    """Record the MQA score of each published dataset and of the catalogue (dataset=None).

    A new row is written when the score changed or the last row is a day old, so the history shows every
    change and one point per day without growing by a row per dataset and hour."""
    from . import quality
    from .selectors import dataset_list_published

    now = now or timezone.now()
    datasets = list(dataset_list_published())
    latest = {}
    for snap in QualitySnapshot.objects.order_by("dataset_id", "-taken_at", "-pk"):
        latest.setdefault(snap.dataset_id, snap)
    rows = [(d, quality.dataset_assess(d)) for d in datasets]
    rows.append((None, quality.catalogue_assess(datasets)))
    created = []
    for dataset, result in rows:
        last = latest.get(dataset.pk if dataset else None)
        if (last is None or last.score != result.score or last.dimensions != result.dimensions
                or now - last.taken_at >= dt.timedelta(days=1)):  # fmt: skip
            created.append(
                QualitySnapshot(dataset=dataset, taken_at=now, score=result.score, dimensions=result.dimensions)
            )
    QualitySnapshot.objects.bulk_create(created)
    return len(created)
