"""Filters of the public council search from the query string: validated, with a German notice for every
value that cannot be applied (never silently dropped)."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from modellkommune.core.parsing import parse_id

from .constants import PaperType
from .models import Organization
from .selectors_search import PaperFilters

MAX_VALUES = 20
# Query-string names (German, as in the rest of the public site) per filter.
PARAMS = {"paper_type": "art", "organization": "gremium", "originator": "urheber", "year": "jahr"}
NAMES = {
    "paper_type": _lazy("Art der Drucksache"),
    "organization": _lazy("Gremium"),
    "originator": _lazy("Eingereicht von"),
    "year": _lazy("Jahr"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


def parse_date(value: str) -> dt.date | None:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def _values(params: QueryDict, name: str) -> list[str]:
    return list(dict.fromkeys(v.strip()[:100] for v in params.getlist(name) if v.strip()))[:MAX_VALUES]


def _unknown(notices: list[str], key: str, value: str) -> None:
    notices.append(
        _("Der Wert „%(v)s“ ist für den Filter „%(f)s“ unbekannt; dieser Wert wurde nicht angewendet.")
        % {"v": value, "f": NAMES[key]}
    )


def parse_filters(params: QueryDict) -> tuple[PaperFilters, list[str]]:
    filters, notices = PaperFilters(), []
    for value in _values(params, PARAMS["paper_type"]):
        if value in PaperType.values:
            filters.paper_types.append(value)
        else:
            _unknown(notices, "paper_type", value)
    for key, target in (("organization", filters.organizations), ("originator", filters.originators)):
        values = _values(params, PARAMS[key])
        ids = {parse_id(v) for v in values} - {None}
        known = set(Organization.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
        for value in values:
            if parse_id(value) in known:
                target.append(parse_id(value))
            else:
                _unknown(notices, key, value)
    for value in _values(params, PARAMS["year"]):
        year = parse_id(value)
        if year is not None and 1900 <= year <= 2100:
            filters.years.append(year)
        else:
            _unknown(notices, "year", value)
    for name, label, attribute in (("von", _("von"), "date_from"), ("bis", _("bis"), "date_to")):
        value = params.get(name, "").strip()[:30]
        if not value:
            continue
        date = parse_date(value)
        if date is None or not 1900 <= date.year <= 2100:
            notices.append(
                _(
                    "Das Datum „%(v)s“ (%(l)s) ist ungültig; bitte im Format TT.MM.JJJJ angeben. Es wurde nicht angewendet."
                )
                % {"v": value, "l": label}
            )
        else:
            setattr(filters, attribute, date)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        notices.append(_("Das Datum „von“ liegt nach dem Datum „bis“; der Zeitraum wurde nicht angewendet."))
        filters.date_from = filters.date_to = None
    return filters, notices


def is_empty(filters: PaperFilters) -> bool:
    return filters.is_empty()


def filters_params(filters: PaperFilters) -> list[tuple[str, str]]:
    """The filters as query-string pairs (the reverse of parse_filters): for the saved search's link and
    for the hidden fields of the form that saves a search."""
    pairs = [(PARAMS["paper_type"], value) for value in filters.paper_types]
    pairs += [(PARAMS["organization"], str(value)) for value in filters.organizations]
    pairs += [(PARAMS["originator"], str(value)) for value in filters.originators]
    pairs += [(PARAMS["year"], str(value)) for value in filters.years]
    if filters.date_from:
        pairs.append(("von", filters.date_from.isoformat()))
    if filters.date_to:
        pairs.append(("bis", filters.date_to.isoformat()))
    return pairs


def filters_describe(filters: PaperFilters) -> str:
    """The filters in words, e.g. „Art der Drucksache: Antrag; Gremium: Bauausschuss; Zeitraum: ab 01.01.2026“
    (empty without filters). A body that is no longer public is named as unknown, never by its name."""
    types = dict(PaperType.choices)
    ids = {*filters.organizations, *filters.originators}
    names = dict(Organization.objects.public().filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    unknown = _("unbekannt")
    parts = []
    for key, values in (
        ("paper_type", [str(types.get(v, v)) for v in filters.paper_types]),
        ("organization", [names.get(v, unknown) for v in filters.organizations]),
        ("originator", [names.get(v, unknown) for v in filters.originators]),
        ("year", [str(v) for v in filters.years]),
    ):
        if values:
            parts.append(f"{NAMES[key]}: {', '.join(values)}")
    if filters.date_from or filters.date_to:
        start = filters.date_from.strftime("%d.%m.%Y") if filters.date_from else ""
        end = filters.date_to.strftime("%d.%m.%Y") if filters.date_to else ""
        if start and end:
            period = _("%(a)s bis %(b)s") % {"a": start, "b": end}
        else:
            period = _("ab %(a)s") % {"a": start} if start else _("bis %(b)s") % {"b": end}
        parts.append(_("Zeitraum: %(p)s") % {"p": period})
    return "; ".join(parts)


def saved_search_label(saved) -> str:
    """How a saved search is named in the list, the alert mail and the feed: „Windkraft“ with its filters."""
    filters = PaperFilters.from_json(saved.filters)
    described = filters_describe(filters)
    query = f"„{saved.query}“" if saved.query else _("alle Drucksachen")
    return f"{query} ({described})" if described else query
