import pytest

from modellkommune.egov.appointments import demo
from modellkommune.egov.appointments.models import AppointmentService, Booking, Location

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates(municipality):
    demo.load()
    demo.load()
    assert set(Location.objects.values_list("name", flat=True)) == {"Bürgerbüro Iserlohn", "Bürgerbüro Letmathe"}
    durations = dict(AppointmentService.objects.values_list("name", "duration_minutes"))
    assert durations["Personalausweis beantragen"] == 20
    assert durations["Meldebescheinigung"] == 10
    assert Booking.objects.filter(reference__startswith="T-DEMO").exists()
    assert Booking.objects.values("reference").distinct().count() == Booking.objects.count()
