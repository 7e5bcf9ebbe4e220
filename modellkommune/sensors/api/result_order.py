"""$orderby=result over results of mixed JSON types (STA 1.1 leaves the order of mixed types to the server).

The order, the same on PostgreSQL and SQLite and documented in docs/sensors.md: numbers first (numerically),
then strings (by their text), then everything else (booleans, objects, arrays; by their JSON text), and
results without a value last - in both directions; "desc" reverses the order inside each group only."""

from django.db.models import Case, F, IntegerField, TextField, Value, When
from django.db.models.expressions import Func
from django.db.models.lookups import Exact, In

NUMBER, STRING, OTHER, MISSING = 0, 1, 2, 3


class JsonType(Func):
    """The JSON type name of a JSON column: PostgreSQL jsonb_typeof(), SQLite json_type()."""

    output_field = TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="jsonb_typeof", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="json_type", **extra)


class JsonText(Func):
    """A JSON value as text, strings without their quotes: PostgreSQL #>> '{}', SQLite json_extract(x, '$')."""

    output_field = TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s #>> '{}')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(json_extract(%(expressions)s, '$') AS TEXT)", **extra
        )


def result_order_keys(prefix: str, desc: bool) -> list:
    """Order expressions for the result of Observations (prefix: relation path up to the observation, or "")."""
    column = f"{prefix}__result" if prefix else "result"
    number = f"{prefix}__result_number" if prefix else "result_number"
    kind = JsonType(F(column))
    group = Case(
        When(**{f"{column}__isnull": True}, then=Value(MISSING)),
        When(**{f"{number}__isnull": False}, then=Value(NUMBER)),
        When(In(kind, ["string", "text"]), then=Value(STRING)),
        When(Exact(kind, "null"), then=Value(MISSING)),
        default=Value(OTHER),
        output_field=IntegerField(),
    )
    text = JsonText(F(column))
    if desc:
        return [group.asc(), F(number).desc(nulls_last=True), text.desc(nulls_last=True)]
    return [group.asc(), F(number).asc(nulls_last=True), text.asc(nulls_last=True)]
