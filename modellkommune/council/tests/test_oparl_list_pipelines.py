"""Every OParl list type is byte for byte what the object serializer writes for the same objects, whether the
list goes through a column pipeline (api/rows.py, api/rows_lists.py) or the prefetching querysets: same
fields, same order of embedded lists, same JSON encoding. Deleted and withdrawn objects included."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from modellkommune.council.api import serializers
from modellkommune.council.api.views import PIPELINES
from modellkommune.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from modellkommune.council.selectors import OPARL_QUERYSETS
from modellkommune.council.tests.oparl_urls import local

TYPES = {
    "Membership": "membership",
    "Consultation": "consultation",
    "Organization": "organization",
    "Person": "person",
    "Meeting": "meeting",
    "AgendaItem": "agendaitem",
    "File": "file",
    "Location": "location",
}


def expected_body(oparl_type: str, response_json: dict, ids: list[int]) -> bytes:
    objects = {o.pk: o for o in OPARL_QUERYSETS[oparl_type]().filter(pk__in=ids)}
    data = [serializers.SERIALIZERS[oparl_type](objects[pk]) for pk in ids]
    page = {"data": data, "pagination": response_json["pagination"], "links": response_json["links"]}
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()


def walk_and_compare(client, oparl_type: str, url: str) -> int:
    compared = 0
    while url:
        response = client.get(local(url))
        assert response.status_code == 200, response.content
        body = response.json()
        ids = [int(o["id"].rsplit("/", 1)[1]) for o in body["data"]]
        assert response.content == expected_body(oparl_type, body, ids), oparl_type
        compared += len(ids)
        url = body["links"].get("next")
    return compared


@pytest.fixture
def edge_cases(council):
    """Ties in the orders of embedded lists, deleted and withdrawn objects and references, non-ASCII."""
    body = Body.objects.get()
    rathaus = Location.objects.create(description="Rathaus „Alt“", locality="Iserlohn", keyword=["Ort"])
    hidden = Location.objects.create(description="Intern", public=False)
    orgs = [
        Organization.objects.create(body=body, name="Ausschuss Ä", organization_type="Gremium", location=rathaus),
        Organization.objects.create(body=body, name="Ausschuss Ä", organization_type="Gremium", location=hidden),
        Organization.objects.create(body=body, name="Beirat", organization_type="Sonstiges", public=False),
    ]
    persons = [
        Person.objects.create(body=body, family_name="Öztürk", given_name="Ayşe", title=["Dr."], email=["a@x.de"]),
        Person.objects.create(body=body, family_name="Öztürk", given_name="Ayşe"),
        Person.objects.create(body=body, family_name="Zander", given_name="Uli", location=rathaus),
    ]
    for org in orgs:
        for i, person in enumerate(persons):
            Membership.objects.create(
                person=person, organization=org, role="Mitglied", voting_right=i != 1, on_behalf_of=orgs[0],
                start_date=dt.date(2024, 1, 1 + i), public=i != 2,
            )  # fmt: skip
    Membership.objects.filter(person=persons[0]).first().delete()
    persons[1].delete()

    def make_file(i, **kw):
        return File.objects.create(
            name=f"Datei „{i}“", file_name=f"datei {i}.pdf", mime_type="application/pdf", size=i, **kw
        )

    meeting = Meeting.objects.create(
        name="Rat",
        start=timezone.now(),
        location=rathaus,
        invitation=make_file(1),
        results_protocol=make_file(2, public=False),
    )
    meeting.auxiliary_files.add(make_file(3), make_file(4, deleted=True), make_file(5))
    meeting.organizations.add(*orgs)
    meeting.participants.add(*persons)
    item = AgendaItem.objects.create(meeting=meeting, order=2, name="TOP 2", resolution_file=make_file(6))
    item.auxiliary_files.add(make_file(8), make_file(7))
    AgendaItem.objects.create(meeting=meeting, order=1, name="TOP 1", public=False)
    withdrawn = Meeting.objects.create(name="Zurückgezogen", start=timezone.now(), location=hidden)
    AgendaItem.objects.create(meeting=withdrawn, order=1, name="TOP 1")
    Meeting.objects.filter(pk=withdrawn.pk).update(public=False)
    gone_paper = Paper.objects.create(body=body, name="Zurückgezogen", paper_type="antrag")
    for j, paper in enumerate([Paper.objects.filter(public=True).first(), gone_paper]):
        for k in range(2):
            consultation = Consultation.objects.create(
                paper=paper, meeting=meeting if k else None, agenda_item=item if j else None, role="Beratung"
            )
            consultation.organizations.add(*orgs)
    Paper.objects.filter(pk=gone_paper.pk).update(public=False)


@pytest.mark.django_db
@pytest.mark.parametrize("oparl_type", sorted(TYPES))
def test_list_is_byte_for_byte_what_the_serializer_writes(client, body_id, edge_cases, oparl_type):
    assert walk_and_compare(client, oparl_type, f"/oparl/v1.1/body/{body_id}/{TYPES[oparl_type]}?limit=3") >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("oparl_type", sorted(TYPES))
def test_modified_since_list_with_deleted_objects_matches_serializer(client, body_id, edge_cases, oparl_type):
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    url = f"/oparl/v1.1/body/{body_id}/{TYPES[oparl_type]}?limit=4&modified_since={since}"
    assert walk_and_compare(client, oparl_type, url) >= 1


def test_converted_types_have_a_pipeline():
    assert set(TYPES) | {"Paper"} <= set(PIPELINES)


@pytest.mark.django_db
def test_list_revalidation_is_304_until_an_embedded_file_changes(client, body_id, edge_cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modellkommune.council.models import File

    url = f"/oparl/v1.1/body/{body_id}/paper?limit=500"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].strip('W/"').startswith("p")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert len([q for q in queries.captured_queries if '"council_' in q["sql"]]) <= 2  # the page, no relations
    paper = Paper.objects.filter(public=True, deleted=False, main_file__isnull=False).first()
    main_file = File.objects.get(pk=paper.main_file_id)
    main_file.name = "Neu benannte Anlage"
    main_file.save()  # embedded in the paper: change tracking moves the paper's `modified`
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Neu benannte Anlage" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
