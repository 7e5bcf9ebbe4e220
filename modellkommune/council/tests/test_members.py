"""Council members' signed-in area (issue 13): non-public papers and agenda parts of their own bodies only,
private notes on papers, and their faction's pending motions."""

import datetime as dt

import pytest
from django.urls import reverse

from modellkommune.accounts.tests.factories import CouncilMemberFactory, UserFactory
from modellkommune.council import services
from modellkommune.council.constants import PaperStatus
from modellkommune.council.models import Membership, Organization, Paper, PaperNote, Person
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.tests.members import nonpublic_committee_paper

pytestmark = pytest.mark.django_db
SECRET = "Vergabe des Glasfaserausbaus, Los 2"


@pytest.fixture
def secret_paper(council):
    paper = nonpublic_committee_paper()
    paper.main_file = services.file_create(
        name="angebote.pdf", content=simple_pdf("Angebote", ["Bieter B"]), public=False
    )
    paper.save(update_fields=["main_file"])
    return paper


@pytest.fixture
def committee_meeting(secret_paper):
    return secret_paper.consultations.get().meeting


def _member_of(short_name: str, *, end_date=None):
    """A portal user whose Person sits only in the named body."""
    organization = Organization.objects.get(short_name=short_name)
    user = CouncilMemberFactory()
    person = Person.objects.create(body=organization.body, given_name="Nora", family_name="Nachbar", user=user)
    Membership.objects.create(
        person=person, organization=organization, start_date=dt.date(2025, 11, 1), end_date=end_date
    )
    return user


def test_member_sees_non_public_papers_and_agenda_of_own_body(client, member, secret_paper, committee_meeting):
    client.force_login(member)
    home = client.get(reverse("council:member_home"))
    assert home.status_code == 200 and SECRET in home.content.decode()
    page = client.get(reverse("council:member_meeting", args=[committee_meeting.pk])).content.decode()
    assert "Nicht öffentlicher Teil" in page and SECRET in page
    paper_page = client.get(reverse("council:member_paper", args=[secret_paper.pk]))
    assert paper_page.status_code == 200 and "vertraulich" in paper_page.content.decode()
    assert client.get(secret_paper.main_file.content.url).status_code == 200


def test_member_of_another_body_does_not_see_them(client, secret_paper, committee_meeting):
    client.force_login(_member_of("HFA"))
    home = client.get(reverse("council:member_home"))
    assert home.status_code == 200 and SECRET not in home.content.decode()
    assert client.get(reverse("council:member_meeting", args=[committee_meeting.pk])).status_code == 404
    assert client.get(reverse("council:member_paper", args=[secret_paper.pk])).status_code == 404
    assert client.post(reverse("council:member_paper", args=[secret_paper.pk]), {"text": "x"}).status_code == 404
    assert client.get(secret_paper.main_file.content.url).status_code == 403
    assert not PaperNote.objects.exists()


def test_a_past_membership_opens_nothing(client, secret_paper):
    client.force_login(_member_of("ADS", end_date=dt.date(2026, 1, 31)))
    assert client.get(reverse("council:member_paper", args=[secret_paper.pk])).status_code == 404
    assert SECRET not in client.get(reverse("council:member_home")).content.decode()


def test_citizens_and_visitors_are_kept_out(client, secret_paper):
    url = reverse("council:member_home")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    for page in (url, reverse("council:member_paper", args=[secret_paper.pk]), reverse("council:member_notes")):
        assert client.get(page).status_code == 403
    assert SECRET not in client.get(reverse("council:paper_list")).content.decode()
    assert client.get(f"/oparl/v1.1/paper/{secret_paper.pk}").status_code == 404


def test_notes_are_private_to_the_member(client, member, secret_paper):
    from modellkommune.council import privacy

    client.force_login(member)
    url = reverse("council:member_paper", args=[secret_paper.pk])
    response = client.post(url, {"text": "Bieter B prüfen: Referenzen?"})
    assert response.status_code == 302
    note = PaperNote.objects.get(user=member, paper=secret_paper)
    assert "Bieter B prüfen" in client.get(reverse("council:member_notes")).content.decode()
    assert "Bieter B prüfen" in client.get(url).content.decode()

    other = Person.objects.exclude(user=member).exclude(user=None).first().user
    client.force_login(other)
    assert "Bieter B prüfen" not in client.get(url).content.decode()
    assert "Bieter B prüfen" not in client.get(reverse("council:member_notes")).content.decode()
    client.post(reverse("council:member_notes"), {"note": note.pk})
    assert PaperNote.objects.filter(pk=note.pk).exists(), "another member cannot delete it"

    public = Paper.objects.public().first()
    client.force_login(member)
    client.post(reverse("council:member_paper", args=[public.pk]), {"text": "Öffentliche Drucksache, meine Notiz"})
    client.logout()
    assert b"meine Notiz" not in client.get(f"/oparl/v1.1/paper/{public.pk}").content
    assert b"meine Notiz" not in client.get(reverse("council:paper_detail", args=[public.pk])).content

    exported = privacy.personal_data_export(user=member)["notizen_zu_drucksachen"]
    assert [n["notiz"] for n in exported] == ["Bieter B prüfen: Referenzen?", "Öffentliche Drucksache, meine Notiz"]
    assert privacy.personal_data_export(user=other)["notizen_zu_drucksachen"] == []
    assert privacy.personal_data_erase(user=member)["notizen_zu_drucksachen"] == 2
    assert not PaperNote.objects.filter(user=member).exists()


def test_note_validation_and_empty_text_deletes(client, member, secret_paper):
    client.force_login(member)
    url = reverse("council:member_paper", args=[secret_paper.pk])
    response = client.post(url, {"text": "<b>fett</b>"})
    assert response.status_code == 200 and "reinen Text" in response.content.decode()
    client.post(url, {"text": "Merken"})
    assert PaperNote.objects.filter(user=member).count() == 1
    client.post(url, {"text": "   "})
    assert not PaperNote.objects.filter(user=member).exists()


def test_public_paper_page_links_members_to_their_note(client, member):
    public = Paper.objects.public().first()
    url = reverse("council:paper_detail", args=[public.pk])
    assert "persönliche Notiz" not in client.get(url).content.decode()
    client.force_login(member)
    assert "persönliche Notiz" in client.get(url).content.decode()


def test_pending_motions_of_own_faction(client, member, office):
    from modellkommune.council.selectors import faction_for_user

    submitted = services.paper_submit(actor=member, title="Offener Antrag A", text="…", paper_type="Antrag")
    registered = services.paper_submit(actor=member, title="Offener Antrag B", text="…", paper_type="Antrag")
    services.paper_register(actor=office, paper=registered)
    decided = services.paper_submit(actor=member, title="Erledigter Antrag C", text="…", paper_type="Antrag")
    Paper.objects.filter(pk=decided.pk).update(status=PaperStatus.DECIDED)
    client.force_login(member)
    html = client.get(reverse("council:member_home")).content.decode()
    assert "Offener Antrag A" in html and "Offener Antrag B" in html and "Erledigter Antrag C" not in html
    assert client.get(reverse("council:member_paper", args=[submitted.pk])).status_code == 200

    faction = faction_for_user(user=member)
    other = next(
        p.user for p in Person.objects.exclude(user=None) if faction_for_user(user=p.user) not in (None, faction)
    )
    client.force_login(other)
    html = client.get(reverse("council:member_home")).content.decode()
    assert "Offener Antrag A" not in html
    assert client.get(reverse("council:member_paper", args=[submitted.pk])).status_code == 404


def test_account_area_entry_for_members_only(member):
    from modellkommune.portal.account_area import account_area

    def labels(user):
        return [label for _group, entries in account_area(user) for label, _url, _count in entries]

    assert any(label.startswith("Mein Bereich im Rat") for label in labels(member))
    assert not any(label.startswith("Mein Bereich im Rat") for label in labels(UserFactory()))
