import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modellkommune.egov.fim import fim_to_form_schema
from modellkommune.egov.formschema import SchemaForm, schema_check

from .conftest import PDF
from .factories import SIMPLE_SCHEMA


def test_form_has_labelled_fields_with_types_and_required():
    form = SchemaForm(schema=SIMPLE_SCHEMA)
    assert form.fields["name"].required and form.fields["name"].label == "Name"
    assert form.fields["grund"].required is False  # only conditionally required
    assert "Pflichtangabe, wenn „Art“ ist „Art B“" in form.fields["grund"].help_text
    assert [c[1] for c in form.fields["art"].choices] == ["Bitte wählen", "Art A", "Art B"]
    html = form.as_p()
    assert 'maxlength="50"' in html and 'type="file"' in html
    assert 'data-egov-if-field="art" data-egov-if-value="b"' in html  # shown by JS only when Art B is chosen


def test_conditional_field_required_only_when_condition_holds():
    ok = SchemaForm({"name": "X", "art": "a"}, schema=SIMPLE_SCHEMA)
    assert ok.is_valid(), ok.errors
    missing = SchemaForm({"name": "X", "art": "b"}, schema=SIMPLE_SCHEMA)
    assert not missing.is_valid()
    assert missing.errors["grund"] == ["Bitte füllen Sie dieses Feld aus."]
    html = str(missing["grund"])
    assert 'aria-invalid="true"' in html and "id_grund_error" in html


def test_server_side_validation_names_the_field():
    form = SchemaForm({"name": "X" * 51, "art": "c", "anzahl": "9"}, schema=SIMPLE_SCHEMA)
    assert not form.is_valid()
    assert set(form.errors) >= {"name", "art", "anzahl"}


def test_dependent_required():
    schema = {
        "type": "object",
        "properties": {
            "firma": {"type": "string", "title": "Firma"},
            "telefon": {"type": "string", "title": "Telefon"},
        },
        "dependentRequired": {"firma": ["telefon"]},
    }
    assert SchemaForm({}, schema=schema).is_valid()
    form = SchemaForm({"firma": "ACME"}, schema=schema)
    assert not form.is_valid() and "telefon" in form.errors


def test_draft_mode_accepts_incomplete_data():
    assert SchemaForm({"art": "b"}, schema=SIMPLE_SCHEMA, draft=True).is_valid()


def test_file_field_value_is_file_name():
    form = SchemaForm({"name": "X", "art": "a"}, {"nachweis": SimpleUploadedFile("a.pdf", PDF)}, schema=SIMPLE_SCHEMA)
    assert form.is_valid(), form.errors
    assert form.to_data()["nachweis"] == "a.pdf"


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "object", "properties": {"a": {"type": "object"}}}, "nicht unterstützt"),
        ({"type": "object", "properties": {"a b": {"type": "string"}}}, "Feldname"),
        ({"type": "object", "properties": {}, "required": ["x"]}, "nicht definiert"),
        ({"type": "object", "properties": {"a": {"type": "string", "maxLength": -1}}}, "ungültig"),
    ],
)
def test_schema_check_rejects_unusable_schemas(schema, message):
    with pytest.raises(ValidationError, match=message):
        schema_check(schema)


def test_fim_import_flattens_groups_and_keeps_required():
    fim = json.loads((settings.BASE_DIR / "testdata/fim/S00000092_hundesteuer.schema.json").read_text())
    schema = fim_to_form_schema(fim)
    props = schema["properties"]
    assert props["g99000001_f60000227"]["title"] == "Familienname"
    assert props["g99000001_f60000227"]["x-group"] == "Halterin oder Halter"
    assert props["g99000002_f99000004"]["format"] == "date"
    assert "g99000002_f99000005" not in schema["required"]
    assert "g99000001_f60000227" in schema["required"]
    form = SchemaForm(schema=schema)
    assert [legend for legend, _f in form.grouped_fields()][:2] == ["Halterin oder Halter", "Hund"]


def test_fim_import_refuses_non_object():
    with pytest.raises(ValidationError):
        fim_to_form_schema({"type": "string"})
