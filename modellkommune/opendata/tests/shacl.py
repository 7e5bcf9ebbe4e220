"""Validate RDF against GovData's DCAT-AP.de SHACL shapes, offline.

The shapes are test data that must not be copied into the project (AGPL-3.0, see their README): they
are read from DCAT_AP_DE_SHACL_DIR or from ../shared/dcat-ap.de-shacl beside the checkout. Their
owl:imports of remote vocabularies are replaced by the mirror shipped with them (foaf, vcard, org) and by
our excerpts of the EU controlled vocabularies (testdata/dcat-ap.de/vocab), mixed into the data graph."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

_CHECKOUT = Path(__file__).resolve().parents[3]
VOCAB = _CHECKOUT / "testdata" / "dcat-ap.de" / "vocab"
_CANDIDATES = [
    Path(os.environ.get("DCAT_AP_DE_SHACL_DIR", "/nonexistent")),
    _CHECKOUT.parent / "shared" / "dcat-ap.de-shacl",
    Path("/work/shared/dcat-ap.de-shacl"),
]
ROOT = next((p for p in _CANDIDATES if (p / "v3.0").is_dir()), None)


def require_shapes() -> Path:
    if ROOT is None:
        pytest.skip("DCAT-AP.de SHACL shapes not found: set DCAT_AP_DE_SHACL_DIR")
    return ROOT


SHAPES = {
    "3.0": ["v3.0/dcat-ap-SHACL-DE.ttl", "v3.0/dcat-ap-de-deprecated.ttl", "v3.0/dcat-ap-spec-german-additions.ttl",
            "v3.0/dcat-ap-de-controlledvocabularies.ttl"],
    "2.0": ["v2.0/dcat-ap-spec-german-messages.ttl", "v2.0/dcat-ap-spec-german-additions.ttl",
            "v2.0/dcat-ap-de-deprecated.ttl"],
    # GovData's "v20_de_spec_implr": the 2.0 shapes plus the conventions (Konventionenhandbuch), e.g. K12/13.
    "2.0-conventions": ["v2.0/dcat-ap-spec-german-messages.ttl", "v2.0/dcat-ap-spec-german-additions.ttl",
                        "v2.0/dcat-ap-de-deprecated.ttl", "v2.0/dcat-ap-konventionen.ttl"],
}  # fmt: skip


@cache
def shapes_graph(version: str) -> Graph:
    root = require_shapes()
    g = Graph()
    for name in SHAPES[version]:
        g.parse(root / name, format="turtle")
    return g


@cache
def ontology_graph() -> Graph:
    root = require_shapes()
    g = Graph()
    g.parse(root / "mirror" / "foaf_0_1.rdf", format="xml")
    g.parse(root / "mirror" / "vcard.ttl", format="turtle")
    g.parse(root / "mirror" / "org.ttl", format="turtle")
    for path in sorted(VOCAB.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def violations(data: Graph, *, version: str = "3.0", severity=SH.Violation) -> list[str]:
    mixed = Graph()
    for triple in data:
        mixed.add(triple)
    for triple in ontology_graph():
        mixed.add(triple)
    _conforms, report, _text = validate(
        mixed, shacl_graph=shapes_graph(version), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True,
    )  # fmt: skip
    messages = []
    for result in report.subjects(SH.resultSeverity, severity):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        messages.append(f"{focus} {path}: {message}")
    return sorted(messages)
