"""The iCalendar file attached to the confirmation e-mail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from .models import Booking


def booking_ical(booking: Booking) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Modellkommune//Terminvereinbarung//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"termin-{booking.reference}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    services = ", ".join(s.name for s in booking.services.all())
    event.add("summary", _("Termin %(loc)s: %(services)s") % {"loc": booking.location.name, "services": services})
    event.add("location", ", ".join(p for p in [booking.location.name, booking.location.address] if p))
    event.add(
        "description",
        _("Terminnummer: %(ref)s\nBitte bringen Sie die erforderlichen Unterlagen mit.") % {"ref": booking.reference},
    )
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Erinnerung an Ihren Termin"))
    alarm.add("trigger", dt.timedelta(hours=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()
