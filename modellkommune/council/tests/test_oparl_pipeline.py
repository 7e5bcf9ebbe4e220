"""The paper list from the column pipeline (api/rows.py) is byte for byte the list the object serializer
wrote before it: same fields, same order of embedded lists, same JSON encoding."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modellkommune.council.api import serializers
from modellkommune.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Location,
    Meeting,
    Organization,
    Paper,
    Person,
)
from modellkommune.council.selectors import OPARL_QUERYSETS
from modellkommune.council.tests.oparl_urls import local


def expected_body(response_json: dict, ids: list[int], *, omit_internal: bool) -> bytes:
    """The page as the object serializer writes it, encoded the way the API encoded it before orjson."""
    papers = {p.pk: p for p in OPARL_QUERYSETS["Paper"]().filter(pk__in=ids)}
    data = [serializers.paper(papers[pk]) for pk in ids]
    if omit_internal:
        for obj in data:
            obj.pop("consultation", None)
    page = {"data": data, "pagination": response_json["pagination"], "links": response_json["links"]}
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()


def walk_and_compare(client, url: str, *, omit_internal: bool = False) -> int:
    compared = 0
    while url:
        response = client.get(local(url))
        assert response.status_code == 200
        body = response.json()
        ids = [int(o["id"].rsplit("/", 1)[1]) for o in body["data"]]
        assert response.content == expected_body(body, ids, omit_internal=omit_internal)
        compared += len(ids)
        url = body["links"].get("next")
    return compared


@pytest.fixture
def rich_papers(council):
    """Papers with every relation, including deleted, withdrawn and never-public related objects,
    ties in the orders of the embedded lists, non-ASCII and control characters."""
    body = Body.objects.get()
    now = timezone.now()

    def make_file(i, **kw):
        return File.objects.create(
            name=f"Anlage „{i}“ – Straße\u00e4\t\"x\"", file_name=f"anlage {i}.pdf", mime_type="application/pdf",
            size=i, sha512=f"{i:0128x}", date=dt.date(2026, 1, 1 + i % 28), text="Zeile 1\nZeile 2\u2028", **kw
        )  # fmt: skip

    orgs = [
        Organization.objects.create(body=body, name=name, organization_type="fraktion", **kw)
        for name, kw in [("Ausschuss", {}), ("Ausschuss", {}), ("Beirat", {"public": False}), ("Zweck", {})]
    ]
    orgs[3].delete()
    persons = [
        Person.objects.create(body=body, family_name="Öztürk", given_name="Ayşe"),
        Person.objects.create(body=body, family_name="Öztürk", given_name="Ayşe"),
        Person.objects.create(body=body, family_name="Adams", given_name="Bea", public=False),
    ]
    locations = [
        Location.objects.create(description="Rathaus", geojson={"type": "Point", "coordinates": [7.7001, 51.3753]}),
        Location.objects.create(description="Alt", public=False),
        Location.objects.create(street_address="Schillerplatz 7", locality="Iserlohn", keyword=["Ort"]),
    ]
    meeting = Meeting.objects.create(name="Rat", start=now)
    gone_meeting = Meeting.objects.create(name="Abgesagt", start=now, public=False)
    item = AgendaItem.objects.create(meeting=meeting, order=1, name="TOP 1")
    papers = []
    for i in range(12):
        paper = Paper.objects.create(
            body=body, name=f"Vorlage {i} – Grünfläche", reference=f"P/{i}", paper_type="antrag",
            date=dt.date(2026, 3, 1) if i % 3 else None, keyword=["Haushalt", "Ä"] if i % 2 else [],
            main_file=make_file(100 + i, public=i != 4),
        )  # fmt: skip
        papers.append(paper)
        paper.auxiliary_files.add(make_file(200 + i), make_file(300 + i, deleted=i % 2 == 0))
        paper.locations.add(*locations)
        paper.originator_persons.add(*persons)
        paper.originator_organizations.add(*orgs)
        paper.under_direction_of.add(orgs[1], orgs[0])
        for j, (mtg, ai) in enumerate([(meeting, item), (gone_meeting, None), (None, None)]):
            consultation = Consultation.objects.create(
                paper=paper, meeting=mtg, agenda_item=ai, authoritative=j == 0, role="Beratung", public=j != 2 or i > 5
            )
            consultation.organizations.add(orgs[j % 3], orgs[3])
    for i, paper in enumerate(papers[1:], start=1):
        paper.related_papers.add(papers[i - 1])
        paper.superordinated_papers.add(papers[0])
    papers[5].delete()
    Paper.objects.filter(pk=papers[6].pk).update(public=False)
    Paper.objects.create(body=body, name="Entwurf", paper_type="antrag", public=False)  # never public: unknown
    return papers


@pytest.mark.django_db
def test_demo_paper_list_is_byte_for_byte_what_the_serializer_wrote(client, body_id):
    assert walk_and_compare(client, f"/oparl/v1.1/body/{body_id}/paper?limit=2") >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("omit_internal", [False, True])
def test_generated_paper_list_matches_serializer_with_every_relation(client, body_id, rich_papers, omit_internal):
    query = "?limit=5&omit_internal=true" if omit_internal else "?limit=5"
    compared = walk_and_compare(client, f"/oparl/v1.1/body/{body_id}/paper{query}", omit_internal=omit_internal)
    assert compared == Paper.objects.filter(public=True, deleted=False).count()


@pytest.mark.django_db
def test_modified_since_list_with_deleted_and_withdrawn_papers_matches_serializer(client, body_id, rich_papers):
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    url = f"/oparl/v1.1/body/{body_id}/paper?limit=4&modified_since={since}"
    first = client.get(url).json()
    everything = client.get(url.replace("limit=4", "limit=500")).json()["data"]
    assert sum(1 for o in everything if o.get("deleted")) == 2  # papers[5] deleted, papers[6] withdrawn
    compared = walk_and_compare(client, url)
    assert compared == Paper.objects.filter(was_public=True).count()
    # Backwards (prev/last) the pipeline answers the same.
    last = client.get(local(first["links"]["last"]))
    ids = [int(o["id"].rsplit("/", 1)[1]) for o in last.json()["data"]]
    assert last.content == expected_body(last.json(), ids, omit_internal=False)


@pytest.mark.django_db
def test_paper_list_queries_do_not_grow_with_the_page(client, body_id, rich_papers):
    url = f"/oparl/v1.1/body/{body_id}/paper"
    with CaptureQueriesContext(connection) as small:
        client.get(url + "?limit=2")
    with CaptureQueriesContext(connection) as large:
        client.get(url + "?limit=100")

    def council_queries(ctx):  # PostgreSQL adds savepoints and the statement timeout around them
        return [q for q in ctx.captured_queries if '"council_' in q["sql"]]

    assert len(council_queries(large)) == len(council_queries(small)) <= 16


@pytest.mark.django_db
def test_paper_list_page_builds_no_model_objects(client, body_id, rich_papers):
    """The list reads columns, not model instances (the prefetch graph cost 2/3 of a page)."""
    from django.db.models.signals import post_init

    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        response = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=100")
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200 and len(response.json()["data"]) >= 10
    # None at all (the body is looked up only for an empty page, for the 404); before, about 400 per page.
    assert [m.__name__ for m in built if m._meta.app_label == "council"] == []


@pytest.mark.django_db
def test_values_orjson_refuses_are_still_served(client, body_id):
    """An imported geojson with a 70-bit integer: orjson cannot write it, the answer is still the JSON."""
    huge = 2**70
    location = Location.objects.create(description="Import", geojson={"type": "Point", "coordinates": [huge, 1]})
    paper = Paper.objects.create(body=Body.objects.get(), name="Import", paper_type="antrag")
    paper.locations.add(location)
    response = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500")
    assert response.status_code == 200
    entry = next(o for o in response.json()["data"] if o["id"].endswith(f"/paper/{paper.pk}"))
    assert entry["location"][0]["geojson"]["coordinates"] == [huge, 1]
    assert client.get(local(entry["location"][0]["id"])).json()["geojson"]["coordinates"] == [huge, 1]


@pytest.mark.parametrize(
    "file_name", ["anlage 1.pdf", "Übersicht (neu) – 100%.pdf", "a?b#c&d=e.pdf", "x:y@z~;,'!$*+.pdf", "..", "%2F.pdf"]
)
def test_download_url_without_reverse_is_what_reverse_writes(file_name):
    from django.urls import reverse

    from modellkommune.council.api.urls_helpers import absolute, file_download_url

    expected = absolute(reverse("council:oparl_file_download", kwargs={"pk": 17, "file_name": file_name}))
    assert file_download_url(17, file_name) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_date_filter_outside_utc_range_is_a_400_not_a_500(client, body_id, value):
    response = client.get(f"/oparl/v1.1/body/{body_id}/paper", {"created_since": value})
    assert response.status_code == 400
    assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
