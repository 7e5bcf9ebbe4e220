"""Keyset pagination for OParl lists: page N costs the same as page 1.

Lists are ordered by primary key. `next` and `prev` carry the last/first id of the current page
(`after`/`before`); `last` asks for the final page from the end. Filters are kept in every link."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _pk(obj) -> int:
    """Pages hold model instances or `values_list()` tuples with the id first (api/rows.py)."""
    return obj[0] if isinstance(obj, tuple) else obj.pk


@dataclass
class Page:
    objects: list
    links: dict[str, str]
    per_page: int


def paginate(
    queryset: QuerySet,
    *,
    base_url: str,
    params: dict[str, str],
    after: int | None,
    before: int | None,
    last: bool,
    limit: int,
) -> Page:
    def link(**extra) -> str:
        query = {**params, **{k: str(v) for k, v in extra.items()}}
        if limit != DEFAULT_LIMIT:
            query["limit"] = str(limit)
        return f"{base_url}?{urlencode(query)}" if query else base_url

    if last or before is not None:
        reverse_qs = queryset.order_by("-pk")
        if before is not None:
            reverse_qs = reverse_qs.filter(pk__lt=before)
        rows = list(reverse_qs[: limit + 1])
        has_prev = len(rows) > limit
        objects = list(reversed(rows[:limit]))
        has_next = bool(objects) and queryset.filter(pk__gt=_pk(objects[-1])).exists()
    else:
        forward = queryset.order_by("pk")
        if after is not None:
            forward = forward.filter(pk__gt=after)
        rows = list(forward[: limit + 1])
        has_next = len(rows) > limit
        objects = rows[:limit]
        has_prev = bool(objects) and after is not None and queryset.filter(pk__lt=_pk(objects[0])).exists()

    self_extra = {"after": after} if after is not None else {"before": before} if before is not None else {}
    if last:
        self_extra = {"last": "true"}
    links = {"first": link(), "self": link(**self_extra), "last": link(last="true")}
    if has_prev and objects:
        links["prev"] = link(before=_pk(objects[0]))
    if has_next and objects:
        links["next"] = link(after=_pk(objects[-1]))
    return Page(objects=objects, links=links, per_page=limit)
