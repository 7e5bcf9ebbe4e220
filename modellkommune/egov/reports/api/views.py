"""Open311 GeoReport v2 endpoints (JSON and XML), read by anyone, written with an API key."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from modellkommune.core.db_timeout import api_statement_timeout
from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.selectors import municipality_current

from .. import selectors
from ..constants import CLOSED_STATUSES, OPEN_STATUSES, PHOTO_MAX_BYTES, Source
from ..models import Report
from ..ratelimit import rate_limit_hit
from ..services import api_key_touch, report_submit
from . import serializers
from .render import error, respond

MAX_RANGE = dt.timedelta(days=90)
MAX_RESULTS = 1000
# Length of the e-mail column (Django's EmailField default); validate_email allows up to 320.
EMAIL_MAX = 254
CHANGESET = "2026-11-25T00:00:00+01:00"
# lat/long/radius on GET requests: radius in metres, default and upper bound (keeps the query cheap).
RADIUS_DEFAULT_M = 1000.0
RADIUS_MAX_M = 10000.0


def _timeout_error(request, kwargs, message):
    return error(
        kwargs["fmt"],
        503,
        _(
            "Die Abfrage hat die Datenbank zu lange beschäftigt und wurde abgebrochen. Bitte fragen Sie weniger ab "
            "(kürzerer Zeitraum, weniger Kategorien) oder versuchen Sie es später erneut."
        ),
    )


def open311_view(*methods: str):
    """Allowed methods, CORS for reads, jurisdiction check, JSON/XML errors instead of HTML pages."""

    def decorator(view):
        @anonymous_page_cache(apps=("core", "reports"))  # GET without api_key only (page_cache._policy)
        @csrf_exempt
        @wraps(view)
        @api_statement_timeout(error=_timeout_error)
        def wrapper(request, *args, fmt: str, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
            elif request.method not in methods and not (request.method == "HEAD" and "GET" in methods):
                response = error(fmt, 405, _("Methode %(m)s ist hier nicht erlaubt.") % {"m": request.method})
                response["Allow"] = ", ".join((*methods, "OPTIONS"))
            else:
                response = _jurisdiction_error(request, fmt) or view(request, *args, fmt=fmt, **kwargs)
            if request.method in ("GET", "HEAD", "OPTIONS"):
                response["Access-Control-Allow-Origin"] = "*"
                response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            return response

        return wrapper

    return decorator


def post_params(request) -> QueryDict:
    """Query string and form body together, the body winning per name.

    The Open311 project's own API description declares api_key and the POST parameters `in: query`,
    and clients such as the PyPI `open311` package send api_key and jurisdiction_id that way."""
    params = request.GET.copy()
    for key in request.POST:
        params.setlist(key, request.POST.getlist(key))
    return params


def _jurisdiction_error(request, fmt):
    params = post_params(request) if request.method == "POST" else request.GET
    jurisdiction = params.get("jurisdiction_id", "").strip()
    town = municipality_current()
    if jurisdiction and (town is None or jurisdiction not in (town.ags, jurisdiction_id())):
        return error(fmt, 404, _("Unbekannte jurisdiction_id: %(j)s") % {"j": jurisdiction[:50]})
    return None


def jurisdiction_id() -> str:
    return getattr(settings, "OPEN311_JURISDICTION_ID", "") or settings.SITE_URL.split("://", 1)[-1].split("/")[0]


@open311_view("GET")
def discovery(request, fmt):
    town = municipality_current()
    base = request.build_absolute_uri(reverse("reports:open311_root"))
    value = {
        "changeset": CHANGESET,
        "contact": _("%(name)s, %(email)s") % {"name": town.official_name, "email": town.email} if town else "",
        "key_service": _("API-Schlüssel erhalten Sie bei der Stadtverwaltung (%(e)s).")
        % {"e": town.email if town else ""},
        "endpoints": [
            {
                "specification": serializers.SPECIFICATION,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, root="discovery", value=value)


@open311_view("GET")
def service_list(request, fmt):
    return respond(fmt, root="services", value=[serializers.service(c) for c in selectors.category_list_active()])


@open311_view("GET")
def service_definition(request, fmt, code):
    category = selectors.category_get_active(code=code)
    if category is None:
        return error(fmt, 404, _("Unbekannter service_code: %(c)s") % {"c": code})
    return respond(fmt, root="service_definition", value=serializers.service_definition(category))


# Dates outside these years are refused before any arithmetic: adding the 90-day window or a time
# zone offset to 9999-12-31 or 0001-01-01 would overflow (a 500 instead of a 400).
W3_YEARS = (1900, 2999)


def _parse_w3(value: str) -> dt.datetime:
    """A W3C datetime (ISO 8601); ValueError for anything else, including years outside W3_YEARS."""
    parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not W3_YEARS[0] <= parsed.year <= W3_YEARS[1]:
        raise ValueError("year out of range")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _extensions(request) -> bool:
    return request.GET.get("extensions", "").lower() in ("true", "1", "yes")


def _date_error(fmt):
    return error(
        fmt,
        400,
        _("start_date/end_date: bitte im W3C-Format zwischen den Jahren %(a)s und %(b)s, z. B. 2026-11-01T00:00:00Z.")
        % {"a": W3_YEARS[0], "b": W3_YEARS[1]},
    )


def _date_window(params, fmt, *, default_recent: bool = True):
    """(start, end) from start_date/end_date, at most MAX_RANGE apart, or an error response.

    Without either date the window is the last 90 days (default_recent) or open."""
    try:
        start = _parse_w3(params["start_date"]) if params.get("start_date") else None
        end = _parse_w3(params["end_date"]) if params.get("end_date") else None
    except ValueError:
        return None, None, _date_error(fmt)
    if start and end and start > end:
        return None, None, error(fmt, 400, _("start_date liegt nach end_date."))
    if start and end and end - start > MAX_RANGE:
        return None, None, error(fmt, 400, _("Der Zeitraum darf höchstens 90 Tage umfassen."))
    if start is None and end is None:
        if not default_recent:
            return None, None, None
        start = timezone.now() - MAX_RANGE
    elif start is None:
        start = end - MAX_RANGE
    elif end is None:
        end = start + MAX_RANGE
    return start, end, None


def _finite(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _near(params, fmt):
    """(lat, lon, radius) from lat/long/radius, None when absent, or an error response."""
    lat, lon, radius = params.get("lat", ""), params.get("long", ""), params.get("radius", "")
    if not (lat or lon or radius):
        return None, None
    try:
        lat, lon = _finite(lat), _finite(lon)
        radius = _finite(radius) if radius else RADIUS_DEFAULT_M
    except ValueError:
        return None, error(fmt, 400, _("lat, long und radius müssen endliche Zahlen sein (radius in Metern)."))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or radius <= 0:
        return None, error(
            fmt, 400, _("lat muss zwischen -90 und 90, long zwischen -180 und 180, radius über 0 liegen.")
        )
    return (lat, lon, min(radius, RADIUS_MAX_M)), None


def _has_null(params) -> bool:
    return any("\x00" in value for _key, values in params.lists() for value in values)


def _requests_list(request, fmt):
    params = request.GET
    if _has_null(params):
        return error(fmt, 400, _("Ein Parameter enthält ein Nullzeichen."))
    qs = selectors.report_list_public()
    ids = _csv(params.get("service_request_id", ""))
    if ids:
        # ASCII digits only, and no more than a bigint holds: "²" or 400 digits are bad input, not a crash.
        if not all(re.fullmatch(r"[0-9]{1,18}", i) for i in ids):
            return error(fmt, 400, _("service_request_id: nur durch Kommas getrennte Nummern."))
        qs = qs.filter(pk__in=[int(i) for i in ids[:MAX_RESULTS]])
    else:
        codes = _csv(params.get("service_code", ""))
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = set(_csv(params.get("status", "").lower()))
        if statuses - {"open", "closed"}:
            return error(fmt, 400, _("status: erlaubt sind open und closed."))
        if statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.filter(status__in=CLOSED_STATUSES)
        updated_after = None
        if params.get("updated_after"):
            try:
                updated_after = _parse_w3(params["updated_after"])
            except ValueError:
                return error(fmt, 400, _("updated_after: bitte im W3C-Format, z. B. 2026-11-01T00:00:00Z."))
            # Oldest change first: a client that gets MAX_RESULTS continues from the last updated_datetime.
            qs = qs.filter(updated__gt=updated_after).order_by("updated", "id")
        # With updated_after a sync client asks for every change, also to old reports: no default window.
        start, end, problem = _date_window(params, fmt, default_recent=updated_after is None)
        if problem:
            return problem
        if start is not None:
            qs = qs.filter(requested__gte=start)
        if end is not None:
            qs = qs.filter(requested__lte=end)
    near, problem = _near(params, fmt)
    if problem:
        return problem
    reports = (
        qs[:MAX_RESULTS] if near is None else selectors.report_within(qs, lat=near[0], lon=near[1], radius_m=near[2])
    )
    absolute = request.build_absolute_uri
    extensions = _extensions(request)
    value = [serializers.service_request(r, absolute=absolute, extensions=extensions) for r in reports[:MAX_RESULTS]]
    return respond(fmt, root="service_requests", value=value)


@open311_view("GET")
def request_updates(request, fmt):
    """The servicerequestupdates extension: public status updates in a window of at most 90 days."""
    if _has_null(request.GET):
        return error(fmt, 400, _("Ein Parameter enthält ein Nullzeichen."))
    start, end, problem = _date_window(request.GET, fmt)
    if problem:
        return problem
    updates = selectors.report_update_list_public(start=start, end=end or timezone.now())[:MAX_RESULTS]
    value = [serializers.service_request_update(u) for u in updates]
    return respond(fmt, root="service_request_updates", value=value)


def _attributes_from(post) -> dict:
    values: dict = {}
    for key in post:
        if key.startswith("attribute[") and "]" in key:
            code = key[len("attribute[") : key.index("]")]
            items = post.getlist(key)
            values[code] = items if key.endswith("[]") or len(items) > 1 else items[0]
    return values


def _float(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    return float(value)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _requests_create(request, fmt):
    # Django parses only form bodies; anything else (JSON) would look like a missing api_key.
    if request.content_type not in FORM_TYPES and request.body:
        return error(
            fmt,
            415,
            _(
                "Bitte senden Sie die Parameter als application/x-www-form-urlencoded oder "
                "multipart/form-data (oder in der Query), nicht als %(t)s."
            )
            % {"t": (request.content_type or "unbekannter Typ")[:60]},
        )
    post = post_params(request)
    if _has_null(post):
        return error(fmt, 400, _("Ein Parameter enthält ein Nullzeichen."))
    key = selectors.api_key_lookup(raw=post.get("api_key", ""))
    if key is None:
        return error(fmt, 403, _("api_key fehlt oder ist ungültig."))
    email = post.get("email", "").strip()
    if rate_limit_hit(kind="api_key", value=str(key.pk)) or rate_limit_hit(kind="email", value=email[:EMAIL_MAX]):
        return error(fmt, 429, _("Zu viele Meldungen in kurzer Zeit. Bitte versuchen Sie es später erneut."))
    code = post.get("service_code", "").strip()
    if not code:
        return error(fmt, 400, _("service_code fehlt."))
    category = selectors.category_get_active(code=code)
    if category is None:
        return error(fmt, 404, _("Unbekannter service_code: %(c)s") % {"c": code[:50]})
    try:
        lat, lon = _float(post.get("lat")), _float(post.get("long"))
    except ValueError:
        return error(fmt, 400, _("lat/long müssen Zahlen sein."))
    for name, limit in (("email", EMAIL_MAX), ("device_id", 100), ("account_id", 100)):
        if len(post.get(name, "").strip()) > limit:
            return error(fmt, 400, _("%(f)s: höchstens %(n)d Zeichen.") % {"f": name, "n": limit})
    address = post.get("address_string", "")
    # We keep no master address register, so an address_id cannot be resolved; storing it as the
    # street address would publish a meaningless code. Refuse it when it is the only location given.
    if post.get("address_id", "").strip() and lat is None and lon is None and not address.strip():
        return error(
            fmt,
            400,
            _("address_id wird hier nicht unterstützt: bitte lat und long oder address_string angeben."),
        )
    if lat is None and lon is None and not address.strip():
        return error(fmt, 400, _("Ort fehlt: bitte lat und long oder address_string angeben."))
    photos = []
    upload = request.FILES.get("media")
    if upload is not None:
        if upload.size > PHOTO_MAX_BYTES:
            return error(fmt, 400, _("media: Das Foto ist zu groß."))
        photos.append(upload.read())
    try:
        report = report_submit(
            category=category,
            description=post.get("description", ""),
            lat=lat,
            lon=lon,
            address=address,
            email=email,
            first_name=post.get("first_name", ""),
            last_name=post.get("last_name", ""),
            phone=post.get("phone", ""),
            photos=photos,
            attributes=_attributes_from(post),
            source=Source.OPEN311,
            api_key=key,
            device_id=post.get("device_id", ""),
            account_id=post.get("account_id", ""),
            media_url=post.get("media_url", "").strip(),
        )
    except ValidationError as exc:
        return error(fmt, 400, _validation_text(exc))
    api_key_touch(key=key)
    value = [
        {
            "service_request_id": str(report.pk),
            "token": str(report.token),
            "service_notice": category.service_notice
            or _("Vielen Dank. Ihre Meldung wird geprüft und dann veröffentlicht."),
            "account_id": report.account_id or None,
        }
    ]
    return respond(fmt, root="service_requests", value=value, status=201)


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        field_names = {"lat": "lat/long", "photos": "media"}
        return " ".join(f"{field_names.get(f, f)}: {' '.join(m)}" for f, m in exc.message_dict.items())
    return " ".join(exc.messages)


@open311_view("GET", "POST")
def requests(request, fmt):
    if request.method == "POST":
        return _requests_create(request, fmt)
    return _requests_list(request, fmt)


@open311_view("GET")
def request_detail(request, fmt, pk):
    # ASCII digits only: "²".isdigit() is True but int("²") fails; bigint-sized at most.
    if not re.fullmatch(r"[0-9]{1,18}", pk):
        return error(fmt, 400, _("service_request_id: bitte eine Nummer aus Ziffern 0–9 angeben."))
    report = selectors.report_get_public(pk=int(pk))
    if report is None:
        return error(fmt, 404, _("Keine veröffentlichte Meldung mit der Nummer %(n)s.") % {"n": pk[:20]})
    value = [serializers.service_request(report, absolute=request.build_absolute_uri, extensions=_extensions(request))]
    return respond(fmt, root="service_requests", value=value)


@open311_view("GET")
def token_detail(request, fmt, token):
    try:
        token_uuid = uuid.UUID(token)
    except ValueError:
        token_uuid = None
    report = Report.objects.filter(token=token_uuid).only("pk", "token").first() if token_uuid else None
    if report is None:
        return error(fmt, 404, _("Unbekanntes Token."))
    return respond(
        fmt, root="service_requests", value=[{"service_request_id": str(report.pk), "token": str(report.token)}]
    )


def root(request):
    """/open311/v2/ itself: point machines and people at the discovery document."""
    from django.shortcuts import redirect

    return redirect("reports:open311_discovery", fmt="json")
