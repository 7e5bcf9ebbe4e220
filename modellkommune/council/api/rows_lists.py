"""Column pipelines (see rows.py) for Membership, Consultation, Organization, Person, File and Location
(Paper: rows.py; Meeting and AgendaItem: rows_meetings.py). Each page reads its columns with `values()` and every related table once,
compiled once (prepared.py); serializers.py prints the rows as it prints model instances."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, IntegerField, QuerySet, Value
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from ..models import AgendaItem, Body, Consultation, Location, Meeting, Membership, Organization, Paper, Person
from ..selectors import OPARL_ORDER
from .prepared import Ids, Prepared, ids_in
from .printed import columns as printed
from .rows import (
    COMMON,
    EMPTY,
    FILE,
    LOCATION,
    REF,
    Link,
    Links,
    Rel,
    Row,
    _gone,
    _link_values,
    _ref,
    page_reducer,
    page_rows,
)

MEMBERSHIP = (
    *COMMON,
    "person_id",
    "organization_id",
    "role",
    "voting_right",
    "start_date",
    "end_date",
    "on_behalf_of_id",
)
ORGANIZATION = (
    *COMMON,
    "body_id",
    "name",
    "short_name",
    "post",
    "sub_organization_of_id",
    "organization_type",
    "classification",
    "start_date",
    "end_date",
    "website",
    "location_id",
)
PERSON = (
    *COMMON,
    "body_id",
    "family_name",
    "given_name",
    "form_of_address",
    "affix",
    "title",
    "gender",
    "phone",
    "email",
    "status",
    "life",
    "location_id",
)
CONSULTATION = (
    *COMMON,
    "paper_id",
    "agenda_item_id",
    "meeting_id",
    "authoritative",
    "role",
    "paper__public",
    "paper__deleted",
    "agenda_item__public",
    "agenda_item__deleted",
    "meeting__public",
    "meeting__deleted",
)


# --- Membership: no relations beyond foreign key ids ---

membership_rows = page_reducer(MEMBERSHIP)


def membership_page(values: list[tuple]) -> list[Row]:
    return page_rows(values, MEMBERSHIP)


# --- Consultation: paper, agenda item and meeting as references, organizations as URLs ---

consultation_rows = page_reducer(CONSULTATION)
CONSULTATION_ORGANIZATIONS = Links([(Link("organizations", Consultation, "organizations"), lambda: Ids("owners"))], REF)


def consultation_page(values: list[tuple]) -> list[Row]:
    consultations = page_rows(values, CONSULTATION)
    ids = [c.pk for c in consultations if not _gone(c.__dict__)]
    organizations = CONSULTATION_ORGANIZATIONS(owners=ids)["organizations"] if ids else {}
    for c in consultations:
        c.paper = _ref(c.paper_id, c.paper__public, c.paper__deleted)
        c.agenda_item = _ref(c.agenda_item_id, c.agenda_item__public, c.agenda_item__deleted)
        c.meeting = _ref(c.meeting_id, c.meeting__public, c.meeting__deleted)
        c.organizations = organizations.get(c.pk, EMPTY)
    return consultations


# --- Organization and Person: their memberships, an embedded location ---


def _memberships(owner: str, columns: tuple[str, ...]) -> Prepared:
    return Prepared(
        lambda: (
            Membership.objects.filter(ids_in(f"{owner}_id", Ids("owners")))
            .order_by(f"{owner}_id", *OPARL_ORDER["Membership"])
            .values_list(f"{owner}_id", *printed(columns))
        )
    )


ORGANIZATION_MEMBERSHIPS = _memberships("organization", REF)
PERSON_MEMBERSHIPS = _memberships("person", MEMBERSHIP)
LOCATIONS = Prepared(lambda: Location.objects.filter(ids_in("id", Ids("locations"))).values_list(*printed(LOCATION)))


def _group(rows, columns: tuple[str, ...]) -> dict[int, Rel]:
    grouped: dict[int, Rel] = defaultdict(Rel)
    for owner_id, *values in rows:
        grouped[owner_id].append(Row(dict(zip(columns, values, strict=True))))
    return grouped


def _locations(ids) -> dict[int, Row]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return {row[0]: Row(dict(zip(LOCATION, row, strict=True))) for row in LOCATIONS(locations=ids)}


organization_rows = page_reducer(ORGANIZATION)


def organization_page(values: list[tuple]) -> list[Row]:
    organizations = page_rows(values, ORGANIZATION)
    ids = [o.pk for o in organizations if not _gone(o.__dict__)]
    memberships = _group(ORGANIZATION_MEMBERSHIPS(owners=ids), REF) if ids else {}
    locations = _locations(o.location_id for o in organizations if o.pk in set(ids))
    for o in organizations:
        o.memberships = memberships.get(o.pk, EMPTY)
        o.location = locations.get(o.location_id)
    return organizations


person_rows = page_reducer(PERSON)


class PersonRow(Row):
    name = property(Person.name.fget)  # the model's own rule for the printed name


def person_page(values: list[tuple]) -> list[Row]:
    persons = page_rows(values, PERSON, PersonRow)
    ids = [p.pk for p in persons if not _gone(p.__dict__)]
    memberships = _group(PERSON_MEMBERSHIPS(owners=ids), MEMBERSHIP) if ids else {}
    for p in persons:
        p.memberships = memberships.get(p.pk, EMPTY)
    return persons


PIPELINES = {
    "Membership": (membership_rows, membership_page),
    "Consultation": (consultation_rows, consultation_page),
    "Organization": (organization_rows, organization_page),
    "Person": (person_rows, person_page),
}


# --- File and Location: the objects that embed or refer to them, as URLs ---


def _reverse_fk(number: int, model, fk: str, owners: str, columns: tuple[str, ...]) -> QuerySet:
    """Objects of `model` whose foreign key `fk` points at the page's objects, in the object endpoint's order."""
    return (
        model.objects.filter(ids_in(f"{fk}_id", Ids(owners)))
        .annotate(
            link=Value(number, output_field=IntegerField()),
            owner=F(f"{fk}_id"),
            rank=Window(RowNumber(), partition_by=F(f"{fk}_id"), order_by=list(OPARL_ORDER[model.__name__])),
        )
        .values_list("link", "owner", "rank", *printed(columns))
        .order_by()
    )


class ReverseLinks(Links):
    """Links (rows.py) with foreign-key branches: `branches` are (attr, queryset builder(number))."""

    def __init__(self, branches: list[tuple[str, object]], columns: tuple[str, ...]):
        self.attrs = [attr for attr, _ in branches]
        self.columns = columns

        def build() -> QuerySet:
            queries = [make(i) for i, (_attr, make) in enumerate(branches)]
            return queries[0].union(*queries[1:], all=True).order_by("link", "owner", "rank")

        self.query = Prepared(build)


FILE_REFS = ReverseLinks(
    [
        ("meetings_auxiliary", lambda i: _link_values(i, Link("x", Meeting, "auxiliary_files", True), Ids("o"), REF)),
        (
            "agenda_items_auxiliary",
            lambda i: _link_values(i, Link("x", AgendaItem, "auxiliary_files", True), Ids("o"), REF),
        ),
        ("papers_main", lambda i: _reverse_fk(i, Paper, "main_file", "o", REF)),
        ("papers_auxiliary", lambda i: _link_values(i, Link("x", Paper, "auxiliary_files", True), Ids("o"), REF)),
    ],
    REF,
)
LOCATION_REFS = ReverseLinks(
    [
        ("bodies", lambda i: _reverse_fk(i, Body, "location", "o", REF)),
        ("organizations", lambda i: _reverse_fk(i, Organization, "location", "o", REF)),
        ("persons", lambda i: _reverse_fk(i, Person, "location", "o", REF)),
        ("meetings", lambda i: _reverse_fk(i, Meeting, "location", "o", REF)),
        ("papers", lambda i: _link_values(i, Link("x", Paper, "locations", True), Ids("o"), REF)),
    ],
    REF,
)


def _referred_page(refs: ReverseLinks, columns: tuple[str, ...]):
    def page(values: list[tuple]) -> list[Row]:
        objects = page_rows(values, columns)
        ids = [o.pk for o in objects if not _gone(o.__dict__)]
        grouped = refs(o=ids) if ids else {}
        for o in objects:
            for attr in refs.attrs:
                setattr(o, attr, grouped.get(attr, {}).get(o.pk, EMPTY))
        return objects

    return page_reducer(columns), page


PIPELINES["File"] = _referred_page(FILE_REFS, FILE)
PIPELINES["Location"] = _referred_page(LOCATION_REFS, LOCATION)
