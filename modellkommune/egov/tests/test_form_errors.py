"""After a validation error the citizen keeps the chosen file and learns which format is expected."""

import io

import pytest
from django.urls import reverse

from modellkommune.egov import demo_forms
from modellkommune.egov.formschema import SchemaForm, schema_errors
from modellkommune.egov.models import Application

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _start(client, service) -> Application:
    client.post(reverse("egov:application_start", args=[service.slug]))
    return Application.objects.get(service=service)


def _pdf(name="nachweis.pdf"):
    upload = io.BytesIO(PDF)
    upload.name = name
    return upload


def test_file_is_kept_after_a_validation_error_and_need_not_be_chosen_again(client, citizen, service):
    client.force_login(citizen)
    application = _start(client, service)
    edit = reverse("egov:application_edit", args=[application.pk])
    # "Art B" requires a reason: the form comes back with an error, the PDF must not be lost.
    response = client.post(edit, {"name": "Erika", "art": "b", "nachweis": _pdf(), "action": "next"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Begründung" in html and "Bitte füllen Sie dieses Feld aus." in html
    assert "Bereits hochgeladen: nachweis.pdf" in html
    assert "ersetzen" in html
    assert list(application.files.values_list("field", "name")) == [("nachweis", "nachweis.pdf")]
    # Second try without choosing the file again: the kept file is part of the application.
    response = client.post(edit, {"name": "Erika", "art": "b", "grund": "Umzug", "action": "next"})
    assert response["Location"] == reverse("egov:application_review", args=[application.pk])
    application.refresh_from_db()
    assert application.data["nachweis"] == "nachweis.pdf"
    assert application.files.count() == 1


def test_a_bad_file_is_not_kept_and_says_why(client, citizen, service):
    client.force_login(citizen)
    application = _start(client, service)
    bad = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    bad.name = "virus.pdf"
    response = client.post(
        reverse("egov:application_edit", args=[application.pk]),
        {"name": "Erika", "art": "b", "nachweis": bad, "action": "next"},
    )
    assert response.status_code == 200
    assert "nicht das erlaubte Format" in response.content.decode()
    assert not application.files.exists()


def test_kept_file_is_replaced_by_a_new_choice(client, citizen, service):
    client.force_login(citizen)
    application = _start(client, service)
    edit = reverse("egov:application_edit", args=[application.pk])
    client.post(edit, {"name": "Erika", "art": "b", "nachweis": _pdf("alt.pdf"), "action": "next"})
    client.post(edit, {"name": "Erika", "art": "b", "grund": "x", "nachweis": _pdf("neu.pdf"), "action": "next"})
    assert list(application.files.values_list("name", flat=True)) == ["neu.pdf"]


def test_pattern_error_names_the_expected_format_with_an_example():
    errors = schema_errors(demo_forms.PARKAUSWEIS, {"kennzeichen": "MKLN77"}, draft=True)
    assert "nicht das erwartete Format" in errors["kennzeichen"]
    assert "zum Beispiel MK-AB 1234" in errors["kennzeichen"]


@pytest.mark.parametrize("plate", ["MK LN 77", "MK-LN 77", "MK-AB 1234", "MK-AB 123E"])
def test_common_plate_spellings_are_accepted(plate):
    assert "kennzeichen" not in schema_errors(demo_forms.PARKAUSWEIS, {"kennzeichen": plate}, draft=True)


def test_format_hint_is_shown_before_typing():
    form = SchemaForm(schema=demo_forms.PARKAUSWEIS)
    assert "zum Beispiel MK-AB 1234" in form.fields["kennzeichen"].help_text
    assert "02371 217-0" in form.fields["telefon"].help_text


def test_pattern_without_hint_falls_back_to_description():
    schema = {
        "type": "object",
        "properties": {"az": {"type": "string", "pattern": "^[0-9]+$", "description": "Nur Ziffern."}},
    }
    assert "Nur Ziffern." in schema_errors(schema, {"az": "x"})["az"]


def test_file_size_in_german_number_format():
    schema = {
        "type": "object",
        "properties": {
            "f": {"type": "string", "title": "F", "x-file": {"accept": ["application/pdf"], "maxBytes": 5 * 2**20}}
        },
    }
    assert "höchstens 5,0 MB" in SchemaForm(schema=schema).fields["f"].help_text
