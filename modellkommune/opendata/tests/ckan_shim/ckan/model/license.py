"""CKAN's licence register, filled with the dcat-ap.de licence list (ids are the URIs, as on GovData)."""

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

VOCAB = Path(__file__).resolve().parents[6] / "testdata" / "dcat-ap.de" / "vocab" / "licenses.ttl"


class License:
    def __init__(self, uri: str, title: str):
        self.id = uri
        self.url = uri
        self.title = title


class LicenseRegister(dict):
    def __init__(self):
        super().__init__()
        graph = Graph().parse(VOCAB, format="turtle")
        for concept in graph.subjects(SKOS.inScheme, None):
            notation = graph.value(concept, SKOS.notation)
            self[str(concept)] = License(str(concept), str(notation or concept))
