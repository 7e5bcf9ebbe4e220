"""What generic STA clients send (issue 12.4 and 12.5): a $top above the page size is capped and continued
with @iot.nextLink; "@iot.id" is accepted in $filter and $orderby paths wherever "id" is."""

from urllib.parse import parse_qs, urlsplit

import pytest

from modellkommune.sensors.api.options import MAX_TOP
from modellkommune.sensors.models import Observation

pytestmark = pytest.mark.django_db


def follow(anon, url):
    parts = urlsplit(url)
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return anon.get(parts.path.removeprefix("/sta/v1.1"), **params)


def test_top_above_the_page_size_is_capped_and_continued_to_exactly_top(anon, network):
    stream = network["counts"]
    feature = Observation.objects.first().feature_of_interest
    Observation.objects.bulk_create(
        Observation(
            datastream=stream,
            feature_of_interest=feature,
            phenomenon_time_start="2026-01-01T00:00:00Z",
            result=i,
            result_number=i,
        )
        for i in range(MAX_TOP + 300)
    )
    total = Observation.objects.count()
    assert total > MAX_TOP + 250
    response = anon.get("/Observations", **{"$top": str(MAX_TOP + 250), "$count": "true", "$select": "id"})
    assert response.status_code == 200, response.content
    first = response.json()
    assert len(first["value"]) == MAX_TOP
    assert first["@iot.count"] == total
    query = parse_qs(urlsplit(first["@iot.nextLink"]).query)
    assert query["$top"] == ["250"] and query["$skip"] == [str(MAX_TOP)]
    second = follow(anon, first["@iot.nextLink"]).json()
    assert len(second["value"]) == 250
    seen = [item["@iot.id"] for item in first["value"] + second["value"]]
    assert len(set(seen)) == MAX_TOP + 250


def test_huge_top_is_not_an_error(anon, network):
    response = anon.get("/Things", **{"$top": "100000000"})
    assert response.status_code == 200
    assert len(response.json()["value"]) == 1


@pytest.mark.parametrize(
    ("entity", "expression"),
    [
        ("Datastreams", "Thing/@iot.id eq {thing}"),
        ("Observations", "Datastream/Thing/@iot.id eq {thing}"),
        ("Things", "@iot.id eq {thing}"),
        ("Things", "@iot.id in ({thing}, 0)"),
        ("Locations", "Things/@iot.id eq {thing} and name ne '@iot.id'"),
        ("Observations", "Datastream/@iot.id eq {counts} or Datastream/@iot.id eq {temperature}"),
    ],
)
def test_iot_id_in_filter_paths(anon, network, entity, expression):
    ids = {"thing": network["thing"].pk, "counts": network["counts"].pk, "temperature": network["temperature"].pk}
    with_iot = anon.get(f"/{entity}", **{"$filter": expression.format(**ids)})
    plain = anon.get(f"/{entity}", **{"$filter": expression.replace("@iot.id", "id").format(**ids)})
    assert with_iot.status_code == 200, with_iot.content
    assert with_iot.json()["value"], "nothing matched"
    assert with_iot.json()["value"] == plain.json()["value"]


def test_iot_id_inside_a_string_literal_stays_text(anon, network):
    response = anon.get("/Things", **{"$filter": "name eq '@iot.id'"})
    assert response.status_code == 200 and response.json()["value"] == []


def test_iot_id_in_orderby_and_expand_filter(anon, network):
    response = anon.get(
        "/Things",
        **{"$orderby": "@iot.id desc", "$expand": f"Datastreams($filter=@iot.id eq {network['counts'].pk})"},
    )
    assert response.status_code == 200, response.content
    [thing] = response.json()["value"]
    assert [d["@iot.id"] for d in thing["Datastreams"]] == [network["counts"].pk]


def test_top_inside_expand_is_capped_with_a_nextlink(anon, network):
    stream = network["counts"]
    feature = Observation.objects.first().feature_of_interest
    Observation.objects.bulk_create(
        Observation(
            datastream=stream, feature_of_interest=feature, phenomenon_time_start="2026-01-01T00:00:00Z", result=i
        )
        for i in range(MAX_TOP + 10)
    )
    response = anon.get(f"/Datastreams({stream.pk})", **{"$expand": f"Observations($top={MAX_TOP + 5};$select=id)"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["Observations"]) == MAX_TOP
    link = parse_qs(urlsplit(body["Observations@iot.nextLink"]).query)
    assert link["$top"] == ["5"] and link["$skip"] == [str(MAX_TOP)]
    assert len(follow(anon, body["Observations@iot.nextLink"]).json()["value"]) == 5
