"""The gap report proposes projects: an indicator below target links to the best practices that address it,
and the programme office turns one into a draft project in one step."""

from decimal import Decimal

import pytest
from django.urls import reverse

from modellkommune.core.models import AuditLogEntry
from modellkommune.programme.assessment import assessment_current
from modellkommune.programme.constants import ProjectStatus
from modellkommune.programme.models import BestPractice, Project
from modellkommune.programme.reporting import gap_report_markdown

from .factories import IndicatorFactory


@pytest.fixture
def gap(municipality, db):
    bp = BestPractice.objects.create(
        slug="digitaler-bauantrag",
        title="Digitaler Bauantrag",
        town="Arnsberg",
        egovernment=True,
        problem="Papier.",
        solution="Online-Antrag mit digitaler Beteiligung der Fachstellen.",
    )
    hidden = BestPractice.objects.create(
        slug="entwurf", title="Unveröffentlichtes Beispiel", town="X", problem="p", solution="s", published=False
    )
    indicator = IndicatorFactory(name="Online-Quote", manual_value=Decimal("20"), target_value=Decimal("60"), unit="%")
    indicator.best_practices.set([bp, hidden])
    reached = IndicatorFactory(name="Erreicht", manual_value=Decimal("9"), target_value=Decimal("5"))
    reached.best_practices.set([bp])
    return indicator, bp


def test_gap_lists_published_best_practices_on_page_and_report(client, gap):
    indicator, bp = gap
    html = client.get(reverse("programme:maturity")).content.decode()
    gap_section = html.split('id="gap-title"')[1].split("</section>")[0]
    assert reverse("programme:best_practice_detail", args=[bp.slug]) in gap_section
    assert "Unveröffentlichtes Beispiel" not in html
    text = gap_report_markdown(assessment_current())
    row = next(line for line in text.splitlines() if "Online-Quote" in line)
    assert "Digitaler Bauantrag (Arnsberg)" in row and "Unveröffentlicht" not in text
    assert not any("Erreicht" in line and "Bauantrag" in line for line in text.splitlines())


def test_one_click_turns_a_proposal_into_a_draft_project(staff_client, staff, gap):
    indicator, bp = gap
    html = staff_client.get(reverse("programme:backoffice")).content.decode()
    assert "Als Projektentwurf übernehmen" in html
    response = staff_client.post(
        reverse("programme:backoffice_gap_draft"), {"indicator": indicator.pk, "best_practice": bp.pk}
    )
    project = Project.objects.get(best_practices=bp)
    assert response.status_code == 302 and response["Location"] == reverse(
        "programme:backoffice_project", args=[project.slug]
    )
    assert project.status == ProjectStatus.IDEA and not project.public and project.egovernment
    assert "Online-Quote" in project.goal and "60 %" in project.goal
    assert list(indicator.measures.all()) == [project]
    assert AuditLogEntry.objects.filter(object_type="programme.project", object_id=str(project.pk), actor=staff)
    # the draft is not public
    assert client_get_status(staff_client, project) == 404
    # a second draft from the same proposal gets its own address
    staff_client.post(reverse("programme:backoffice_gap_draft"), {"indicator": indicator.pk, "best_practice": bp.pk})
    assert Project.objects.filter(best_practices=bp).count() == 2


def client_get_status(client, project) -> int:
    return client.get(reverse("programme:project_detail", args=[project.slug])).status_code


def test_bad_or_foreign_proposals_are_refused_without_a_draft(staff_client, gap):
    indicator, bp = gap
    other = BestPractice.objects.create(slug="fremd", title="Fremd", town="Y", problem="p", solution="s")
    url = reverse("programme:backoffice_gap_draft")
    for data in ({"indicator": indicator.pk, "best_practice": other.pk}, {"indicator": "x"}, {}):
        response = staff_client.post(url, data, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "nicht zugeordnet" in html or "nicht gefunden" in html
    assert not Project.objects.exists()
    assert staff_client.get(url).status_code == 405


def test_only_the_programme_office_drafts(client, citizen_client, gap):
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa

    indicator, bp = gap
    data = {"indicator": indicator.pk, "best_practice": bp.pk}
    assert citizen_client.post(reverse("programme:backoffice_gap_draft"), data).status_code in (302, 403)
    citizen_client.logout()
    login_with_mfa(client, StaffFactory(email="kaemmerei.test@iserlohn.example"))
    assert client.post(reverse("programme:backoffice_gap_draft"), data).status_code == 403
    assert not Project.objects.exists()


def test_staff_assigns_best_practices_to_an_indicator(staff_client, gap):
    indicator, bp = gap
    url = reverse("programme:backoffice_indicator", args=[indicator.pk])
    response = staff_client.post(url, {"manual_value": "20", "target_value": "60", "best_practices": []})
    assert response.status_code == 302
    assert not indicator.best_practices.exists()
    staff_client.post(url, {"manual_value": "20", "target_value": "60", "best_practices": [bp.pk]})
    assert list(indicator.best_practices.all()) == [bp]
    assert staff_client.post(url, {"best_practices": ["999999"]}).status_code == 200  # invalid choice, no 500
