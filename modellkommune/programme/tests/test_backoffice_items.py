"""Back-office pages for the parts of a project (milestones, KPIs, funding, partners, council papers):
formerly only admin inlines. Create, edit, delete with confirmation, validation, audit, permissions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from modellkommune.core.models import AuditLogEntry
from modellkommune.programme.constants import PartnerKind
from modellkommune.programme.models import (
    FundingSource,
    Milestone,
    Partner,
    ProjectKpi,
    ProjectPaper,
    ProjectPartner,
)

from .factories import KpiFactory, MilestoneFactory, ProjectFactory


@pytest.fixture
def project(municipality, db):
    return ProjectFactory(slug="parken", title="Parkleitsystem Innenstadt")


def _create(client, project, kind, data):
    return client.post(reverse("programme:backoffice_item_create", args=[project.slug, kind]), data)


def test_project_page_offers_every_part_without_the_admin(staff_client, project):
    MilestoneFactory(project=project, title="Sensoren montiert")
    html = staff_client.get(reverse("programme:backoffice_project", args=[project.slug])).content.decode()
    assert "/admin/" not in html
    for kind in ("meilensteine", "kennzahlen", "finanzierung", "partner", "drucksachen"):
        assert reverse("programme:backoffice_item_create", args=[project.slug, kind]) in html
    assert "Sensoren montiert" in html
    overview = staff_client.get(reverse("programme:backoffice")).content.decode()
    assert reverse("admin:programme_project_changelist") not in overview


def test_staff_adds_edits_and_deletes_a_milestone_with_audit(staff_client, staff, project):
    response = _create(staff_client, project, "meilensteine", {"title": "Ausschreibung", "due_date": "2026-03-01"})
    assert response.status_code == 302 and response["Location"].endswith("#meilensteine")
    milestone = Milestone.objects.get(project=project, title="Ausschreibung")
    url = reverse("programme:backoffice_item", args=[project.slug, "meilensteine", milestone.pk])
    staff_client.post(url, {"title": "Ausschreibung veröffentlicht", "due_date": "2026-03-01", "done": "on"})
    milestone.refresh_from_db()
    assert milestone.done and milestone.done_date is not None  # "erreicht am" defaults to today
    html = staff_client.get(reverse("programme:project_detail", args=[project.slug])).content.decode()
    assert "Ausschreibung veröffentlicht" in html

    delete_url = reverse("programme:backoffice_item_delete", args=[project.slug, "meilensteine", milestone.pk])
    confirm = staff_client.get(delete_url)
    assert confirm.status_code == 200 and "wirklich löschen" in confirm.content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # GET only asks
    assert staff_client.post(delete_url).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    actions = set(
        AuditLogEntry.objects.filter(object_type="programme.milestone", actor=staff).values_list("action", flat=True)
    )
    assert actions == {"create", "update", "delete"}


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"title": "", "due_date": "2026-03-01"}, "Meilenstein"),
        ({"title": "X", "due_date": "kein Datum"}, "Termin"),
        ({"title": "X", "due_date": "2026-03-01", "done_date": "2026-03-02"}, "nur für erreichte"),
        ({"title": "X", "due_date": "2026-03-01", "done": "on", "done_date": "2999-01-01"}, "Zukunft"),
    ],
)
def test_bad_milestone_input_is_a_german_form_error(staff_client, project, data, field_error):
    response = _create(staff_client, project, "meilensteine", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html and field_error in html
    assert not Milestone.objects.filter(project=project).exists()


def test_kpi_with_source_choice_appears_on_the_public_page(staff_client, project):
    response = _create(staff_client, project, "kennzahlen", {"name": "Freie Parkplätze", "source": "nonsense"})
    assert response.status_code == 200 and "Auswahl" in response.content.decode()  # unknown source rejected
    response = _create(
        staff_client,
        project,
        "kennzahlen",
        {
            "name": "Freie Parkplätze",
            "source": "manual",
            "manual_value": "120",
            "target_value": "200",
            "unit": "Plätze",
            "higher_is_better": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302
    kpi = ProjectKpi.objects.get(project=project)
    assert kpi.manual_value == Decimal("120")
    html = staff_client.get(reverse("programme:project_detail", args=[project.slug])).content.decode()
    assert "Freie Parkplätze" in html and "60 %" in html  # achievement 120/200
    too_big = _create(
        staff_client, project, "kennzahlen", {"name": "X", "source": "manual", "order": "0", "target_value": "1e20"}
    )
    assert too_big.status_code == 200


def test_funding_partner_and_paper_validation(staff_client, project):
    assert _create(staff_client, project, "finanzierung", {"name": "Land NRW", "amount": "-5"}).status_code == 200
    assert (
        _create(
            staff_client, project, "finanzierung", {"name": "Land NRW", "amount": "5000", "share_percent": "150"}
        ).status_code
        == 200
    )
    assert not FundingSource.objects.exists()
    assert (
        _create(
            staff_client, project, "finanzierung", {"name": "Land NRW", "amount": "5000", "share_percent": "50"}
        ).status_code
        == 302
    )

    partner = Partner.objects.create(slug="fh", name="Fachhochschule Südwestfalen", kind=PartnerKind.RESEARCH)
    assert _create(staff_client, project, "partner", {"partner": partner.pk, "role": "Evaluation"}).status_code == 302
    twice = _create(staff_client, project, "partner", {"partner": partner.pk, "role": "noch einmal"})
    assert twice.status_code == 200 and "bereits zugeordnet" in twice.content.decode()
    assert ProjectPartner.objects.filter(project=project).count() == 1
    assert _create(staff_client, project, "partner", {"partner": "999999", "role": "x"}).status_code == 200

    assert _create(staff_client, project, "drucksachen", {"reference": "V/2026/0001"}).status_code == 302
    again = _create(staff_client, project, "drucksachen", {"reference": " V/2026/0001 "})
    assert again.status_code == 200 and "bereits zugeordnet" in again.content.decode()
    assert ProjectPaper.objects.filter(project=project).count() == 1


def test_item_of_another_project_and_unknown_kind_are_404(staff_client, project):
    other = ProjectFactory(slug="anderes")
    kpi = KpiFactory(project=other)
    assert (
        staff_client.get(reverse("programme:backoffice_item", args=[project.slug, "kennzahlen", kpi.pk])).status_code
        == 404
    )
    assert (
        staff_client.post(
            reverse("programme:backoffice_item_delete", args=[project.slug, "kennzahlen", kpi.pk])
        ).status_code
        == 404
    )
    assert ProjectKpi.objects.filter(pk=kpi.pk).exists()
    assert (
        staff_client.get(reverse("programme:backoffice_item_create", args=[project.slug, "admin"])).status_code == 404
    )


def test_other_staff_and_citizens_cannot_touch_project_parts(client, citizen_client, project):
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa

    milestone = MilestoneFactory(project=project, due_date=dt.date(2026, 5, 1))
    delete_url = reverse("programme:backoffice_item_delete", args=[project.slug, "meilensteine", milestone.pk])
    create_url = reverse("programme:backoffice_item_create", args=[project.slug, "meilensteine"])
    assert citizen_client.post(delete_url).status_code in (302, 403)
    assert citizen_client.post(create_url, {"title": "x", "due_date": "2026-01-01"}).status_code in (302, 403)
    citizen_client.logout()
    login_with_mfa(client, StaffFactory(email="andere.abteilung@iserlohn.example"))
    assert client.post(delete_url).status_code == 403
    assert client.post(create_url, {"title": "x", "due_date": "2026-01-01"}).status_code == 403
    assert list(Milestone.objects.filter(project=project)) == [milestone]
