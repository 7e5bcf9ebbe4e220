"""Demo data: Bürgerbüro Iserlohn and Bürgerbüro Letmathe, four services, NRW holidays, a week of bookings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from modellkommune.core.models import Department

from .constants import BookingStatus
from .models import AppointmentService, Booking, ClosedDay, Location, OpeningHours

T = dt.time
LOCATIONS = [
    {
        "slug": "buergerbuero-iserlohn",
        "name": "Bürgerbüro Iserlohn",
        "street": "Schillerplatz 7",
        "postal_code": "58636",
        "city": "Iserlohn",
        "description": "Barrierefreier Zugang über den Eingang am Schillerplatz, Aufzug vorhanden.",
        "email": "buergerbuero@iserlohn.example",
        "phone": "02371 000-0",
        "counters": 3,
        # Mo, Di, Fr 8–12:30; Do 8–12:30 and 14–18; Mi 8–12:30 and 13:30–16; Sa 9–12
        "hours": {
            0: [(T(8), T(12, 30))],
            1: [(T(8), T(12, 30)), (T(14), T(16))],
            2: [(T(8), T(12, 30)), (T(13, 30), T(16))],
            3: [(T(8), T(12, 30)), (T(14), T(18))],
            4: [(T(8), T(12, 30))],
            5: [(T(9), T(12))],
        },
    },
    {
        "slug": "buergerbuero-letmathe",
        "name": "Bürgerbüro Letmathe",
        "street": "Von-der-Kuhlen-Straße 1",
        "postal_code": "58642",
        "city": "Iserlohn-Letmathe",
        "description": "Parkplätze hinter dem Gebäude.",
        "email": "buergerbuero.letmathe@iserlohn.example",
        "phone": "02374 000-0",
        "counters": 1,
        "hours": {0: [(T(8), T(12))], 1: [(T(8), T(12))], 3: [(T(8), T(12)), (T(14), T(17))], 4: [(T(8), T(12))]},
    },
]

SERVICES = [
    (
        "personalausweis",
        "Personalausweis beantragen",
        20,
        "99099004012000",
        "Bitte bringen Sie ein biometrisches Passfoto und Ihren alten Ausweis mit.",
    ),
    (
        "reisepass",
        "Reisepass beantragen",
        20,
        "99099002012000",
        "Bitte bringen Sie ein biometrisches Passfoto und Ihren alten Pass mit.",
    ),
    ("meldebescheinigung", "Meldebescheinigung", 10, "99115002012000", "Bitte bringen Sie Ihren Personalausweis mit."),
    (
        "fuehrungszeugnis",
        "Führungszeugnis beantragen",
        10,
        "99019001012000",
        "Bitte bringen Sie Ihren Personalausweis mit. Gebühr: 13 Euro.",
    ),
]

# Nationwide and NRW public holidays (the town hall is closed everywhere).
HOLIDAYS = [
    ("2026-10-03", "Tag der Deutschen Einheit"),
    ("2026-11-01", "Allerheiligen"),
    ("2026-12-24", "Heiligabend"),
    ("2026-12-25", "1. Weihnachtstag"),
    ("2026-12-26", "2. Weihnachtstag"),
    ("2026-12-31", "Silvester"),
    ("2027-01-01", "Neujahr"),
    ("2027-03-26", "Karfreitag"),
    ("2027-03-29", "Ostermontag"),
    ("2027-05-01", "Tag der Arbeit"),
]

PEOPLE = [
    "Anna Beispiel",
    "Bernd Muster",
    "Clara Fiktiv",
    "Deniz Probe",
    "Emil Testmann",
    "Frieda Erfunden",
    "Gökhan Modell",
    "Hanna Demo",
    "Ivo Platzhalter",
    "Jana Exempel",
    "Kai Vorlage",
    "Lea Schablone",
]


def load(*, stdout=None) -> None:
    locations = {}
    # Both counters are run by the Bürgerbüro: only its staff see the bookings (names) in the back office.
    buergerbuero = Department.objects.filter(name="Bürgerbüro").first()
    for data in LOCATIONS:
        data = dict(data, department=buergerbuero)
        hours = data.pop("hours")
        location, _created = Location.objects.update_or_create(slug=data.pop("slug"), defaults=data)
        OpeningHours.objects.filter(location=location).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(location=location, weekday=wd, start=a, end=b) for wd, ivs in hours.items() for a, b in ivs
        )
        locations[location.slug] = location
    services = []
    for order, (slug, name, minutes, leika, description) in enumerate(SERVICES):
        service, _created = AppointmentService.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "duration_minutes": minutes,
                "leika_key": leika,
                "description": description,
                "order": order,
            },
        )
        service.locations.set(locations.values())
        services.append(service)
    for date, reason in HOLIDAYS:
        ClosedDay.objects.update_or_create(location=None, date=dt.date.fromisoformat(date), defaults={"reason": reason})
    _load_bookings(locations["buergerbuero-iserlohn"], services)
    if stdout:
        stdout.write(f"appointments: {len(locations)} Standorte, {len(services)} Leistungen")


def _load_bookings(location: Location, services: list[AppointmentService]) -> None:
    """A week of fictional bookings from today on, at fixed times so re-running only moves them with the date."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    number = 0
    # Release the demo bookings' counters first: on a later day they move, and a moved booking must not
    # collide with the old position of another (unique counter/start constraint).
    Booking.objects.filter(reference__startswith="T-DEMO").update(status=BookingStatus.EXPIRED)
    for offset in range(7):
        day = today + dt.timedelta(days=offset)
        intervals = sorted((h.start, h.end) for h in location.opening_hours.all() if h.weekday == day.weekday())
        if not intervals or ClosedDay.objects.filter(date=day).exists():
            continue
        for i in range(4):
            number += 1
            service = services[number % len(services)]
            start = dt.datetime.combine(day, intervals[0][0], tzinfo=tz) + dt.timedelta(minutes=40 * i)
            reference = f"T-DEMO{number:04d}"
            booking, _created = Booking.objects.update_or_create(
                reference=reference,
                defaults={
                    "location": location,
                    "start": start,
                    "end": start + dt.timedelta(minutes=service.duration_minutes),
                    "counter": 1 + i % location.counters,
                    "status": BookingStatus.CONFIRMED if i != 3 else BookingStatus.PENDING,
                    "name": PEOPLE[number % len(PEOPLE)],
                    "email": f"buerger{number}@example.org",
                    "confirmed_at": timezone.now() if i != 3 else None,
                    "expires_at": timezone.now() + dt.timedelta(days=1) if i == 3 else None,
                },
            )
            booking.services.set([service])
