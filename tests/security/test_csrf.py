"""CSRF: every form that changes something refuses a POST without the token (OWASP A01/A05)."""

import pytest
from django.test import Client
from django.urls import reverse
from qa_support import council_members_of_two_factions, crawl_public_pages, parse_html


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")


def test_contact_form_needs_token(strict_client, demo):
    from modellkommune.portal.models import ContactMessage

    response = strict_client.post(
        reverse("portal:contact"),
        {"topic": "general", "name": "Eva", "email": "eva@example.org", "subject": "Hallo", "message": "Test"},
    )
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


def test_motion_form_needs_token(strict_client, council_demo):
    from modellkommune.council.models import Paper

    author, _other = council_members_of_two_factions()
    strict_client.force_login(author)
    before = Paper.objects.count()
    response = strict_client.post(
        reverse("council:paper_submit"), {"paper_type": "Antrag", "title": "Ohne Token", "text": "Text"}
    )
    assert response.status_code == 403
    assert Paper.objects.count() == before
    # With the token from the form, the same submission goes through.
    page = strict_client.get(reverse("council:paper_submit"))
    token = page.context["csrf_token"]
    response = strict_client.post(
        reverse("council:paper_submit"),
        {"paper_type": "Antrag", "title": "Mit Token", "text": "Text", "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert Paper.objects.count() == before + 1


def test_login_needs_token(strict_client, demo):
    response = strict_client.post(
        reverse("account_login"), {"login": "erika.mustermann@example.org", "password": "Iserlohn-Demo-2026"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_every_public_post_form_refuses_missing_token(strict_client, demo):
    """Found by crawling: any POST form on a public page rejects a request without the token."""
    found = crawl_public_pages(strict_client, per_type=1)
    checked = []
    for pages in found.values():
        for path, status in pages:
            if status != 200:
                continue
            response = strict_client.get(path)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for form in parse_html(response.content.decode()).forms:
                if form["method"] != "post":
                    continue
                action = form["action"] or path
                if not action.startswith("/") or action in checked:
                    continue
                checked.append(action)
                data = {i["name"]: "x" for i in form["inputs"] if i["name"] and i["name"] != "csrfmiddlewaretoken"}
                refused = strict_client.post(action, data)
                assert refused.status_code == 403, (path, action, refused.status_code)
    assert checked, "no POST form found on public pages"
