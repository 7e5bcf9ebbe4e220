"""Validate RDF against GovData's DCAT-AP.de SHACL shapes (testdata/dcat-ap.de), offline.

The shapes' owl:imports of remote vocabularies are replaced by the local mirror (foaf, vcard, org) and by
excerpts of the controlled vocabularies (testdata/dcat-ap.de/vocab), mixed into the data graph."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

ROOT = Path(__file__).resolve().parents[3] / "testdata" / "dcat-ap.de"
SHAPES = {
    "3.0": ["v3.0/dcat-ap-SHACL-DE.ttl", "v3.0/dcat-ap-de-deprecated.ttl", "v3.0/dcat-ap-spec-german-additions.ttl",
            "v3.0/dcat-ap-de-controlledvocabularies.ttl"],
    "2.0": ["v2.0/dcat-ap-spec-german-messages.ttl", "v2.0/dcat-ap-spec-german-additions.ttl",
            "v2.0/dcat-ap-de-deprecated.ttl"],
}  # fmt: skip


@cache
def shapes_graph(version: str) -> Graph:
    g = Graph()
    for name in SHAPES[version]:
        g.parse(ROOT / name, format="turtle")
    return g


@cache
def ontology_graph() -> Graph:
    g = Graph()
    g.parse(ROOT / "mirror" / "foaf_0_1.rdf", format="xml")
    g.parse(ROOT / "mirror" / "vcard.ttl", format="turtle")
    g.parse(ROOT / "mirror" / "org.ttl", format="turtle")
    for path in sorted((ROOT / "vocab").glob("*.ttl")):
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
