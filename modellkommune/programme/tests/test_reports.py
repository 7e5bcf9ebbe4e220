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


def test_quarterly_programme_report_creates_public_mitteilung(office_client, office, council_papers):
    before = council_papers.filter(paper_type="Mitteilung").count()
    response = office_client.post(reverse("programme:backoffice_quarterly"), {"quarter": "2026-Q4", "project": ""})
    assert response.status_code == 302
    mitteilungen = council_papers.filter(paper_type="Mitteilung").order_by("-id")
    assert mitteilungen.count() == before + 1
    paper = mitteilungen.first()
    assert paper.public
    assert "Quartalsbericht 4. Quartal 2026" in paper.name
    assert "Digitales Parkleitsystem Innenstadt" in paper.text
    assert paper.main_file is not None and paper.main_file.mime_type == "application/pdf"
    assert "Digitales Parkleitsystem Innenstadt" in paper.main_file.text  # the PDF has real text
    report = PublishedReport.objects.get()
    assert report.paper_reference == paper.reference and report.period == "2026-Q4"
    assert AuditLogEntry.objects.filter(object_type="programme.publishedreport", actor=office).exists()
    # the public council pages show it
    assert office_client.get(reverse("council:paper_detail", args=[paper.pk])).status_code == 200


def test_quarterly_project_report_contains_milestones_and_kpis(office_client, council_papers):
    project = Project.objects.get(slug="co2-ampeln-schulen")
    office_client.post(reverse("programme:backoffice_quarterly"), {"quarter": "2026-Q4", "project": project.pk})
    paper = council_papers.filter(paper_type="Mitteilung").order_by("-id").first()
    assert paper.name.endswith("CO₂-Ampeln in Schulen")
    assert "Alle Grundschulen ausgestattet" in paper.text  # milestone due in Q4 2026
    assert "ausgestattete Klassenräume" in paper.text  # KPI table


def test_gap_report_attached_to_existing_paper_in_one_click(office_client, council_papers):
    paper = council_papers.get(reference="V/2026/0001")
    files_before = paper.auxiliary_files.count() + (1 if paper.main_file_id else 0)
    response = office_client.post(reverse("programme:backoffice_gap_attach"), {"paper_reference": "V/2026/0001"})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.auxiliary_files.count() + (1 if paper.main_file_id else 0) == files_before + 1
    assert PublishedReport.objects.get().kind == "gap"


def test_gap_report_attach_to_unknown_paper_names_the_field(office_client, council_papers):
    response = office_client.post(
        reverse("programme:backoffice_gap_attach"), {"paper_reference": "X/1999/9999"}, follow=True
    )
    assert "Drucksachennummer: Es gibt keine öffentliche Drucksache mit dieser Nummer." in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_gap_report_as_new_mitteilung(office_client, council_papers):
    office_client.post(reverse("programme:backoffice_gap_publish"))
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


@pytest.fixture
def tiefbau_client(client, council):
    """A road-works clerk: back-office user with a second factor, but neither programme nor council office."""
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa
    from modellkommune.core.tests.factories import DepartmentFactory

    login_with_mfa(client, StaffFactory(email="tiefbau@iserlohn.example", department=DepartmentFactory(name="Tiefbau")))
    return client


BACK_OFFICE_POSTS = [
    ("backoffice_quarterly", {}, {"quarter": "2026-Q4", "project": ""}),
    ("backoffice_gap_publish", {}, {}),
    ("backoffice_gap_attach", {}, {"paper_reference": "V/2026/0001"}),
    ("backoffice_snapshot", {}, {}),
    ("backoffice_project_create", {}, {"title": "Fremdprojekt", "slug": "fremd", "goal": "x"}),
    ("backoffice_project", {"slug": "smart-parking-innenstadt"}, {"title": "Gekapert", "goal": "x"}),
    ("backoffice_bp_create", {}, {"title": "Fremdbeispiel", "town": "Menden"}),
]


@pytest.mark.parametrize("url_name,kwargs,data", BACK_OFFICE_POSTS)
def test_road_works_clerk_can_neither_edit_nor_publish(tiefbau_client, council_papers, url_name, kwargs, data):
    before = council_papers.count()
    assert tiefbau_client.get(reverse("programme:backoffice")).status_code == 403
    response = tiefbau_client.post(reverse(f"programme:{url_name}", kwargs=kwargs), data)
    assert response.status_code == 403
    assert council_papers.count() == before
    assert not PublishedReport.objects.exists()
    assert not Project.objects.filter(slug="fremd").exists()
    assert not Project.objects.filter(title="Gekapert").exists()


@pytest.mark.parametrize("url_name", ["backoffice_quarterly", "backoffice_gap_publish", "backoffice_gap_attach"])
def test_programme_office_cannot_publish_an_official_council_paper(staff_client, council_papers, url_name):
    before = council_papers.count()
    response = staff_client.post(
        reverse(f"programme:{url_name}"), {"quarter": "2026-Q4", "paper_reference": "V/2026/0001"}
    )
    assert response.status_code == 403
    assert council_papers.count() == before
    assert not PublishedReport.objects.exists()


def test_services_refuse_publication_by_anyone_but_the_council_office(staff, council_papers):
    """Also when called directly (shell, another app): programme staff and other departments are refused."""
    from django.core.exceptions import PermissionDenied

    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.council import services as council_services
    from modellkommune.programme.services import gap_report_attach, gap_report_publish, quarterly_report_publish

    paper = council_papers.get(reference="V/2026/0001")
    before = council_papers.count()
    for actor in (staff, StaffFactory(email="tiefbau2@iserlohn.example")):
        with pytest.raises(PermissionDenied):
            quarterly_report_publish(actor=actor, quarter=Quarter(2026, 4))
        with pytest.raises(PermissionDenied):
            gap_report_publish(actor=actor)
        with pytest.raises(PermissionDenied):
            gap_report_attach(actor=actor, paper=paper)
        with pytest.raises(PermissionDenied):
            council_services.paper_publish_report(title="Amtlich?", text="Nein.", actor=actor)
        with pytest.raises(PermissionDenied):
            council_services.paper_attach_file(paper=paper, name="x.pdf", content=b"%PDF-1.4", actor=actor)
    assert council_papers.count() == before
    paper.refresh_from_db()
    assert not paper.auxiliary_files.filter(name="x.pdf").exists()


def test_council_permission_given_to_a_council_member_grants_nothing(council_papers):
    """The council office is back-office staff with a second factor; the permission alone is not enough."""
    from django.contrib.auth.models import Group
    from django.core.exceptions import PermissionDenied

    from modellkommune.accounts.tests.factories import CouncilMemberFactory
    from modellkommune.council import services as council_services

    member = CouncilMemberFactory(email="mitglied.mit.recht@example.org")
    member.groups.add(Group.objects.get(name="Ratsbüro"))
    with pytest.raises(PermissionDenied):
        council_services.paper_publish_report(title="Amtlich?", text="Nein.", actor=member)


def test_programme_services_refuse_other_departments(council_papers):
    from django.core.exceptions import PermissionDenied

    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.programme.models import Milestone
    from modellkommune.programme.services import milestone_set_done, project_update

    clerk = StaffFactory(email="tiefbau3@iserlohn.example")
    project = Project.objects.get(slug="smart-parking-innenstadt")
    with pytest.raises(PermissionDenied):
        project_update(actor=clerk, project=project, title="Gekapert")
    milestone = Milestone.objects.filter(project=project, done=False).first()
    with pytest.raises(PermissionDenied):
        milestone_set_done(actor=clerk, milestone=milestone, done=True)
    project.refresh_from_db()
    milestone.refresh_from_db()
    assert project.title != "Gekapert" and not milestone.done
