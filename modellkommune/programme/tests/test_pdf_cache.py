"""/modellprojekte/export.pdf and the gap report PDF: rendered once per content version, then served from the
cache with ETag/Last-Modified; a change to the data, wherever it is made, renders a new one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from modellkommune.programme import views
from modellkommune.programme.models import Project

from .factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint renders (the expensive part) while still producing the real PDF."""
    calls = []
    real = views.markdown_to_pdf

    def counting(text, *, title):
        calls.append(title)
        return real(text, title=title)

    monkeypatch.setattr(views, "markdown_to_pdf", counting)
    return calls


@pytest.fixture
def projects(municipality):
    first = ProjectFactory(slug="ladesaeulen", title="Ladesäulen am Rathaus", budget=Decimal("50000"))
    ProjectFactory(slug="wlan", title="Freies WLAN Innenstadt", status="idea")
    MilestoneFactory(project=first, title="Ausschreibung", due_date=dt.date(2026, 3, 1))
    return first


URL = "/modellprojekte/export.pdf"


def test_second_request_is_served_from_the_cache(client, projects, renders):
    first = client.get(URL)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    second = client.get(URL)
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"]
    # other query strings that select the same projects share the entry
    assert client.get(URL, {"q": "  "}).content == first.content
    assert len(renders) == 1


def test_conditional_request_answers_304_without_rendering(client, projects, renders):
    first = client.get(URL)
    response = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and response["ETag"] == first["ETag"] and not response.content
    response = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    assert len(renders) == 1


def test_a_change_anywhere_renders_a_new_pdf(client, projects, renders):
    first = client.get(URL)
    # a change made outside the services (admin, shell, import) is noticed as well
    Project.objects.filter(pk=projects.pk).update(title="Ladesäulen am Bahnhof")
    second = client.get(URL)
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200  # the old copy is stale
    milestone = projects.milestones.get()
    milestone.done = True
    milestone.save()
    third = client.get(URL)
    assert third["ETag"] not in (first["ETag"], second["ETag"])
    assert len(renders) == 3


def test_filtered_exports_are_cached_per_content(client, projects, renders):
    ideas = client.get(URL, {"status": "idea"})
    everything = client.get(URL)
    assert ideas["ETag"] != everything["ETag"]
    client.get(URL, {"status": "idea"})
    assert len(renders) == 2


def test_renders_are_limited_but_cached_copies_still_served(client, projects, renders, settings):
    settings.PROGRAMME_PDF_RENDERS_PER_MINUTE = 2
    cached = client.get(URL)
    client.get(URL, {"status": "idea"})
    refused = client.get(URL, {"status": "running"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert len(renders) == 2
    assert client.get(URL).content == cached.content  # no render needed: served despite the limit


def test_gap_report_pdf_is_cached_too(client, municipality, renders):
    url = reverse("programme:gap_report_pdf")
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    assert client.get(url).content == first.content
    assert len(renders) == 1
