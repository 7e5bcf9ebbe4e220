"""German display of amounts and trust levels on egov pages ("1.250,00 €", "substanziell")."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from modellkommune.contrib.identity.base import AssuranceLevel

register = template.Library()


@register.filter
def euro(value) -> str:
    """An amount in euro with two decimals, German grouping and a non-breaking space: 1.250,00 €."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return ""
    if not amount.is_finite():
        return ""
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def assurance_label(value) -> str:
    """The German name of a stored trust level ("substantial" → "substanziell (…)"); "–" for none."""
    if not value:
        return "–"
    try:
        return str(AssuranceLevel(value).label)
    except ValueError:
        return str(value)
