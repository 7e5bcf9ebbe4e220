"""Saved searches: the owner's list in "Mein Bereich", cancelling there and through the signed link of each
alert mail (no login), the RSS feed under an unguessable token URL."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.council.models import Body, Paper, SavedSearch
from modellkommune.council.tasks import saved_searches_notify


@pytest.fixture
def citizen(db):
    return UserFactory(email="leserin@example.org")


@pytest.fixture
def windpark(db):
    body = Body.objects.create(name="Stadt Iserlohn")
    return Paper.objects.create(
        body=body,
        name="Repowering der Windkraftanlagen in Hennen",
        reference="V/2026/0100",
        search_text="Repowering der Windkraftanlagen in Hennen",
        paper_type="Beschlussvorlage",
        date=dt.date(2026, 5, 1),
        public=True,
    )


def alert_for(citizen, query="Windkraft"):
    saved = SavedSearch.objects.create(user=citizen, query=query)
    SavedSearch.objects.filter(pk=saved.pk).update(created=saved.created - dt.timedelta(days=2))
    return saved


def cancel_link(message) -> str:
    return re.search(r"https?://[^\s]+/rat/suche/abo-beenden/[^\s]+/", message.body).group(0)


def test_subscribe_list_and_cancel_in_my_area(client, citizen):
    client.force_login(citizen)
    response = client.post("/rat/suche/abonnieren/", {"query": "  Windkraft  "}, follow=True)
    assert "Sie erhalten neue Treffer für „Windkraft“ per E-Mail." in response.content.decode()
    assert "Meine Suchabos (Ratsdokumente)" in client.get("/mein-bereich/").content.decode()
    page = client.get("/rat/suche/abos/").content.decode()
    saved = SavedSearch.objects.get(user=citizen)
    assert "Windkraft" in page and f"/rat/suche/feed/{saved.token}/" in page
    client.post("/rat/suche/abonnieren/", {"query": "Windkraft"})
    assert SavedSearch.objects.filter(user=citizen).count() == 1, "the same search is saved once"
    response = client.post(f"/rat/suche/abos/{saved.pk}/beenden/", follow=True)
    assert "Das Suchabo „Windkraft“ ist beendet." in response.content.decode()
    assert not SavedSearch.objects.filter(user=citizen).exists()


def test_nobody_else_can_cancel_or_list_a_saved_search(client, citizen):
    saved = alert_for(citizen)
    client.force_login(UserFactory())
    assert client.post(f"/rat/suche/abos/{saved.pk}/beenden/").status_code == 404
    assert "Windkraft" not in client.get("/rat/suche/abos/").content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    client.logout()
    assert client.get("/rat/suche/abos/").status_code == 302  # to the login


def test_a_query_without_words_is_refused_with_a_message(client, citizen):
    client.force_login(citizen)
    response = client.post("/rat/suche/abonnieren/", {"query": "!!"}, follow=True)
    assert "Bitte geben Sie einen Suchbegriff aus Buchstaben oder Ziffern ein." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_alert_mail_cancels_with_one_click_without_login(citizen, windpark):
    saved = alert_for(citizen)
    assert saved_searches_notify() == 1
    message = mail.outbox[0]
    assert "Repowering der Windkraftanlagen in Hennen" in message.body
    link = cancel_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get("/" + path)  # link scanners only GET: nothing happens yet
    assert page.status_code == 200 and "Möchten Sie das Suchabo „Windkraft“ beenden?" in page.content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    done = anonymous.post("/" + path, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no session, no CSRF token
    assert done.status_code == 200 and "ist beendet" in done.content.decode()
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
    assert anonymous.post("/" + path).status_code == 404, "a used link cancels nothing else"


def test_a_forged_or_altered_cancel_link_cancels_nothing(client, citizen, windpark):
    saved = alert_for(citizen)
    other = alert_for(UserFactory(), query="Windkraft Hennen")
    saved_searches_notify()
    path = "/" + cancel_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    signature = path.rstrip("/").rsplit("/", 1)[1]
    for bad in (signature[:-2] + "xx", str(other.pk), "x" * 500, ""):
        response = client.post(f"/rat/suche/abo-beenden/{bad}/")
        assert response.status_code == 404, bad
    assert SavedSearch.objects.filter(pk__in=[saved.pk, other.pk]).count() == 2


def test_rss_feed_per_saved_search_under_its_token(client, citizen, windpark):
    saved = alert_for(citizen)
    response = client.get(f"/rat/suche/feed/{saved.token}/")
    body = response.content.decode()
    assert response.status_code == 200 and "<rss" in body
    assert "Repowering der Windkraftanlagen in Hennen" in body
    assert f"/rat/vorlagen/{windpark.pk}/" in body and "example.com" not in body
    assert len(saved.token) >= 40
    assert client.get(f"/rat/suche/feed/{saved.token[:-1]}x/").status_code == 404
    assert client.get(f"/rat/suche/feed/{saved.pk}/").status_code == 404
