"""A PostgreSQL `statement_timeout` for API requests (STA, OParl, Open311), so that one expensive query cannot
tie up a worker. A cancelled query answers 503 with Retry-After in JSON, never 500; a write's transaction is
rolled back, so nothing of the request is stored. No-op on SQLite and when API_STATEMENT_TIMEOUT_MS is 0.

How the limit is set costs round trips, and every API read paid three for it (BEGIN, `set_config`, COMMIT).
Now the limit is a session setting of the connection, set once per database connection (one statement that
also remembers the value it replaces) and kept while API requests follow each other on that connection
(CONN_MAX_AGE). Reads run without a transaction of their own; writes keep theirs (BEGIN … COMMIT, nothing
stored on a timeout). Pages of the site are never limited: at the start of every request
(`request_started`) a connection that still carries the API limit is put back to its previous value unless
the request goes to an API view limited for its method (`api_view_limited`, from the URL resolver); that
costs one statement only when a page follows an API request on the same connection. Inside a transaction
that is already open (tests, nested calls) the limit is set transaction-locally and restored afterwards, as
before; so it is in every request behind a transaction-pooling proxy (API_STATEMENT_TIMEOUT_PER_TRANSACTION),
where a session setting would stay on a server connection that other clients get next."""

from __future__ import annotations

import json
from contextlib import nullcontext
from functools import lru_cache, wraps

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse

from .db_router import read_alias

QUERY_CANCELED = "57014"  # SQLSTATE of statement_timeout (and of pg_cancel_backend)


def timeout_ms() -> int:
    return max(0, int(getattr(settings, "API_STATEMENT_TIMEOUT_MS", 10000) or 0))


def is_statement_timeout(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        if getattr(exc, "sqlstate", None) == QUERY_CANCELED or getattr(exc, "pgcode", None) == QUERY_CANCELED:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def timeout_message() -> str:
    return (
        f"The request took longer than {timeout_ms() / 1000:g} s in the database and was cancelled. "
        "Ask for less (smaller pages, fewer expansions, narrower filters) or try again later."
    )


def timeout_response(response: HttpResponse | None = None) -> HttpResponse:
    """The 503 answer; `response` is an API's own error document (OParl, Open311 XML), else STA-style JSON."""
    if response is None:
        body = {"code": 503, "type": "error", "message": timeout_message()}
        response = HttpResponse(json.dumps(body), status=503, content_type="application/json")
    response.status_code = 503
    response["Retry-After"] = str(int(getattr(settings, "DB_OUTAGE_RETRY_AFTER", 30)))
    response["Cache-Control"] = "no-store"
    return response


def request_transaction(request, using: str = "default"):
    """The atomic block of an API view's work: without a savepoint when the view runs inside
    api_statement_timeout's own outermost transaction (nothing else happens in it, so an error may roll back
    the whole of it; two statements fewer per request), with one everywhere else (tests, nested calls)."""
    return transaction.atomic(using=using, savepoint=getattr(request, "api_transaction_alias", None) != using)


def read_block(request, using: str = "default"):
    """What an API read runs in: nothing on a connection in autocommit (each query is its own transaction,
    a failing one leaves the connection usable; READ COMMITTED gave a transaction no common snapshot of its
    statements either), a savepoint inside a transaction that is already open (tests, $batch, nested calls)."""
    if not connections[using].in_atomic_block:
        return nullcontext()
    return transaction.atomic(using=using)


# The limit this module set as the session's statement_timeout, per connection: (the DB-API connection it was
# set on, the limit, the value it replaced). Compared by identity, so a reconnect forgets it.
_SESSION_ATTR = "api_session_timeout"


def _session_limit(connection) -> tuple | None:
    state = getattr(connection, _SESSION_ATTR, None)
    if state is not None and state[0] is connection.connection:
        return state
    return None


def ensure_session_timeout(connection, limit: int) -> None:
    """The connection's session runs with `limit` (one statement, only when it does not already)."""
    state = _session_limit(connection)
    if state is not None and state[1] == limit:
        return
    previous = state[2] if state is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, false)", [f"{limit}ms"]
        )
        current = cursor.fetchone()[0]
    setattr(connection, _SESSION_ATTR, (connection.connection, limit, previous if previous is not None else current))


def reset_session_timeout(connection) -> None:
    """Put back the statement_timeout the session had before the first API request on it."""
    state = _session_limit(connection)
    setattr(connection, _SESSION_ATTR, None)
    if state is None or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [state[2]])
    except DatabaseError:
        connection.close()  # a new connection starts without the limit


def api_view_limited(path: str, method: str) -> bool:
    """Whether the view at `path` sets the API limit for `method` (api_statement_timeout marks its views)."""
    from django.urls import get_urlconf

    return method.upper() in _limited_methods(get_urlconf() or settings.ROOT_URLCONF, path)


@lru_cache(maxsize=4096)
def _limited_methods(urlconf: str, path: str) -> tuple[str, ...]:
    """Resolving walks every URL pattern of the project (about a millisecond): once per path and URLconf."""
    from django.urls import Resolver404, get_resolver

    try:
        match = get_resolver(urlconf).resolve(path)
    except Resolver404:
        return ()
    return getattr(match.func, "api_statement_timeout_methods", ())


def reset_for_pages(sender, environ=None, scope=None, **kwargs) -> None:
    """request_started: a page (anything but a limited API view) runs without the API limit."""
    carrying = [c for c in connections.all(initialized_only=True) if _session_limit(c) is not None]
    if not carrying:
        return
    if environ is not None:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    else:
        path, method = (scope or {}).get("path", ""), (scope or {}).get("method", "GET")
    if api_view_limited(path, method):
        return
    for connection in carrying:
        reset_session_timeout(connection)


def api_statement_timeout(view=None, *, methods: tuple[str, ...] = ("GET", "HEAD"), error=None, single_statement=None):
    """Decorator for API views; `methods` are the HTTP methods it limits (reads by default). `error(request,
    kwargs, message)` may render the API's own error document for the 503. A view that calls a decorated
    function itself (instead of being it) says so with `api_statement_timeout_methods` (see reset_for_pages).
    `single_statement(request, *args, **kwargs)` (the view's arguments) names writes that the view stores with one statement (atomic by
    itself): they run in autocommit like reads, without BEGIN and COMMIT; a view that then writes more opens
    its own transaction (request_transaction)."""

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            limit = timeout_ms()
            # The connection this request reads from: an anonymous GET may use the replica (core/db_router.py),
            # and a transaction on the primary would pin all its reads to the primary.
            alias = read_alias()
            connection = connections[alias]
            if request.method not in methods or not limit or connection.vendor != "postgresql":
                return func(request, *args, **kwargs)
            try:
                # In tests and nested calls, and behind a transaction-pooling proxy (whose server connections
                # change between transactions): the limit in a transaction, the old value put back afterwards.
                if connection.in_atomic_block or getattr(settings, "API_STATEMENT_TIMEOUT_PER_TRANSACTION", False):
                    return _within_transaction(connection, limit, request, func, args, kwargs)
                ensure_session_timeout(connection, limit)
                if request.method in ("GET", "HEAD") or (
                    single_statement and single_statement(request, *args, **kwargs)
                ):
                    request.api_transaction_alias = None
                    return func(request, *args, **kwargs)
                # A write: in one transaction, which the view may use without a savepoint (request_transaction).
                request.api_transaction_alias = alias
                with transaction.atomic(using=alias):
                    return func(request, *args, **kwargs)
            except DatabaseError as exc:
                if is_statement_timeout(exc):
                    return timeout_response(error(request, kwargs, timeout_message()) if error else None)
                raise

        wrapper.api_statement_timeout_methods = tuple(m.upper() for m in methods)
        return wrapper

    return decorator(view) if view is not None else decorator


def _within_transaction(connection, limit, request, func, args, kwargs):
    """Inside a transaction that is already open: the limit transaction-locally (SET LOCAL), in a savepoint,
    and the previous value put back afterwards."""
    request.api_transaction_alias = None
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{limit}ms"])
        response = func(request, *args, **kwargs)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
        return response
