"""Query options of STA 1.1 (section 9.3): parsed once per request level into QueryOptions, with
nested options for $expand such as Datastreams($filter=…;$expand=Observations($top=1))."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

DEFAULT_TOP = 100
MAX_TOP = 1000  # the largest page; a larger $top is capped to it and continued by @iot.nextLink (STA 1.1, 9.3.3.3)
MAX_EXPAND_DEPTH = 4  # Things → Datastreams → Observations → FeatureOfInterest is the deepest useful chain
KNOWN = {"$top", "$skip", "$count", "$orderby", "$select", "$expand", "$filter", "$resultFormat"}


@dataclass
class QueryOptions:
    top: int = DEFAULT_TOP
    skip: int = 0
    count: bool = False
    orderby: list[tuple[str, bool]] = field(default_factory=list)  # (property path, descending)
    select: list[str] | None = None
    expand: dict[str, "QueryOptions"] = field(default_factory=dict)
    filter: str | None = None
    result_format: str | None = None
    top_given: bool = False
    requested_top: int | None = None  # $top as asked when it was larger than MAX_TOP (the rest follows by nextLink)
    raw: dict[str, str] = field(default_factory=dict)  # the options as given, for nextLinks


def split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` outside parentheses and quoted strings."""
    parts, depth, quoted, current = [], 0, False, []
    for char in text:
        if char == "'":
            quoted = not quoted  # '' inside a string toggles twice: still correct
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth < 0:
                raise ValidationError(f"Query: unbalanced parentheses in '{text}'.")
        if char == separator and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0 or quoted:
        raise ValidationError(f"Query: unbalanced parentheses or quotes in '{text}'.")
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _int(name: str, value: str, *, low: int, high: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise ValidationError(f"{name}: '{value}' is not a whole number.") from exc
    if number < low or (high is not None and number > high):
        raise ValidationError(f"{name}: must be between {low} and {high}." if high else f"{name}: must be >= {low}.")
    return number


def parse_options(params: dict[str, str], *, depth: int = 0) -> QueryOptions:
    if depth > MAX_EXPAND_DEPTH:
        raise ValidationError(f"$expand: at most {MAX_EXPAND_DEPTH} levels deep.")
    options = QueryOptions(raw={k: v for k, v in params.items() if k.startswith("$")})
    for key in params:
        if key.startswith("$") and key not in KNOWN:
            raise ValidationError(f"Query: unknown option '{key}'.")
    if "$top" in params:
        requested = _int("$top", params["$top"], low=0)
        options.top = min(requested, MAX_TOP)
        options.requested_top = requested if requested > MAX_TOP else None
        options.top_given = True
    if "$skip" in params:
        options.skip = _int("$skip", params["$skip"], low=0)
    if "$count" in params:
        value = params["$count"].strip().lower()
        if value not in {"true", "false"}:
            raise ValidationError("$count: use true or false.")
        options.count = value == "true"
    if params.get("$orderby"):
        for item in split_top(params["$orderby"], ","):
            words = item.split()
            if len(words) > 2 or (len(words) == 2 and words[1].lower() not in {"asc", "desc"}):
                raise ValidationError(f"$orderby: cannot read '{item}' (use 'property asc' or 'property desc').")
            options.orderby.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
    if "$select" in params:
        options.select = [s.strip() for s in params["$select"].split(",") if s.strip()]
        if not options.select:
            raise ValidationError("$select: name at least one property.")
    if params.get("$filter"):
        options.filter = params["$filter"]
    if params.get("$resultFormat"):
        if params["$resultFormat"] != "dataArray":
            raise ValidationError("$resultFormat: only 'dataArray' is supported.")
        options.result_format = "dataArray"
    if params.get("$expand"):
        for item in split_top(params["$expand"], ","):
            _add_expand(options, item, depth)
    return options


def _add_expand(options: QueryOptions, item: str, depth: int) -> None:
    nested_params: dict[str, str] = {}
    if "(" in item:
        if not item.endswith(")"):
            raise ValidationError(f"$expand: cannot read '{item}'.")
        head, inner = item[: item.index("(")], item[item.index("(") + 1 : -1]
        for part in split_top(inner, ";"):
            key, sep, value = part.partition("=")
            if not sep:
                raise ValidationError(f"$expand: option '{part}' needs a value.")
            nested_params[key.strip()] = value.strip()
    else:
        head = item
    path = [p for p in head.strip().split("/") if p]
    if not path:
        raise ValidationError(f"$expand: cannot read '{item}'.")
    target = options
    if depth + len(path) > MAX_EXPAND_DEPTH:
        raise ValidationError(f"$expand: at most {MAX_EXPAND_DEPTH} levels deep.")
    for name in path[:-1]:  # Datastreams/Thing is Datastreams($expand=Thing)
        target = target.expand.setdefault(name, QueryOptions())
    existing = target.expand.get(path[-1])
    nested = parse_options(nested_params, depth=depth + len(path))
    if existing is not None:
        nested.expand = {**existing.expand, **nested.expand}
    target.expand[path[-1]] = nested
