"""Public pages, portfolio views, exports, and the back office's permission checks."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from modellkommune.core.models import AuditLogEntry, Sector
from modellkommune.programme.constants import ProjectStatus
from modellkommune.programme.models import FundingSource, Indicator, Project

from .factories import MilestoneFactory, ProjectFactory


def test_index_lists_demo_projects_with_progress_and_menu(client, programme):
    html = client.get(reverse("programme:index")).content.decode()
    assert "Digitales Parkleitsystem Innenstadt" in html
    assert "Besucherlenkung Dechenhöhle" in html
    assert 'aria-current="page"' in html
    assert "<caption>" in html and 'scope="col"' in html


def test_filters_by_sector_and_status(client, programme):
    html = client.get(reverse("programme:index"), {"sektor": "tourismus"}).content.decode()
    assert "Besucherlenkung Dechenhöhle" in html and "Digitaler Bauantrag" not in html
    html = client.get(reverse("programme:index"), {"sektor": "egovernment", "status": "running"}).content.decode()
    assert "Digitaler Bauantrag" in html and "Mängelmelder mit Open311" not in html


def test_project_page_shows_progress_partners_funding_and_council_paper(client, programme):
    html = client.get(reverse("programme:project_detail", args=["smart-parking-innenstadt"])).content.decode()
    assert "50 % der Meilensteine erreicht" in html  # 2 of 4
    assert "Fachhochschule Südwestfalen, Standort Iserlohn" in html
    assert "Landesprogramm Digitale Modellregionen NRW" in html and "70 %" in html
    assert "V/2026/0001" in html and reverse("council:paper_detail", args=[1])[:-2] in html
    assert "Parkleitsystem mit Bodensensoren" in html


def test_unknown_council_reference_is_shown_without_link(client, db):
    project = ProjectFactory()
    project.papers.create(reference="Z/2020/0042")
    html = client.get(reverse("programme:project_detail", args=[project.slug])).content.decode()
    assert "Z/2020/0042" in html and "Drucksache nicht verfügbar" in html


def test_non_public_project_is_not_readable(client, db):
    project = ProjectFactory(public=False, title="Geheimes Vorhaben")
    assert client.get(reverse("programme:project_detail", args=[project.slug])).status_code == 404
    assert "Geheimes Vorhaben" not in client.get(reverse("programme:index")).content.decode()
    assert "Geheimes Vorhaben" not in client.get(reverse("programme:export_csv")).getvalue().decode()


def test_portfolio_views_group_by_sector_and_status(client, programme):
    html = client.get(reverse("programme:by_sector")).content.decode()
    assert 'id="s-tourismus"' in html and 'id="s-egovernment"' in html
    html = client.get(reverse("programme:by_status")).content.decode()
    stopped = html.split('id="st-stopped"')[1].split("</section>")[0]
    assert "Solarbänke mit WLAN" in stopped and "Parkleitsystem" not in stopped


def test_timeline_has_svg_and_table_fallback(client, programme):
    html = client.get(reverse("programme:timeline")).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Zeitplan als Tabelle" in html
    assert "01.03.2026" in html  # start of the Parkleitsystem in the table
    assert 'x="0,' not in html  # numbers in SVG are not localised


def test_budget_overview_sums(client, db):
    a = ProjectFactory(budget=Decimal("100000"), status=ProjectStatus.RUNNING, egovernment=False)
    b = ProjectFactory(budget=Decimal("50000"), status=ProjectStatus.RUNNING, egovernment=False)
    a.sectors.set([Sector.objects.create(code="verkehr", name="Verkehr")])
    FundingSource.objects.create(project=a, name="Landesprogramm", amount=Decimal("70000"), share_percent=70)
    FundingSource.objects.create(project=b, name="Landesprogramm", amount=Decimal("35000"), share_percent=70)
    html = client.get(reverse("programme:budget")).content.decode()
    assert "Haushaltsmittel insgesamt 150.000 €, davon 105.000 €" in html
    by_source = html.split('id="b-source"')[1]
    assert "Landesprogramm</th><td>2</td><td>105.000 €" in by_source


def test_csv_export_is_streamed_and_complete(client, programme):
    response = client.get(reverse("programme:export_csv"), {"status": "running"})
    assert response.streaming
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["slug", "Titel", "Status"]
    slugs = {r[0] for r in rows[1:]}
    assert "smart-parking-innenstadt" in slugs and "solarbaenke" not in slugs
    assert len(rows) - 1 == Project.objects.filter(status="running").count()


def test_csv_export_defuses_formulas(client, db):
    ProjectFactory(title="=HYPERLINK(1)")
    content = b"".join(client.get(reverse("programme:export_csv")).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_pdf_export_and_rate_limit(client, programme):
    response = client.get(reverse("programme:export_pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    # Renders are limited per client; each change of the data makes the next request a render.
    project = Project.objects.get(slug="smart-parking-innenstadt")
    for i in range(6):
        Project.objects.filter(pk=project.pk).update(budget=1000 + i)
        last = client.get(reverse("programme:export_pdf"))
    assert last.status_code == 429 and last["Retry-After"] == "60"


def test_best_practices_and_partners(client, programme):
    html = client.get(reverse("programme:best_practice_list")).content.decode()
    assert "CO₂-Ampeln in Klassenräumen" in html and "Illustratives Beispiel" in html
    html = client.get(reverse("programme:best_practice_detail", args=["co2-ampeln-klassenraeume"])).content.decode()
    assert "CO₂-Ampeln in Schulen" in html  # the project that builds on it
    html = client.get(reverse("programme:partner_list")).content.decode()
    assert "Fachhochschule Südwestfalen, Standort Iserlohn" in html and "wissenschaftliche Begleitung" in html


def test_unified_search_finds_projects_and_best_practices(programme):
    from modellkommune.portal.search import search_all

    results = {p.key: r for p, r in search_all("Parkleitsystem")}
    assert any("Parkleitsystem" in r.title for r in results["programme"])
    results = {p.key: r for p, r in search_all("Dechenhöhle")}
    assert any(r.url == "/modellprojekte/besucherlenkung-dechenhoehle/" for r in results["programme"])


# --- back office -------------------------------------------------------------------------------


def test_citizen_cannot_edit(citizen_client, programme):
    assert citizen_client.get(reverse("programme:backoffice")).status_code == 403
    response = citizen_client.post(reverse("programme:backoffice_project_create"), {"title": "X", "goal": "Y"})
    assert response.status_code == 403
    assert not Project.objects.filter(title="X").exists()
    milestone = MilestoneFactory(done=False)
    assert citizen_client.post(reverse("programme:backoffice_milestone_toggle", args=[milestone.pk])).status_code == 403
    milestone.refresh_from_db()
    assert not milestone.done


def test_staff_creates_project_with_validation_and_audit(staff_client, staff, programme):
    url = reverse("programme:backoffice_project_create")
    response = staff_client.post(url, {"title": "Digitale Bürgerbeteiligung", "slug": "beteiligung", "goal": "Mehr"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_sectors_0"' in html and "mindestens einen Sektor" in html
    assert "<legend>Sektoren" in html
    response = staff_client.post(
        url,
        {
            "title": "Digitale Bürgerbeteiligung",
            "slug": "beteiligung",
            "goal": "Mehr Beteiligung",
            "status": "planned",
            "sectors": [Sector.objects.get(code="lebensqualitaet").pk],
            "budget": "25000",
            "public": "on",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(slug="beteiligung")
    assert project.status == "planned"
    assert AuditLogEntry.objects.filter(
        object_type="programme.project", object_id=str(project.pk), actor=staff
    ).exists()


def test_staff_cannot_take_a_reserved_slug(staff_client, programme):
    response = staff_client.post(
        reverse("programme:backoffice_project_create"),
        {"title": "Zeitplan", "slug": "zeitplan", "goal": "x", "egovernment": "on", "status": "idea", "budget": "0"},
    )
    assert "reserviert" in response.content.decode()


def test_staff_marks_milestone_and_progress_changes(staff_client, client, programme):
    project = Project.objects.get(slug="pegel-fruehwarnung")
    milestone = project.milestones.get(done=False)
    staff_client.post(reverse("programme:backoffice_milestone_toggle", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done and milestone.done_date
    html = staff_client.get(reverse("programme:project_detail", args=[project.slug])).content.decode()
    assert "100 % der Meilensteine erreicht" in html


def test_staff_enters_indicator_value(staff_client, programme):
    indicator = Indicator.objects.get(code="public-wifi")
    url = reverse("programme:backoffice_indicator", args=[indicator.pk])
    response = staff_client.post(url, {"manual_value": "-3", "target_value": "30"})
    assert "Ist-Wert" in response.content.decode() and response.status_code == 200
    staff_client.post(url, {"manual_value": "31", "target_value": "30"})
    indicator.refresh_from_db()
    assert indicator.manual_value == Decimal("31")
    html = staff_client.get(reverse("programme:maturity")).content.decode()
    wifi_row = html.split('<th scope="row">öffentliche WLAN-Hotspots')[1].split("</tr>")[0]
    assert "Ziel erreicht" in wifi_row


def test_backoffice_page_renders_for_staff(staff_client, programme):
    html = staff_client.get(reverse("programme:backoffice")).content.decode()
    assert "Digitales Parkleitsystem Innenstadt" in html and "Heutigen Stand speichern" in html
    # the programme office prepares, the council office publishes
    assert "Quartalsbericht veröffentlichen" not in html
    assert "das übernimmt das Büro des Rates" in html


def test_backoffice_page_for_the_council_office_shows_only_the_reports(office_client, programme):
    html = office_client.get(reverse("programme:backoffice")).content.decode()
    assert "Quartalsbericht veröffentlichen" in html and "An diese Drucksache anhängen" in html
    assert "Heutigen Stand speichern" not in html and "Neues Projekt anlegen" not in html


def test_demo_is_idempotent(programme):
    from modellkommune.programme import demo

    counts = (Project.objects.count(), FundingSource.objects.count(), Indicator.objects.count())
    demo.load()
    assert (Project.objects.count(), FundingSource.objects.count(), Indicator.objects.count()) == counts
    assert Project.objects.count() >= 10
    covered = set(Project.objects.values_list("sectors__code", flat=True))
    assert {s.code for s in Sector.objects.all()} <= covered


def test_staff_maintains_best_practice(staff_client, programme):
    url = reverse("programme:backoffice_bp_create")
    response = staff_client.post(url, {"title": "Digitale Sprechstunde", "town": "Menden"})
    assert response.status_code == 200 and "Lösung" in response.content.decode()
    response = staff_client.post(
        url,
        {
            "title": "Digitale Sprechstunde",
            "slug": "digitale-sprechstunde",
            "town": "Menden",
            "problem": "Lange Wege ins Rathaus.",
            "solution": "Videotermine mit dem Bürgerbüro.",
            "transferability": "high",
            "egovernment": "on",
            "published": "on",
        },
    )
    assert response.status_code == 302
    from modellkommune.programme.models import BestPractice

    assert BestPractice.objects.get(slug="digitale-sprechstunde").town == "Menden"
    assert "Digitale Sprechstunde" in staff_client.get(reverse("programme:best_practice_list")).content.decode()


def test_citizen_cannot_maintain_best_practice(citizen_client, programme):
    response = citizen_client.post(reverse("programme:backoffice_bp_create"), {"title": "X", "town": "Y"})
    assert response.status_code == 403
