import pytest
from django.apps import apps
from django.core.management import call_command

from modellkommune.accounts.models import User
from modellkommune.core.models import Municipality, Sector

# Names of real people from the seed motion must never appear in demo data.
REAL_NAMES = ["Huff", "Ruhnert", "Ahrens", "Pinkwart"]


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("modellkommune.") and m._meta.label != "core.AuditLogEntry"
    }


@pytest.mark.django_db(transaction=True)
def test_demo_creates_iserlohn_and_is_idempotent(capsys):
    call_command("demo")
    town = Municipality.objects.get()
    assert (town.name, town.ags, town.district) == ("Iserlohn", "05962024", "Regierungsbezirk Arnsberg")
    assert list(Sector.objects.values_list("name", flat=True)) == [
        "Energie", "Gesundheit", "Verkehr", "Bildung", "Handel", "Sicherheit", "Tourismus", "Lebensqualität",
    ]  # fmt: skip
    assert User.objects.filter(role="staff").exists()
    assert User.objects.filter(role="council_member").count() >= 6
    first = _counts()
    out = capsys.readouterr().out
    assert "admin@iserlohn.example" in out and "Passwort" in out
    # The way in is the last thing printed, so it is on screen when `make run` starts the server.
    assert out.index("Wiederherstellungscode") > out.index("Demo-Kommune Iserlohn ist bereit.")
    assert "Step 1 - Fetching" not in out + capsys.readouterr().err  # WeasyPrint's progress stays quiet
    call_command("demo")
    second = _counts()
    # Simulated readings follow the clock: a slow run may cross a reading interval, so they may move a little.
    observations = first.pop("sensors.Observation"), second.pop("sensors.Observation")
    assert abs(observations[0] - observations[1]) <= observations[0] // 100
    assert second == first


@pytest.mark.django_db(transaction=True)
def test_demo_uses_no_real_names():
    call_command("demo")
    names = " ".join(f"{u.first_name} {u.last_name}" for u in User.objects.all())
    for real in REAL_NAMES:
        assert real not in names
