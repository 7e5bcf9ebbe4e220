""" "Anmelden und Daten übermitteln" fills the application's form fields; trust levels and amounts in German."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from modellkommune.contrib.identity import IdentityResult
from modellkommune.egov import services
from modellkommune.egov.models import Application
from modellkommune.egov.templatetags.egov_format import assurance_label, euro

pytestmark = pytest.mark.django_db

PERSON_SCHEMA = {
    "type": "object",
    "properties": {
        "vorname": {"type": "string", "title": "Vorname", "maxLength": 100},
        "nachname": {"type": "string", "title": "Nachname", "maxLength": 5},
        "geburtsdatum": {"type": "string", "title": "Geburtsdatum", "format": "date"},
        "wohnort": {"type": "string", "title": "Anschrift", "x-identity": "address"},
        "anmerkung": {"type": "string", "title": "Anmerkung"},
    },
    "required": ["vorname"],
}


@pytest.fixture
def person_service(service):
    service.form_schema = PERSON_SCHEMA
    service.assurance_level = "substantial"
    service.save()
    return service


def test_demo_bundid_transmits_name_and_birth_date_into_the_draft(client, citizen, person_service):
    client.force_login(citizen)
    client.post(reverse("egov:application_start", args=[person_service.slug]))
    application = Application.objects.get(applicant=citizen)
    client.post(
        reverse("egov:application_edit", args=[application.pk]), {"anmerkung": "bitte schnell", "action": "save"}
    )
    review = reverse("egov:application_review", args=[application.pk])
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": review, "level": "substantial"})
    back = client.post(start["Location"], {"level": "substantial"})["Location"]
    page = client.get(client.get(back)["Location"]).content.decode()
    application.refresh_from_db()
    assert application.data["vorname"] == "Erika"
    assert application.data["geburtsdatum"] == "1980-01-01"
    assert application.data["anmerkung"] == "bitte schnell"  # other answers stay
    # "Mustermann" is longer than this form allows: left out rather than stored wrong
    assert "nachname" not in application.data
    assert "Aus dem Identitätsnachweis in den Antrag übernommen: Vorname, Geburtsdatum." in page
    assert "<td>Erika</td>" in page


def test_address_goes_into_the_field_marked_x_identity(citizen, person_service):
    application = Application.objects.create(service=person_service, applicant=citizen)
    result = IdentityResult(
        provider="x",
        subject="s",
        assurance_level="high",
        given_name="Erika",
        family_name="Mey",
        birth_date=dt.date(1990, 5, 17),
        address="Schillerplatz 7, 58636 Iserlohn",
    )
    filled = services.application_fill_from_identity(user=citizen, application=application, result=result)
    assert filled == ["Vorname", "Nachname", "Geburtsdatum", "Anschrift"]
    application.refresh_from_db()
    assert application.data == {
        "vorname": "Erika",
        "nachname": "Mey",
        "geburtsdatum": "1990-05-17",
        "wohnort": "Schillerplatz 7, 58636 Iserlohn",
    }


def test_someone_elses_application_is_not_filled(citizen, other_citizen, person_service):
    from django.core.exceptions import PermissionDenied

    application = Application.objects.create(service=person_service, applicant=other_citizen)
    result = IdentityResult(provider="x", subject="s", assurance_level="high", given_name="Mallory")
    with pytest.raises(PermissionDenied):
        services.application_fill_from_identity(user=citizen, application=application, result=result)
    application.refresh_from_db()
    assert application.data in ({}, None)


def test_amounts_and_trust_levels_in_german():
    assert euro(Decimal("30")) == "30,00\u00a0€"
    assert euro("1250.5") == "1.250,50\u00a0€"
    assert euro("kaputt") == ""
    assert assurance_label("substantial").startswith("substanziell")
    assert assurance_label("") == "–"


def test_fee_shown_as_german_currency_on_service_page(client, service):
    service.fee = Decimal("1250.50")
    service.save()
    html = client.get(service.get_absolute_url()).content.decode()
    assert "1.250,50\u00a0€" in html


def test_backoffice_shows_trust_level_in_german(staff_client, citizen, service):
    application = Application.objects.create(
        service=service, applicant=citizen, status="received", identity_level="substantial", reference="A-2026-000001"
    )
    html = staff_client.get(reverse("egov:backoffice_application", args=[application.pk])).content.decode()
    assert "substanziell" in html
    assert ">substantial<" not in html


def test_unpaid_fee_message_in_german_currency(citizen, service):
    from django.core.exceptions import ValidationError

    service.fee = Decimal("1250.50")
    service.save()
    application = services.application_draft_start(user=citizen, service=service)
    services.application_draft_save(user=citizen, application=application, data={"name": "E", "art": "a"})
    with pytest.raises(ValidationError) as exc:
        services.application_submit(user=citizen, application=application)
    assert "Gebühr von 1.250,50\u00a0€" in " ".join(exc.value.messages)
