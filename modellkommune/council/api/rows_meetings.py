"""Column pipelines (see rows.py) for Meeting and AgendaItem lists.

A meeting page reads: the meetings, their agenda items, one UNION ALL of references (organizations,
participants), one of files (invitation, protocols, resolution files, auxiliary files of meetings and
items), the items' consultations with their paper's visibility, and the embedded locations: six
queries whatever the page size."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, IntegerField, QuerySet, Value
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from ..models import AgendaItem, Consultation, File, Meeting
from .prepared import Ids, Prepared, ids_in
from .printed import columns as printed
from .rows import COMMON, EMPTY, FILE, REF, Link, Links, Rel, Row, _gone, _ref, page_reducer, page_rows
from .rows_lists import _locations

MEETING = (
    *COMMON,
    "name",
    "meeting_state",
    "cancelled",
    "start",
    "end",
    "location_id",
    "invitation_id",
    "results_protocol_id",
    "verbatim_protocol_id",
)
AGENDA_ITEM = (
    *COMMON,
    "meeting_id",
    "number",
    "order",
    "name",
    "result",
    "resolution_text",
    "resolution_file_id",
    "start",
    "end",
    "meeting__public",
    "meeting__deleted",
)
MEETING_FILES = ("invitation", "results_protocol", "verbatim_protocol")

MEETING_REFS = Links(
    [
        (Link("organizations", Meeting, "organizations"), lambda: Ids("meetings")),
        (Link("participants", Meeting, "participants"), lambda: Ids("meetings")),
    ],
    REF,
)


def _auxiliary(number: int, model, owners: str) -> QuerySet:
    through = model.auxiliary_files.through
    owner = model._meta.get_field("auxiliary_files").m2m_field_name()
    return (
        through.objects.filter(ids_in(f"{owner}_id", Ids(owners)))
        .annotate(
            kind=Value(number, output_field=IntegerField()),
            owner=F(f"{owner}_id"),
            rank=Window(RowNumber(), partition_by=F(f"{owner}_id"), order_by="file_id"),  # OPARL_ORDER["File"]
        )
        .values_list("kind", "owner", "rank", *printed(FILE, "file__"))
        .order_by()
    )


# kind 0: files by id (meeting documents, resolution files); 1: auxiliary of meetings; 2: of agenda items.
FILES = Prepared(
    lambda: (
        File.objects.filter(ids_in("id", Ids("files")))
        .annotate(kind=Value(0, output_field=IntegerField()), owner=F("id"), rank=Value(0, IntegerField()))
        .values_list("kind", "owner", "rank", *printed(FILE))
        .order_by()
        .union(_auxiliary(1, Meeting, "meetings"), _auxiliary(2, AgendaItem, "items"), all=True)
        .order_by("kind", "owner", "rank")
    )
)
ITEMS_OF_MEETINGS = Prepared(
    lambda: (
        AgendaItem.objects.filter(ids_in("meeting_id", Ids("meetings")))
        .order_by("meeting_id", "order", "id")
        .values_list(*printed(AGENDA_ITEM))
    )
)
ITEM_CONSULTATIONS = Prepared(
    lambda: (
        Consultation.objects.filter(ids_in("agenda_item_id", Ids("items")))
        .order_by("paper_id", "id")
        .values_list("agenda_item_id", "id", "public", "deleted", "paper_id", "paper__public", "paper__deleted")
    )
)


def _files(*, ids: list[int], meetings: list[int], items: list[int]) -> tuple[dict, dict, dict]:
    by_id: dict[int, Row] = {}
    auxiliary: tuple[dict, dict] = (defaultdict(Rel), defaultdict(Rel))
    for kind, owner, _rank, *values in FILES(files=ids, meetings=meetings, items=items):
        row = Row(dict(zip(FILE, values, strict=True)))
        if kind == 0:
            by_id[row.pk] = row
        else:
            auxiliary[kind - 1][owner].append(row)
    return by_id, auxiliary[0], auxiliary[1]


def _dress_items(items: list[Row], files: dict[int, Row], auxiliary: dict[int, Rel]) -> None:
    """Resolution file, auxiliary files and consultations (with their paper's visibility) of agenda items."""
    consultations: dict[int, Rel] = defaultdict(Rel)
    visible = [i.pk for i in items if not _gone(i.__dict__)]
    if visible:
        for item_id, pk, public, deleted, paper_id, paper_public, paper_deleted in ITEM_CONSULTATIONS(items=visible):
            c = Row({"id": pk, "public": public, "deleted": deleted})
            c.paper = _ref(paper_id, paper_public, paper_deleted)
            consultations[item_id].append(c)
    for item in items:
        item.resolution_file = files.get(item.resolution_file_id)
        item.auxiliary_files = auxiliary.get(item.pk, EMPTY)
        item.consultations = consultations.get(item.pk, EMPTY)
        item.meeting = _ref(item.meeting_id, item.meeting__public, item.meeting__deleted)


meeting_rows = page_reducer(MEETING)


def meeting_page(values: list[tuple]) -> list[Row]:
    meetings = page_rows(values, MEETING)
    ids = [m.pk for m in meetings if not _gone(m.__dict__)]
    if not ids:
        return meetings
    shown = [m for m in meetings if m.pk in set(ids)]
    items_of: dict[int, Rel] = defaultdict(Rel)
    items = []
    for row in ITEMS_OF_MEETINGS(meetings=ids):
        item = Row(dict(zip(AGENDA_ITEM, row, strict=True)))
        items_of[item.meeting_id].append(item)
        items.append(item)
    file_ids = [getattr(m, f"{f}_id") for m in shown for f in MEETING_FILES]
    file_ids += [i.resolution_file_id for i in items]
    files, meeting_aux, item_aux = _files(
        ids=[i for i in file_ids if i], meetings=ids, items=[i.pk for i in items if not _gone(i.__dict__)]
    )
    _dress_items(items, files, item_aux)
    refs = MEETING_REFS(meetings=ids)
    locations = _locations(m.location_id for m in shown)
    for m in meetings:
        m.location = locations.get(m.location_id)
        for name in MEETING_FILES:
            setattr(m, name, files.get(getattr(m, f"{name}_id")))
        m.auxiliary_files = meeting_aux.get(m.pk, EMPTY)
        m.agenda_items = items_of.get(m.pk, EMPTY)
        m.organizations = refs["organizations"].get(m.pk, EMPTY)
        m.participants = refs["participants"].get(m.pk, EMPTY)
    return meetings


agenda_item_rows = page_reducer(AGENDA_ITEM)


def agenda_item_page(values: list[tuple]) -> list[Row]:
    items = page_rows(values, AGENDA_ITEM)
    visible = [i for i in items if not _gone(i.__dict__)]
    if not visible:
        for item in items:
            item.meeting = _ref(item.meeting_id, item.meeting__public, item.meeting__deleted)
        return items
    files, _meeting_aux, item_aux = _files(
        ids=[i.resolution_file_id for i in visible if i.resolution_file_id], meetings=[], items=[i.pk for i in visible]
    )
    _dress_items(items, files, item_aux)
    return items


PIPELINES = {
    "Meeting": (meeting_rows, meeting_page),
    "AgendaItem": (agenda_item_rows, agenda_item_page),
}
