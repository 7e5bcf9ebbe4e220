"""The council members' area (issue 13): every page under /rat/mein-bereich/ is closed to visitors, citizens
and staff; a member reaches the non-public papers and agenda parts of their own bodies only, and nobody
reads another member's notes. New member pages are found from the URL resolver, so none is left out."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import get_resolver, reverse

from modellkommune.accounts.tests.factories import CouncilMemberFactory, StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa

MEMBER_PREFIX = "rat/mein-bereich/"


def _member_urls() -> list[tuple[str, str]]:
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern, route)
            elif route.lstrip("^").startswith(MEMBER_PREFIX):
                yield pattern.name, "/" + re.sub(r"<(?:int:)?\w+>", "{pk}", route.lstrip("^"))

    return list(walk(get_resolver()))


def _secret():
    """A confidential paper on the non-public part of a committee meeting of the demo."""
    from modellkommune.council.tests.members import nonpublic_committee_paper

    return nonpublic_committee_paper()


def test_member_pages_are_found():
    names = {name for name, _ in _member_urls()}
    assert {"member_home", "member_meeting", "member_paper", "member_notes"} <= names


def test_member_pages_closed_to_visitors_citizens_and_staff(client, demo):
    paper = _secret()
    urls = [path.format(pk=paper.pk) for _name, path in _member_urls()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response["Location"], url
    for user, login in ((UserFactory(), client.force_login), (StaffFactory(), lambda u: login_with_mfa(client, u))):
        login(user)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (url, user.role)
            assert client.post(url, {"text": "x", "note": "1"}).status_code in (403, 404), (url, user.role)


def test_member_of_another_body_reaches_no_non_public_object(client, demo):
    from modellkommune.council.models import Meeting, Membership, Organization, PaperNote, Person
    from modellkommune.council.selectors_members import member_organizations

    paper = _secret()
    bodies = set(Organization.objects.filter(consultations__paper=paper).values_list("pk", flat=True)) | set(
        Organization.objects.filter(meetings__consultations__paper=paper).values_list("pk", flat=True)
    )
    outside = Organization.objects.filter(organization_type="Gremium").exclude(pk__in=bodies).first()
    user = CouncilMemberFactory()
    person = Person.objects.create(body=outside.body, given_name="Olaf", family_name="Außen", user=user)
    Membership.objects.create(person=person, organization=outside, start_date=dt.date(2025, 1, 1))
    assert not set(member_organizations(user=user).values_list("pk", flat=True)) & bodies
    client.force_login(user)
    assert client.get(reverse("council:member_paper", args=[paper.pk])).status_code == 404
    assert client.post(reverse("council:member_paper", args=[paper.pk]), {"text": "x"}).status_code == 404
    for meeting in Meeting.objects.filter(organizations__in=bodies).exclude(organizations=outside)[:5]:
        assert client.get(reverse("council:member_meeting", args=[meeting.pk])).status_code == 404
    assert paper.name not in client.get(reverse("council:member_home")).content.decode()
    # Someone else's note: neither listed nor deletable.
    owner = Person.objects.exclude(user=None).exclude(user=user).first().user
    note = PaperNote.objects.create(user=owner, paper=paper, text="Nur für mich")
    assert "Nur für mich" not in client.get(reverse("council:member_notes")).content.decode()
    client.post(reverse("council:member_notes"), {"note": note.pk})
    assert PaperNote.objects.filter(pk=note.pk).exists()
