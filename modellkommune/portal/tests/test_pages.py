import re

import pytest
from django.core import mail

from modellkommune.portal import search
from modellkommune.portal.models import ContactMessage

PUBLIC_PAGES = [
    "/",
    "/barrierefreiheit/",
    "/kontakt/",
    "/impressum/",
    "/datenschutz/",
    "/suche/?q=Rat",
    "/konto/login/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_accessible_structure(client, municipality, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    for landmark in ('role="banner"', "<nav", "<main", 'role="contentinfo"'):
        assert landmark in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'name="viewport"' in html
    # every visible input has a label
    for input_id in re.findall(r'<(?:input|select|textarea)[^>]*id="([^"]+)"', html):
        if f'id="{input_id}"' in html and 'type="hidden"' not in html.split(f'id="{input_id}"')[0][-200:]:
            assert f'for="{input_id}"' in html, input_id


def test_start_page_shows_the_eight_sectors_in_german(client, municipality):
    html = client.get("/").content.decode()
    for name in ["Energie", "Gesundheit", "Verkehr", "Bildung", "Handel", "Sicherheit", "Tourismus", "Lebensqualität"]:
        assert name in html
    assert "Iserlohn digital" in html
    assert "Erklärung zur Barrierefreiheit" in html


def test_english_is_available(client, municipality):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_accessibility_statement_names_feedback_and_enforcement(client, municipality):
    html = client.get("/barrierefreiheit/").content.decode()
    assert "Barriere melden" in html
    assert "Ombudsstelle" in html
    assert "WCAG" in html


def test_contact_form_stores_the_message_and_notifies(client, municipality):
    response = client.post(
        "/kontakt/",
        {"topic": "accessibility", "name": "Erika", "email": "erika@example.org", "subject": "Kontrast",
         "message": "Der Button ist schwer lesbar.", "page_url": "/termine/"},
    )  # fmt: skip
    assert response.status_code == 302
    stored = ContactMessage.objects.get()
    assert stored.topic == "accessibility" and stored.page_url == "/termine/"
    assert len(mail.outbox) == 1 and "Kontrast" in mail.outbox[0].subject


def test_contact_form_shows_errors_and_stores_nothing(client, municipality):
    response = client.post(
        "/kontakt/", {"topic": "general", "name": "", "email": "kein-mail", "subject": "", "message": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert ContactMessage.objects.count() == 0


def test_contact_form_refuses_bots(client, municipality):
    data = {
        "topic": "general",
        "name": "Bot",
        "email": "b@example.org",
        "subject": "x",
        "message": "y",
        "website": "spam",
    }
    assert client.post("/kontakt/", data).status_code == 200
    assert ContactMessage.objects.count() == 0


def test_contact_form_requires_csrf(municipality, db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    data = {"topic": "general", "name": "E", "email": "e@example.org", "subject": "x", "message": "y"}
    assert strict.post("/kontakt/", data).status_code == 403
    assert ContactMessage.objects.count() == 0


def test_unified_search_asks_every_registered_provider(client, municipality, monkeypatch):
    monkeypatch.setattr(search, "_PROVIDERS", {})
    search.register(
        key="demo",
        label="Demo",
        search=lambda q, limit: [search.SearchResult(title=f"Treffer für {q}", url="/x/")],
    )
    html = client.get("/suche/?q=Radweg").content.decode()
    assert "Treffer für Radweg" in html


def test_security_headers_on_pages(client, municipality):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_gives_german_404(client, municipality):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_german_stays_default_for_an_english_browser(client, municipality):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html


def test_start_page_leads_to_the_top_tasks_and_the_latest_news(client, municipality):
    import datetime as dt

    from django.utils import timezone

    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.council import demo as council_demo
    from modellkommune.council.models import Paper

    accounts_demo.load()
    council_demo.load()
    body = Paper.objects.first().body
    planned = Paper.objects.create(
        body=body,
        name="Haushaltsplan für das übernächste Jahr",
        paper_type=Paper.objects.first().paper_type,
        date=timezone.localdate() + dt.timedelta(days=40),
    )
    html = client.get("/").content.decode()
    for label, url in [
        ("Termin buchen", "/termine/"),
        ("Antrag online stellen", "/buergerservice/"),
        ("Mangel melden", "/maengelmelder/melden/"),
        ("Sitzungen des Rates", "/rat/sitzungen/"),
    ]:
        assert label in html and f'href="{url}"' in html
    assert "Nächste Sitzungen" in html and "Neue Drucksachen" in html
    assert planned.name not in html  # a future-dated paper does not sit on top of the latest ones


def test_favicon_and_logo(client, municipality):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.ico")
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html
    assert 'class="brand-logo"' in html and 'alt=""' in html  # decorative: the town's name is next to it


def test_privacy_statement_names_controller_officer_bases_retention_and_complaint(client, municipality, settings):
    settings.DATA_PROTECTION_OFFICER = "Frau Dr. Datenschutz, Schillerplatz 7, 58636 Iserlohn"
    settings.DATA_PROTECTION_OFFICER_EMAIL = "datenschutz@iserlohn.example"
    settings.REPORTS_RETENTION_DAYS = 45
    html = re.sub(r"\s+", " ", client.get("/datenschutz/").content.decode())
    assert municipality.official_name in html  # the controller
    assert "Frau Dr. Datenschutz" in html and "mailto:datenschutz@iserlohn.example" in html
    assert "Art. 6 Abs. 1 lit. e DSGVO" in html and "Art. 6 Abs. 1 lit. a DSGVO" in html
    assert "45 Tage nach Abschluss der Meldung" in html  # retention comes from the settings
    assert "Art. 77 DSGVO" in html and "Landesbeauftragte für Datenschutz" in html


def test_legal_pages_fall_back_to_the_towns_record(client, municipality, settings):
    settings.DATA_PROTECTION_OFFICER = ""
    settings.DATA_PROTECTION_OFFICER_EMAIL = ""
    settings.LEGAL_REPRESENTATIVE = "Bürgermeister Max Beispiel"
    privacy = client.get("/datenschutz/").content.decode()
    assert f"mailto:{municipality.email}" in privacy
    imprint = client.get("/impressum/").content.decode()
    assert "Bürgermeister Max Beispiel" in imprint
    settings.ACCESSIBILITY_STATEMENT_DATE = "2027-01-15"
    assert "15. Januar 2027" in client.get("/barrierefreiheit/").content.decode()


@pytest.fixture
def catalogue(municipality):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.council import demo as council_demo
    from modellkommune.egov import demo as egov_demo
    from modellkommune.egov.appointments import demo as appointments_demo

    accounts_demo.load()
    council_demo.load()
    egov_demo.load()
    appointments_demo.load()


def test_search_answers_in_one_ranked_list_with_sections(client, catalogue):
    html = client.get("/suche/", {"q": "Personalausweis verloren"}).content.decode()
    assert "Keine Treffer" not in html
    ranked = re.search(r'<ol class="result-list ranked".*?</ol>', html, re.S).group(0)
    first = re.search(r"<li>(.*?)</li>", ranked, re.S).group(1)
    assert "Personalausweis" in first  # what the person needs comes first, though nothing says "verloren"
    assert 'class="badge">Bürgerservice' in ranked or 'class="badge">Termine' in ranked  # section as a label
    assert html.count("<h2") == 1  # one list, not a section per app with "Keine Treffer"


def test_search_uses_german_stems_synonyms_and_parts_of_compounds(client, catalogue):
    from modellkommune.portal.search import term_groups

    assert term_groups("Wie beantrage ich einen Ausweis?") == [
        ["beantrage", "beantrag"],
        ["ausweis", "personalausweis"],
    ]
    # "Ausweis" finds "Personalausweis beantragen": a word inside a compound.
    assert "Personalausweis beantragen" in client.get("/suche/", {"q": "Ausweis"}).content.decode()
    # "Umzug" is not a word of the catalogue; the administration says "Ummeldung"/"Wohnsitz".
    html = client.get("/suche/", {"q": "Umzug"}).content.decode()
    assert "Treffer, die besten zuerst" in html


def test_search_filters_by_section_and_says_clearly_when_nothing_is_found(client, catalogue):
    html = client.get("/suche/", {"q": "Ausweis", "bereich": "egov"}).content.decode()
    assert 'aria-current="page">Bürgerservice' in html
    assert 'class="badge">Termine' not in html
    empty = client.get("/suche/", {"q": "Xylophonunterricht"}).content.decode()
    assert "haben wir nichts gefunden" in empty and "Kontakt" in empty
    assert client.get("/suche/", {"q": "[", "bereich": "../../etc"}).status_code == 200


def test_site_search_finds_parts_of_compounds_in_every_section(client, catalogue):
    from modellkommune.council.models import Body, Paper

    Paper.objects.create(
        body=Body.objects.get(),
        name="Errichtung einer Windkraftanlage am Waldstück Dröschede",
        search_text="Errichtung einer Windkraftanlage am Waldstück Dröschede",
        paper_type="Antrag",
        public=True,
    )
    assert "Windkraftanlage am Waldstück" in client.get("/suche/", {"q": "Windkraft"}).content.decode()
    assert "Windkraftanlage am Waldstück" in client.get("/suche/", {"q": "Windräder"}).content.decode()  # synonym
    html = client.get("/suche/", {"q": "Personalausweis verloren"}).content.decode()
    assert "Personalausweis beantragen" in html
