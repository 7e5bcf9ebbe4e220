"""Public pages of the Mängelmelder: map and list, reporting form, confirmation, detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.parsing import parse_coordinate
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.selectors import municipality_current

from . import selectors
from .constants import CLOSED_STATUSES, OPEN_STATUSES
from .following import report_follow, report_follow_confirm, report_support, report_supported_by, report_unfollow
from .forms import FollowForm, ReportForm
from .places import location_complete, place_name, place_suggestions
from .ratelimit import client_ip, rate_limit_hit
from .services import report_confirm, report_submit


def _map_points(reports) -> list[dict]:
    """Only what the map needs; no personal data (the public selector does not even load it)."""
    return [
        {
            "id": r.pk,
            "lat": r.lat,
            "lon": r.lon,
            "category": r.category.name,
            "status": r.get_status_display(),
            "closed": r.status in CLOSED_STATUSES,
            "url": reverse("reports:detail", args=[r.pk]),
        }
        for r in reports
        if r.lat is not None
    ]


@anonymous_page_cache(apps=("core", "reports"))
def index(request):
    reports = selectors.report_list_public()
    category = request.GET.get("kategorie", "")
    state = request.GET.get("stand", "")
    if category:
        reports = reports.filter(category__code=category)
    if state == "offen":
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif state == "erledigt":
        reports = reports.filter(status__in=CLOSED_STATUSES)
    page = Paginator(reports, 25).get_page(request.GET.get("seite"))
    town = municipality_current()
    return render(
        request,
        "reports/index.html",
        {
            "page": page,
            "categories": selectors.category_list_active(),
            "selected_category": category,
            "selected_state": state,
            "map_points": _map_points(reports[:500]),
            "map_center": {"lat": town.center_lat, "lon": town.center_lon} if town else None,
        },
    )


def category_choose(request):
    return render(request, "reports/category_choose.html", {"categories": selectors.category_list_active()})


@require_http_methods(["GET", "POST"])
def report_create(request, code: str):
    category = selectors.category_get_active(code=code)
    if category is None:
        raise Http404
    duplicates = []
    if request.method == "POST":
        form = ReportForm(
            request.POST,
            request.FILES,
            category=category,
            user=request.user,
            duplicates_found="not_duplicate_shown" in request.POST,
        )
        if form.is_valid():
            data = form.cleaned_data
            lat, lon = data.get("lat"), data.get("lon")
            if lat is not None and lon is not None and not data.get("not_duplicate"):
                duplicates = [
                    (r, d)
                    for r, d in selectors.report_nearby_duplicates(category=category, lat=lat, lon=lon)
                    if r.is_public
                ]
            if duplicates:
                form = ReportForm(request.POST, category=category, user=request.user, duplicates_found=True)
                messages.info(
                    request,
                    _(
                        "In der Nähe gibt es bereits ähnliche Meldungen. Bitte prüfen Sie sie; Fotos müssen Sie erneut auswählen."
                    ),
                )
            elif rate_limit_hit(kind="ip", value=client_ip(request)) or rate_limit_hit(
                kind="email", value=data.get("email") or getattr(request.user, "email", "")
            ):
                form.add_error(None, _("Zu viele Meldungen in kurzer Zeit. Bitte versuchen Sie es später erneut."))
            else:
                lat, lon, address = location_complete(lat=lat, lon=lon, address=data.get("address", ""))
                try:
                    report = report_submit(
                        category=category,
                        description=data["description"],
                        lat=lat,
                        lon=lon,
                        address=address,
                        email=data.get("email", ""),
                        user=request.user if request.user.is_authenticated else None,
                        photos=[f.read() for f in data.get("photos") or []],
                        attributes=form.attributes(),
                    )
                except ValidationError as exc:
                    _errors_to_form(form, exc)
                else:
                    # Post/redirect/get: reloading the thank-you page never sends the report again.
                    return redirect(reverse("reports:track", args=[report.token]) + "?neu=1")
    else:
        form = ReportForm(category=category, user=request.user)
    town = municipality_current()
    return render(
        request,
        "reports/report_form.html",
        {
            "form": form,
            "category": category,
            "duplicates": duplicates,
            "map_center": {"lat": town.center_lat, "lon": town.center_lon} if town else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _errors_to_form(form, exc: ValidationError) -> None:
    mapping = {"lon": "lat"}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = mapping.get(field, field)
            if name.startswith("attribute["):
                name = "attr_" + name[len("attribute[") : -1]
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
def report_confirm_view(request, signed: str):
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "POST":
        try:
            report = report_confirm(signed=signed)
        except ValidationError as exc:
            return render(request, "reports/confirm.html", {"error": " ".join(exc.messages)}, status=400)
        return render(request, "reports/confirm.html", {"confirmed": report})
    return render(request, "reports/confirm.html", {})


def report_detail(request, pk: int):
    report = selectors.report_get_public(pk=pk)
    if report is None:
        raise Http404
    context = {
        "report": report,
        "map_points": _map_points([report]),
        "map_center": {"lat": report.lat, "lon": report.lon},
        "supports": report.supports.count(),
        "supported": report_supported_by(
            report=report, user=request.user, session_key=request.session.session_key or ""
        ),
        "follow_form": FollowForm(),
    }
    return render(request, "reports/detail.html", context)


SUPPORTS_PER_HOUR = 30


@require_POST
def report_support_view(request, pk: int):
    """ "Me too" on a published open report: once per account or browser session."""
    report = selectors.report_get_public(pk=pk)
    if report is None:
        raise Http404
    if rate_limit_exceeded(
        scope="reports:support", key=client_ip(request), limit=SUPPORTS_PER_HOUR, window_seconds=3600
    ):
        messages.error(request, _("Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es später erneut."))
        return redirect("reports:detail", pk=pk)
    if not request.session.session_key:
        request.session.save()
    try:
        counted = report_support(report=report, user=request.user, session_key=request.session.session_key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Danke, wir haben Ihre Unterstützung gezählt.")
            if counted
            else _("Sie haben diese Meldung schon unterstützt."),
        )
    return redirect("reports:detail", pk=pk)


@require_POST
def report_follow_view(request, pk: int):
    report = selectors.report_get_public(pk=pk)
    if report is None:
        raise Http404
    form = FollowForm(request.POST)
    if not request.user.is_authenticated and not form.is_valid():
        messages.error(request, _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
        return redirect("reports:detail", pk=pk)
    email = form.cleaned_data.get("email", "") if form.is_valid() else ""
    ip_over = rate_limit_exceeded(scope="reports:follow", key=client_ip(request), limit=20, window_seconds=3600)
    if ip_over or (
        email and rate_limit_exceeded(scope="reports:follow-email", key=email, limit=5, window_seconds=3600)
    ):
        messages.error(request, _("Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es später erneut."))
        return redirect("reports:detail", pk=pk)
    try:
        follower = report_follow(report=report, user=request.user, email=email)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Sie erhalten ab jetzt Nachrichten zum Stand dieser Meldung.")
            if follower.confirmed
            else _("Bitte bestätigen Sie Ihre E-Mail-Adresse über den Link, den wir Ihnen gesendet haben."),
        )
    return redirect("reports:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def follow_confirm(request, signed: str):
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "GET":
        return render(request, "reports/follow_link.html", {"action": "confirm"})
    try:
        follower = report_follow_confirm(token=signed)
    except ValidationError as exc:
        return render(request, "reports/follow_link.html", {"error": " ".join(exc.messages)}, status=400)
    messages.success(request, _("Danke. Sie erhalten ab jetzt Nachrichten zum Stand dieser Meldung."))
    return redirect("reports:detail", pk=follower.report_id)


@require_http_methods(["GET", "POST"])
def unfollow(request, signed: str):
    if request.method == "GET":
        return render(request, "reports/follow_link.html", {"action": "unfollow"})
    try:
        report = report_unfollow(token=signed)
    except ValidationError as exc:
        return render(request, "reports/follow_link.html", {"error": " ".join(exc.messages)}, status=400)
    messages.success(request, _("Sie erhalten keine Nachrichten mehr zu dieser Meldung."))
    return redirect("reports:detail", pk=report.pk) if report.is_public else redirect("reports:index")


def report_track(request, token):
    """The reporter's private page: state and history from the moment the report is sent."""
    report = selectors.report_get_by_token(token=token)
    if report is None:
        raise Http404
    response = render(
        request,
        "reports/follow.html",
        {
            "report": report,
            "new": request.GET.get("neu") == "1",
            "map_points": _map_points([report]),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_reports(request):
    page = Paginator(selectors.report_list_for_user(user=request.user), 25).get_page(request.GET.get("seite"))
    return render(request, "reports/my_reports.html", {"page": page})


PLACES_PER_MINUTE = 60


def places(request):
    """JSON for the address field: up to six places in town for what has been typed so far."""
    if rate_limit_exceeded(scope="reports:places", key=client_ip(request), limit=PLACES_PER_MINUTE, window_seconds=60):
        return JsonResponse({"error": _("Zu viele Anfragen. Bitte warten Sie einen Moment.")}, status=429)
    query = request.GET.get("q", "").strip()[:200]
    found = place_suggestions(query=query) if len(query) >= 2 else []
    return JsonResponse({"places": [p.as_dict() for p in found]})


def place_at(request):
    """JSON for a map click or "use my location": the street name at a coordinate."""
    if rate_limit_exceeded(scope="reports:places", key=client_ip(request), limit=PLACES_PER_MINUTE, window_seconds=60):
        return JsonResponse({"error": _("Zu viele Anfragen. Bitte warten Sie einen Moment.")}, status=429)
    lat = parse_coordinate(request.GET.get("lat"), limit=90)
    lon = parse_coordinate(request.GET.get("lon"), limit=180)
    if lat is None or lon is None:
        return JsonResponse({"error": _("lat und lon werden als Koordinaten (Grad) benötigt.")}, status=400)
    return JsonResponse({"label": place_name(lat=lat, lon=lon), "lat": lat, "lon": lon})


def nearby(request, code: str):
    """JSON for the reporting form's map: published open reports of this category within 50 m."""
    category = selectors.category_get_active(code=code)
    lat = parse_coordinate(request.GET.get("lat"), limit=90)
    lon = parse_coordinate(request.GET.get("lon"), limit=180)
    if lat is None or lon is None:
        return JsonResponse({"error": _("lat und lon werden als Koordinaten (Grad) benötigt.")}, status=400)
    if category is None:
        raise Http404
    pairs = selectors.report_nearby_duplicates(category=category, lat=lat, lon=lon)
    return JsonResponse(
        {
            "reports": [
                {
                    "id": r.pk,
                    "url": reverse("reports:detail", args=[r.pk]),
                    "category": r.category.name,
                    "status": r.get_status_display(),
                    "distance_m": round(d),
                }
                for r, d in pairs
                if r.is_public
            ][:10]
        }
    )
