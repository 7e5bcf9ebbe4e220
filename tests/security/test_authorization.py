"""Authorization: no object is readable by id by the wrong user (OWASP A01)."""

import re

import pytest
from django.urls import get_resolver, reverse
from qa_support import council_members_of_two_factions, council_office_user, minimal_pdf

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa

SECRET_TITLE = "Vertraulicher Antrag zur Prüfung der Hallenbad-Sanierung"


@pytest.fixture
def unpublished_motion(council_demo):
    """A motion member A submitted: not public until the council office registers it."""
    from modellkommune.council.services import paper_submit

    author, other = council_members_of_two_factions()
    paper = paper_submit(
        actor=author,
        title=SECRET_TITLE,
        text="Die Verwaltung wird gebeten, die Kosten zu prüfen.",
        paper_type="Antrag",
        files=[("begruendung.pdf", minimal_pdf("Begruendung"))],
    )
    return paper, author, other


def _visible(response) -> bool:
    return response.status_code == 200 and SECRET_TITLE.encode() in response.content


def test_unpublished_motion_hidden_from_public_pages_and_api(client, unpublished_motion):
    paper, _author, _other = unpublished_motion
    for url in (
        reverse("council:paper_detail", kwargs={"pk": paper.pk}),
        reverse("council:short_paper", kwargs={"pk": paper.pk}),
        reverse("council:paper_list"),
        reverse("council:search") + "?q=Hallenbad",
        reverse("portal:search") + "?q=Hallenbad",
        f"/oparl/v1.1/paper/{paper.pk}",
        f"/oparl/v1.1/body/{paper.body_id}/paper",
        reverse("council:feed_rss"),
    ):
        response = client.get(url)
        assert response.status_code in (200, 301, 302, 404), url
        assert SECRET_TITLE.encode() not in response.content, url


def test_unpublished_attachment_not_downloadable(client, unpublished_motion):
    paper, _author, other = unpublished_motion
    file_id = paper.main_file_id
    assert file_id
    for url in (f"/oparl/v1.1/file/{file_id}/access", f"/oparl/v1.1/file/{file_id}", "/media/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
    client.force_login(other)
    assert client.get(f"/oparl/v1.1/file/{file_id}/access").status_code == 404


def test_other_faction_cannot_read_motion_by_id(client, unpublished_motion):
    paper, author, other = unpublished_motion
    client.force_login(other)
    assert not _visible(client.get(reverse("council:paper_detail", kwargs={"pk": paper.pk})))
    assert SECRET_TITLE.encode() not in client.get(reverse("council:my_papers")).content
    client.force_login(author)
    assert _visible(client.get(reverse("council:my_papers")))


def test_citizen_cannot_reach_council_back_office(client, unpublished_motion):
    paper, _author, _other = unpublished_motion
    citizen = UserFactory()
    url = reverse("council:backoffice_paper", kwargs={"pk": paper.pk})
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "register"}).status_code == 403
    paper.refresh_from_db()
    assert paper.status == "submitted"


def test_council_office_sees_the_motion(client, unpublished_motion):
    paper, _author, _other = unpublished_motion
    login_with_mfa(client, council_office_user())
    assert _visible(client.get(reverse("council:backoffice_paper", kwargs={"pk": paper.pk})))


def _back_office_urls():
    """Every back-office URL pattern of every app (/verwaltung/...), with 1 for each id."""
    urls = []
    for pattern_str, name in _walk(get_resolver()):
        if not pattern_str.startswith("verwaltung/"):
            continue
        path = "/" + re.sub(r"<(?:int:)?\w+>", "1", re.sub(r"<(?:str|slug):\w+>", "x", pattern_str))
        urls.append((name, path))
    return urls


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _walk(pattern, route)
        else:
            yield route.lstrip("^").replace("\\Z", "").replace("$", ""), pattern.name


def test_every_back_office_page_is_closed_to_citizens(client, demo):
    urls = _back_office_urls()
    assert urls, "no back-office pages found"
    citizen = UserFactory()
    for name, path in urls:
        anonymous = client.get(path)
        assert anonymous.status_code in (302, 403, 404), (name, path, anonymous.status_code)
        if anonymous.status_code == 302:
            assert "/konto/" in anonymous["Location"], (name, path)
    client.force_login(citizen)
    for name, path in urls:
        response = client.get(path)
        assert response.status_code in (403, 404), (name, path, response.status_code)
        posted = client.post(path, {})
        assert posted.status_code in (403, 404, 405), (name, path, posted.status_code)


def test_staff_of_another_department_cannot_manage_motions(client, unpublished_motion):
    """Two-factor staff outside the council office (e.g. the building department) have no access either."""
    from modellkommune.accounts.tests.factories import StaffFactory

    paper, _author, _other = unpublished_motion
    login_with_mfa(client, StaffFactory(email="bauamt@iserlohn.example"))
    url = reverse("council:backoffice_paper", kwargs={"pk": paper.pk})
    assert client.get(reverse("council:backoffice")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "register"}).status_code == 403
    paper.refresh_from_db()
    assert paper.status == "submitted"
