"""Saved searches keep the filters of the search they were saved from: the list in the user's area, the daily
alert mail (only new hits that match the filters) and the RSS feed apply them; cancelling still works."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.test import Client

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.council.models import Body, Consultation, Organization, Paper, SavedSearch
from modellkommune.council.tasks import saved_searches_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(db):
    return UserFactory(email="leserin@example.org")


@pytest.fixture
def setting(db):
    """Two Windkraft papers: a motion advised by the environment committee and an administration proposal."""
    body = Body.objects.create(name="Stadt Iserlohn")
    committee = Organization.objects.create(body=body, name="Ausschuss für Umwelt", organization_type="Gremium")
    motion = Paper.objects.create(
        body=body,
        name="Bürgerwindpark Iserlohner Heide",
        search_text="Bürgerwindpark Windkraft",
        paper_type="Antrag",
        date=dt.date(2026, 5, 1),
        public=True,
    )
    Consultation.objects.create(paper=motion, public=True).organizations.add(committee)
    proposal = Paper.objects.create(
        body=body,
        name="Repowering der Windkraftanlagen in Hennen",
        search_text="Repowering der Windkraftanlagen in Hennen",
        paper_type="Beschlussvorlage",
        date=dt.date(2026, 5, 2),
        public=True,
    )
    return committee, motion, proposal


def _subscribe_from_search_page(client, url):
    """Press the page's subscribe button: post exactly the fields of its form."""
    page = client.get(url).content.decode()
    form = re.search(r'<form method="post" action="/rat/suche/abonnieren/".*?</form>', page, re.S).group(0)
    fields = [(name, html.unescape(value)) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form)]
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return client.post("/rat/suche/abonnieren/", data, follow=True)


def _age(saved):
    SavedSearch.objects.filter(pk=saved.pk).update(created=saved.created - dt.timedelta(days=2))


def test_the_filters_of_the_search_are_saved_listed_and_linked(client, citizen, setting):
    committee, motion, _proposal = setting
    client.force_login(citizen)
    response = _subscribe_from_search_page(client, f"/rat/suche/?q=Windkraft&art=Antrag&gremium={committee.pk}")
    text = response.content.decode()
    assert (
        "Sie erhalten neue Treffer für „Windkraft“ (Art der Drucksache: Antrag; Gremium: Ausschuss für Umwelt)" in text
    )
    saved = SavedSearch.objects.get(user=citizen)
    assert saved.query == "Windkraft"
    assert saved.filters == {"paper_types": ["Antrag"], "organizations": [committee.pk]}

    page = client.get("/rat/suche/abos/").content.decode()
    assert "Gremium: Ausschuss für Umwelt" in page
    link = html.unescape(re.search(r'<td><a href="(/rat/suche/\?[^"]+)"', page).group(1))
    assert f"gremium={committee.pk}" in link and "art=Antrag" in link
    results = client.get(link).content.decode()
    assert motion.name in results and "Repowering" not in results, "the link shows the saved search, filters too"

    # The same words without the filters are another search; the same search again is saved once.
    _subscribe_from_search_page(client, "/rat/suche/?q=Windkraft")
    _subscribe_from_search_page(client, f"/rat/suche/?q=Windkraft&art=Antrag&gremium={committee.pk}")
    assert sorted(s.filters != {} for s in SavedSearch.objects.filter(user=citizen)) == [False, True]


def test_a_filter_that_cannot_be_applied_saves_nothing(client, citizen, setting):
    client.force_login(citizen)
    response = client.post("/rat/suche/abonnieren/", {"query": "Windkraft", "gremium": "999999"}, follow=True)
    text = response.content.decode()
    assert "ist für den Filter „Gremium“ unbekannt" in text and "Das Suchabo wurde nicht angelegt." in text
    assert not SavedSearch.objects.exists()
    empty = client.post("/rat/suche/abonnieren/", {"query": ""}, follow=True).content.decode()
    assert "Bitte geben Sie einen Suchbegriff ein oder wählen Sie einen Filter." in empty
    assert not SavedSearch.objects.exists()


def test_the_alert_reports_only_new_hits_matching_the_filters_and_still_cancels(citizen, setting):
    committee, motion, proposal = setting
    saved = SavedSearch.objects.create(
        user=citizen, query="Windkraft", filters={"paper_types": ["Antrag"], "organizations": [committee.pk]}
    )
    _age(saved)
    mail.outbox.clear()
    assert saved_searches_notify() == 1
    message = mail.outbox[0]
    assert motion.name in message.body and proposal.name not in message.body
    assert "Gremium: Ausschuss für Umwelt" in message.subject and "Art der Drucksache: Antrag" in message.body

    # A new proposal outside the filters is no news; nothing is mailed.
    Paper.objects.create(
        body=proposal.body,
        name="Windkraft: Abstandsflächen",
        search_text="Windkraft Abstandsflächen",
        paper_type="Beschlussvorlage",
        public=True,
    )
    mail.outbox.clear()
    assert saved_searches_notify() == 0 and mail.outbox == []

    # A new motion in the committee is.
    SavedSearch.objects.filter(pk=saved.pk).update(last_notified=saved.created)
    motion.save()
    assert saved_searches_notify() == 1
    message = mail.outbox[0]
    link = re.search(r"https?://[^\s]+/rat/suche/abo-beenden/[^\s]+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)
    question = anonymous.get(path).content.decode()
    assert "Möchten Sie das Suchabo „Windkraft“ (Art der Drucksache: Antrag; Gremium: Ausschuss für Umwelt)" in question
    assert anonymous.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_feed_applies_the_filters_and_a_search_of_filters_alone(client, citizen, setting):
    committee, motion, proposal = setting
    only_filters = SavedSearch.objects.create(user=citizen, query="", filters={"organizations": [committee.pk]})
    filtered = SavedSearch.objects.create(
        user=citizen, query="Windkraft", filters={"paper_types": ["Beschlussvorlage"], "date_from": "2026-05-02"}
    )
    feed = client.get(f"/rat/suche/feed/{only_filters.token}/").content.decode()
    assert motion.name in feed and proposal.name not in feed
    assert "alle Drucksachen (Gremium: Ausschuss für Umwelt)" in feed
    feed = client.get(f"/rat/suche/feed/{filtered.token}/").content.decode()
    assert proposal.name in feed and motion.name not in feed
    assert "Zeitraum: ab 02.05.2026" in feed

    client.force_login(citizen)
    response = client.post(f"/rat/suche/abos/{only_filters.pk}/beenden/", follow=True)
    assert "Das Suchabo alle Drucksachen (Gremium: Ausschuss für Umwelt) ist beendet." in response.content.decode()


def test_a_body_no_longer_public_is_not_named_and_bad_stored_values_are_ignored(citizen, setting):
    committee, motion, proposal = setting
    saved = SavedSearch.objects.create(
        user=citizen, query="Windkraft", filters={"organizations": [committee.pk], "years": ["x"], "date_to": "kaputt"}
    )
    Organization.objects.filter(pk=committee.pk).update(public=False)
    _age(saved)
    mail.outbox.clear()
    assert saved_searches_notify() == 1
    assert mail.outbox[0].subject == "Neue Treffer für „Windkraft“ (Gremium: unbekannt)"
    assert motion.name in mail.outbox[0].body and proposal.name not in mail.outbox[0].body
