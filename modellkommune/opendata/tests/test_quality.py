"""The built-in MQA score: weights, per-dataset results, history, DQV in the RDF and the back-office page."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.opendata import quality
from modellkommune.opendata.models import Dataset, QualitySnapshot
from modellkommune.opendata.rdf import DQV
from modellkommune.opendata.selectors import dataset_get_published, dataset_list_published
from modellkommune.opendata.services import catalogue_sync

pytestmark = pytest.mark.django_db


def test_weights_are_the_published_mqa_weights():
    per_dimension = {}
    for metric in quality.METRICS:
        per_dimension[metric.dimension] = per_dimension.get(metric.dimension, 0) + metric.weight
    assert per_dimension == {"findability": 100, "accessibility": 100, "interoperability": 110, "reusability": 75,
                             "contextuality": 20}  # fmt: skip
    weights = {m.key: m.weight for m in quality.METRICS}
    assert (weights["keyword"], weights["access_url_status"], weights["dcat_ap_compliance"]) == (30, 50, 30)
    assert quality.rating(351)[0] == "excellent" and quality.rating(350)[0] == "good"
    assert quality.rating(221)[0] == "good" and quality.rating(120)[0] == "bad"


def test_every_demo_dataset_is_excellent(sensor_catalogue):
    datasets = list(dataset_list_published())
    assert len(datasets) >= 17
    scores = {d.slug: quality.dataset_assess(d).score for d in datasets}
    assert all(score >= 351 for score in scores.values()), scores
    assert quality.catalogue_assess(datasets).rating[0] == "excellent"


def test_missing_keywords_and_a_proprietary_format_cost_their_points(catalogue):
    full = quality.dataset_assess(dataset_get_published(slug="baumkataster")).score
    Dataset.objects.filter(slug="baumkataster").update(keywords=[])
    Dataset.objects.get(slug="baumkataster").distributions.update(format="XLSX")
    result = quality.dataset_assess(dataset_get_published(slug="baumkataster"))
    # keywords 30, non-proprietary 20; XLSX stays machine-readable
    assert full - result.score == 30 + 20
    assert [m.key for m, _p in result.gaps][:2] == ["keyword", "non_proprietary"]


def test_a_foreign_unchecked_url_scores_no_accessibility(catalogue):
    dist = Dataset.objects.get(slug="baumkataster").distributions.get()
    dist.file = ""
    dist.access_url = dist.download_url = "https://example.org/baeume.csv"
    dist.save()
    result = quality.dataset_assess(dataset_get_published(slug="baumkataster"))
    assert result.dimensions["accessibility"] == 20  # only "downloadURL given"


def test_sync_records_history_only_on_change(catalogue):
    catalogue_sync()
    count = QualitySnapshot.objects.count()
    catalogue_sync()
    assert QualitySnapshot.objects.count() == count  # nothing changed, no new rows
    Dataset.objects.filter(slug="baumkataster").update(keywords=[])
    catalogue_sync()
    newest = QualitySnapshot.objects.filter(dataset__slug="baumkataster").first()
    assert newest.score == quality.dataset_assess(dataset_get_published(slug="baumkataster")).score
    assert QualitySnapshot.objects.count() == count + 2  # the dataset and the catalogue


def test_rdf_publishes_the_score_as_dqv_measurements(client, catalogue):
    graph = Graph().parse(data=client.get("/opendata/catalog.ttl").content, format="turtle")
    ds = URIRef("http://testserver.example/opendata/datensaetze/baumkataster/#dataset")
    expected = quality.dataset_assess(dataset_get_published(slug="baumkataster")).score
    values = {}
    for measurement in graph.objects(ds, DQV.hasQualityMeasurement):
        metric = str(graph.value(measurement, DQV.isMeasurementOf))
        values[metric.rsplit("#mqa-", 1)[1]] = graph.value(measurement, DQV.value)
    assert values["score"] == Literal(expected, datatype=XSD.integer)
    assert set(values) == {"score", *quality.DIMENSIONS}
    catalog = URIRef("http://testserver.example/opendata/catalog#catalog")
    assert len(list(graph.objects(catalog, DQV.hasQualityMeasurement))) == 6


def test_quality_page_is_for_staff_only_and_says_what_to_add(client, catalogue, staff):
    url = "/verwaltung/offene-daten/qualitaet/"
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(email="buerger.od@example.org"))
    assert client.get(url).status_code == 403
    Dataset.objects.filter(slug="ladesaeulen").update(keywords=[])
    login_with_mfa(client, staff)
    html = client.get(url).content.decode()
    assert "Schlagwörter (dcat:keyword) angeben (+30 Punkte)" in html
    assert "Standorte der Ladesäulen" in html
    assert "von 405 Punkten" in html
    assert url in client.get("/opendata/").content.decode()  # staff find the page from the catalogue


def test_citizens_see_no_link_to_the_quality_page(client, catalogue):
    assert "/verwaltung/offene-daten/qualitaet/" not in client.get("/opendata/").content.decode()
