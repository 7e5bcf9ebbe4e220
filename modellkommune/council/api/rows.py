"""OParl list pages as a data pipeline: column values per page instead of an object graph.

A page of 100 papers through Django's prefetch machinery builds ~400 model instances, ~1,600 related
managers and ~950 queryset clones; that was 2/3 of its time. Here the related tables are read once
per page with `values()` (only the columns the serializer prints), and the rows are joined in Python
dicts into light `Row` objects that look to serializers.py like the model instances it reads
(`obj.pk`, `obj.main_file`, `obj.auxiliary_files.all()`). serializers.py stays the one place that
says which field is printed, so the list and the object endpoint cannot drift apart.

Round trips: every many-to-many relation that appears as URLs (id, public, deleted) is read in one
`UNION ALL` for the whole page, all embedded files in a second, and the page's ids travel as one
array parameter (`ids_in`), not one placeholder per id. The order of each embedded list is the one of
the object endpoint (selectors.OPARL_ORDER, made total), computed by the database as ROW_NUMBER() per
owner, so that collation and NULL order are those of the object endpoint on SQLite and PostgreSQL.

Every query, the page's own included, is a values_list() whose timestamps, dates and keyword lists
PostgreSQL prints (printed.py); rows are tuples zipped with the column names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, IntegerField, Q, QuerySet, TextField, Value
from django.db.models.expressions import Window
from django.db.models.functions import Cast, RowNumber

from ..models import Consultation, File, Paper
from ..selectors import OPARL_ORDER
from .prepared import Ids, Prepared, ids_in
from .printed import columns as printed

COMMON = ("id", "public", "deleted", "created", "modified", "keyword")
REF = ("id", "public", "deleted")
FILE = (*COMMON, "name", "file_name", "mime_type", "date", "size", "sha512", "text")
LOCATION = (
    *COMMON,
    "description",
    "geojson",
    "street_address",
    "room",
    "postal_code",
    "sub_locality",
    "locality",
)
PAPER = (*COMMON, "body_id", "name", "reference", "date", "paper_type", "main_file_id")
CONSULTATION = (
    *COMMON,
    "paper_id",
    "agenda_item_id",
    "meeting_id",
    "authoritative",
    "role",
    "agenda_item__public",
    "agenda_item__deleted",
    "meeting__public",
    "meeting__deleted",
)


class Rel(list):
    """A prefetched relation: serializers call `.all()` on it."""

    def all(self):
        return self


EMPTY = Rel()


class Row:
    """One database row with attribute access, `pk` and relations set by the page loaders."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.pk = values["id"]


def page_reducer(names: tuple[str, ...]):
    """The list queryset reduced to the columns `names` (printed), then `modified` to the microsecond:
    the page's ETag (http.page_version) must change with every change, not only with the printed second."""

    def reduce(queryset: QuerySet) -> QuerySet:
        columns = [*printed(names), Cast("modified", TextField())]
        return queryset.select_related(None).prefetch_related(None).values_list(*columns)

    return reduce


def page_rows(values: list[tuple], names: tuple[str, ...], cls: type = Row) -> list[Row]:
    """Rows from the tuples of a `page_reducer` query (the exact `modified` last, as `modified_exact`)."""
    names = (*names, "modified_exact")
    return [cls(dict(zip(names, v, strict=True))) for v in values]


def _gone(values: dict) -> bool:
    return values["deleted"] or not values["public"]


@dataclass(frozen=True)
class Link:
    """A many-to-many relation read for a page: `attr` is set on the owner rows."""

    attr: str
    model: type
    field: str
    reverse: bool = False  # the reverse side, e.g. subordinated_papers of superordinated_papers


def _link_values(number: int, link: Link, owners, columns: tuple[str, ...]) -> QuerySet:
    m2m = link.model._meta.get_field(link.field)
    owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    if link.reverse:
        owner, target = target, owner
    target_model = link.model if link.reverse else m2m.related_model  # e.g. the meetings of a file
    order = [
        f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}" for o in OPARL_ORDER[target_model.__name__]
    ]
    return (
        m2m.remote_field.through.objects.filter(
            ids_in(f"{owner}_id", owners) if isinstance(owners, Ids) else Q(**{f"{owner}_id__in": owners})
        )
        .annotate(
            link=Value(number, output_field=IntegerField()),
            owner=F(f"{owner}_id"),
            rank=Window(RowNumber(), partition_by=F(f"{owner}_id"), order_by=order),
        )
        .values_list("link", "owner", "rank", *printed(columns, f"{target}__"))
        .order_by()
    )


class Links:
    """Several many-to-many relations of a page read in one UNION ALL query, compiled once.

    `links` pairs each relation with its owners: an `Ids` placeholder or a subquery of owner ids.
    Calling it with the ids returns {attr: {owner id: Rel of target Rows}}."""

    def __init__(self, links: list[tuple[Link, object]], columns: tuple[str, ...]):
        self.attrs = [link.attr for link, _ in links]
        self.columns = columns

        def build() -> QuerySet:
            queries = [_link_values(i, link, owners(), columns) for i, (link, owners) in enumerate(links)]
            union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
            return union.order_by("link", "owner", "rank")

        self.query = Prepared(build)

    def __call__(self, **ids) -> dict[str, dict[int, Rel]]:
        grouped: dict[str, dict[int, Rel]] = {attr: defaultdict(Rel) for attr in self.attrs}
        attrs, columns = self.attrs, self.columns
        for number, owner_id, _rank, *values in self.query(**ids):
            grouped[attrs[number]][owner_id].append(Row(dict(zip(columns, values, strict=True))))
        return grouped


paper_rows = page_reducer(PAPER)


def _papers():
    return Ids("papers")


PAPER_REFS = Links(
    [
        (Link("related_papers", Paper, "related_papers"), _papers),
        (Link("superordinated_papers", Paper, "superordinated_papers"), _papers),
        (Link("subordinated_papers", Paper, "superordinated_papers", reverse=True), _papers),
        (Link("originator_persons", Paper, "originator_persons"), _papers),
        (Link("under_direction_of", Paper, "under_direction_of"), _papers),
        (Link("originator_organizations", Paper, "originator_organizations"), _papers),
        # The organizations of the page's consultations, joined in here to save a round trip.
        (
            Link("organizations", Consultation, "organizations"),
            lambda: Consultation.objects.filter(ids_in("paper_id", Ids("papers"))).values("id"),
        ),
    ],
    REF,
)
PAPER_LOCATIONS = Links([(Link("locations", Paper, "locations"), _papers)], LOCATION)
PAPER_FILES = Prepared(
    # Auxiliary files of the page's papers (main 0, owner = paper) and their main files (main 1).
    lambda: (
        Paper.auxiliary_files.through.objects.filter(ids_in("paper_id", Ids("papers")))
        .annotate(
            main=Value(0, output_field=IntegerField()),
            owner=F("paper_id"),
            # The order of the object endpoint: File by id (OPARL_ORDER["File"]).
            rank=Window(RowNumber(), partition_by=F("paper_id"), order_by="file_id"),
        )
        .values_list("main", "owner", "rank", *printed(FILE, "file__"))
        .order_by()
        .union(
            File.objects.filter(ids_in("id", Ids("main_files")))
            .annotate(main=Value(1, output_field=IntegerField()), owner=F("id"), rank=Value(0, IntegerField()))
            .values_list("main", "owner", "rank", *printed(FILE))
            .order_by(),
            all=True,
        )
        .order_by("main", "owner", "rank")
    )
)
PAPER_CONSULTATIONS = Prepared(
    lambda: (
        Consultation.objects.filter(ids_in("paper_id", Ids("papers")))
        .order_by("paper_id", "id")
        .values_list(*printed(CONSULTATION))
    )
)


def paper_page(values: list[tuple]) -> list[Row]:
    """Rows for one page of papers with everything `serializers.paper` reads in four queries:
    references (with the consultations' organizations), files, locations, consultations."""
    papers = page_rows(values, PAPER)
    ids = [p.pk for p in papers if not _gone(p.__dict__)]
    if not ids:
        return papers
    refs = PAPER_REFS(papers=ids)
    main_files: dict[int, Row] = {}
    auxiliary: dict[int, Rel] = defaultdict(Rel)
    for main, owner, _rank, *values in PAPER_FILES(
        papers=ids, main_files=[p.main_file_id for p in papers if p.main_file_id]
    ):
        row = Row(dict(zip(FILE, values, strict=True)))
        if main:
            main_files[row.pk] = row
        else:
            auxiliary[owner].append(row)
    locations = PAPER_LOCATIONS(papers=ids)["locations"]
    consultations = _consultations(ids, refs.pop("organizations"))
    relations = {**refs, "auxiliary_files": auxiliary, "locations": locations, "consultations": consultations}
    for p in papers:
        p.main_file = main_files.get(p.main_file_id)
        for name, grouped in relations.items():
            setattr(p, name, grouped.get(p.pk, EMPTY))
    return papers


def _ref(pk: int | None, public: bool, deleted: bool) -> Row | None:
    return Row({"id": pk, "public": public, "deleted": deleted}) if pk else None


def _consultations(paper_ids: list[int], organizations: dict[int, Rel]) -> dict[int, Rel]:
    grouped: dict[int, Rel] = defaultdict(Rel)
    for values in PAPER_CONSULTATIONS(papers=paper_ids):
        v = dict(zip(CONSULTATION, values, strict=True))
        c = Row(v)
        c.agenda_item = _ref(v["agenda_item_id"], v["agenda_item__public"], v["agenda_item__deleted"])
        c.meeting = _ref(v["meeting_id"], v["meeting__public"], v["meeting__deleted"])
        c.organizations = organizations.get(c.pk, EMPTY)
        grouped[v["paper_id"]].append(c)
    return grouped
