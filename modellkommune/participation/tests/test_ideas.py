"""Ideas for the model municipality: proposed, checked, supported once per account, turned into a draft
pilot project whose progress the idea's page then shows (accountability)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import Sector
from modellkommune.egov.models import Message
from modellkommune.participation.constants import IdeaStatus
from modellkommune.participation.models import Idea
from modellkommune.participation.services_idea import idea_moderate, idea_submit, idea_support, idea_to_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_office(municipality):
    group, _ = Group.objects.get_or_create(name="Programmbüro")
    group.permissions.add(Permission.objects.get(codename="manage_programme", content_type__app_label="programme"))
    user = StaffFactory(email="programm@iserlohn.example")
    user.groups.add(group)
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def sector(municipality):
    return Sector.objects.get(code="verkehr")


def test_from_idea_to_draft_project_and_the_page_follows_it(client, programme_office, sector):
    author = UserFactory(email="ideen@example.org", first_name="Ida", last_name="Idee")
    client.force_login(author)
    response = client.post(
        "/beteiligung/ideen/neu/",
        {"title": "Ampeln mit Restzeitanzeige", "sector": sector.pk, "description": "Für Fußgänger.", "conduct": "on"},
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.PENDING
    assert client.get(f"/beteiligung/ideen/{idea.pk}/").status_code == 200  # the author sees it
    client.logout()
    assert client.get(f"/beteiligung/ideen/{idea.pk}/").status_code == 404  # nobody else yet

    login_with_mfa(client, programme_office)
    response = client.post(
        f"/verwaltung/beteiligung/ideen/{idea.pk}/", {"action": "moderate", "decision": "publish", "answer": ""}
    )
    assert response.status_code == 302
    assert Message.objects.filter(recipient=author, subject__contains="veröffentlicht").exists()

    supporter = UserFactory(email="fan@example.org")
    client.force_login(supporter)
    client.post(f"/beteiligung/ideen/{idea.pk}/unterstuetzen/")
    client.post(f"/beteiligung/ideen/{idea.pk}/unterstuetzen/")  # counted once
    idea.refresh_from_db()
    assert idea.support_count == 1
    listing = client.get("/beteiligung/ideen/?bereich=verkehr").content.decode()
    assert "Ampeln mit Restzeitanzeige" in listing

    login_with_mfa(client, programme_office)
    response = client.post(f"/verwaltung/beteiligung/ideen/{idea.pk}/", {"action": "project"})
    assert response.status_code == 302
    idea.refresh_from_db()
    project = idea.project
    assert idea.status == IdeaStatus.SELECTED and project.status == "idea" and not project.public
    assert list(project.sectors.all()) == [sector]
    assert Message.objects.filter(recipient=supporter, subject__contains="Projektentwurf").exists()
    client.logout()
    page = client.get(f"/beteiligung/ideen/{idea.pk}/").content.decode()
    assert "als Projektentwurf" in page and project.get_status_display() in page

    from modellkommune.programme.models import Milestone

    project.public, project.status = True, "running"
    project.save()
    Milestone.objects.create(project=project, title="Erste Ampel umgerüstet", due_date="2027-03-01", done=True)
    page = client.get(f"/beteiligung/ideen/{idea.pk}/").content.decode()
    assert "Erste Ampel umgerüstet" in page and "1 von 1 Meilensteinen" in page


def test_who_may_do_what_and_bad_input(client, programme_office, sector):
    author = UserFactory(email="a@example.org")
    idea = idea_submit(user=author, title="Idee", description="Text", sector=sector)
    with pytest.raises(ValidationError):  # not published yet
        idea_support(user=UserFactory(email="b@example.org"), idea=idea)
    clerk = StaffFactory(email="tiefbau@iserlohn.example")
    for actor in (author, clerk):
        with pytest.raises(PermissionDenied):
            idea_moderate(actor=actor, idea=idea, publish=True)
    with pytest.raises(ValidationError):
        idea_to_project(actor=programme_office, idea=idea)
    idea_moderate(actor=programme_office, idea=idea, publish=True)
    with pytest.raises(ValidationError):
        idea_support(user=author, idea=idea)  # not one's own
    with pytest.raises(ValidationError):
        idea_submit(user=author, title="<b>x</b>", description="y")
    login_with_mfa(client, clerk)
    assert client.get("/verwaltung/beteiligung/ideen/").status_code == 403
    client.logout()
    assert client.get("/beteiligung/ideen/?bereich=mond&sortierung=zufall").status_code == 400
    assert client.get("/beteiligung/ideen/999999/").status_code == 404
    assert client.post("/beteiligung/ideen/999999/unterstuetzen/").status_code == 302  # to the login
    assert client.get("/beteiligung/ideen/neu/").status_code == 302


def test_rejected_idea_tells_the_reason_and_stays_private(client, programme_office):
    author = UserFactory(email="c@example.org")
    idea = idea_submit(user=author, title="Kauft bei uns", description="Werbung")
    idea_moderate(actor=programme_office, idea=idea, publish=False, reason="advertising")
    assert "Werbung oder kommerzieller Inhalt" in Message.objects.get(recipient=author).body
    assert client.get(f"/beteiligung/ideen/{idea.pk}/").status_code == 404


def test_ideas_in_my_data_and_erased_with_the_account(programme_office, sector):
    from modellkommune.participation.privacy import personal_data_erase, personal_data_export

    author = UserFactory(email="d@example.org", first_name="Dora", last_name="Daten")
    fan = UserFactory(email="e@example.org")
    idea = idea_submit(user=author, title="Öffentlich", description="x", sector=sector, show_name=True)
    idea_moderate(actor=programme_office, idea=idea, publish=True)
    idea_support(user=fan, idea=idea)
    idea_submit(user=author, title="Unveröffentlicht", description="y")
    assert {i.get("titel") for i in personal_data_export(user=author)["ideen"]} == {"Öffentlich", "Unveröffentlicht"}
    personal_data_erase(user=author)
    personal_data_erase(user=fan)
    idea.refresh_from_db()
    assert idea.author is None and idea.author_name == "" and idea.support_count == 0
    assert Idea.objects.count() == 1
