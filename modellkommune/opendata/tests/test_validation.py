"""Bad input: invalid vocabulary URIs and missing mandatory properties are refused with the property named."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.core.models import AuditLogEntry
from modellkommune.opendata.constants import FileType, Licence, Theme
from modellkommune.opendata.models import Dataset
from modellkommune.opendata.services import dataset_create, dataset_update, distribution_create

pytestmark = pytest.mark.django_db

GOOD = {"title": "Parkplätze", "description": "Öffentliche Parkplätze.", "licence": Licence.CC_BY_4,
        "themes": [Theme.TRAN]}  # fmt: skip


def _create(actor, **overrides):
    return dataset_create(actor=actor, **{**GOOD, **overrides})


def test_staff_creates_a_dataset_with_the_towns_defaults(municipality, staff):
    dataset = _create(staff, keywords="Parken, Verkehr, Parken")
    assert dataset.political_geocoding_uri == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05962024"
    assert dataset.political_geocoding_level_uri == "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    assert dataset.publisher_name == municipality.official_name
    assert dataset.keywords == ["Parken", "Verkehr"]
    assert dataset.slug == "parkplatze"
    assert AuditLogEntry.objects.filter(object_type="opendata.dataset", object_id=str(dataset.pk)).exists()


def test_theme_given_as_full_uri_is_accepted(municipality, staff):
    dataset = _create(staff, themes=["http://publications.europa.eu/resource/authority/data-theme/ENVI"])
    assert dataset.themes == ["ENVI"]


@pytest.mark.parametrize(
    ("overrides", "field", "property_name"),
    [
        ({"licence": "http://creativecommons.org/licenses/by/4.0/"}, "licence", "dct:license"),
        ({"licence": ""}, "licence", "dct:license"),
        ({"themes": ["http://publications.europa.eu/resource/authority/data-theme/WEATHER"]}, "themes", "dcat:theme"),
        ({"themes": []}, "themes", "dcat:theme"),
        ({"title": "  "}, "title", "dct:title"),
        ({"description": ""}, "description", "dct:description"),
        ({"contact_email": "keine-adresse"}, "contact_email", "vcard:hasEmail"),
        ({"accrual_periodicity": "SOMETIMES"}, "accrual_periodicity", "dct:accrualPeriodicity"),
        ({"spatial_uri": "javascript:alert(1)"}, "spatial_uri", "dct:spatial"),
    ],
)
def test_bad_input_is_refused_naming_the_property(municipality, staff, overrides, field, property_name):
    with pytest.raises(ValidationError) as exc:
        _create(staff, **overrides)
    assert field in exc.value.message_dict
    assert property_name in " ".join(exc.value.message_dict[field])
    assert not Dataset.objects.exists()


def test_temporal_end_before_start_is_refused(municipality, staff):
    import datetime as dt

    with pytest.raises(ValidationError) as exc:
        _create(staff, temporal_start=dt.date(2026, 2, 1), temporal_end=dt.date(2026, 1, 1))
    assert "dct:temporal" in exc.value.message_dict["temporal_end"][0]


def test_update_with_an_invalid_licence_keeps_the_old_one(municipality, staff):
    dataset = _create(staff)
    with pytest.raises(ValidationError):
        dataset_update(dataset=dataset, actor=staff, licence="http://dcat-ap.de/def/licenses/erfunden")
    dataset.refresh_from_db()
    assert dataset.licence == Licence.CC_BY_4


def test_citizen_may_not_create_datasets(municipality):
    with pytest.raises(PermissionDenied):
        _create(UserFactory())


def test_distribution_needs_a_known_format_and_a_url_or_file(municipality, staff):
    dataset = _create(staff)
    with pytest.raises(ValidationError) as exc:
        distribution_create(dataset=dataset, actor=staff, title="Daten", format="DOCX-ODD")
    assert "dct:format" in exc.value.message_dict["format"][0]
    assert "dcat:accessURL" in exc.value.message_dict["access_url"][0]


def test_upload_is_checked_by_content(municipality, staff):
    dataset = _create(staff)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ValidationError) as exc:
        distribution_create(dataset=dataset, actor=staff, title="Daten", format=FileType.CSV, file=("daten.csv", png))
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError):
        distribution_create(
            dataset=dataset, actor=staff, title="Plan", format=FileType.PDF, file=("plan.pdf", b"a,b\n1,2\n")
        )
    dist = distribution_create(
        dataset=dataset, actor=staff, title="Daten", format=FileType.CSV, file=("d.csv", b"a,b\n1,2\n")
    )
    assert dist.download_url.endswith(f"/opendata/datensaetze/{dataset.slug}/dateien/{dist.pk}/")
    assert dist.byte_size == 8
