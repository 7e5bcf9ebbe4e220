"""Writes of the open-data office's back office: publishing, distributions, decisions on the potential list.

Every function checks the open-data office again (not only the view), validates like the admin did and audits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from . import musterdatenkatalog
from .constants import FILE_TYPE_MEDIA_TYPE
from .links import absolute
from .models import Dataset, Distribution, PotentialDecision, PotentialStatus
from .services import _require_back_office, upload_check
from .validation import dataset_clean, distribution_clean

EDITABLE_DISTRIBUTION_FIELDS = ("title", "description", "format", "access_url", "download_url", "licence", "order")


def _refuse_generated(dataset: Dataset) -> None:
    if dataset.is_generated:
        raise ValidationError(
            _(
                "Dieser Datensatz wird automatisch erzeugt und bei jedem Abgleich neu geschrieben; er ist nicht bearbeitbar."
            )
        )


@transaction.atomic
def dataset_set_published(*, dataset: Dataset, actor, published: bool) -> Dataset:
    """Publish or withdraw a dataset. Publishing needs valid metadata and at least one distribution."""
    _require_back_office(actor)
    _refuse_generated(dataset)
    if dataset.published == published:
        return dataset
    if published:
        from .services import DATASET_FIELDS

        dataset_clean({f: getattr(dataset, f) for f in DATASET_FIELDS})
        if not dataset.distributions.exists():
            raise ValidationError(
                _(
                    "dcat:distribution fehlt: Bitte fügen Sie vor dem Veröffentlichen mindestens eine Datei oder URL hinzu."
                )
            )
    dataset.published = published
    dataset.modified = timezone.now()
    dataset.save(update_fields=["published", "modified"])
    audit_record(
        actor=actor,
        action=AuditAction.ACTION,
        obj=dataset,
        message=_("Datensatz veröffentlicht") if published else _("Veröffentlichung zurückgenommen"),
        changes={"published": [str(not published), str(published)]},
    )
    return dataset


def _attach_file(dist: Distribution, file: tuple[str, bytes]) -> None:
    dist.file.save(
        slugify(file[0].rsplit(".", 1)[0])[:80] + "." + dist.format.lower(), ContentFile(file[1]), save=False
    )
    dist.byte_size = len(file[1])
    url = absolute(reverse("opendata:file_download", kwargs={"slug": dist.dataset.slug, "pk": dist.pk}))
    dist.download_url = url
    dist.access_url = dist.access_url or url


@transaction.atomic
def distribution_update(*, distribution: Distribution, actor, file: tuple[str, bytes] | None = None,
                        **changes) -> Distribution:  # fmt: skip
    """Change a distribution (and optionally replace its file); `modified` moves only when something changed."""
    _require_back_office(actor)
    _refuse_generated(distribution.dataset)
    unknown = set(changes) - set(EDITABLE_DISTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown distribution fields: {sorted(unknown)}")
    before = {f: getattr(distribution, f) for f in EDITABLE_DISTRIBUTION_FIELDS}
    data = {**before, **changes, "has_file": bool(distribution.file) or file is not None}
    cleaned = distribution_clean(data)
    media_type = FILE_TYPE_MEDIA_TYPE.get(cleaned["format"], "")
    if file is not None:
        media_type = upload_check(name=file[0], content=file[1], format=cleaned["format"])
    for field in EDITABLE_DISTRIBUTION_FIELDS:
        setattr(distribution, field, cleaned[field] if field in cleaned else data[field])
    distribution.title = distribution.title.strip()
    distribution.media_type = media_type
    if file is not None:
        _attach_file(distribution, file)
    diff = {k: [str(before[k]), str(getattr(distribution, k))] for k in before if before[k] != getattr(distribution, k)}
    if file is not None:
        diff["file"] = ["", file[0]]
    if diff:
        now = timezone.now()
        distribution.modified = now
        Dataset.objects.filter(pk=distribution.dataset_id).update(modified=now)
    distribution.save()
    if diff:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=distribution, changes=diff)
    return distribution


@transaction.atomic
def distribution_delete(*, distribution: Distribution, actor) -> None:
    """Remove a distribution; a published dataset keeps at least one (withdraw it first)."""
    _require_back_office(actor)
    dataset = distribution.dataset
    _refuse_generated(dataset)
    if dataset.published and dataset.distributions.count() <= 1:
        raise ValidationError(
            _("Ein veröffentlichter Datensatz braucht mindestens eine Distribution. Nehmen Sie ihn zuerst zurück.")
        )
    values = {f: str(getattr(distribution, f)) for f in EDITABLE_DISTRIBUTION_FIELDS}
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=distribution,
        message=_("Distribution von „%(d)s“ gelöscht") % {"d": dataset.title},
        changes={k: [v, ""] for k, v in values.items()},
    )
    if distribution.file:
        distribution.file.delete(save=False)
    distribution.delete()
    Dataset.objects.filter(pk=dataset.pk).update(modified=timezone.now())


@transaction.atomic
def potential_decide(*, actor, musterdatensatz: str, status: str, note: str = "") -> PotentialDecision | None:
    """Mark a Musterdatensatz of the potential list as planned or not relevant; status "" reopens it."""
    _require_back_office(actor)
    if musterdatenkatalog.entry(musterdatensatz) is None:
        raise ValidationError(_("Dieser Musterdatensatz steht nicht im Musterdatenkatalog."))
    if status and status not in PotentialStatus.values:
        raise ValidationError(_("Bitte wählen Sie „geplant“ oder „nicht relevant“."))
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError(_("Die Notiz darf höchstens 500 Zeichen haben."))
    current = PotentialDecision.objects.filter(musterdatensatz=musterdatensatz).first()
    before = [current.status, current.note] if current else ["", ""]
    if not status:
        if current is not None:
            current.delete()
            audit_record(
                actor=actor, action=AuditAction.DELETE, object_type="opendata.potentialdecision",
                object_id=musterdatensatz, object_repr=musterdatenkatalog.entry(musterdatensatz).label,
                message=_("Entscheidung zum Open-Data-Potenzial zurückgesetzt"),
                changes={"status": [before[0], ""], "note": [before[1], ""]},
            )  # fmt: skip
        return None
    decision, created = PotentialDecision.objects.update_or_create(
        musterdatensatz=musterdatensatz,
        defaults={"status": status, "note": note, "decided_by": actor, "decided_at": timezone.now()},
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=decision,
        object_repr=musterdatenkatalog.entry(musterdatensatz).label,
        changes={"status": [before[0], status], "note": [before[1], note]},
    )  # fmt: skip
    return decision
