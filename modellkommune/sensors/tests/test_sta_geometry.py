"""Geometry (issue 12): every geo function of $filter on the geometry columns, the same answers on SQLite
(shapely) and PostgreSQL (PostGIS) - `make test` runs this file on both - and observedArea."""

import pytest
import shapely

from modellkommune.sensors.models import FeatureOfInterest, Location

pytestmark = pytest.mark.django_db

# The square S and what lies around it (WGS84 lon/lat near Iserlohn).
SQUARE = "geography'POLYGON((7.0 51.0, 7.2 51.0, 7.2 51.2, 7.0 51.2, 7.0 51.0))'"
SHAPES = {
    "innen": {"type": "Point", "coordinates": [7.1, 51.1]},
    "rand": {"type": "Point", "coordinates": [7.0, 51.1]},
    "weit": {"type": "Point", "coordinates": [8.0, 52.0, 310.5]},  # with altitude
    "quer": {"type": "LineString", "coordinates": [[6.9, 51.1], [7.1, 51.1]]},
    "ueberlappt": {"type": "Polygon", "coordinates": [[[7.1, 51.1], [7.3, 51.1], [7.3, 51.3], [7.1, 51.3], [7.1, 51.1]]]},
    "beruehrt": {"type": "Polygon", "coordinates": [[[7.2, 51.0], [7.3, 51.0], [7.3, 51.2], [7.2, 51.2], [7.2, 51.0]]]},
}  # fmt: skip


@pytest.fixture
def places(sta, sectors):
    for name, shape in SHAPES.items():
        body = {"name": name, "description": "Testort", "encodingType": "application/geo+json", "location": shape}
        assert sta.post("/Locations", body).status_code == 201


def names(anon, expression, entity="Locations"):
    response = anon.get(f"/{entity}", **{"$filter": expression})
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["value"])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (f"st_within(location, {SQUARE})", ["innen"]),
        (f"st_intersects(location, {SQUARE})", ["beruehrt", "innen", "quer", "rand", "ueberlappt"]),
        (f"geo.intersects(location, {SQUARE})", ["beruehrt", "innen", "quer", "rand", "ueberlappt"]),
        (f"st_disjoint(location, {SQUARE})", ["weit"]),
        (f"st_touches(location, {SQUARE})", ["beruehrt", "rand"]),
        (f"st_crosses(location, {SQUARE})", ["quer"]),
        (f"st_overlaps(location, {SQUARE})", ["ueberlappt"]),
        (f"st_contains({SQUARE}, location)", ["innen"]),
        (f"st_contains(location, {SQUARE})", []),
        # topological equality: the same polygon from another start vertex
        ("st_equals(location, geography'POLYGON((7.3 51.0, 7.3 51.2, 7.2 51.2, 7.2 51.0, 7.3 51.0))')", ["beruehrt"]),
        ("st_equals(location, geography'SRID=4326;POINT(8 52)')", ["weit"]),
        (f"st_relate(location, {SQUARE}, 'T********')", ["innen", "quer", "ueberlappt"]),
        (f"st_relate(location, {SQUARE}, 'FF*FF****')", ["weit"]),
        (f"not st_intersects(location, {SQUARE})", ["weit"]),
        (f"st_within(location, {SQUARE}) or st_touches(location, {SQUARE})", ["beruehrt", "innen", "rand"]),
        (f"st_intersects(location, {SQUARE}) eq false", ["weit"]),
        # geography: metres on the ellipsoid
        ("geo.distance(location, geography'POINT(7.1 51.1)') lt 100", ["innen", "quer", "ueberlappt"]),
        ("geo.distance(location, geography'POINT(7.1 51.1)') gt 100000", ["weit"]),
        ("geo.distance(location, geography'POINT(7.05 51.1)') le 3600", ["innen", "quer", "rand", "ueberlappt"]),
        ("geo.distance(location, geography'POINT(8 52)') eq 0", ["weit"]),
        ("geo.length(location) gt 13900 and geo.length(location) lt 14100", ["quer"]),
        ("geo.length(location) eq 0", ["beruehrt", "innen", "rand", "ueberlappt", "weit"]),
        # A literal's length is a constant (istSOS4's suite): every entity or none.
        ("geo.length(geography'LINESTRING(0 0, 0 1)') gt 110000", ["beruehrt", "innen", "quer", "rand", "ueberlappt", "weit"]),
        ("geo.length(geography'LINESTRING(0 0, 0 1)') lt 100000", []),
    ],
)  # fmt: skip
def test_every_geo_function(anon, places, expression, expected):
    assert names(anon, expression) == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("st_within(location, geography'POLYGON((7 51, 7.2 51')", "cannot read the geography"),
        ("st_within(location, geography'POINT(7 95)')", "outside WGS84"),
        ("st_within(location, geography'SRID=3857;POINT(7 51)')", "only SRID 4326"),
        (f"st_relate(location, {SQUARE}, 'TTT')", "DE-9IM pattern"),
        (f"st_relate(location, {SQUARE}, 5)", "DE-9IM pattern"),
        (f"st_within(name, {SQUARE})", "not a geometry"),
        ("geo.distance(location, geography'POINT(7 51)') lt 'weit'", "number (metres)"),
        ("st_within(location, location)", "one location property and one geography"),
    ],
)
def test_bad_geo_filters_answer_400(anon, places, expression, message):
    response = anon.get("/Locations", **{"$filter": expression})
    assert response.status_code == 400, response.content
    assert message in response.content.decode()


def test_geojson_is_returned_as_given_and_the_geometry_column_follows_it(sta, anon, places):
    shape = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.123456789012345, 51.5, 200]}}
    body = {"name": "genau", "description": "x", "encodingType": "application/geo+json", "location": shape}
    created = sta.post("/Locations", body)
    assert created.status_code == 201
    pk = created.json()["@iot.id"]
    assert anon.get(f"/Locations({pk})").json()["location"] == shape
    location = Location.objects.get(pk=pk)
    assert location.location_geom.wkt == "POINT (7.123456789012345 51.5)"  # 2D, the Feature's geometry
    assert (
        sta.patch(f"/Locations({pk})", {"location": {"type": "Point", "coordinates": [7.2, 51.6]}}).status_code == 200
    )
    location.refresh_from_db()
    assert location.location_geom.wkt == "POINT (7.2 51.6)"
    assert names(anon, "st_equals(location, geography'POINT(7.2 51.6)')") == ["genau"]


@pytest.mark.parametrize(
    "location",
    [
        {"type": "Point", "coordinates": [7.1, 95.0]},
        {"type": "Point", "coordinates": ["a", "b"]},
        {"type": "Polygon", "coordinates": [[[7.1, 51.1]]]},
    ],
)
def test_unreadable_coordinates_are_refused_on_write(sta, sectors, location):
    body = {"name": "falsch", "description": "x", "encodingType": "application/geo+json", "location": location}
    response = sta.post("/Locations", body)
    assert response.status_code == 400, response.content
    assert not Location.objects.filter(name="falsch").exists()


def test_geo_filters_on_features_of_interest_and_through_observations(sta, anon, network):
    counts = network["counts"]
    for index, (lon, lat) in enumerate([(7.1, 51.1), (8.0, 52.0)]):
        observation = {
            "phenomenonTime": f"2026-11-26T0{index}:00:00Z",
            "result": 100 + index,
            "FeatureOfInterest": {
                "name": f"Punkt {index}",
                "description": "mobil",
                "encodingType": "application/geo+json",
                "feature": {"type": "Point", "coordinates": [lon, lat]},
            },
        }
        assert sta.post(f"/Datastreams({counts.pk})/Observations", observation).status_code == 201
    assert names(anon, f"st_within(feature, {SQUARE})", "FeaturesOfInterest") == ["Punkt 0"]
    response = anon.get(
        f"/Datastreams({counts.pk})/Observations", **{"$filter": f"st_within(FeatureOfInterest/feature, {SQUARE})"}
    )
    assert [o["result"] for o in response.json()["value"]] == [100]
    assert FeatureOfInterest.objects.exclude(feature_geom=None).count() == FeatureOfInterest.objects.count()


def _area(anon, stream_id):
    import shapely.geometry

    area = anon.get(f"/Datastreams({stream_id})").json().get("observedArea")
    return shapely.geometry.shape(area) if area else None


def test_observed_area_grows_with_the_features_of_interest_of_new_observations(sta, anon, network):
    """A datastream created through the API: its area is the convex hull of its observations' FoIs."""
    counts = network["counts"]
    # the FoI generated from the Location: a point, written as the Polygon STA prescribes (its flat rectangle)
    point = [7.6873, 51.3745]
    assert anon.get(f"/Datastreams({counts.pk})").json()["observedArea"] == {
        "type": "Polygon",
        "coordinates": [[point, point, point, point, point]],
    }

    def observe(lon, lat, n):
        body = {
            "phenomenonTime": f"2026-11-26T0{n}:00:00Z",
            "result": n,
            "FeatureOfInterest": {
                "name": f"P{n}",
                "description": "mobil",
                "encodingType": "application/geo+json",
                "feature": {"type": "Point", "coordinates": [lon, lat]},
            },
        }
        response = sta.post(f"/Datastreams({counts.pk})/Observations", body)
        assert response.status_code == 201, response.content
        return response.json()["@iot.id"]

    observe(7.70, 51.40, 1)
    line = anon.get(f"/Datastreams({counts.pk})").json()["observedArea"]
    assert line["type"] == "Polygon" and _area(anon, counts.pk).bounds == pytest.approx((7.6873, 51.3745, 7.70, 51.40))
    observe(7.60, 51.40, 2)
    triangle = _area(anon, counts.pk)
    assert triangle.geom_type == "Polygon"
    assert triangle.area == pytest.approx(0.5 * 0.1 * 0.0255, rel=1e-6)
    before = anon.get(f"/Datastreams({counts.pk})").json()["observedArea"]
    inner = observe(7.68, 51.39, 3)  # inside: the area stays exactly as it was
    assert anon.get(f"/Datastreams({counts.pk})").json()["observedArea"] == before
    # dataArray (bulk) extends it as well
    bulk = [
        {
            "Datastream": {"@iot.id": counts.pk},
            "components": ["phenomenonTime", "result", "FeatureOfInterest/id"],
            "dataArray": [["2026-11-26T05:00:00Z", 5, _foi_at(7.5, 51.5)]],
        }
    ]
    assert sta.post("/CreateObservations", bulk).status_code == 201
    grown = _area(anon, counts.pk)
    assert grown.covers(triangle)
    assert grown.intersects(_point(7.5, 51.5))
    hit = "st_intersects(observedArea, geography'POINT(7.55 51.45)')"
    assert [d["name"] for d in anon.get("/Datastreams", **{"$filter": hit}).json()["value"]] == [counts.name]
    # deleting observations shrinks it again
    assert sta.delete(f"/Observations({inner})").status_code == 200
    for observation in anon.get(f"/Datastreams({counts.pk})/Observations", **{"$top": 100}).json()["value"]:
        if observation["result"] == 5:
            assert sta.delete(f"/Observations({observation['@iot.id']})").status_code == 200
    assert _area(anon, counts.pk).equals(triangle)


def _point(lon, lat):
    import shapely

    return shapely.Point(lon, lat)


def _foi_at(lon, lat):
    foi = FeatureOfInterest.objects.create(
        name="Ecke", description="x", feature={"type": "Point", "coordinates": [lon, lat]}
    )
    return foi.pk


def test_geometry_survives_a_json_backup(places):
    """manage.py backup --method json (dumpdata/loaddata, e.g. SQLite to PostgreSQL) keeps the geometry."""
    from django.core import serializers

    dumped = serializers.serialize("json", Location.objects.all())
    Location.objects.all().delete()
    for item in serializers.deserialize("json", dumped):
        item.save()  # raw save: the geometry comes from the dump, not from pre_save
    beruehrt = Location.objects.get(name="beruehrt")
    assert beruehrt.location_geom.equals(shapely.box(7.2, 51.0, 7.3, 51.2))
    assert names_in_square() == ["innen"]


def names_in_square():
    from modellkommune.sensors.api.filters import apply_filter
    from modellkommune.sensors.api.spec import SPECS

    qs = apply_filter(Location.objects.all(), SPECS["Locations"], f"st_within(location, {SQUARE})")
    return sorted(qs.values_list("name", flat=True))
