"""The partner register: the programme office adds and edits partners (formerly only in the Django admin)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_diff, audit_record, audit_snapshot

from .models import Partner
from .services import require_back_office


def _free_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:70] or "partner"
    slug, n = base, 2
    while Partner.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def partner_save(*, actor, partner: Partner) -> Partner:
    """Create or update a partner (the instance comes from a validated form); programme office only, audited."""
    require_back_office(actor)
    creating = partner.pk is None
    before = {} if creating else audit_snapshot(Partner.objects.get(pk=partner.pk))
    partner.name = (partner.name or "").strip()
    if not partner.slug:
        partner.slug = _free_slug(partner.name, exclude_pk=partner.pk)
    duplicate = Partner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).first()
    if duplicate is not None:
        raise ValidationError({"name": _("Ein Partner mit diesem Namen steht bereits im Register.")})
    partner.full_clean()
    partner.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=partner,
        changes=audit_diff(before, audit_snapshot(partner)),
    )
    return partner
