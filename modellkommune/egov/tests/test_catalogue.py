import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.egov import selectors
from modellkommune.egov.xzufi import NS

from .factories import LifeSituationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_catalogue_groups_services_by_life_situation(client, department):
    umzug = LifeSituationFactory(name="Umzug und Wohnen", slug="umzug")
    s = ServiceFactory(name="Meldebescheinigung beantragen", department=department)
    s.life_situations.add(umzug)
    ServiceFactory(name="Versteckte Leistung", department=department, published=False)
    html = client.get(reverse("egov:index")).content.decode()
    assert "Umzug und Wohnen" in html
    assert "Meldebescheinigung beantragen" in html
    assert "Versteckte Leistung" not in html


def test_search_finds_by_word_and_by_life_situation(client, department):
    haustiere = LifeSituationFactory(name="Haustiere", slug="haustiere")
    dog = ServiceFactory(name="Hundesteuer Anmeldung", department=department)
    dog.life_situations.add(haustiere)
    ServiceFactory(name="Reisepass", department=department)
    html = client.get(reverse("egov:index"), {"q": "hundesteuer"}).content.decode()
    assert "Hundesteuer Anmeldung" in html and "Reisepass" not in html
    assert list(selectors.service_search("Haustiere")) == [dog]


def test_service_page_shows_fee_documents_and_apply_button(client, service):
    service.fee = 30
    service.required_documents = "Fahrzeugschein\nPersonalausweis"
    service.save()
    html = client.get(service.get_absolute_url()).content.decode()
    assert "30,00" in html or "30.00" in html
    assert "<li>Fahrzeugschein</li>" in html
    assert "Anmelden und online beantragen" in html


def test_unpublished_service_page_is_404(client, department):
    s = ServiceFactory(department=department, published=False)
    assert client.get(reverse("egov:service_detail", args=[s.slug])).status_code == 404


def test_xzufi_json_and_xml_export(client, service):
    data = client.get(reverse("egov:export_json")).json()
    record = data["leistungen"][0]
    assert record["referenzLeiKa"] == "99000000000000"
    assert record["zustaendigeStelle"] == "Bürgerbüro"
    assert record["onlinedienst"]["verfuegbar"] is True
    root = ET.fromstring(  # noqa: S314 - our own output
        client.get(reverse("egov:export_xml")).content
    )
    names = [el.text for el in root.iter(f"{{{NS}}}bezeichnung")]
    assert names == ["Anwohnerparkausweis"]


def test_interface_selectors(department, submitted):
    ServiceFactory(department=department, online=False, form_schema={})
    assert selectors.service_online_share() == 0.5
    now = timezone.now()
    assert (
        selectors.applications_submitted_count(since=now - dt.timedelta(hours=1), until=now + dt.timedelta(hours=1))
        == 1
    )
    assert (
        selectors.applications_submitted_count(since=now + dt.timedelta(hours=1), until=now + dt.timedelta(hours=2))
        == 0
    )
    assert submitted.service in selectors.service_list_public()


def test_unified_search_provider(service):
    from modellkommune.portal.search import search_all

    groups = {provider.key: results for provider, results in search_all("Anwohnerpark")}
    assert groups["egov"][0].url == service.get_absolute_url()
