"""Page queries compiled once: each OParl list page only swaps the array of ids it asks about.

Django compiles a queryset to SQL on every evaluation: for the union of seven link tables of a paper
page that was several milliseconds of Python per page, more than PostgreSQL needed to answer it. The
queries of a list page differ only in the ids of the page, and those travel as one array parameter
(`AnyOf`), so the SQL is compiled once per database alias and reused. Rows still go through Django's
own converters (the compiler's `results_iter`), so booleans, dates and JSON come back exactly as
`values_list()` returns them, on SQLite as on PostgreSQL. Columns printed by PostgreSQL (printed.py) depend
on the current time zone: the SQL is compiled once per alias and time zone.

On PostgreSQL the compiled SQL is also a server-side prepared statement, once per database connection
(`PREPARE`, then `EXECUTE name('{ids}')`): parsing and planning these long statements (a union of seven
link tables, timestamps printed by to_char) took PostgreSQL more time than running them, ~5 ms of a paper
page of ~10 ms of SQL. Prepared statements live in the session, so they are off behind a transaction-pooling
proxy (API_STATEMENT_TIMEOUT_PER_TRANSACTION says that there is one); a session that lost them (DISCARD ALL,
or psycopg's DEALLOCATE ALL on a rollback after statements it prepared itself) prepares them again. They are
used in autocommit only (OParl reads run there): inside a transaction the lost statement's error would abort
it, so the statement is sent as text there. The PREPARE itself bypasses Django's query log; the EXECUTE is logged, with the model's
table in a comment, so that query logs and counts still say what was read."""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections.abc import Callable, Iterable

from django.conf import settings
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


class Arg:
    """A compiled position of a scalar argument (`Prepared(..., scalars=...)`)."""

    def __init__(self, name: str):
        self.name = name


class Prepared:
    """A values_list() queryset built with `Ids` placeholders, compiled once per database alias.

    `Prepared(lambda: Model.objects.filter(ids_in("x_id", Ids("x"))).values_list(...))(x=[1, 2])`
    returns the rows of the queryset as if it had been built with those ids.

    Integer arguments that the ORM must see as values (`filter(pk__gt=after)`) are built with a sentinel
    that no real id has: `scalars={"after": -7_000_000_001}`; every parameter equal to it is the argument."""

    def __init__(self, build: Callable[[], QuerySet], *, scalars: dict[str, int] | None = None):
        self.build = build
        self.scalars = {sentinel: name for name, sentinel in (scalars or {}).items()}
        self._compiled: dict[tuple[str, str | None], tuple] = {}
        self._lock = threading.Lock()

    def _placeholders(self, params) -> tuple:
        sentinels = self.scalars
        params = tuple(Arg(sentinels[p]) if p.__class__ is int and p in sentinels else p for p in params)
        missing = set(sentinels.values()) - {p.name for p in params if isinstance(p, Arg)}
        if missing:
            raise ValueError(f"prepared query without the arguments {sorted(missing)}")
        return params

    def _compile(self, alias: str):
        key = (alias, zone_name())
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiler = self.build().query.get_compiler(using=alias)
                sql, params = compiler.as_sql()
                params = self._placeholders(params)
                server = None
                if connections[alias].vendor == "postgresql" and _server_side(alias):
                    server = _ServerStatement(connections[alias], sql, params, compiler.query.model._meta.db_table)
                compiled = self._compiled[key] = (compiler, sql, params, server)
        return compiled

    def __call__(self, **args) -> list[tuple]:
        alias = router.db_for_read(self._model())  # replica routing, as for any read
        compiler, sql, params, server = self._compile(alias)
        # Only in autocommit, where a lost statement can be prepared again after the error (below): a session
        # loses them all at once, e.g. when psycopg rolls back a transaction after statements of its own
        # (sensors/api/row_pages.py) and sends DEALLOCATE ALL; inside a transaction that error would abort it.
        if server is not None and not connections[alias].in_atomic_block:
            rows = server.run(connections[alias], args)
        else:
            vendor = connections[alias].vendor
            bound = [
                _array(vendor, args[p.name]) if isinstance(p, Ids) else int(args[p.name]) if isinstance(p, Arg) else p
                for p in params
            ]
            with connections[alias].cursor() as cursor:
                cursor.execute(sql, bound)
                rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def _model(self):
        model = getattr(self, "_model_cache", None)
        if model is None:
            model = self._model_cache = self.build().model
        return model


def _server_side(alias: str) -> bool:
    # Behind a transaction-pooling proxy the next transaction may run on another server session.
    return not getattr(settings, "API_STATEMENT_TIMEOUT_PER_TRANSACTION", False)


# DB-API connection -> names of the statements prepared in its session (gone with the connection).
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
DUPLICATE_PREPARED_STATEMENT, UNDEFINED_PREPARED_STATEMENT = "42P05", "26000"


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(exc, "sqlstate", None) or getattr(exc.__cause__, "sqlstate", None)


class _ServerStatement:
    """One compiled query as a prepared statement: constants inlined, each `Ids` name a bigint[] parameter,
    each scalar `Arg` a bigint one. The name is a hash of the statement, so that a name means the same
    statement in every process and session (a session reused through a proxy may hold another process's)."""

    def __init__(self, connection, sql: str, params, table: str):
        self.args: list[tuple[str, bool]] = []  # (name, is it an array?) in the order $1, $2, ...
        bound = []
        for p in params:
            if isinstance(p, Ids | Arg):
                arg = (p.name, isinstance(p, Ids))
                if arg not in self.args:
                    self.args.append(arg)
                bound.append(f"mk-arg-{self.args.index(arg) + 1}")
            else:
                bound.append(p)
        text = connection.ops.compose_sql(sql, bound)
        for number in range(1, len(self.args) + 1):
            text = text.replace(f"'mk-arg-{number}'", f"${number}")
        types = ", ".join("bigint[]" if array else "bigint" for _, array in self.args)
        statement = f"({types}) AS {text}" if types else f"AS {text}"
        self.name = "mk_" + hashlib.sha256(statement.encode()).hexdigest()[:32]
        self.prepare = f"PREPARE {self.name} {statement}"
        self.comment = f' /* "{table}" */'

    def run(self, connection, args: dict) -> list[tuple]:
        # Only integers go into the EXECUTE, so it is written out, not bound: a server-side binding cursor
        # could not bind parameters of a utility statement.
        values = ", ".join(
            f"'{_array('postgresql', args[name])}'" if array else str(int(args[name])) for name, array in self.args
        )
        execute = f"EXECUTE {self.name}({values}){self.comment}" if values else f"EXECUTE {self.name}{self.comment}"
        with connection.cursor() as cursor:
            done = self._session(connection)
            if self.name not in done:
                self._prepare(connection, done)
            try:
                cursor.execute(execute)
            except Exception as exc:
                # Prepared statements gone with the session state (DISCARD ALL): prepare again, where the
                # error has not aborted a transaction.
                if _sqlstate(exc) != UNDEFINED_PREPARED_STATEMENT or connection.in_atomic_block:
                    raise
                done.discard(self.name)
                self._prepare(connection, done)
                cursor.execute(execute)
            return cursor.fetchall()

    @staticmethod
    def _session(connection) -> set[str]:
        """The statements this connection's session holds; asked once per connection (not in the query log)."""
        raw = connection.connection
        done = _prepared_on.get(raw)
        if done is None:
            with raw.cursor() as cursor:
                cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'mk\\_%'")
                done = _prepared_on[raw] = {name for (name,) in cursor.fetchall()}
        return done

    def _prepare(self, connection, done: set[str]) -> None:
        try:
            with connection.connection.cursor() as cursor:
                cursor.execute(self.prepare)
        except Exception as exc:
            # Already there under its hash: the same statement. Inside a transaction the error aborted it.
            if _sqlstate(exc) != DUPLICATE_PREPARED_STATEMENT or connection.in_atomic_block:
                raise
        done.add(self.name)
