"""Stable dct:modified: an hourly sync without changes must not make harvesters re-import anything."""

import datetime as dt

import pytest
from django.utils import timezone
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from modellkommune.opendata.models import Dataset
from modellkommune.opendata.registry import _PROVIDERS, DatasetSpec, Link, Table, register
from modellkommune.opendata.services import catalogue_sync, dataset_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec_state(municipality, settings):
    settings.SITE_URL = "http://testserver.example"
    state = {"description": "Pegelstände.", "keywords": ["Pegel"], "link_title": "API"}

    @register("synctest")
    def provider():
        return [
            DatasetSpec(
                key="synctest-pegel", title="Pegel", description=state["description"], themes=["ENVI"],
                keywords=state["keywords"], frequency="HOURLY",
                links=[Link(key="api", title=state["link_title"], format="JSON",
                            access_url="http://testserver.example/api/pegel")],
                tables=[Table(key="werte", title="Werte", columns=["id"], rows=lambda: iter([[1]]))],
            )
        ]  # fmt: skip

    yield state
    _PROVIDERS.pop("synctest", None)


def _age(dataset_slug: str, hours: int) -> None:
    """Pretend the last sync was `hours` ago, so a new timestamp would be visible."""
    past = timezone.now() - dt.timedelta(hours=hours)
    dataset = Dataset.objects.get(slug=dataset_slug)
    Dataset.objects.filter(pk=dataset.pk).update(modified=past)
    dataset.distributions.update(modified=past)


def test_two_syncs_without_change_keep_modified(client, spec_state):
    catalogue_sync()
    _age("synctest-pegel", 3)
    before = Dataset.objects.get(slug="synctest-pegel")
    dist_before = {d.key: d.modified for d in before.distributions.all()}
    catalogue_sync()
    after = Dataset.objects.get(slug="synctest-pegel")
    assert after.modified == before.modified
    assert {d.key: d.modified for d in after.distributions.all()} == dist_before
    # what a harvester sees: the same dct:modified in the RDF
    graph = Graph().parse(data=client.get("/opendata/datensaetze/synctest-pegel.ttl").content, format="turtle")
    ds = URIRef("http://testserver.example/opendata/datensaetze/synctest-pegel/#dataset")
    assert str(graph.value(ds, DCTERMS.modified)).startswith(before.modified.strftime("%Y-%m-%dT%H:%M"))


def test_a_change_bumps_modified_of_the_dataset_and_only_the_changed_distribution(spec_state):
    catalogue_sync()
    _age("synctest-pegel", 3)
    before = Dataset.objects.get(slug="synctest-pegel")
    old = {d.key: d.modified for d in before.distributions.all()}
    spec_state["link_title"] = "Pegel-API"
    catalogue_sync()
    after = Dataset.objects.get(slug="synctest-pegel")
    assert after.modified > before.modified
    new = {d.key: d.modified for d in after.distributions.all()}
    assert new["api"] > old["api"]
    assert new["werte-csv"] == old["werte-csv"]


def test_a_metadata_change_bumps_modified(spec_state):
    catalogue_sync()
    _age("synctest-pegel", 3)
    before = Dataset.objects.get(slug="synctest-pegel").modified
    spec_state["keywords"] = ["Pegel", "Hochwasser"]
    catalogue_sync()
    assert Dataset.objects.get(slug="synctest-pegel").modified > before


def test_saving_a_manual_dataset_unchanged_keeps_modified(catalogue):
    dataset = Dataset.objects.get(slug="baumkataster")
    past = timezone.now() - dt.timedelta(days=2)
    Dataset.objects.filter(pk=dataset.pk).update(modified=past)
    dataset.refresh_from_db()
    dataset_update(dataset=dataset, actor=None, title=dataset.title, keywords=list(dataset.keywords))
    assert Dataset.objects.get(pk=dataset.pk).modified == past
    dataset_update(dataset=dataset, actor=None, title=dataset.title + " (neu)")
    assert Dataset.objects.get(pk=dataset.pk).modified > past


def test_defect_reports_dataset_covers_the_days_of_its_reports(catalogue):
    from modellkommune.egov.reports.models import Report
    from modellkommune.egov.reports.tests.factories import ReportFactory

    early, late = ReportFactory(), ReportFactory()
    Report.objects.filter(pk=early.pk).update(requested=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    Report.objects.filter(pk=late.pk).update(requested=dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC))
    catalogue_sync()
    dataset = Dataset.objects.get(slug="maengel-meldungen")
    assert (dataset.temporal_start, dataset.temporal_end) == (dt.date(2026, 3, 2), dt.date(2026, 5, 20))


def test_council_dataset_covers_its_papers_and_meetings(catalogue):
    from modellkommune.council import demo as council_demo
    from modellkommune.council.selectors import meeting_list_public, paper_list_public

    council_demo.load()
    catalogue_sync()
    days = [p.date for p in paper_list_public() if p.date] + [m.start.date() for m in meeting_list_public()]
    dataset = Dataset.objects.get(slug="rat-drucksachen-sitzungen")
    assert (dataset.temporal_start, dataset.temporal_end) == (min(days), max(days))


def test_a_dataset_comes_back_when_its_provider_produces_it_again(spec_state):
    catalogue_sync()
    provider = _PROVIDERS.pop("synctest")
    catalogue_sync()
    assert not Dataset.objects.get(slug="synctest-pegel").published
    _PROVIDERS["synctest"] = provider
    catalogue_sync()
    assert Dataset.objects.get(slug="synctest-pegel").published
