"""Column pipelines (see rows.py) for the list types besides Paper: Membership, Consultation,
Organization and Person. Each page reads its columns with `values()` and every related table once,
compiled once (prepared.py); serializers.py prints the rows as it prints model instances."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from ..models import Consultation, Location, Membership, Person
from ..selectors import OPARL_ORDER
from .prepared import Ids, Prepared, ids_in
from .rows import COMMON, EMPTY, LOCATION, REF, Link, Links, Rel, Row, _gone, _ref

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


def _values(columns: tuple[str, ...]):
    def reduce(queryset: QuerySet) -> QuerySet:
        return queryset.select_related(None).prefetch_related(None).values(*columns)

    return reduce


def _rows(values: list[dict]) -> list[Row]:
    return [Row(v) for v in values]


# --- Membership: no relations beyond foreign key ids ---

membership_rows = _values(MEMBERSHIP)
membership_page = _rows


# --- Consultation: paper, agenda item and meeting as references, organizations as URLs ---

consultation_rows = _values(CONSULTATION)
CONSULTATION_ORGANIZATIONS = Links([(Link("organizations", Consultation, "organizations"), lambda: Ids("owners"))], REF)


def consultation_page(values: list[dict]) -> list[Row]:
    consultations = _rows(values)
    ids = [c.pk for c in consultations if not _gone(c.__dict__)]
    organizations = CONSULTATION_ORGANIZATIONS(owners=ids)["organizations"] if ids else {}
    for c, v in zip(consultations, values, strict=True):
        c.paper = _ref(v["paper_id"], v["paper__public"], v["paper__deleted"])
        c.agenda_item = _ref(v["agenda_item_id"], v["agenda_item__public"], v["agenda_item__deleted"])
        c.meeting = _ref(v["meeting_id"], v["meeting__public"], v["meeting__deleted"])
        c.organizations = organizations.get(c.pk, EMPTY)
    return consultations


# --- Organization and Person: their memberships, an embedded location ---


def _memberships(owner: str, columns: tuple[str, ...]) -> Prepared:
    return Prepared(
        lambda: (
            Membership.objects.filter(ids_in(f"{owner}_id", Ids("owners")))
            .order_by(f"{owner}_id", *OPARL_ORDER["Membership"])
            .values_list(f"{owner}_id", *columns)
        )
    )


ORGANIZATION_MEMBERSHIPS = _memberships("organization", REF)
PERSON_MEMBERSHIPS = _memberships("person", MEMBERSHIP)
LOCATIONS = Prepared(lambda: Location.objects.filter(ids_in("id", Ids("locations"))).values_list(*LOCATION))


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


organization_rows = _values(ORGANIZATION)


def organization_page(values: list[dict]) -> list[Row]:
    organizations = _rows(values)
    ids = [o.pk for o in organizations if not _gone(o.__dict__)]
    memberships = _group(ORGANIZATION_MEMBERSHIPS(owners=ids), REF) if ids else {}
    locations = _locations(o.location_id for o in organizations if o.pk in set(ids))
    for o in organizations:
        o.memberships = memberships.get(o.pk, EMPTY)
        o.location = locations.get(o.location_id)
    return organizations


person_rows = _values(PERSON)


class PersonRow(Row):
    name = property(Person.name.fget)  # the model's own rule for the printed name


def person_page(values: list[dict]) -> list[Row]:
    persons = [PersonRow(v) for v in values]
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
