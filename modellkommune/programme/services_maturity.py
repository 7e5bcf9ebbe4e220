"""The maturity self-assessment's structure: indicators of the Smart City Index added where missing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .models import Indicator
from .providers import source_get
from .services import require_back_office
from .smart_city_index import CATALOGUE


@transaction.atomic
def indicators_seed_smart_city_index(*, actor=None) -> int:
    """Create an indicator for every Smart City Index indicator no indicator stands for yet (by sci_key):
    its absolute threshold as target, its value source where the platform has evidence (else manual).
    Existing indicators, their values and targets are left alone. actor=None: the demo or a migration."""
    if actor is not None:
        require_back_office(actor)
    present = set(Indicator.objects.exclude(sci_key="").values_list("sci_key", flat=True))
    taken = set(Indicator.objects.values_list("code", flat=True))
    created = 0
    for order, entry in enumerate(CATALOGUE):
        if entry.key in present or entry.key in taken:
            continue
        source = entry.source if entry.source == "manual" or source_get(entry.source) else "manual"
        indicator = Indicator.objects.create(
            code=entry.key, sci_key=entry.key, area=entry.area, name=str(entry.name), source=source,
            source_param=entry.param if source != "manual" else "", target_value=Decimal(entry.threshold),
            unit=entry.unit, higher_is_better=entry.higher_is_better, order=100 + order,
        )  # fmt: skip
        created += 1
        if actor is not None:
            audit_record(
                actor=actor, action=AuditAction.CREATE, obj=indicator,
                message=_("Indikator aus der Struktur des Smart City Index ergänzt"),
            )  # fmt: skip
    return created
