"""Anonymous council pages from the cache (core/page_cache.py): fresh after a change, never for a signed-in
member, no personal data stored, a CSRF token per visitor."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from modellkommune.council.models import Paper

PAGES = ["/", "/rat/", "/rat/vorlagen/"]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 120
    settings.PAGE_CACHE_LIVE_SECONDS = 30


def anonymous() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def cached_values() -> list[bytes]:
    """Everything the local-memory cache holds, as stored (pickled)."""
    return [bytes(v) for v in cache._cache.values()]  # noqa: SLF001 - the test looks inside on purpose


def token(response) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_second_anonymous_visit_is_served_from_the_cache_without_queries(path, council, django_assert_num_queries):
    first = anonymous().get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = anonymous().get(path)
    assert second.status_code == 200
    assert second["Cache-Control"] == "private, no-cache" and "Cookie" in second["Vary"]
    # Same page, except for the visitor's own CSRF token.
    assert re.sub(rb'value="[^"]{64}"', b"", first.content) == re.sub(rb'value="[^"]{64}"', b"", second.content)


@pytest.mark.django_db(transaction=True)  # real commits: the generation is bumped on commit
def test_paper_page_changes_after_the_paper_changes_and_not_before_the_commit(council, monkeypatch):
    from modellkommune.core import page_cache

    paper = Paper.objects.filter(public=True, deleted=False).first()
    url = f"/rat/vorlagen/{paper.pk}/"
    assert paper.name.encode() in anonymous().get(url).content
    assert paper.name.encode() in anonymous().get("/rat/vorlagen/").content

    with pytest.raises(RuntimeError), transaction.atomic():
        Paper.objects.filter(pk=paper.pk).update(name="Entwurf, nie bestätigt")
        paper.save()
        raise RuntimeError  # rolled back: nothing to show, the cached page stays
    assert paper.name.encode() in anonymous().get(url).content

    bumps, original = [], page_cache.bump
    monkeypatch.setattr(page_cache, "bump", lambda app: (bumps.append(app), original(app)))
    with transaction.atomic():
        for _ in range(3):
            paper.name = "Neuer Titel der Vorlage Seilersee"
            paper.save()
    assert bumps == ["council"]  # once per app and transaction, however many rows it saved
    assert b"Neuer Titel der Vorlage Seilersee" in anonymous().get(url).content
    assert b"Neuer Titel der Vorlage Seilersee" in anonymous().get("/rat/vorlagen/").content


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_signed_in_member_never_gets_a_cached_page_and_nothing_personal_is_stored(path, client, member):
    anonymous().get(path)  # the anonymous page is in the cache now
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    assert "Mein Bereich" in response.content.decode()
    assert "Cache-Control" not in response or "no-cache" not in response["Cache-Control"]
    stored = b"".join(cached_values())
    assert b"Mein Bereich" not in stored and b"Anmelden" in stored
    assert member.email.encode() not in stored and b"Abmelden" not in stored


@pytest.mark.django_db
def test_cached_page_carries_a_working_csrf_token_for_each_visitor(council):
    tokens = []
    for _ in range(2):
        visitor = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
        page = visitor.get("/rat/")
        tokens.append(token(page))
        assert "__csrf_token_placeholder__" not in page.content.decode()
        response = visitor.post(
            "/i18n/setlang/", {"language": "en", "next": "/rat/", "csrfmiddlewaretoken": tokens[-1]}
        )
        assert response.status_code == 302  # accepted, not 403
    assert tokens[0] != tokens[1]
    assert not any(t.encode() in b"".join(cached_values()) for t in tokens)


@pytest.mark.django_db
def test_visitor_with_pending_messages_or_a_session_gets_the_live_page(council):
    anonymous().get("/rat/")
    visitor = anonymous()
    visitor.cookies["messages"] = "x"
    visitor.cookies["sessionid"] = "y"
    response = visitor.get("/rat/")
    assert response.status_code == 200 and "Cache-Control" not in response


@pytest.mark.django_db
def test_revalidation_with_the_etag_is_a_304_without_body(council):
    visitor = anonymous()
    visitor.get("/rat/vorlagen/")
    page = visitor.get("/rat/vorlagen/")
    again = visitor.get("/rat/vorlagen/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304 and again.content == b""
    # Another visitor (another CSRF cookie) does not match that ETag: their copy has another token.
    assert anonymous().get("/rat/vorlagen/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200


def test_pickled_cache_values_are_what_the_test_reads():
    cache.set("k", (b"abc", "text/html"))
    assert b"abc" in b"".join(cached_values())
    assert pickle.loads(cached_values()[0]) == (b"abc", "text/html")  # noqa: S301 - our own test value


@pytest.mark.django_db
def test_unreachable_cache_renders_the_live_page(council, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "get", down)
    response = anonymous().get("/rat/")
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content


# --- PageCacheMiddleware: the answer comes before sessions, CSRF and authentication run -------------------


@pytest.mark.django_db
def test_cached_page_replays_the_headers_of_the_live_page_and_gives_a_new_visitor_a_csrf_cookie(council):
    live = anonymous().get("/rat/")
    cached = anonymous().get("/rat/")
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Content-Type",
        "Permissions-Policy",
    ):
        assert cached[name] == live[name], name
    assert cached["Content-Length"] == str(len(cached.content))
    cookie = cached.cookies["csrftoken"].value
    assert cookie and token(cached) != cookie  # the masked token of the new cookie, not the cookie itself


@pytest.mark.django_db
def test_oparl_answers_come_from_the_cache_and_a_queryset_update_makes_them_stale(council, body_id):
    url = f"/oparl/v1.1/body/{body_id}/paper"
    first = anonymous().get(url)
    assert first.status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        second = anonymous().get(url)
    assert len(queries) == 0 and second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Access-Control-Allow-Origin"] == "*"
    # Revalidation from the cache: 304 with the view's own ETag, no body.
    again = anonymous().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]


@pytest.mark.django_db(transaction=True)
def test_oparl_queryset_update_without_signals_is_seen_on_the_next_request(council):
    from modellkommune.council.models import Body

    body_id = Body.objects.first().pk
    paper = Paper.objects.filter(public=True, deleted=False).first()
    url = f"/oparl/v1.1/paper/{paper.pk}"
    assert anonymous().get(url).json()["name"] == paper.name
    Paper.objects.filter(pk=paper.pk).update(name="Umbenannt ohne post_save")  # OParlQuerySet.update
    assert anonymous().get(url).json()["name"] == "Umbenannt ohne post_save"
    listed = anonymous().get(f"/oparl/v1.1/body/{body_id}/paper", {"limit": 500}).json()["data"]
    assert "Umbenannt ohne post_save" in {p["name"] for p in listed}


@pytest.mark.django_db
def test_gzip_and_plain_answers_are_cached_apart(council, body_id):
    import gzip

    url = f"/oparl/v1.1/body/{body_id}/meeting"
    plain = anonymous().get(url).content
    zipped = anonymous().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain
    assert anonymous().get(url).content == plain
    assert anonymous().get(url, HTTP_ACCEPT_ENCODING="gzip").content == zipped.content


@pytest.mark.django_db
def test_requests_with_credentials_are_never_answered_from_or_stored_in_the_cache(council, body_id, monkeypatch):
    from modellkommune.core import page_cache

    url = f"/oparl/v1.1/body/{body_id}/paper"
    stored = []
    original = page_cache.cache.set
    monkeypatch.setattr(page_cache.cache, "set", lambda key, *a, **k: (stored.append(key), original(key, *a, **k)))
    anonymous().get(url, HTTP_AUTHORIZATION="Bearer x")
    anonymous().get("/open311/v2/requests.json?api_key=abc")
    anonymous().post("/rat/suche/", {"q": "Haushalt"})
    assert not [key for key in stored if ":page:" in key]
    anonymous().get(url)
    assert [key for key in stored if ":page:" in key]


def test_a_view_cannot_be_marked_for_an_app_whose_changes_are_not_tracked():
    from modellkommune.core.page_cache import anonymous_page_cache

    with pytest.raises(ValueError, match="sensors"):
        anonymous_page_cache(apps=("core", "sensors"))


@pytest.mark.django_db
def test_answers_above_the_size_limit_are_not_stored(council, body_id, settings, django_assert_num_queries):
    settings.PAGE_CACHE_MAX_BYTES = 100
    url = f"/oparl/v1.1/body/{body_id}/paper"
    first = anonymous().get(url)
    assert first.status_code == 200 and len(first.content) > 100
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        second = anonymous().get(url)
    assert second.content == first.content and len(queries) > 0  # rendered again: nothing was stored
    settings.PAGE_CACHE_MAX_BYTES = 10**7
    anonymous().get(url)
    with django_assert_num_queries(0):
        anonymous().get(url)
