"""Finding data: every term must match (German stemming on PostgreSQL), facets as links with counts,
multi-select, sorting, publisher filter and clear messages for unknown filter values."""

import re

import pytest
from django.db import connection

from modellkommune.opendata.models import Dataset

pytestmark = pytest.mark.django_db


def _titles(client, params) -> list[str]:
    response = client.get("/opendata/", params)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="/opendata/datensaetze/[^"]+/">([^<]+)</a></h3>', response.content.decode())


def test_several_words_find_what_contains_all_of_them(client, sensor_catalogue):
    assert _titles(client, {"q": "wahlen 2025"}) == ["Wahlergebnisse der Kommunalwahl 2025 (Rat)"]
    found = _titles(client, {"q": "verkehr sensor"})
    assert found == ["Sensordaten Verkehr"]
    assert _titles(client, {"q": "wahlen baum"}) == []


def test_punctuation_is_no_search_term(client, catalogue):
    response = client.get("/opendata/", {"q": "["})
    html = response.content.decode()
    assert _titles(client, {"q": "["}) == []
    assert "Bitte geben Sie einen Suchbegriff aus Buchstaben oder Ziffern ein." in html


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="German stemming needs PostgreSQL full-text search")
def test_german_stemming_on_postgresql(client, catalogue):
    # "Bäumen" and "Baum" share the stem of the keyword "Bäume"; a substring search finds neither.
    assert "Baumkataster (Auszug Innenstadt)" in _titles(client, {"q": "Bäumen"})
    assert _titles(client, {"q": "Einwohnerinnen Stadtteil"}) == ["Einwohnerinnen und Einwohner nach Stadtteilen"]


def test_facets_are_links_with_counts_and_multi_select(client, catalogue):
    html = client.get("/opendata/").content.decode()
    envi = re.search(r'<a href="(\?thema=ENVI)" data-facet="thema">Umwelt <span class="count">\((\d+)\)', html)
    assert envi and int(envi.group(2)) == Dataset.objects.filter(published=True, themes__icontains='"ENVI"').count()
    one = _titles(client, {"thema": ["ENVI"]})
    both = _titles(client, {"thema": ["ENVI", "ECON"]})
    assert (
        "Baumkataster (Auszug Innenstadt)" in one
        and "Haushaltsplan 2026 (Ergebnisplan nach Produktbereichen)" not in one
    )
    assert set(one) < set(both) and "Haushaltsplan 2026 (Ergebnisplan nach Produktbereichen)" in both
    # a selected value links to the list without it
    html = client.get("/opendata/", {"thema": ["ENVI", "ECON"]}).content.decode()
    assert 'href="?thema=ECON" data-facet="thema" class="od-selected"' in html


def test_unknown_filter_values_are_named_not_silently_ignored(client, catalogue):
    html = client.get("/opendata/", {"thema": "XXXX", "sortierung": "zufall"}).content.decode()
    assert "Der Wert „XXXX“ ist für den Filter „Kategorie“ unbekannt" in html
    assert "Die Sortierung „zufall“ ist unbekannt" in html


def test_publisher_filter_and_sorting(client, catalogue):
    Dataset.objects.filter(slug="baumkataster").update(publisher_name="Stadtbetrieb Grün (Demo)")
    assert _titles(client, {"herausgeber": "Stadtbetrieb Grün (Demo)"}) == ["Baumkataster (Auszug Innenstadt)"]
    Dataset.objects.filter(slug="ladesaeulen").update(modified="2030-01-01T00:00:00Z")
    assert _titles(client, {"sortierung": "aktualisiert"})[0] == "Standorte der Ladesäulen für Elektrofahrzeuge"
    titles = _titles(client, {"sortierung": "titel"})
    assert titles == sorted(titles)


def test_pager_keeps_multi_select_filters(client, catalogue):
    from .factories import DatasetFactory

    for n in range(25):
        DatasetFactory(title=f"Zusatz {n:02d}", themes=["ENVI"])
    html = client.get("/opendata/", {"thema": ["ENVI", "GOVE"]}).content.decode()
    assert "thema=ENVI&amp;thema=GOVE&amp;seite=2" in html
