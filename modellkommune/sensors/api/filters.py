"""$filter: parsed by the `odata-query` package (its lexer, parser and AST), translated here into Django
Q objects against our own column names (spec.py). Geospatial functions become SQL on the geometry columns
(geo.py: PostGIS on PostgreSQL, shapely registered in SQLite)."""

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import ExpressionWrapper
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Cast,
    Ceil,
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


def _sta_function_call(func, args):
    """Replaces odata-query's function check with the function table of SensorThings (st_*, substringof)."""
    name = func.full_name()
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
    text = normalize_iot_id(text)
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


@dataclass
class FieldRef:
    path: str  # Django lookup path
    kind: str
    target: EntitySpec  # entity the last column belongs to
    prefix: str  # relation path up to that entity ("" = the queried entity)
    column: str


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
    def __init__(self, spec: EntitySpec, visibility=None):
        self.spec = spec
        self.many = False  # a to-many relation was followed: the caller must de-duplicate
        self.visibility = visibility  # api.visibility.Visibility of the caller; None: no restriction
        self.reached: list[tuple[str, EntitySpec]] = []  # related entities the current comparison reads

    # ---- paths ---------------------------------------------------------------------------------
    def _parts(self, node) -> list[str]:
        if isinstance(node, ast.Identifier):
            return [*node.namespace, node.name]
        if isinstance(node, ast.Attribute):
            return [*self._parts(node.owner), node.attr]
        raise ValidationError("$filter: a property path was expected.")

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
                raise ValidationError(f"$filter: '{part}' is not a property of {spec.singular}.")
            rest = parts[index + 1 :]
            if rest and prop.kind not in {"json", "result"}:
                raise ValidationError(f"$filter: '{part}' of {spec.singular} has no sub-properties.")
            column = prop.column
            return FieldRef("__".join([*path, column, *rest]), prop.kind, spec, "__".join(prefix), column)
        raise ValidationError(f"$filter: '{'/'.join(parts)}' names an entity, not a property.")

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
        if name == "geo.length":
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
