"""The partner register is kept on back-office pages (formerly only in the Django admin)."""

from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import AuditLogEntry
from modellkommune.programme.constants import PartnerKind
from modellkommune.programme.models import Partner

DATA = {
    "name": "Fachhochschule Südwestfalen",
    "kind": PartnerKind.RESEARCH,
    "city": "Iserlohn",
    "website": "https://www.fh-swf.de/",
    "description": "Begleitforschung Sensorik",
    "contact_name": "Prof. Beispiel",
    "contact_email": "beispiel@fh-swf.example",
}


def test_office_adds_and_edits_a_partner_with_audit(municipality, staff_client, staff):
    overview = staff_client.get(reverse("programme:backoffice")).content.decode()
    assert reverse("programme:backoffice_partner_create") in overview and "/admin/" not in overview

    response = staff_client.post(reverse("programme:backoffice_partner_create"), DATA)
    assert response.status_code == 302
    partner = Partner.objects.get(name=DATA["name"])
    assert partner.slug == "fachhochschule-sudwestfalen"
    assert (
        reverse("programme:backoffice_partner", args=[partner.slug])
        in staff_client.get(reverse("programme:backoffice")).content.decode()
    )

    staff_client.post(reverse("programme:backoffice_partner", args=[partner.slug]), {**DATA, "city": "Hagen"})
    partner.refresh_from_db()
    assert partner.city == "Hagen"
    entries = AuditLogEntry.objects.filter(object_type="programme.partner", object_id=str(partner.pk))
    assert set(entries.values_list("action", flat=True)) == {"create", "update"}
    assert "Hagen" in str(entries.get(action="update").changes)
    public = staff_client.get(reverse("programme:partner_list")).content.decode()
    assert DATA["name"] in public


def test_bad_input_is_refused_with_a_german_message(municipality, staff_client):
    Partner.objects.create(slug="fh", name=DATA["name"], kind=PartnerKind.RESEARCH)
    response = staff_client.post(
        reverse("programme:backoffice_partner_create"), {**DATA, "name": "fachhochschule südwestfalen"}
    )
    assert response.status_code == 200 and "bereits im Register" in response.content.decode()
    response = staff_client.post(reverse("programme:backoffice_partner_create"), {**DATA, "contact_email": "kein@"})
    assert response.status_code == 200 and "E-Mail" in response.content.decode()
    assert Partner.objects.count() == 1


def test_other_departments_cannot_keep_the_register(municipality, client):
    partner = Partner.objects.create(slug="fh", name=DATA["name"], kind=PartnerKind.RESEARCH)
    login_with_mfa(client, StaffFactory(email="schule.clerk@iserlohn.example"))
    assert client.get(reverse("programme:backoffice_partner_create")).status_code == 403
    assert client.post(reverse("programme:backoffice_partner", args=[partner.slug]), DATA).status_code == 403
    partner.refresh_from_db()
    assert partner.city == ""
