"""Pages a citizen and a clerk use: every form control has a label, headings do not skip levels,
tables have captions and header cells. Parsed from the real HTML responses."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from modellkommune.egov import services

pytestmark = pytest.mark.django_db


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.headings, self.tables = [], set(), [], []
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((a.get("id"), a.get("name"), self._label_depth > 0, a.get("aria-label")))
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"caption": False, "th": False})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables and a.get("scope"):
            self.tables[-1]["th"] = True

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


def _check(html: str):
    page = _Collector()
    page.feed(html)
    for control_id, name, wrapped, aria in page.controls:
        assert wrapped or aria or (control_id and control_id in page.labels), f"no label for {name}"
    assert page.headings and page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{before} → h{after}"
    for table in page.tables:
        assert table["caption"] and table["th"]
    return page


def test_citizen_pages(client, citizen, service, submitted):
    client.force_login(citizen)
    draft = services.application_draft_start(user=citizen, service=service)
    urls = [
        reverse("egov:index"),
        service.get_absolute_url(),
        reverse("egov:application_edit", args=[draft.pk]),
        reverse("egov:application_review", args=[draft.pk]),
        reverse("egov:application_list"),
        submitted.get_absolute_url(),
        reverse("egov:mailbox"),
        reverse("egov:my_data"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _check(response.content.decode())
    # with validation errors: a summary linking to the fields, each error tied to its field
    response = client.post(reverse("egov:application_edit", args=[draft.pk]), {"action": "next", "art": "b"})
    html = response.content.decode()
    _check(html)
    assert 'href="#id_name"' in html and 'aria-invalid="true"' in html


def test_back_office_pages(staff_client, service, submitted):
    for url in [
        reverse("egov:backoffice"),
        reverse("egov:backoffice_application", args=[submitted.pk]),
        reverse("egov:backoffice_services"),
        reverse("egov:backoffice_service_form", args=[service.slug]),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        _check(response.content.decode())


def test_discard_draft(client, citizen, service):
    from modellkommune.egov.models import Application

    draft = services.application_draft_start(user=citizen, service=service)
    client.force_login(citizen)
    client.post(reverse("egov:application_discard", args=[draft.pk]))
    assert not Application.objects.filter(pk=draft.pk).exists()
