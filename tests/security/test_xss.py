"""XSS: free text from visitors comes back escaped, never as markup (OWASP A03)."""

import pytest
from django.urls import NoReverseMatch, reverse
from qa_support import council_members_of_two_factions, council_office_user, crawl_public_pages, parse_html

from modellkommune.accounts.tests.utils import login_with_mfa

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'
RAW = [b"<script>alert(1)</script>", b"<img src=x onerror"]


def assert_escaped(response, where=""):
    for raw in RAW:
        assert raw not in response.content, f"unescaped payload on {where or response.wsgi_request.path}"


def test_search_fields_escape_the_query(client, demo):
    for name in ("portal:search", "council:search"):
        response = client.get(reverse(name), {"q": PAYLOAD})
        assert response.status_code == 200
        assert_escaped(response, name)
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content, name


def test_every_get_form_on_public_pages_escapes_input(client, demo):
    """Fill every text field of every GET form (filters, searches) found by crawling with the payload."""
    found = crawl_public_pages(client, per_type=1)
    checked = 0
    for pages in found.values():
        for path, status in pages:
            response = client.get(path)
            if status != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in parse_html(response.content.decode()).forms:
                if form["method"] != "get":
                    continue
                params = {i["name"]: PAYLOAD for i in form["inputs"] if i["name"] and i["type"] in ("text", "search")}
                if not params:
                    continue
                action = form["action"] or path
                answer = client.get(action, params)
                assert answer.status_code < 500, (path, action)
                assert_escaped(answer, f"{action} (form on {path})")
                checked += 1
    assert checked >= 2


def test_contact_message_is_escaped_where_staff_read_it(client, demo):
    from modellkommune.portal.models import ContactMessage

    response = client.post(
        reverse("portal:contact"),
        {"topic": "general", "name": PAYLOAD, "email": "eva@example.org", "subject": PAYLOAD, "message": PAYLOAD},
    )
    assert response.status_code in (200, 302)
    assert_escaped(response, "contact form answer")
    message = ContactMessage.objects.first()
    if message is None:
        return  # refused as a whole: nothing is shown anywhere
    from modellkommune.accounts.tests.factories import StaffFactory

    admin = StaffFactory(email="qa.admin@iserlohn.example", is_superuser=True)
    login_with_mfa(client, admin)
    for url in ("/admin/portal/contactmessage/", f"/admin/portal/contactmessage/{message.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response, url)


def test_motion_with_markup_is_refused_or_escaped(client, council_demo):
    from modellkommune.council.models import Paper

    author, _other = council_members_of_two_factions()
    client.force_login(author)
    response = client.post(reverse("council:paper_submit"), {"paper_type": "Antrag", "title": PAYLOAD, "text": PAYLOAD})
    assert_escaped(response, "motion form")
    paper = Paper.objects.filter(name__contains="alert").first()
    if paper is None:
        # Refused: the form says which field is wrong.
        assert response.status_code == 200
        assert "ohne HTML" in response.content.decode()
        return
    pages = [reverse("council:my_papers")]
    login_with_mfa(client, council_office_user())
    pages += [reverse("council:backoffice"), reverse("council:backoffice_paper", kwargs={"pk": paper.pk})]
    for url in pages:
        assert_escaped(client.get(url), url)


@pytest.mark.parametrize("name", ["egov:index", "reports:index", "appointments:index", "opendata:index"])
def test_later_apps_search_fields_escape(client, demo, name):
    try:
        url = reverse(name)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet")
    response = client.get(url, {"q": PAYLOAD, "suche": PAYLOAD})
    assert response.status_code < 500
    assert_escaped(response, name)
