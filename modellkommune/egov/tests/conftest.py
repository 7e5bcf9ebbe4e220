import pytest

from modellkommune.accounts.constants import Role
from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.tests.factories import DepartmentFactory
from modellkommune.egov import services

from .factories import ServiceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Bürgerbüro")


@pytest.fixture
def service(department):
    return ServiceFactory(department=department, name="Anwohnerparkausweis", slug="anwohnerparkausweis")


@pytest.fixture
def citizen(db):
    return UserFactory(email="erika@example.org", first_name="Erika", last_name="Mustermann")


@pytest.fixture
def other_citizen(db):
    return UserFactory(email="mallory@example.org", first_name="Mallory", last_name="Neugier")


@pytest.fixture
def clerk(department):
    return StaffFactory(email="clerk@iserlohn.example", department=department)


@pytest.fixture
def other_clerk(db):
    return StaffFactory(email="fremd@iserlohn.example", department=DepartmentFactory(name="Kämmerei"))


@pytest.fixture
def administrator(db):
    return StaffFactory(
        email="admin@iserlohn.example", role=Role.ADMINISTRATOR, department=DepartmentFactory(name="IT")
    )


@pytest.fixture
def staff_client(client, clerk):
    login_with_mfa(client, clerk)
    return client


@pytest.fixture
def submitted(citizen, service, django_capture_on_commit_callbacks):
    """A submitted application of the citizen, with a PDF attachment and its receipt rendered."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = services.application_draft_start(user=citizen, service=service)
    services.application_draft_save(
        user=citizen,
        application=application,
        data={"name": "Erika Mustermann", "art": "a"},
        files={"nachweis": SimpleUploadedFile("nachweis.pdf", PDF)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(user=citizen, application=application)
    application.refresh_from_db()
    return application
