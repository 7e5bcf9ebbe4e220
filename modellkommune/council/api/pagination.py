"""Keyset pagination for OParl lists: page N costs the same as page 1.

Lists are ordered by primary key. `next` and `prev` carry the last/first id of the current page
(`after`/`before`); `last` asks for the final page from the end. Filters are kept in every link.

Whether there is a page before an `after` page (or after a `before` page) is asked in the page query itself,
as an uncorrelated EXISTS that the database evaluates once: one round trip per page, not two."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, QuerySet

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _pk(obj) -> int:
    """Pages hold model instances or `values_list()` tuples with the id first (api/rows.py)."""
    return obj[0] if isinstance(obj, tuple) else obj.pk


def _with_neighbours(queryset: QuerySet, neighbours: QuerySet) -> QuerySet:
    """The page query with one more column (the last of a values_list() row): do `neighbours` exist?"""
    return queryset.annotate(oparl_neighbours=Exists(neighbours))


def _split(rows: list) -> tuple[list, bool]:
    if not rows:
        return rows, False
    if isinstance(rows[0], tuple):
        return [row[:-1] for row in rows], bool(rows[0][-1])
    return rows, bool(rows[0].oparl_neighbours)


def forward_page(queryset: QuerySet, after: int | None, limit: int) -> QuerySet:
    """The query of a page read forward: `limit + 1` rows by id (one more says there is a next page), after
    `after` with the neighbours column (is there a page before it?)."""
    forward = queryset.order_by("pk")
    if after is not None:
        # The objects before the page are those up to `after` (none of them between it and the page).
        forward = _with_neighbours(forward.filter(pk__gt=after), queryset.filter(pk__lte=after))
    return forward[: limit + 1]


@dataclass
class Page:
    objects: list
    links: dict[str, str]
    per_page: int


def paginate(
    queryset: QuerySet | None,
    *,
    base_url: str,
    params: dict[str, str],
    after: int | None,
    before: int | None,
    last: bool,
    limit: int,
    forward_rows: Callable[[], list] | None = None,
) -> Page:
    """`forward_rows`, where given, reads the rows of `forward_page` (a query compiled once, views.py);
    `queryset` is then needed only for pages read backwards."""

    def link(**extra) -> str:
        query = {**params, **{k: str(v) for k, v in extra.items()}}
        if limit != DEFAULT_LIMIT:
            query["limit"] = str(limit)
        return f"{base_url}?{urlencode(query)}" if query else base_url

    if last or before is not None:
        reverse_qs = queryset.order_by("-pk")
        if before is not None:
            # The objects after the page are those from `before` on (none of them between the page and it).
            reverse_qs = _with_neighbours(reverse_qs.filter(pk__lt=before), queryset.filter(pk__gte=before))
            rows, has_next = _split(list(reverse_qs[: limit + 1]))
        else:
            rows = list(reverse_qs[: limit + 1])
        has_prev = len(rows) > limit
        objects = list(reversed(rows[:limit]))
        if before is None:
            has_next = bool(objects) and queryset.filter(pk__gt=_pk(objects[-1])).exists()
    else:
        rows = forward_rows() if forward_rows is not None else list(forward_page(queryset, after, limit))
        has_prev = False
        if after is not None:
            rows, has_prev = _split(rows)
        has_next = len(rows) > limit
        objects = rows[:limit]
        has_prev = bool(objects) and has_prev

    self_extra = {"after": after} if after is not None else {"before": before} if before is not None else {}
    if last:
        self_extra = {"last": "true"}
    links = {"first": link(), "self": link(**self_extra), "last": link(last="true")}
    if has_prev and objects:
        links["prev"] = link(before=_pk(objects[0]))
    if has_next and objects:
        links["next"] = link(after=_pk(objects[-1]))
    return Page(objects=objects, links=links, per_page=limit)
