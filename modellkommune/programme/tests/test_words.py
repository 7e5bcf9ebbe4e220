"""German pages use German words: "Haushaltsmittel" rather than "Budget", "gute Beispiele" with the English
"(Best Practices)" only in brackets, and no "Smart Parking" project title in the demo."""

import re

import pytest
from django.urls import reverse

from modellkommune.programme.models import BestPractice, Project

PAGES = [
    ("programme:index", []),
    ("programme:budget", []),
    ("programme:best_practice_list", []),
    ("programme:partner_list", []),
    ("programme:maturity", []),
    ("programme:by_sector", []),
]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'\b(href|src|class|id|action|aria-labelledby)="[^"]*"', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def _english_outside_brackets(text: str) -> list[str]:
    found = re.findall(r"\bBudget\w*|Smart Parking", text)
    without_brackets = re.sub(r"\((Best Practices?)\)", " ", text)
    found += re.findall(r"Best[ -]Practice\w*", without_brackets)
    return found


@pytest.mark.parametrize("name, args", PAGES)
def test_public_programme_pages_use_german_terms(client, programme, name, args):
    text = _visible_text(client.get(reverse(name, args=args)).content.decode())
    assert not _english_outside_brackets(text), name


def test_project_page_and_back_office_use_german_terms(client, staff_client, programme):
    project = Project.objects.get(slug="smart-parking-innenstadt")
    assert project.title == "Digitales Parkleitsystem Innenstadt"
    pages = [
        client.get(reverse("programme:project_detail", args=[project.slug])),
        staff_client.get(reverse("programme:backoffice")),
        staff_client.get(reverse("programme:backoffice_project", args=[project.slug])),
        staff_client.get(reverse("programme:backoffice_bp", args=[BestPractice.objects.first().slug])),
    ]
    for response in pages:
        assert response.status_code == 200
        text = _visible_text(response.content.decode())
        assert not _english_outside_brackets(text), response.request["PATH_INFO"]
    assert "Haushaltsmittel" in _visible_text(pages[0].content.decode())


def test_verbose_names_are_german():
    assert str(Project._meta.get_field("budget").verbose_name) == "Haushaltsmittel (Euro)"
    assert str(BestPractice._meta.verbose_name_plural) == "gute Beispiele (Best Practices)"
