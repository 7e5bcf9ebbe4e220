"""core/db_prepared.py: a statement run as a prepared statement answers exactly what Django's cursor answers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modellkommune.core import db_prepared

pytestmark = pytest.mark.django_db

SQL_PG = "SELECT %s::bigint, %s::timestamptz, %s::jsonb, %s::text, %s::int[], NULL"
WHEN = dt.datetime(2026, 12, 3, 8, 15, tzinfo=dt.UTC)


def _prepared_count() -> int:
    with connection.cursor() as cursor:
        # psycopg sends the statement with $1, $2 … for %s
        numbered = SQL_PG.replace("%s", "${}").format(*range(1, SQL_PG.count("%s") + 1))
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql AND statement = %s", [numbered])
        return cursor.fetchone()[0]


def test_rows_are_those_of_djangos_cursor():
    if connection.vendor != "postgresql":
        rows = db_prepared.fetch("SELECT %s, %s", [7, "ä"])
        assert [tuple(r) for r in rows] == [(7, "ä")]
        return
    params = [2**40, WHEN, connection.ops.adapt_json_value({"a": [1, "ü"]}, None), "Grüne Straße", [1, 2]]
    with connection.cursor() as cursor:
        cursor.execute(SQL_PG, params)
        expected = cursor.fetchall()
    assert db_prepared.fetch(SQL_PG, params) == expected
    assert db_prepared.fetch(SQL_PG, params, one=True) == expected[0]
    assert _prepared_count() == 1  # prepared once, used twice
    assert connection.connection.prepare_threshold is None  # Django's setting is left as it was


def test_not_prepared_while_queries_are_logged_or_wrapped():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements of the session are PostgreSQL's")
    params = [1, WHEN, None, "x", []]
    with CaptureQueriesContext(connection) as captured:
        db_prepared.fetch(SQL_PG, params)
    assert [q["sql"] for q in captured.captured_queries if "::timestamptz" in q["sql"]], "the log saw nothing"
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        db_prepared.fetch(SQL_PG, params)
    assert seen == [SQL_PG]
    assert _prepared_count() == 0


def test_not_prepared_behind_a_transaction_pooler(settings):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements of the session are PostgreSQL's")
    settings.API_STATEMENT_TIMEOUT_PER_TRANSACTION = True
    db_prepared.fetch(SQL_PG, [1, WHEN, None, "x", []])
    assert _prepared_count() == 0


def test_an_error_is_djangos_error_and_the_connection_goes_on():
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        db_prepared.fetch("SELECT x FROM mk_no_such_table WHERE 1 = %s", [0])
    assert db_prepared.fetch("SELECT %s", [5], one=True)[0] == 5
