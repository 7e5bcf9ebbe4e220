"""The open-data office's back office: datasets and distributions without the Django admin, the
Musterdatenkatalog mapping and the potential list (issue 14)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import AuditLogEntry
from modellkommune.opendata import musterdatenkatalog
from modellkommune.opendata.constants import FileType, Licence, Theme
from modellkommune.opendata.models import Dataset, Distribution, PotentialDecision
from modellkommune.opendata.selectors import potential_list
from modellkommune.opendata.services import dataset_create
from modellkommune.opendata.services_editorial import dataset_set_published, potential_decide

MDK = musterdatenkatalog.BASE
FORM = {
    "title": "Spielplätze",
    "description": "Öffentliche Spielplätze mit Ausstattung.",
    "publisher_name": "Stadt Iserlohn",
    "publisher_url": "https://www.iserlohn.de/",
    "contact_name": "Open-Data-Stelle",
    "contact_email": "opendata@iserlohn.example",
    "licence": Licence.DL_BY_DE_2,
    "themes": [Theme.SOCI],
    "keywords": "Spielen, Kinder",
    "political_geocoding_uri": "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/059620024024",
    "political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
    "accrual_periodicity": "ANNUAL",
    "access_rights": "PUBLIC",
    "musterdatensatz": MDK + "freizeit/spielplatzUndSpielstaette",
}


def test_the_catalogue_has_25_themen_and_241_bezeichnungen():
    entries = musterdatenkatalog.entries()
    themen = {e.thema for e in entries.values()} - {"Sonstiges"}
    assert len(themen) == 25
    assert len([e for e in entries.values() if e.thema != "Sonstiges"]) == 241
    assert all(e.uri.startswith(MDK) for e in entries.values())
    street = entries[MDK + "raumplanung/raumgliederung/strasse"]
    assert street.thema == "Raumplanung" and street.towns == 33


def test_office_creates_edits_and_publishes_a_dataset_without_the_admin(municipality, staff_client, staff):
    html = staff_client.get(reverse("opendata:backoffice_dataset_create")).content.decode()
    assert "/admin/" not in html and "Musterdatensatz" in html and "Spielplatz und Spielstätte" in html

    response = staff_client.post(reverse("opendata:backoffice_dataset_create"), FORM)
    assert response.status_code == 302
    dataset = Dataset.objects.get(title="Spielplätze")
    assert not dataset.published and dataset.musterdatensatz == FORM["musterdatensatz"]
    page = reverse("opendata:backoffice_dataset", args=[dataset.slug])
    html = staff_client.get(page).content.decode()
    assert "Das bringt Punkte" in html  # the MQA hints on the same page

    publish = reverse("opendata:backoffice_dataset_publish", args=[dataset.slug])
    html = staff_client.post(publish, {"action": "publish"}, follow=True).content.decode()
    assert "dcat:distribution fehlt" in html
    dataset.refresh_from_db()
    assert not dataset.published

    add = reverse("opendata:backoffice_distribution_create", args=[dataset.slug])
    bad = staff_client.post(add, {"title": "Liste", "format": FileType.CSV, "order": 0})
    assert bad.status_code == 200 and "dcat:accessURL fehlt" in bad.content.decode()
    upload = _file("spielplaetze.csv", b"name,ort\nAm Hemberg,Innenstadt\n")
    assert (
        staff_client.post(add, {"title": "Liste", "format": FileType.CSV, "order": 0, "file": upload}).status_code
        == 302
    )
    dist = dataset.distributions.get()
    assert dist.byte_size > 0 and dist.download_url.endswith(f"/dateien/{dist.pk}/")

    staff_client.post(publish, {"action": "publish"})
    dataset.refresh_from_db()
    assert dataset.published
    public = staff_client.get(reverse("opendata:dataset_detail", args=[dataset.slug])).content.decode()
    assert "Spielplatz und Spielstätte" in public and FORM["musterdatensatz"] in public

    edit = staff_client.post(page, {**FORM, "slug": dataset.slug, "licence": "http://dcat-ap.de/def/licenses/erfunden"})
    assert edit.status_code == 200 and "dct:license" in edit.content.decode()
    edit = staff_client.post(page, {**FORM, "musterdatensatz": MDK + "erfunden"})
    assert edit.status_code == 200
    staff_client.post(page, {**FORM, "title": "Spielplätze und Bolzplätze"})
    dataset.refresh_from_db()
    assert dataset.title == "Spielplätze und Bolzplätze"

    staff_client.post(publish, {"action": "hide"})
    dataset.refresh_from_db()
    assert not dataset.published
    assert staff_client.get(reverse("opendata:dataset_detail", args=[dataset.slug])).status_code == 404
    actions = set(AuditLogEntry.objects.filter(object_id=str(dataset.pk)).values_list("action", flat=True))
    assert {"create", "update", "action"} <= actions


def test_distribution_edit_and_delete_with_confirmation(municipality, staff_client, staff):
    dataset = dataset_create(actor=staff, **{k: v for k, v in FORM.items() if k not in ("keywords",)})
    from modellkommune.opendata.services import distribution_create

    dist = distribution_create(dataset=dataset, actor=staff, title="Link", format=FileType.HTML,
                               access_url="https://www.iserlohn.de/spielplaetze")  # fmt: skip
    url = reverse("opendata:backoffice_distribution", args=[dataset.slug, dist.pk])
    response = staff_client.post(
        url, {"title": "Karte", "format": "ERFUNDEN", "access_url": dist.access_url, "order": 0}
    )
    assert response.status_code == 200 and "dct:format" in response.content.decode()
    staff_client.post(url, {"title": "Karte", "format": FileType.HTML, "access_url": dist.access_url, "order": 1})
    dist.refresh_from_db()
    assert dist.title == "Karte" and dist.order == 1
    delete = reverse("opendata:backoffice_distribution_delete", args=[dataset.slug, dist.pk])
    assert staff_client.get(delete).status_code == 200 and Distribution.objects.filter(pk=dist.pk).exists()
    refused = staff_client.post(delete, follow=True).content.decode()
    assert "mindestens eine Distribution" in refused and Distribution.objects.filter(pk=dist.pk).exists()
    dataset_set_published(dataset=dataset, actor=staff, published=False)
    staff_client.post(delete)
    assert not Distribution.objects.filter(pk=dist.pk).exists()
    assert AuditLogEntry.objects.filter(object_type="opendata.distribution", action="delete").exists()


def test_other_staff_get_403_and_the_service_refuses_them(municipality, client, clerk, staff):
    dataset = dataset_create(actor=staff, **{k: v for k, v in FORM.items() if k != "keywords"})
    login_with_mfa(client, clerk)
    for url in (
        reverse("opendata:backoffice"),
        reverse("opendata:backoffice_potential"),
        reverse("opendata:backoffice_dataset_create"),
        reverse("opendata:backoffice_dataset", args=[dataset.slug]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("opendata:backoffice_dataset_publish", args=[dataset.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        dataset_set_published(dataset=dataset, actor=clerk, published=True)
    with pytest.raises(PermissionDenied):
        potential_decide(actor=clerk, musterdatensatz=MDK + "freizeit/grillplatz", status="planned")


def test_generated_datasets_are_mapped_and_published_as_dct_references(catalogue, staff_client):
    for dataset in Dataset.objects.generated():
        assert dataset.musterdatensatz, dataset.slug
    manual = Dataset.objects.get(slug="baumkataster")
    assert manual.musterdatensatz == MDK + "floraUndFauna/baumbestand/baumkataster"
    body = staff_client.get(reverse("opendata:dataset_rdf", args=["baumkataster", "ttl"])).content
    graph = Graph().parse(data=body, format="turtle")
    refs = set(graph.objects(None, DCTERMS.references))
    assert URIRef(manual.musterdatensatz) in refs
    generated = Dataset.objects.generated().first()
    page = staff_client.get(reverse("opendata:backoffice_dataset", args=[generated.slug])).content.decode()
    assert "automatisch aus den Daten der Plattform erzeugt" in page and 'name="title"' not in page


def test_potential_list_ranks_what_others_publish_and_records_decisions(catalogue, staff_client, staff):
    rows = potential_list()
    uris = [r["entry"].uri for r in rows]
    assert MDK + "bevoelkerungsstruktur/einwohnerzahl" not in uris  # published by the demo
    assert uris[0] == MDK + "raumplanung/raumgliederung/strasse"  # 33 NRW towns publish it
    counts = [r["entry"].towns for r in rows if r["entry"].towns is not None]
    assert counts == sorted(counts, reverse=True)
    html = staff_client.get(reverse("opendata:backoffice_potential")).content.decode()
    assert "Raumgliederung - Straße" in html and "Musterdatenkatalog (Version 4)" in html

    street = MDK + "raumplanung/raumgliederung/strasse"
    staff_client.post(reverse("opendata:backoffice_potential"), {"musterdatensatz": street, "status": "planned",
                                                                 "note": "mit dem Tiefbauamt 2027"})  # fmt: skip
    decision = PotentialDecision.objects.get(musterdatensatz=street)
    assert decision.status == "planned" and decision.decided_by == staff
    assert AuditLogEntry.objects.filter(object_type="opendata.potentialdecision", action="create").exists()
    open_html = staff_client.get(reverse("opendata:backoffice_potential")).content.decode()
    assert "mit dem Tiefbauamt 2027" not in open_html  # decided rows leave the open list
    assert (
        "mit dem Tiefbauamt 2027"
        in staff_client.get(reverse("opendata:backoffice_potential") + "?anzeigen=alle").content.decode()
    )
    bad = staff_client.get(reverse("opendata:backoffice_potential") + "?anzeigen=xyz", follow=True)
    assert bad.status_code == 200 and "Unbekannte Ansicht" in bad.content.decode()
    html = staff_client.post(reverse("opendata:backoffice_potential"), {"musterdatensatz": MDK + "erfunden",
                                                                        "status": "planned"}, follow=True)  # fmt: skip
    assert "nicht im Musterdatenkatalog" in html.content.decode()
    staff_client.post(reverse("opendata:backoffice_potential"), {"musterdatensatz": street, "status": ""})
    assert not PotentialDecision.objects.filter(musterdatensatz=street).exists()


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
