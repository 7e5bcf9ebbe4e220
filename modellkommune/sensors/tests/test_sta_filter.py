"""$filter (STA 1.1, section 9.3.3.5): operators and functions, evaluated against a small network."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(sta, sectors):
    def thing(name, lon, lat, props):
        body = {
            "name": name,
            "description": f"Messpunkt {name}",
            "properties": props,
            "Locations": [
                {"name": f"Ort {name}", "description": "Iserlohn", "encodingType": "application/geo+json",
                 "location": {"type": "Point", "coordinates": [lon, lat]}}
            ],
        }  # fmt: skip
        assert sta.post("/Things", body).status_code == 201

    thing("Alpha", 7.70, 51.37, {"etage": 1, "art": "Schule"})
    thing("Beta", 7.60, 51.40, {"etage": 3, "art": "Rathaus"})
    thing("Gamma", 8.50, 52.00, {"etage": 2, "art": "Schule"})


def names(anon, expression, entity="Things"):
    response = anon.get(f"/{entity}", **{"$filter": expression})
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["value"])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("name eq 'Alpha'", ["Alpha"]),
        ("name ne 'Alpha'", ["Beta", "Gamma"]),
        ("properties/etage gt 1", ["Beta", "Gamma"]),
        ("properties/etage ge 2 and properties/art eq 'Schule'", ["Gamma"]),
        ("properties/etage lt 2 or name eq 'Beta'", ["Alpha", "Beta"]),
        ("not (properties/etage le 2)", ["Beta"]),
        ("properties/etage add 1 eq 4", ["Beta"]),
        ("properties/etage mul 2 sub 1 eq 3", ["Gamma"]),
        ("properties/etage mod 2 eq 1", ["Alpha", "Beta"]),
        ("substringof('amm', name)", ["Gamma"]),
        ("startswith(name, 'Al') or endswith(name, 'ta')", ["Alpha", "Beta"]),
        ("length(name) eq 4", ["Beta"]),
        ("tolower(name) eq 'gamma'", ["Gamma"]),
        ("toupper(name) eq 'BETA'", ["Beta"]),
        ("indexof(name, 'ph') eq 2", ["Alpha"]),
        ("substring(name, 1) eq 'eta'", ["Beta"]),
        ("substring(name, 1, 2) eq 'am'", ["Gamma"]),
        ("concat(name, 'X') eq 'AlphaX'", ["Alpha"]),
        ("trim(name) eq 'Beta'", ["Beta"]),
        ("Locations/name eq 'Ort Beta'", ["Beta"]),
        ("round(properties/etage div 2) eq 2", ["Beta"]),
        ("floor(properties/etage div 2) eq 1", ["Beta", "Gamma"]),
        ("ceiling(properties/etage div 2) eq 1", ["Alpha", "Gamma"]),
    ],
)
def test_comparison_logical_arithmetic_string_math(anon, things, expression, expected):
    assert names(anon, expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("st_within(location, geography'POLYGON((7.5 51.3, 7.8 51.3, 7.8 51.5, 7.5 51.5, 7.5 51.3))')",
         ["Ort Alpha", "Ort Beta"]),
        ("st_intersects(location, geography'POLYGON((7.65 51.3, 7.8 51.3, 7.8 51.5, 7.65 51.5, 7.65 51.3))')",
         ["Ort Alpha"]),
        ("st_disjoint(location, geography'POLYGON((7.5 51.3, 7.8 51.3, 7.8 51.5, 7.5 51.5, 7.5 51.3))')",
         ["Ort Gamma"]),
        ("st_equals(location, geography'POINT(7.6 51.4)')", ["Ort Beta"]),
        ("geo.distance(location, geography'POINT(7.7 51.37)') lt 8000", ["Ort Alpha", "Ort Beta"]),  # metres
        ("geo.intersects(location, geography'LINESTRING(7.7 51.0, 7.7 52.0)')", ["Ort Alpha"]),
        ("st_contains(geography'POLYGON((8 51.5, 9 51.5, 9 52.5, 8 52.5, 8 51.5))', location)", ["Ort Gamma"]),
    ],
)  # fmt: skip
def test_geospatial_functions(anon, things, expression, expected):
    assert names(anon, expression, "Locations") == expected


def test_geo_filter_through_navigation(anon, things):
    square = "geography'POLYGON((7.65 51.3, 7.8 51.3, 7.8 51.5, 7.65 51.5, 7.65 51.3))'"
    assert names(anon, f"st_within(Locations/location, {square})") == ["Alpha"]


def test_result_and_time_functions(anon, sta, network):
    counts = network["counts"]
    path = f"/Datastreams({counts.pk})/Observations"

    def results(expression):
        response = anon.get(path, **{"$filter": expression})
        assert response.status_code == 200, response.content
        return sorted(o["result"] for o in response.json()["value"])

    assert results("result gt 220") == [245]
    assert results("result sub 200 lt 20") == [212]
    assert results("phenomenonTime ge 2026-11-25T07:10:00Z") == [245]
    assert results("minute(phenomenonTime) eq 15 and hour(phenomenonTime) eq 7") == [245]
    assert results("year(phenomenonTime) eq 2026 and month(phenomenonTime) eq 11 and day(phenomenonTime) eq 25") == [
        212,
        245,
    ]
    assert results("phenomenonTime lt now() and phenomenonTime gt mindatetime()") == [212, 245]
    assert results("Datastream/Thing/properties/betreiber eq 'Stadt Iserlohn'") == [212, 245]
    assert results("resultTime eq null") == [212, 245]
    assert results("FeatureOfInterest/name eq 'Hagener Straße / Baarstraße'") == [212, 245]
