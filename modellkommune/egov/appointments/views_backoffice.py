"""Staff view of one day per location (printable), with attendance and cancellation.

Only staff of the department that runs a location see its bookings (names, phone numbers) and may
change them; administrators see every location (selectors.location_list_for_staff)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellkommune.accounts.permissions import back_office_required

from .constants import BookingStatus
from .models import Booking
from .selectors import booking_day_list, closed_day_list, location_list_for_staff
from .services import booking_cancel, booking_set_attendance

# The day view pages one day back and forth; beyond these bounds there is nothing to see and the
# date arithmetic would overflow.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)


@back_office_required
def day(request):
    locations = list(location_list_for_staff(user=request.user))
    wanted = request.GET.get("standort")
    location = next((loc for loc in locations if loc.slug == wanted), None)
    if wanted and location is None:
        raise Http404  # another department's location (or none at all): not even its name
    location = location or (locations[0] if locations else None)
    error, status = "", 200
    day = timezone.localdate()
    if request.GET.get("tag"):
        try:
            day = dt.date.fromisoformat(request.GET["tag"])
        except ValueError:
            error, status = _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 24.11.2026."), 400
        else:
            if not EARLIEST_DAY <= day <= LATEST_DAY:
                error, status = (
                    _("Bitte wählen Sie einen Tag zwischen %(a)s und %(b)s.")
                    % {"a": EARLIEST_DAY.strftime("%d.%m.%Y"), "b": LATEST_DAY.strftime("%d.%m.%Y")},
                    400,
                )
                day = timezone.localdate()
    bookings = list(booking_day_list(location=location, day=day)) if location else []
    closed = list(closed_day_list(location=location, since=day, until=day)) if location else []
    nav = {
        "prev": urlencode({"standort": location.slug, "tag": (day - dt.timedelta(days=1)).isoformat()})
        if location
        else "",
        "next": urlencode({"standort": location.slug, "tag": (day + dt.timedelta(days=1)).isoformat()})
        if location
        else "",
    }
    counts = {
        "confirmed": sum(b.status in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED) for b in bookings),
        "pending": sum(b.status == BookingStatus.PENDING for b in bookings),
    }
    return render(
        request,
        "appointments/backoffice/day.html",
        {
            "locations": locations,
            "location": location,
            "day": day,
            "bookings": bookings,
            "closed": closed,
            "nav": nav,
            "counts": counts,
            "statuses": BookingStatus,
            "error": error,
        },
        status=status,
    )


@back_office_required
@require_POST
def booking_action(request, pk: int):
    booking = get_object_or_404(
        Booking.objects.select_related("location").filter(location__in=location_list_for_staff(user=request.user)),
        pk=pk,
    )
    action = request.POST.get("action")
    try:
        if action == "cancel":
            booking_cancel(booking=booking, actor=request.user, reason=request.POST.get("reason", "")[:300])
            messages.success(
                request, _("Termin %(r)s abgesagt; die Person wird benachrichtigt.") % {"r": booking.reference}
            )
        elif action in ("attended", "no_show"):
            booking_set_attendance(booking=booking, actor=request.user, attended=action == "attended")
            messages.success(request, _("Termin %(r)s aktualisiert.") % {"r": booking.reference})
        else:
            messages.error(request, _("Unbekannte Aktion."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    query = urlencode({"standort": booking.location.slug, "tag": timezone.localtime(booking.start).date().isoformat()})
    return redirect(f"{reverse('appointments:backoffice_day')}?{query}")
