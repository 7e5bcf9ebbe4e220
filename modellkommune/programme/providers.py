"""Registry of value sources for project KPIs and maturity indicators.

A source is a callable `(param: str) -> Reading`. Sources that read another app's data import it
lazily and raise `SourceUnavailable` when that app (or the datum) is not there, so a page shows
„nicht verfügbar“ instead of failing. Tests and other apps register further sources with `register()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import SOURCE_MANUAL


class SourceUnavailable(Exception):
    """The source cannot deliver a value now (app missing, no data yet, bad parameter)."""


@dataclass(frozen=True)
class Reading:
    value: Decimal | None
    as_of: dt.datetime | dt.date | None = None
    note: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def as_of_text(self) -> str:
        """German display of the time of the value (a date for hand-entered values, else local time)."""
        if isinstance(self.as_of, dt.datetime):
            return (
                timezone.localtime(self.as_of).strftime("%d.%m.%Y %H:%M")
                if timezone.is_aware(self.as_of)
                else (self.as_of.strftime("%d.%m.%Y %H:%M"))
            )
        if isinstance(self.as_of, dt.date):
            return self.as_of.strftime("%d.%m.%Y")
        return ""


@dataclass(frozen=True)
class ValueSource:
    key: str
    label: str
    read: Callable[[str], Reading]
    param_label: str = ""


_SOURCES: dict[str, ValueSource] = {}


def register(*, key: str, label: str, read: Callable[[str], Reading], param_label: str = "") -> None:
    _SOURCES[key] = ValueSource(key=key, label=label, read=read, param_label=param_label)


def unregister(key: str) -> None:
    _SOURCES.pop(key, None)


def source_get(key: str) -> ValueSource | None:
    return _SOURCES.get(key)


def source_choices() -> list[tuple[str, str]]:
    return [(SOURCE_MANUAL, str(_("manuelle Eingabe")))] + [(s.key, str(s.label)) for s in _SOURCES.values()]


def to_decimal(value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise SourceUnavailable(_("Die Quelle liefert keinen Zahlenwert.")) from exc
    if not number.is_finite():
        raise SourceUnavailable(_("Die Quelle liefert keinen Zahlenwert."))
    return number


def measure(obj) -> Reading:
    """The current value of a KPI or indicator (anything with source, source_param, manual_value)."""
    if obj.source == SOURCE_MANUAL:
        return Reading(value=obj.manual_value, as_of=obj.manual_value_date)
    source = source_get(obj.source)
    if source is None:
        return Reading(value=None, note=str(_("Quelle nicht verfügbar")))
    try:
        reading = source.read(obj.source_param)
        value = to_decimal(reading.value).quantize(Decimal("0.01"))
    except SourceUnavailable as exc:
        return Reading(value=None, note=str(exc) or str(_("nicht verfügbar")))
    except (ImportError, AttributeError, LookupError, ValueError, TypeError):
        # the other app is missing, only half there, or the parameter names nothing
        return Reading(value=None, note=str(_("nicht verfügbar")))
    return Reading(value=value, as_of=reading.as_of, note=reading.note)


def achievement(*, value: Decimal | None, target: Decimal | None, higher_is_better: bool = True) -> float | None:
    """Share of the target reached, 0..1; None when there is no value or no target."""
    if value is None or target is None:
        return None
    if higher_is_better:
        if target <= 0:
            return 1.0
        return max(0.0, min(float(value / target), 1.0))
    if value <= target:
        return 1.0
    if value <= 0:
        return 1.0
    return max(0.0, min(float(target / value), 1.0))


def below_target(*, value: Decimal | None, target: Decimal | None, higher_is_better: bool = True) -> bool:
    if value is None or target is None:
        return False
    return value < target if higher_is_better else value > target
