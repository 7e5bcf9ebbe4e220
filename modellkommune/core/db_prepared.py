"""Statements that run as prepared statements of the PostgreSQL session (parsed and planned once per connection).

The hot statements of the APIs (a SensorThings page, a device's POST) are long and always the same text with
other values. PostgreSQL spent more time parsing and planning them than running them: run as prepared
statements, the plan is made once per connection and reused. psycopg keeps them per connection by SQL text and
parameter types, prepares again after a rollback that dropped them, and drops them with the connection.

Django's cursors bind parameters on the client (the SQL goes as text with the values in it), which cannot be
prepared; `fetch` runs the statement through a server-binding psycopg cursor on the same connection instead,
with the connection's own adapters, so rows come back exactly as Django's cursor returns them.

Not prepared (the statement is run through Django's cursor, as any other):
- anywhere but PostgreSQL;
- while Django logs queries (tests counting statements, the debug toolbar) or an execute wrapper is installed,
  so that these see it;
- behind a transaction-pooling proxy (`API_STATEMENT_TIMEOUT_PER_TRANSACTION`), whose server sessions change
  between transactions and would not have the statement.

The OParl list pages keep their own explicit PREPARE/EXECUTE (council/api/prepared.py): their EXECUTE goes
through Django's cursor, so query logs and counts still see every page's statement, and they run in autocommit
only."""

from __future__ import annotations

from django.conf import settings
from django.db import connections

# psycopg prepares only while the connection has a threshold; Django turns preparing off (None), so it is
# switched on for the statements run here alone (their cursor asks with prepare=True; a threshold no count
# reaches keeps every other statement as it was).
_ONLY_WHEN_ASKED = 2**31 - 1


def may_prepare(connection) -> bool:
    return (
        connection.vendor == "postgresql"
        and not connection.queries_logged
        and not connection.execute_wrappers
        and not getattr(settings, "API_STATEMENT_TIMEOUT_PER_TRANSACTION", False)
    )


def fetch(sql: str, params, using: str = "default", *, one: bool = False, prepare: bool = True):
    """The rows of the statement (or its first row with `one`), as a prepared statement where it may be;
    `prepare=False` for a statement not worth preparing (one not run again with other values)."""
    connection = connections[using]
    if not (prepare and may_prepare(connection)):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if one else cursor.fetchall()
    import psycopg

    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    dbapi = connection.connection
    threshold = dbapi.prepare_threshold
    with connection.wrap_database_errors:
        try:
            if threshold is None:
                dbapi.prepare_threshold = _ONLY_WHEN_ASKED
            with psycopg.Cursor(dbapi) as cursor:
                cursor.execute(sql, params, prepare=True)
                return cursor.fetchone() if one else cursor.fetchall()
        finally:
            dbapi.prepare_threshold = threshold
