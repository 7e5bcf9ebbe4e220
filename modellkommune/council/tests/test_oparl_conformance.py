"""Every object the OParl API emits, validated against the OParl 1.1 JSON schemas (testdata/oparl)."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from modellkommune.council.tests.oparl_urls import local, urls_in

SCHEMA_DIR = Path(settings.BASE_DIR) / "testdata" / "oparl" / "schema"
EXAMPLE_DIR = Path(settings.BASE_DIR) / "testdata" / "oparl" / "examples"
SCHEMAS = {p.stem: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.json")}
# Back-references an embedded object must leave out, per embedding parent.
BACKREFS = {
    ("Meeting", "agendaItem"): "meeting",
    ("Paper", "consultation"): "paper",
    ("Person", "membership"): "person",
    ("Body", "legislativeTerm"): "body",
}


def _type_name(obj: dict) -> str:
    return obj["type"].rsplit("/", 1)[1]


_VALIDATORS: dict[str, jsonschema.protocols.Validator] = {}


def _validator(name: str):
    """The schema's validator, built (and the schema itself checked) once: jsonschema.validate() checks the
    schema again on every call, most of the time of a crawl of the whole API."""
    validator = _VALIDATORS.get(name)
    if validator is None:
        schema = SCHEMAS[name]
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[name] = cls(schema, format_checker=jsonschema.FormatChecker())
    return validator


def validate(obj: dict, path: str = "$", *, backrefs: bool = True) -> None:
    """Validate an OParl object and, recursively, every embedded object against its own schema."""
    name = _type_name(obj)
    schema = SCHEMAS[name]
    _validator(name).validate(obj)
    assert obj["type"] == f"https://schema.oparl.org/1.1/{name}"
    for key, value in obj.items():
        assert value is not None, f"{path}.{key} is null (optional fields must be left out)"
        prop = schema["properties"].get(key, {})
        embedded_schema = prop.get("schema") or prop.get("items", {}).get("schema")
        if not embedded_schema or prop.get("type") == "string":  # external lists are URLs
            continue
        for i, child in enumerate(value if isinstance(value, list) else [value]):
            assert isinstance(child, dict), f"{path}.{key} must embed objects"
            if obj.get("deleted"):
                continue
            validate(child, f"{path}.{key}[{i}]", backrefs=backrefs)
            backref = BACKREFS.get((name, key))
            if backref and backrefs:
                assert backref not in child, f"embedded {path}.{key} must omit the back-reference '{backref}'"


# Known faults in the specification's own examples (OParl/spec v1.1.1): the embedded agenda
# items of Meeting-01 lack the required `order`. Anything else failing means our validator is wrong.
KNOWN_EXAMPLE_FAULTS = {("Meeting-01", "'order' is a required property")}


def test_our_validator_accepts_the_specifications_examples():
    faults = set()
    for example in sorted(EXAMPLE_DIR.glob("*.json")):
        try:
            # The spec's Body example embeds a LegislativeTerm with its back-reference, so the
            # stricter back-reference rule is checked on our output only.
            validate(json.loads(example.read_text()), backrefs=False)
        except jsonschema.ValidationError as exc:
            faults.add((example.stem, exc.message))
    assert faults <= KNOWN_EXAMPLE_FAULTS


@pytest.mark.django_db
def test_crawl_whole_api_every_object_valid_and_every_url_resolves(client, council):
    """Start at the System object, follow every URL any response mentions, validate everything."""
    start = settings.SITE_URL + "/oparl/v1.1/"
    queue, seen, objects = [start], set(), 0
    types_seen = set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(local(url))
        assert response.status_code == 200, f"{url} -> {response.status_code}"
        if "/oparl/" not in url:  # a `web` page for people
            assert response["Content-Type"].startswith("text/html")
            continue
        if "/access" in url or "/download/" in url:
            assert response["Content-Type"] == "application/pdf"
            continue
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        if "data" in data and "links" in data:  # a list
            for obj in data["data"]:
                validate(obj)
                types_seen.add(_type_name(obj))
                objects += 1
            queue.extend(u for u in urls_in(data) if u not in seen)
        else:
            validate(data)
            types_seen.add(_type_name(data))
            objects += 1
            assert data["id"] == url.split("?")[0] or "?" in url
            queue.extend(u for u in urls_in(data) if u not in seen)
    assert types_seen == set(SCHEMAS) - {"System"} | {"System"}, types_seen
    assert objects > 50


@pytest.mark.django_db
def test_embedded_objects_are_also_fetchable_at_their_id(client, council, body_id):
    meeting = client.get(f"/oparl/v1.1/body/{body_id}/meeting").json()["data"]
    items = [item for m in meeting for item in m.get("agendaItem", [])]
    assert items
    for item in items:
        fetched = client.get(local(item["id"])).json()
        assert fetched["meeting"]  # the standalone object carries the back-reference
        assert {k: v for k, v in fetched.items() if k != "meeting"} == item
