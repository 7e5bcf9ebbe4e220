import pytest

from modellkommune.egov.constants import ApplicationStatus
from modellkommune.egov.models import Application, Service

pytestmark = pytest.mark.django_db


def test_demo_loads_idempotently(municipality):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.egov import demo

    accounts_demo.load()
    demo.load()
    demo.load()
    assert Service.objects.count() == 15
    assert Service.objects.filter(online=True).count() == 5
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {ApplicationStatus.IN_PROGRESS, ApplicationStatus.APPROVED, ApplicationStatus.INFO_REQUESTED} <= statuses
    assert Application.objects.filter(applicant__email="erika.mustermann@example.org").exists()
    assert Application.objects.filter(applicant__email="max.mustermann@example.org").exists()
    assert Application.objects.filter(assigned_to__email="sachbearbeitung@iserlohn.example").exists()
    # every demo form is a usable schema
    from modellkommune.egov.formschema import SchemaForm, schema_check

    for service in Service.objects.filter(online=True):
        schema_check(service.form_schema)
        assert SchemaForm(schema=service.form_schema).fields
