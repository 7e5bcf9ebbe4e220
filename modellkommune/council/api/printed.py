"""Columns that PostgreSQL hands over already printed the way serializers.py prints them.

A list page of 100 papers carries ~800 timestamps: psycopg parsed each into a datetime, and the
serializer converted it to the current time zone and printed it again (`datetime_str`). Here the
database prints them: `to_char` in the current time zone with its offset (DST and historic offsets
such as Berlin's +00:53:28 before 1893 included), to the second, truncated like
`isoformat(timespec="seconds")`; dates as `YYYY-MM-DD`; an empty keyword list as NULL, so that nothing
needs JSON-decoding for the common case. The serializers pass strings through (`datetime_str`, `_date`).

Other databases (SQLite) and time zones without an IANA name get the plain column, and Python prints
it as before. The printed SQL depends on the current time zone, so prepared.py compiles per time zone."""

from __future__ import annotations

from django.db.models import DateField, DateTimeField, F, Func, JSONField
from django.utils import timezone

# The offset d = local time - UTC as +HH:MM, or +HH:MM:SS where it has seconds (local mean time). The
# offsets of Central Europe (and UTC) are looked up with d computed once: a third less work per value.
_DATETIME = (
    "to_char({c} AT TIME ZONE %s, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE extract(epoch FROM {d})::integer WHEN 3600 THEN '+01:00' WHEN 7200 THEN '+02:00' WHEN 0 THEN '+00:00' "
    "ELSE CASE WHEN {d} < interval '0' THEN '-' ELSE '+' END || "
    "to_char(greatest({d}, -{d}), CASE WHEN extract(second FROM {d}) = 0 THEN 'HH24:MI' ELSE 'HH24:MI:SS' END) END"
)


def zone_name() -> str | None:
    """The IANA name of the current time zone (the one PostgreSQL knows too), else None."""
    return getattr(timezone.get_current_timezone(), "key", None)


class _Printed(Func):
    """One column; the plain column wherever no vendor method prints it."""

    arity = 1

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])


class IsoDateTime(_Printed):
    """A timestamp as `datetime_str` prints it (text on PostgreSQL, a datetime elsewhere)."""

    output_field = DateTimeField()

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        zone = zone_name()
        if zone is None:
            return column, params
        offset = f"(({column} AT TIME ZONE %s) - ({column} AT TIME ZONE 'UTC'))"
        sql = _DATETIME.format(c=column, d=offset)
        # Placeholders in order: to_char's column and zone, then five offsets (column, zone, column).
        offset_params = [*params, zone, *params]
        return sql, [*params, zone, *offset_params * 5]


class IsoDate(_Printed):
    """A date as `_date` prints it (text on PostgreSQL, a date elsewhere)."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"to_char({column}, 'YYYY-MM-DD')", params


class EmptyAsNull(_Printed):
    """A JSON list column, NULL where it is empty (the serializers print `[]` and None alike: left out)."""

    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"NULLIF({column}, '[]'::jsonb)", params


# Column name -> how the database prints it; every other column is read as it is.
PRINTED = {
    "created": IsoDateTime,
    "modified": IsoDateTime,
    "start": IsoDateTime,
    "end": IsoDateTime,
    "date": IsoDate,
    "start_date": IsoDate,
    "end_date": IsoDate,
    "keyword": EmptyAsNull,
}


def columns(names: tuple[str, ...], prefix: str = "") -> list:
    """values_list() arguments for the columns `names` of the model reached by `prefix` ("file__")."""
    return [PRINTED[name](F(prefix + name)) if name in PRINTED else prefix + name for name in names]
