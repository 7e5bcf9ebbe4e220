"""Public pages: choose location and services, pick a day and a time, book, confirm, manage."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.ratelimit import client_ip

from .forms import BookingForm, CancelForm, ChooseForm
from .ical import booking_ical
from .models import Booking
from .selectors import (
    bookable_until,
    booking_get_by_reference,
    day_overview,
    location_list_public,
    service_list_public,
    slot_list,
)
from .services import BookingError, booking_cancel, booking_confirm, booking_create
from .tokens import TokenInvalid, manage_token, manage_token_read

_START_FORMAT = "%Y-%m-%dT%H:%M"
OVERVIEW_DAYS = 14


def _services_from_query(request, location):
    slugs = request.GET.getlist("leistung")[:10]
    services = list(service_list_public(location=location).filter(slug__in=slugs))
    if not services or len(services) != len(set(slugs)):
        return None
    return services


def _query(services, **extra) -> str:
    return urlencode([("leistung", s.slug) for s in services] + list(extra.items()))


class BadDate(ValueError):
    """A day or time in the query that cannot be booked; the message is shown to the citizen."""


def _parse_day(value: str | None, *, latest: dt.date) -> dt.date | None:
    """A day from the query, None when absent. Days after the booking horizon are refused, so the
    date arithmetic of the day navigation cannot overflow (year 9999)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadDate(_("Bitte wählen Sie einen gültigen Tag aus der Übersicht.")) from exc
    if day > latest:
        raise BadDate(_("Termine können bis zum %(d)s gebucht werden.") % {"d": latest.strftime("%d.%m.%Y")})
    return day


def _parse_start(value: str | None, *, latest: dt.date) -> dt.datetime | None:
    try:
        start = dt.datetime.strptime(value or "", _START_FORMAT)
    except ValueError:
        return None
    if start.date() > latest:
        raise BadDate(_("Termine können bis zum %(d)s gebucht werden.") % {"d": latest.strftime("%d.%m.%Y")})
    if start.date() < timezone.localdate():
        raise BadDate(_("Dieser Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie eine freie Uhrzeit."))
    return timezone.make_aware(start)


def _bad_date(request, location, services, exc: BadDate):
    """400 with the reason and a way back to the first bookable days (WCAG 3.3.1)."""
    back = reverse("appointments:slots", args=[location.slug])
    return render(
        request,
        "appointments/bad_date.html",
        {"location": location, "message": str(exc.args[0]), "back_url": f"{back}?{_query(services)}"},
        status=400,
    )


@anonymous_page_cache(apps=("core", "egov", "appointments"))
def index(request):
    # Bound only when the form itself was submitted; links elsewhere (search, "change selection")
    # only preselect a location or services.
    if "schritt" in request.GET:
        form = ChooseForm(request.GET)
    else:
        form = ChooseForm(
            initial={"standort": request.GET.get("standort"), "leistung": request.GET.getlist("leistung")}
        )
    if form.is_bound and form.is_valid():
        location = form.cleaned_data["standort"]
        url = reverse("appointments:slots", args=[location.slug])
        return redirect(f"{url}?{_query(form.cleaned_data['leistung'])}")
    return render(request, "appointments/index.html", {"form": form, "locations": location_list_public()})


def slots(request, slug: str):
    location = get_object_or_404(location_list_public(), slug=slug)
    services = _services_from_query(request, location)
    if services is None:
        messages.error(request, _("Bitte wählen Sie Leistungen, die an diesem Standort angeboten werden."))
        return redirect(f"{reverse('appointments:index')}?{urlencode({'standort': location.slug})}")
    today, latest = timezone.localdate(), bookable_until(location=location)
    try:
        start_day = _parse_day(request.GET.get("ab"), latest=latest) or today
        day = _parse_day(request.GET.get("tag"), latest=latest)
    except BadDate as exc:
        return _bad_date(request, location, services, exc)
    start_day = max(start_day, today)
    overview = day_overview(location=location, services=services, since=start_day, days=OVERVIEW_DAYS)
    if day is None:  # first day with a free slot, so the citizen sees times straight away
        day = next((d for d, n in overview if n), start_day)
    free = slot_list(location=location, services=services, day=day)
    duration = sum(s.duration_minutes for s in services)
    context = {
        "location": location,
        "services": services,
        "duration": duration,
        "day": day,
        "slots": [(s, _query(services, beginn=timezone.localtime(s.start).strftime(_START_FORMAT))) for s in free],
        "overview": [(d, n, _query(services, tag=d.isoformat(), ab=start_day.isoformat())) for d, n in overview],
        "prev_query": _query(services, ab=(start_day - dt.timedelta(days=OVERVIEW_DAYS)).isoformat())
        if start_day > today
        else "",
        "next_query": _query(services, ab=(start_day + dt.timedelta(days=OVERVIEW_DAYS)).isoformat())
        if start_day + dt.timedelta(days=OVERVIEW_DAYS) <= latest
        else "",
    }
    return render(request, "appointments/slots.html", context)


@require_http_methods(["GET", "POST"])
def book(request, slug: str):
    location = get_object_or_404(location_list_public(), slug=slug)
    services = _services_from_query(request, location)
    try:
        start = _parse_start(request.GET.get("beginn"), latest=bookable_until(location=location))
    except BadDate as exc:
        if services is None:
            start = None
        else:
            return _bad_date(request, location, services, exc)
    if services is None or start is None:
        messages.error(request, _("Bitte wählen Sie zuerst Leistungen und eine Uhrzeit."))
        return redirect("appointments:index")
    back_url = f"{reverse('appointments:slots', args=[slug])}?{_query(services, tag=start.date().isoformat())}"
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_create(
                location=location,
                services=services,
                start=start,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            request.session["appointments_requested"] = booking.reference
            return redirect("appointments:requested")
    duration = dt.timedelta(minutes=sum(s.duration_minutes for s in services))
    return render(
        request,
        "appointments/book.html",
        {
            "form": form,
            "location": location,
            "services": services,
            "start": start,
            "end": start + duration,
            "back_url": back_url,
        },
    )


def _errors_to_form(form, exc: ValidationError) -> None:
    fields = {"name", "email", "phone"}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def requested(request):
    reference = request.session.get("appointments_requested")
    booking = booking_get_by_reference(reference=reference) if reference else None
    return render(request, "appointments/requested.html", {"booking": booking})


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button, POST confirms: mail scanners that open links must not confirm for the citizen."""
    if request.method == "POST":
        try:
            booking = booking_confirm(token=token)
        except TokenInvalid as exc:
            raise Http404 from exc
        except ValidationError as exc:
            return render(request, "appointments/confirm.html", {"error": " ".join(exc.messages)}, status=410)
        return redirect("appointments:manage", token=manage_token(booking))
    return render(request, "appointments/confirm.html", {"token": token})


def _booking_from_manage_token(token: str) -> Booking:
    try:
        reference = manage_token_read(token)
    except TokenInvalid as exc:
        raise Http404 from exc
    booking = booking_get_by_reference(reference=reference)
    if booking is None:
        raise Http404
    return booking


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    booking = _booking_from_manage_token(token)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, reason=form.cleaned_data["reason"])
        except BookingError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Ihr Termin wurde abgesagt. Sie erhalten eine Bestätigung per E-Mail."))
        return redirect("appointments:manage", token=token)
    can_cancel = booking.is_active and booking.start > timezone.now()
    return render(
        request,
        "appointments/manage.html",
        {
            "booking": booking,
            "services": booking.services.all(),
            "form": form,
            "token": token,
            "can_cancel": can_cancel,
        },
    )


def ical(request, token: str):
    booking = _booking_from_manage_token(token)
    response = HttpResponse(booking_ical(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="termin-{booking.reference}.ics"'
    return response
