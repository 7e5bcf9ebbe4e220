import datetime as dt

import factory

from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.models import AppointmentService, Booking, Location, OpeningHours


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bürgerbüro {n}")
    slug = factory.Sequence(lambda n: f"buergerbuero-{n}")
    street = "Schillerplatz 7"
    postal_code = "58636"
    city = "Iserlohn"
    counters = 1
    slot_step_minutes = 10
    lead_time_minutes = 0
    horizon_days = 60

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """Default: Monday to Saturday 08:00–12:00."""
        if not create:
            return
        intervals = extracted if extracted is not None else {wd: [(dt.time(8), dt.time(12))] for wd in range(6)}
        for weekday, ivs in intervals.items():
            for start, end in ivs:
                OpeningHours.objects.create(location=self, weekday=weekday, start=start, end=end)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentService
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leistung {n}")
    slug = factory.Sequence(lambda n: f"leistung-{n}")
    duration_minutes = 20

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    reference = factory.Sequence(lambda n: f"T-TEST{n:04d}")
    location = factory.SubFactory(LocationFactory)
    counter = 1
    status = BookingStatus.CONFIRMED
    name = "Erika Beispiel"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
