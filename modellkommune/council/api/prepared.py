"""Page queries compiled once: each OParl list page only swaps the array of ids it asks about.

Django compiles a queryset to SQL on every evaluation: for the union of seven link tables of a paper
page that was several milliseconds of Python per page, more than PostgreSQL needed to answer it. The
queries of a list page differ only in the ids of the page, and those travel as one array parameter
(`AnyOf`), so the SQL is compiled once per database alias and reused. Rows still go through Django's
own converters (the compiler's `results_iter`), so booleans, dates and JSON come back exactly as
`values_list()` returns them, on SQLite as on PostgreSQL. Columns printed by PostgreSQL (printed.py) depend
on the current time zone: the SQL is compiled once per alias and time zone."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable

from django.db import connections, router
from django.db.models import F, Lookup, QuerySet

from .printed import zone_name


class Ids:
    """A named placeholder for the array of ids a prepared query is run with."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Ids({self.name!r})"


class AnyOf(Lookup):
    """`filter(AnyOf(F("paper_id"), ids))`: the ids as one parameter instead of one placeholder per id.
    PostgreSQL gets `= ANY(array)`, which it plans as an index lookup (`IN (SELECT unnest(...))` made it
    scan a whole link table); SQLite reads the ids from a JSON array."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        value = self.rhs if isinstance(self.rhs, Ids) else _array(connection.vendor, self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, value]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, value]  # noqa: S608 - lhs is a compiled column


def _array(vendor: str, ids: Iterable[int]) -> str:
    """The ids as one text parameter: an array literal (cast in SQL) or a JSON array. A Python list would be
    quoted element by element by psycopg's client-side binding, ~1 ms for the eleven arrays of a paper page."""
    ids = [int(i) for i in ids]
    return "{" + ",".join(map(str, ids)) + "}" if vendor == "postgresql" else json.dumps(ids)


def ids_in(column: str, ids) -> AnyOf:
    return AnyOf(F(column), ids if isinstance(ids, Ids) else list(ids))


class Prepared:
    """A values_list() queryset built with `Ids` placeholders, compiled once per database alias.

    `Prepared(lambda: Model.objects.filter(ids_in("x_id", Ids("x"))).values_list(...))(x=[1, 2])`
    returns the rows of the queryset as if it had been built with those ids."""

    def __init__(self, build: Callable[[], QuerySet]):
        self.build = build
        self._compiled: dict[tuple[str, str | None], tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str):
        key = (alias, zone_name())
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiler = self.build().query.get_compiler(using=alias)
                sql, params = compiler.as_sql()
                compiled = self._compiled[key] = (compiler, sql, tuple(params))
        return compiled

    def __call__(self, **ids: Iterable[int]) -> list[tuple]:
        alias = router.db_for_read(self._model())  # replica routing, as for any read
        compiler, sql, params = self._compile(alias)
        vendor = connections[alias].vendor
        bound = [_array(vendor, ids[p.name]) if isinstance(p, Ids) else p for p in params]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def _model(self):
        model = getattr(self, "_model_cache", None)
        if model is None:
            model = self._model_cache = self.build().model
        return model
