"""Reports to the council: quarterly reports as a public Mitteilung, the gap report attached to a paper."""

import pytest
from django.urls import reverse

from modellkommune.core.models import AuditLogEntry
from modellkommune.programme.models import Project, PublishedReport
from modellkommune.programme.reporting import Quarter


@pytest.fixture
def council_papers(programme):
    from modellkommune.council.models import Paper

    return Paper.objects


def test_quarterly_programme_report_creates_public_mitteilung(staff_client, staff, council_papers):
    before = council_papers.filter(paper_type="Mitteilung").count()
    response = staff_client.post(reverse("programme:backoffice_quarterly"), {"quarter": "2026-Q4", "project": ""})
    assert response.status_code == 302
    mitteilungen = council_papers.filter(paper_type="Mitteilung").order_by("-id")
    assert mitteilungen.count() == before + 1
    paper = mitteilungen.first()
    assert paper.public
    assert "Quartalsbericht 4. Quartal 2026" in paper.name
    assert "Smart Parking Innenstadt" in paper.text
    assert paper.main_file is not None and paper.main_file.mime_type == "application/pdf"
    assert "Smart Parking Innenstadt" in paper.main_file.text  # the PDF has real text
    report = PublishedReport.objects.get()
    assert report.paper_reference == paper.reference and report.period == "2026-Q4"
    assert AuditLogEntry.objects.filter(object_type="programme.publishedreport", actor=staff).exists()
    # the public council pages show it
    assert staff_client.get(reverse("council:paper_detail", args=[paper.pk])).status_code == 200


def test_quarterly_project_report_contains_milestones_and_kpis(staff_client, council_papers):
    project = Project.objects.get(slug="co2-ampeln-schulen")
    staff_client.post(reverse("programme:backoffice_quarterly"), {"quarter": "2026-Q4", "project": project.pk})
    paper = council_papers.filter(paper_type="Mitteilung").order_by("-id").first()
    assert paper.name.endswith("CO₂-Ampeln in Schulen")
    assert "Alle Grundschulen ausgestattet" in paper.text  # milestone due in Q4 2026
    assert "ausgestattete Klassenräume" in paper.text  # KPI table


def test_gap_report_attached_to_existing_paper_in_one_click(staff_client, council_papers):
    paper = council_papers.get(reference="V/2026/0001")
    files_before = paper.auxiliary_files.count() + (1 if paper.main_file_id else 0)
    response = staff_client.post(reverse("programme:backoffice_gap_attach"), {"paper_reference": "V/2026/0001"})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.auxiliary_files.count() + (1 if paper.main_file_id else 0) == files_before + 1
    assert PublishedReport.objects.get().kind == "gap"


def test_gap_report_attach_to_unknown_paper_names_the_field(staff_client, council_papers):
    response = staff_client.post(
        reverse("programme:backoffice_gap_attach"), {"paper_reference": "X/1999/9999"}, follow=True
    )
    assert "Drucksachennummer: Es gibt keine öffentliche Drucksache mit dieser Nummer." in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_gap_report_as_new_mitteilung(staff_client, council_papers):
    staff_client.post(reverse("programme:backoffice_gap_publish"))
    paper = council_papers.filter(paper_type="Mitteilung").order_by("-id").first()
    assert paper.name.startswith("Lückenbericht digitaler Reifegrad")
    assert "## Indikatoren unter Zielwert" in paper.text


@pytest.mark.parametrize(
    "url_name", ["backoffice_quarterly", "backoffice_gap_publish", "backoffice_gap_attach", "backoffice_snapshot"]
)
def test_citizens_cannot_publish(citizen_client, council_papers, url_name):
    before = council_papers.count()
    response = citizen_client.post(
        reverse(f"programme:{url_name}"), {"quarter": "2026-Q4", "paper_reference": "V/2026/0001"}
    )
    assert response.status_code == 403
    assert council_papers.count() == before
    assert not PublishedReport.objects.exists()


def test_anonymous_is_sent_to_login(client, council_papers):
    response = client.post(reverse("programme:backoffice_quarterly"), {"quarter": "2026-Q4"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_service_refuses_non_staff(council_papers):
    from django.core.exceptions import PermissionDenied

    from modellkommune.accounts.tests.factories import CouncilMemberFactory
    from modellkommune.programme.services import quarterly_report_publish

    with pytest.raises(PermissionDenied):
        quarterly_report_publish(actor=CouncilMemberFactory(), quarter=Quarter(2026, 4))


def test_quarter_bounds():
    q = Quarter.parse("2026-Q4")
    assert (q.start.isoformat(), q.end.isoformat()) == ("2026-10-01", "2026-12-31")
    assert Quarter(2026, 1).end.isoformat() == "2026-03-31"
    with pytest.raises(ValueError):
        Quarter.parse("2026-Q5")
