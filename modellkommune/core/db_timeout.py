"""A PostgreSQL `statement_timeout` for API requests (STA, OParl, Open311), so that one expensive query cannot
tie up a worker. `api_statement_timeout` wraps a view in a transaction and sets the limit with
`set_config('statement_timeout', …, true)` (the same as SET LOCAL: it ends with the transaction, so a pooled
connection never keeps it). A cancelled query answers 503 with Retry-After in JSON, never 500; the transaction
is rolled back, so nothing of the request is stored. No-op on SQLite and when API_STATEMENT_TIMEOUT_MS is 0."""

from __future__ import annotations

import json
from functools import wraps

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


def api_statement_timeout(view=None, *, methods: tuple[str, ...] = ("GET", "HEAD"), error=None):
    """Decorator for API views; `methods` are the HTTP methods it limits (reads by default). `error(request,
    kwargs, message)` may render the API's own error document for the 503."""

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
            outer = connection.in_atomic_block  # only in tests and nested calls: then put the old value back
            # The view may write in this transaction without a savepoint of its own (request_transaction()).
            request.api_transaction_alias = None if outer else alias
            try:
                with transaction.atomic(using=alias):
                    with connection.cursor() as cursor:
                        if outer:
                            cursor.execute("SELECT current_setting('statement_timeout')")
                            previous = cursor.fetchone()[0]
                        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{limit}ms"])
                    response = func(request, *args, **kwargs)
                    if outer:
                        with connection.cursor() as cursor:
                            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
                    return response
            except DatabaseError as exc:
                if is_statement_timeout(exc):
                    return timeout_response(error(request, kwargs, timeout_message()) if error else None)
                raise

        return wrapper

    return decorator(view) if view is not None else decorator
