"""Public pages of the council: search (including PDF text), calendar, feeds, short URLs, alerts."""

import icalendar
import pytest
from django.core import mail

from modellkommune.council import services
from modellkommune.council.models import Meeting, Organization, Paper, SavedSearch
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.tasks import saved_searches_notify


@pytest.fixture
def registered_paper(member, office):
    pdf = simple_pdf("Anlage", ["Machbarkeitsstudie Glasfaserausbau Hennen"])
    paper = services.paper_submit(
        actor=member,
        title="Digitale Schulen",
        text="Ausstattung der Grundschulen",
        paper_type="Antrag",
        files=[("anlage.pdf", pdf)],
    )
    return services.paper_register(actor=office, paper=paper)


def test_search_finds_words_only_in_the_pdf(client, registered_paper):
    response = client.get("/rat/suche/", {"q": "Glasfaserausbau"})
    assert response.status_code == 200
    assert registered_paper.reference in response.content.decode()


def test_search_finds_agenda_items_and_handles_odd_queries(client, council):
    assert client.get("/rat/suche/", {"q": "Modellkommune"}).status_code == 200
    for query in ["'", '"', "a & | !", "x" * 500, "<script>"]:
        response = client.get("/rat/suche/", {"q": query})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1].replace("&lt;script&gt;", "")


def test_the_seed_motion_is_public_with_its_report(client, council):
    paper = Paper.objects.get(reference="A/2026/0001")
    page = client.get(f"/rat/vorlagen/{paper.pk}/").content.decode()
    assert "Modellkommune" in page
    assert "M/2026/0001" in page, "the administration's report is linked"
    report = Paper.objects.get(reference="M/2026/0001")
    assert f'href="/rat/vorlagen/{report.pk}/"' in page
    for consultation in paper.consultations.filter(meeting__isnull=False):
        assert f'href="/rat/sitzungen/{consultation.meeting_id}/"' in page


def test_ical_for_all_and_per_organization(client, council):
    calendar = icalendar.Calendar.from_ical(client.get("/rat/sitzungen.ics").content)
    events = calendar.walk("VEVENT")
    assert len(events) == Meeting.objects.public().count()
    council_org = Organization.objects.get(name="Rat der Stadt Iserlohn")
    response = client.get(f"/rat/gremien/{council_org.pk}/sitzungen.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert all("Rat" in str(e["summary"]) or e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_feeds_list_public_papers(client, registered_paper):
    rss = client.get("/rat/feed/rss/").content.decode()
    atom = client.get("/rat/feed/atom/").content.decode()
    assert "Digitale Schulen" in rss and "<rss" in rss
    assert "Digitale Schulen" in atom and "http://www.w3.org/2005/Atom" in atom


def test_short_urls_are_stable_redirects(client, registered_paper):
    response = client.get(f"/r/d/{registered_paper.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/rat/vorlagen/{registered_paper.pk}/"
    meeting = Meeting.objects.public().first()
    assert client.get(f"/r/s/{meeting.pk}")["Location"] == f"/rat/sitzungen/{meeting.pk}/"


def test_saved_search_alerts_by_email(client, member, office, council):
    from modellkommune.accounts.tests.factories import UserFactory

    citizen = UserFactory(email="leserin@example.org")
    client.force_login(citizen)
    client.post("/rat/suche/abonnieren/", {"query": "Radweg"})
    saved = SavedSearch.objects.get(user=citizen)
    saved_searches_notify()  # nothing new yet
    mail.outbox.clear()
    paper = services.paper_submit(actor=member, title="Radweg Baarstraße", text="Sicherer Radweg", paper_type="Antrag")
    saved_searches_notify()
    assert not mail.outbox, "unregistered papers are not announced"
    services.paper_register(actor=office, paper=paper)
    saved_searches_notify()
    assert len(mail.outbox) == 1 and "Radweg Baarstraße" in mail.outbox[0].body
    assert mail.outbox[0].to == ["leserin@example.org"]
    saved_searches_notify()
    assert len(mail.outbox) == 1, "each paper is announced once"
    saved.refresh_from_db()
    assert saved.last_notified is not None


def test_pages_render(client, council):
    for url in ["/rat/", "/rat/sitzungen/", "/rat/sitzungen/?zeitraum=vergangen", "/rat/vorlagen/", "/rat/gremien/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="de"' in response.content.decode()
