"""$filter: parsed by the `odata-query` package (its lexer, parser and AST), translated here into Django
Q objects against our own column names (spec.py). Geospatial functions become SQL on the geometry columns
(geo.py: PostGIS on PostgreSQL, shapely registered in SQLite)."""

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.expressions import ExpressionWrapper
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Cast,
    Ceil,
    Coalesce,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractSecond,
    ExtractYear,
    Floor,
    Length,
    Lower,
    Mod,
    Now,
    Round,
    StrIndex,
    Substr,
    Trim,
    TruncDate,
    TruncTime,
    Upper,
)
from django.db.models.lookups import (
    Contains,
    EndsWith,
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    LessThan,
    LessThanOrEqual,
    StartsWith,
)
from odata_query import ast
from odata_query import exceptions as odata_exceptions
from odata_query.grammar import ODataLexer, ODataParser

from . import geo
from .spec import SPECS, EntitySpec

# Functions STA 1.1 names (Table 25) with their argument counts.
STA_FUNCTIONS = {
    "substringof": 2, "contains": 2, "endswith": 2, "startswith": 2, "length": 1, "indexof": 2,
    "substring": (2, 3), "tolower": 1, "toupper": 1, "trim": 1, "concat": 2,
    "year": 1, "month": 1, "day": 1, "hour": 1, "minute": 1, "second": 1, "fractionalseconds": 1,
    "date": 1, "time": 1, "totaloffsetminutes": 1, "now": 0, "mindatetime": 0, "maxdatetime": 0,
    "round": 1, "floor": 1, "ceiling": 1,
    "geo.distance": 2, "geo.length": 1, "geo.intersects": 2,
    "st_equals": 2, "st_disjoint": 2, "st_touches": 2, "st_within": 2, "st_overlaps": 2,
    "st_crosses": 2, "st_intersects": 2, "st_contains": 2, "st_relate": 3,
}  # fmt: skip


# An ISO 8601 interval literal (2026-01-01T00:00:00Z/2026-01-01T02:00:00Z), as STA writes phenomenonTime, has no
# token in odata-query's lexer; it is rewritten to this internal two-argument function before lexing.
INTERVAL_CALL = "sta_interval"
_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})"
_INTERVAL = re.compile(rf"'(?:[^']|'')*'|({_DATETIME})/({_DATETIME})")


def normalize_intervals(text: str) -> str:
    def replace(match):
        if match.group(0).startswith("'"):
            return match.group(0)
        return f"{INTERVAL_CALL}({match.group(1)},{match.group(2)})"

    return _INTERVAL.sub(replace, text)


def _sta_function_call(func, args):
    """Replaces odata-query's function check with the function table of SensorThings (st_*, substringof)."""
    name = func.full_name()
    if name == INTERVAL_CALL:
        if len(args) != 2 or not all(isinstance(arg, ast.DateTime) for arg in args):
            raise ValidationError(
                "$filter: a time interval is written start/end, e.g. 2026-01-01T00:00Z/2026-01-01T02:00Z."
            )
        return ast.Call(func, args)
    expected = STA_FUNCTIONS.get(name)
    if expected is None:
        raise ValidationError(f"$filter: unknown function '{name}'.")
    low, high = expected if isinstance(expected, tuple) else (expected, expected)
    if not low <= len(args) <= high:
        raise ValidationError(f"$filter: {name}() takes {expected} argument(s), got {len(args)}.")
    return ast.Call(func, args)


# Complexity bound of one $filter: a 5,000-term "or" chain would otherwise exhaust the recursion of the
# translator (500). 400 tokens are about 100 comparisons; longer lists of values belong in "in (…)".
MAX_FILTER_TOKENS = 400


# "@iot.id" in a path (Datastream/Thing/@iot.id eq 24) is what STA clients write; odata-query's lexer has no
# "@", so it becomes "id" before lexing - outside string literals only ('a''b' is one literal).
_IOT_ID = re.compile(r"'(?:[^']|'')*'|(?<![\w.@])@iot\.id\b")


def normalize_iot_id(text: str) -> str:
    return _IOT_ID.sub(lambda m: m.group(0) if m.group(0).startswith("'") else "id", text)


def parse(text: str) -> ast._Node:
    text = normalize_intervals(normalize_iot_id(text))
    try:
        tokens = []
        for token in ODataLexer().tokenize(text):
            tokens.append(token)
            if len(tokens) > MAX_FILTER_TOKENS:
                raise ValidationError(
                    f"$filter: too complex (more than {MAX_FILTER_TOKENS} words and symbols); "
                    "split the request or use 'in (…)' for lists of values."
                )
        parser = ODataParser()
        parser._function_call = _sta_function_call  # sly's metaclass forbids subclassing the parser
        return parser.parse(iter(tokens))
    except ValidationError:
        raise
    except odata_exceptions.ODataException as exc:
        raise ValidationError(f"$filter: {exc}") from exc
    except Exception as exc:  # sly raises plain errors on garbage
        raise ValidationError(f"$filter: cannot parse '{text}'.") from exc


class FractionalSeconds(Func):
    """OData fractionalseconds(): the part of the second after the decimal point (0 ≤ x < 1), in UTC."""

    output_field = FloatField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(MOD(EXTRACT(MICROSECONDS FROM %(expressions)s)::bigint, 1000000) / 1000000.0)",
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps datetimes as text 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC; the digits after the dot are exact.
        return self.as_sql(
            compiler,
            connection,
            template="(CASE WHEN instr(%(expressions)s, '.') > 0 "
            "THEN CAST('0' || substr(%(expressions)s, instr(%(expressions)s, '.')) AS REAL) ELSE 0.0 END)",
        )

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:
            raise ValidationError("$filter: fractionalseconds() is not available on this database.")
        return super().as_sql(compiler, connection, template=template, **extra)


@dataclass
class FieldRef:
    path: str  # Django lookup path
    kind: str
    target: EntitySpec  # entity the last column belongs to
    prefix: str  # relation path up to that entity ("" = the queried entity)
    column: str
    end_path: str | None = None  # interval properties: the lookup path of the end column (NULL for an instant)


LOOKUPS = {
    ast.Eq: (Exact, "exact"),
    ast.NotEq: (Exact, "exact"),
    ast.Lt: (LessThan, "lt"),
    ast.LtE: (LessThanOrEqual, "lte"),
    ast.Gt: (GreaterThan, "gt"),
    ast.GtE: (GreaterThanOrEqual, "gte"),
}
FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


class FilterTranslator:
    def __init__(self, spec: EntitySpec, visibility=None, *, option: str = "$filter"):
        self.spec = spec
        self.option = option  # "$filter" or "$orderby": the option that error messages name
        self.many = False  # a to-many relation was followed: the caller must de-duplicate
        self.visibility = visibility  # api.visibility.Visibility of the caller; None: no restriction
        self.reached: list[tuple[str, EntitySpec]] = []  # related entities the current comparison reads

    # ---- paths ---------------------------------------------------------------------------------
    def _parts(self, node) -> list[str]:
        if isinstance(node, ast.Identifier):
            return [*node.namespace, node.name]
        if isinstance(node, ast.Attribute):
            return [*self._parts(node.owner), node.attr]
        raise ValidationError(f"{self.option}: a property path was expected.")

    def field(self, node) -> FieldRef:
        parts = self._parts(node)
        spec, path, prefix = self.spec, [], []
        for index, part in enumerate(parts):
            if part in spec.navs:
                nav = spec.navs[part]
                path.append(nav.relation)
                prefix.append(nav.relation)
                self.many = self.many or nav.many
                spec = SPECS[nav.target]
                self.reached.append(("__".join(prefix), spec))
                continue
            if part in {"id", "@iot.id"}:
                return FieldRef("__".join([*path, "id"]), "id", spec, "__".join(prefix), "id")
            prop = spec.props.get(part)
            if prop is None:
                raise ValidationError(f"{self.option}: '{part}' is not a property of {spec.singular}.")
            rest = parts[index + 1 :]
            if rest and prop.kind not in {"json", "result"}:
                raise ValidationError(f"{self.option}: '{part}' of {spec.singular} has no sub-properties.")
            column = prop.column
            end = "__".join([*path, prop.end_column]) if prop.kind == "interval" else None
            return FieldRef("__".join([*path, column, *rest]), prop.kind, spec, "__".join(prefix), column, end)
        raise ValidationError(f"{self.option}: '{'/'.join(parts)}' names an entity, not a property.")

    # ---- values --------------------------------------------------------------------------------
    def literal(self, node):
        if isinstance(node, ast.Null):
            return None
        if isinstance(node, ast.DateTime):
            value = node.py_val
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if isinstance(node, ast.Geography):
            return geo.literal(node.val)
        if isinstance(node, ast.List):
            return [self.literal(item) for item in node.val]
        if isinstance(node, ast._Literal):
            return node.py_val
        raise ValidationError("$filter: a literal value was expected.")

    def expr(self, node, *, numeric: bool = False):
        """A Django expression for a value-producing node."""
        if isinstance(node, ast.Identifier | ast.Attribute):
            ref = self.field(node)
            if ref.kind == "result" and ref.path.endswith("result"):
                return F(ref.path[: -len("result")] + "result_number")
            if ref.kind in {"json", "result"} and not ref.path.endswith(ref.column):
                # a key inside a JSON object: a number for arithmetic, else its text
                return Cast(KT(ref.path), FloatField()) if numeric else KT(ref.path)
            return F(ref.path)
        if isinstance(node, ast._Literal):
            return Value(self.literal(node))
        if isinstance(node, ast.BinOp):
            left, right = self.expr(node.left, numeric=True), self.expr(node.right, numeric=True)
            if isinstance(node.op, ast.Mod):
                return Mod(left, right)
            if isinstance(node.op, ast.Div):  # OData div on numbers is not integer division
                left = Cast(left, FloatField())
            ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
            return ExpressionWrapper(ops[type(node.op)](left, right), output_field=FloatField())
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return ExpressionWrapper(Value(0) - self.expr(node.operand, numeric=True), output_field=FloatField())
        if isinstance(node, ast.Call):
            return self.call(node)
        raise ValidationError("$filter: this expression cannot be used as a value.")

    def call(self, node: ast.Call):
        name = node.func.full_name()
        args = node.args
        utc = {"tzinfo": dt.UTC}
        one = {
            "length": Length,
            "tolower": Lower,
            "toupper": Upper,
            "trim": Trim,
            "round": Round,
            "floor": Floor,
            "ceiling": Ceil,
        }
        if name in one:
            return one[name](self.expr(args[0], numeric=name in {"round", "floor", "ceiling"}))
        dates = {
            "year": ExtractYear,
            "month": ExtractMonth,
            "day": ExtractDay,
            "hour": ExtractHour,
            "minute": ExtractMinute,
            "second": ExtractSecond,
        }
        if name in dates:
            return dates[name](self.expr(args[0]), **utc)
        if name == "fractionalseconds":
            return FractionalSeconds(self.expr(args[0]))
        if name == "date":
            return TruncDate(self.expr(args[0]), **utc)
        if name == "time":
            return TruncTime(self.expr(args[0]), **utc)
        if name == "now":
            return Now()
        if name == "mindatetime":
            return Value(dt.datetime(1, 1, 1, tzinfo=dt.UTC))
        if name == "maxdatetime":
            return Value(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC))
        if name == "totaloffsetminutes":
            return Value(0)  # all times are stored in UTC
        if name == "concat":
            return Concat(self.expr(args[0]), self.expr(args[1]))
        if name == "indexof":
            return ExpressionWrapper(StrIndex(self.expr(args[0]), self.expr(args[1])) - 1, output_field=FloatField())
        if name == "substring":
            start = ExpressionWrapper(self.expr(args[1]) + 1, output_field=FloatField())
            length = self.expr(args[2]) if len(args) == 3 else None
            return (
                Substr(self.expr(args[0]), start, length) if length is not None else Substr(self.expr(args[0]), start)
            )
        if name in {"substringof", "contains", "startswith", "endswith"}:
            return self.boolean_call(node)
        raise ValidationError(f"$filter: {name}() cannot be used here.")

    # ---- booleans ------------------------------------------------------------------------------
    def boolean_call(self, node: ast.Call):
        name = node.func.full_name()
        args = node.args
        if name == "substringof":  # STA 1.0 form: substringof('needle', haystack)
            return Contains(self.expr(args[1]), self.expr(args[0]))
        if name == "contains":
            return Contains(self.expr(args[0]), self.expr(args[1]))
        if name == "startswith":
            return StartsWith(self.expr(args[0]), self.expr(args[1]))
        if name == "endswith":
            return EndsWith(self.expr(args[0]), self.expr(args[1]))
        if name in geo.PREDICATES or name == "st_relate":
            return self.geo_predicate(name, args)
        raise ValidationError(f"$filter: {name}() does not give true or false.")

    def _geo_args(self, args) -> list:
        """The geometry arguments as SQL: exactly one location property and one geography'…' literal."""
        fields = [a for a in args if isinstance(a, ast.Identifier | ast.Attribute)]
        literals = [a for a in args if isinstance(a, ast.Geography)]
        if len(fields) != 1 or len(literals) != 1 or len(fields) + len(literals) != len(args):
            raise ValidationError("$filter: geospatial functions need one location property and one geography'…'.")
        ref = self.field(fields[0])
        if ref.kind != "geo":
            raise ValidationError(f"$filter: '{ref.column}' is not a geometry.")
        return [
            F(geo.geometry_path(ref.path)) if arg is fields[0] else geo.GeometryLiteral(self.literal(arg))
            for arg in args
        ]

    def geo_predicate(self, name: str, args) -> Q:
        if name == "st_relate":
            pattern = args[2]
            if not isinstance(pattern, ast.String):
                raise ValidationError("$filter: the third argument of st_relate() is a DE-9IM pattern in quotes.")
            a, b = self._geo_args(args[:2])
            return Q(geo.relate(a, b, pattern.py_val))
        a, b = self._geo_args(args)
        return Q(geo.predicate(name, a, b))

    def geo_compare(self, call: ast.Call, comparator, other) -> Q:
        name = call.func.full_name()
        bound = self.literal(other)
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            raise ValidationError(f"$filter: {name}() is compared with a number (metres).")
        if name == "geo.length" and isinstance(call.args[0], ast.Geography):
            # The length of a literal (istSOS4's suite asks for it): a constant, true or false for every entity.
            value = geo.LengthM(geo.GeometryLiteral(self.literal(call.args[0])))
        elif name == "geo.length":
            ref = self.field(call.args[0])
            if ref.kind != "geo":
                raise ValidationError(f"$filter: '{ref.column}' is not a geometry.")
            value = geo.LengthM(F(geo.geometry_path(ref.path)))
        else:
            a, b = self._geo_args(call.args)
            value = geo.DistanceM(a, b)
        lookup = LOOKUPS[type(comparator)][0]
        q = Q(lookup(value, Value(float(bound))))
        if name == "geo.distance" and isinstance(comparator, ast.Lt | ast.LtE):
            q = Q(geo.DWithinM(a, b, Value(float(bound)))) & q  # lets PostGIS use the index
        return ~q & Q(IsNull(value, False)) if isinstance(comparator, ast.NotEq) else q

    def compare(self, node: ast.Compare) -> Q:
        comparator, left, right = node.comparator, node.left, node.right
        if isinstance(comparator, ast.In):
            ref = self.field(left)
            return Q(**{f"{self._column_for(ref, None)}__in": self.literal(right)})
        if isinstance(left, ast._Literal) and not isinstance(right, ast._Literal):
            left, right, comparator = right, left, FLIP[type(comparator)]()
        for side, other in ((left, right), (right, left)):
            if isinstance(side, ast.Call) and side.func.full_name() in {"geo.distance", "geo.length"}:
                if side is right:
                    comparator = FLIP[type(comparator)]()
                return self.geo_compare(side, comparator, other)
        interval_q = self.interval_compare(comparator, left, right)
        if interval_q is not None:
            return interval_q
        negate = isinstance(comparator, ast.NotEq)
        if isinstance(left, ast.Call) and isinstance(right, ast.Boolean) and self._is_boolean_call(left):
            q = self.to_q(left)
            return q if right.py_val != negate else ~q
        if isinstance(left, ast.Identifier | ast.Attribute) and isinstance(right, ast._Literal):
            ref = self.field(left)
            value = self.literal(right)
            if value is None:
                q = Q(**{f"{ref.path}__isnull": True})
                return ~q if negate else q
            column = self._column_for(ref, value)
            q = Q(**{f"{column}__{LOOKUPS[type(comparator)][1]}": value})
            return ~q if negate else q
        lookup = LOOKUPS[type(comparator)][0]
        lhs, rhs = self.expr(left), self.expr(right)
        q = Q(IsNull(lhs, True)) if isinstance(right, ast.Null) else Q(lookup(lhs, rhs))
        return ~q if negate else q

    # ---- time intervals ------------------------------------------------------------------------
    def _interval(self, node):
        """(start, end, nullable start) for an interval literal or an interval-valued property; None otherwise."""
        if isinstance(node, ast.Call) and node.func.full_name() == INTERVAL_CALL:
            start, end = (self.literal(arg) for arg in node.args)
            if end < start:
                raise ValidationError("$filter: the time interval ends before it starts.")
            return Value(start), Value(end), None, None
        if isinstance(node, ast.Identifier | ast.Attribute):
            ref = self.field(node)
            if ref.kind == "interval":
                return F(ref.path), Coalesce(F(ref.end_path), F(ref.path)), ref.path, ref.end_path
        return None

    def interval_compare(self, comparator, left, right) -> Q | None:
        """Comparisons where a side is a time interval (STA 1.1 / OData leave them to the server; FROST's rules,
        written down in docs/sensors.md): an instant t is the interval [t, t]; with [s1, e1] op [s2, e2]:
        eq - an instant lies in the interval (s1 <= t <= e1), two intervals are the same interval;
        ne - the negation of eq; lt - all of the left before all of the right (e1 < s2); le - e1 <= s2;
        gt - s1 > e2; ge - s1 >= e2. An instant-valued interval property behaves exactly like an instant."""
        if isinstance(left, ast.Null) or isinstance(right, ast.Null) or isinstance(comparator, ast.In):
            return None
        left_interval, right_interval = self._interval(left), self._interval(right)
        if left_interval is None and right_interval is None:
            return None
        s1, e1, nullable1, end1 = left_interval or (self._instant(left),) * 2 + (None, None)
        s2, e2, nullable2, end2 = right_interval or (self._instant(right),) * 2 + (None, None)
        kind = type(comparator)
        if kind in {ast.Eq, ast.NotEq}:
            if left_interval is not None and right_interval is not None:
                q = Q(Exact(s1, s2)) & Q(Exact(e1, e2))
            elif nullable1 or nullable2:
                # a property against an instant t: "starts at t, or is an interval around t" - written so that
                # the indexes on the start and on the (rare) interval ends serve it, not a scan of all older rows
                start, end, t = (s1, end1, s2) if nullable1 else (s2, end2, s1)
                around = Q(IsNull(F(end), False)) & Q(LessThanOrEqual(start, t)) & Q(GreaterThanOrEqual(F(end), t))
                q = Q(Exact(start, t)) | around
            else:
                q = Q(LessThanOrEqual(s1, e2)) & Q(LessThanOrEqual(s2, e1))
            if kind is ast.Eq:
                return q
            result = ~q
            for path in (nullable1, nullable2):  # a missing validTime is "not equal" to any time (OData: null ne t)
                if path:
                    result = result | Q(**{f"{path}__isnull": True})
            return result
        # The second condition follows from the first (starts never lie after ends); it is there so that the
        # database can use the index on the start column (phenomenon_time_start) for "newer/older than" filters.
        lookups = {
            ast.Lt: (LessThan(e1, s2), LessThan(s1, s2)),
            ast.LtE: (LessThanOrEqual(e1, s2), LessThanOrEqual(s1, s2)),
            ast.Gt: (GreaterThan(s1, e2), GreaterThan(s1, s2)),
            ast.GtE: (GreaterThanOrEqual(s1, e2), GreaterThanOrEqual(s1, s2)),
        }
        exact, indexed = lookups[kind]
        return Q(exact) & Q(indexed)

    def _instant(self, node):
        if isinstance(node, ast._Literal):
            value = self.literal(node)
            if not isinstance(value, dt.datetime):
                raise ValidationError("$filter: a time interval can only be compared with a time or an interval.")
            return Value(value)
        return self.expr(node)

    def _column_for(self, ref: FieldRef, value) -> str:
        """`result` compares numerically through result_number when the literal is a number."""
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if ref.kind == "result" and ref.path.endswith("result") and numeric:
            return ref.path[: -len("result")] + "result_number"
        return ref.path

    def _is_boolean_call(self, node) -> bool:
        name = node.func.full_name()
        return name in {"substringof", "contains", "startswith", "endswith", "st_relate"} or name in geo.PREDICATES

    def to_q(self, node) -> Q:
        if isinstance(node, ast.BoolOp):
            left, right = self.to_q(node.left), self.to_q(node.right)
            return left & right if isinstance(node.op, ast.And) else left | right
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            many_before, self.many = self.many, False
            inner = self.to_q(node.operand)
            inner_many, self.many = self.many, many_before or self.many
            if inner_many:
                # "not" over to-many paths means "no related entity matches": one subquery, so that the
                # comparison and the visibility condition stay tied to the same related row (Django would
                # otherwise negate each of them in a subquery of its own).
                return ~Q(pk__in=self.spec.model.objects.filter(inner).values("pk"))
            return ~inner
        self.reached = []
        q = self.leaf_q(node)
        # Every related entity the comparison reads must be visible to the caller, in the same join; otherwise
        # "Things?$filter=Datastreams/Observations/result gt 5000" answers yes/no about internal data.
        if self.visibility is not None:
            for prefix, spec in dict(self.reached).items():
                condition = self.visibility.joined_q(spec.model, prefix)
                if condition is not None:
                    q &= condition
        return q

    def leaf_q(self, node) -> Q:
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call) and self._is_boolean_call(node):
            result = self.boolean_call(node)
            return result if isinstance(result, Q) else Q(result)
        if isinstance(node, ast.Boolean):
            return Q() if node.py_val else Q(pk__in=[])
        raise ValidationError("$filter: the expression does not give true or false.")


def apply_filter(queryset, spec: EntitySpec, text: str, *, visibility=None):
    translator = FilterTranslator(spec, visibility)
    try:
        q = translator.to_q(parse(text))
    except (KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError(f"$filter: cannot evaluate '{text[:200]}'.") from exc
    filtered = queryset.filter(q)
    if translator.many:  # joins over to-many relations repeat rows: keep each entity once
        filtered = queryset.model.objects.filter(pk__in=filtered.values("pk")).filter(pk__in=queryset.values("pk"))
    return filtered
