"""Conformance classes 'resource path' and 'request data' (STA 1.1, sections 9.2 and 9.3)."""

import pytest

pytestmark = pytest.mark.django_db


def test_service_root_lists_entity_sets_and_only_implemented_conformance(anon):
    body = anon.get("/").json()
    names = {item["name"] for item in body["value"]}
    assert names == {
        "Things", "Locations", "HistoricalLocations", "Datastreams", "MultiDatastreams",
        "Sensors", "ObservedProperties", "Observations", "FeaturesOfInterest",
    }  # fmt: skip
    assert all(item["url"].startswith("http://127.0.0.1/sta/v1.1/") for item in body["value"])
    conformance = body["serverSettings"]["conformance"]
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data" in conformance
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array" in conformance


def test_entity_by_id_with_links(anon, network):
    thing = network["thing"]
    body = anon.get(f"/Things({thing.pk})").json()
    assert body["@iot.id"] == thing.pk
    assert body["@iot.selfLink"] == f"http://127.0.0.1/sta/v1.1/Things({thing.pk})"
    assert body["Datastreams@iot.navigationLink"].endswith(f"/Things({thing.pk})/Datastreams")
    assert body["properties"]["betreiber"] == "Stadt Iserlohn"


def test_navigation_paths_properties_and_value(anon, network):
    thing, counts = network["thing"], network["counts"]
    streams = anon.get(f"/Things({thing.pk})/Datastreams").json()["value"]
    assert [s["name"] for s in streams] == ["Kfz je 15 Minuten", "Lufttemperatur"]
    observations = anon.get(f"/Datastreams({counts.pk})/Observations").json()["value"]
    assert [o["result"] for o in observations] == [212, 245]
    assert anon.get(f"/Datastreams({counts.pk})/Thing").json()["name"] == thing.name
    assert anon.get(f"/Things({thing.pk})/name").json() == {"name": thing.name}
    raw = anon.get(f"/Things({thing.pk})/name/$value")
    assert raw["Content-Type"].startswith("text/plain")
    assert raw.content.decode() == thing.name
    sensor_id = anon.get(f"/Datastreams({counts.pk})/Sensor").json()["@iot.id"]
    assert anon.get(f"/Sensors({sensor_id})/Datastreams({counts.pk})").json()["@iot.id"] == counts.pk
    refs = anon.get(f"/Things({thing.pk})/Datastreams/$ref").json()["value"]
    assert refs[0] == {"@iot.selfLink": f"http://127.0.0.1/sta/v1.1/Datastreams({counts.pk})"}
    assert anon.get(f"/Datastreams({counts.pk})").json()["phenomenonTime"] == (
        "2026-11-25T07:00:00Z/2026-11-25T07:15:00Z"
    )


def test_unknown_ids_and_paths_are_404(anon, network):
    for path in [
        "/Things(999)",
        "/Gadgets",
        f"/Things({network['thing'].pk})/Nonsense",
        "/Datastreams(999)/Observations",
    ]:
        response = anon.get(path)
        assert response.status_code == 404, path
        assert response.json()["type"] == "error"


def test_select_top_skip_count_orderby(anon, network):
    counts = network["counts"]
    body = anon.get(
        f"/Datastreams({counts.pk})/Observations",
        **{"$select": "result,id", "$orderby": "result desc", "$count": "true"},
    ).json()
    assert body["@iot.count"] == 2
    assert body["value"] == [
        {"@iot.id": body["value"][0]["@iot.id"], "@iot.selfLink": body["value"][0]["@iot.selfLink"], "result": 245},
        {"@iot.id": body["value"][1]["@iot.id"], "@iot.selfLink": body["value"][1]["@iot.selfLink"], "result": 212},
    ]
    paged = anon.get("/Observations", **{"$top": "1", "$skip": "1", "$orderby": "phenomenonTime asc"}).json()
    assert [o["result"] for o in paged["value"]] == [245]
    assert "@iot.nextLink" not in paged
    first = anon.get("/Observations", **{"$top": "1"}).json()
    assert "%24skip=1" in first["@iot.nextLink"] and first["@iot.nextLink"].startswith("http://127.0.0.1/sta/v1.1/")


def test_nested_expand_gives_latest_value_per_datastream(anon, network):
    body = anon.get(
        "/Things",
        **{
            "$expand": "Datastreams($filter=name eq 'Kfz je 15 Minuten';"
            "$expand=Observations($top=1;$orderby=phenomenonTime desc;$select=result)),Locations($select=name)"
        },
    ).json()
    thing = body["value"][0]
    assert [d["name"] for d in thing["Datastreams"]] == ["Kfz je 15 Minuten"]
    assert thing["Datastreams"][0]["Observations"] == [{"result": 245}]
    assert "Observations@iot.nextLink" in thing["Datastreams"][0]
    assert thing["Locations"] == [{"name": "Hagener Straße / Baarstraße"}]
    path_form = anon.get("/Observations", **{"$expand": "Datastream/Thing", "$top": "1"}).json()
    assert path_form["value"][0]["Datastream"]["Thing"]["name"] == network["thing"].name


def test_paging_is_exact_when_ordered_values_tie(anon, sta, network):
    counts = network["counts"]
    rows = [[f"2026-11-26T{h:02d}:{m:02d}:00Z", 7] for h in range(10) for m in (0, 30)]
    assert sta.post("/CreateObservations", [
        {"Datastream": {"@iot.id": counts.pk}, "components": ["phenomenonTime", "result"], "dataArray": rows}
    ]).status_code == 201  # fmt: skip
    seen, url = [], f"/Datastreams({counts.pk})/Observations"
    params = {"$orderby": "result", "$top": "3", "$count": "true"}
    body = anon.get(url, **params).json()
    total = body["@iot.count"]
    while True:
        seen += [o["@iot.id"] for o in body["value"]]
        if "@iot.nextLink" not in body:
            break
        body = anon.client.get(body["@iot.nextLink"]).json()
    assert total == 22
    assert len(seen) == len(set(seen)) == total


def test_result_format_data_array(anon, network):
    body = anon.get(f"/Datastreams({network['counts'].pk})/Observations", **{"$resultFormat": "dataArray"}).json()
    group = body["value"][0]
    assert group["components"] == ["id", "phenomenonTime", "resultTime", "result"]
    assert [row[3] for row in group["dataArray"]] == [212, 245]
