"""Rebuild musterdatenkatalog.csv from the Bertelsmann Stiftung's published files (not run by the app).

Usage: python build_musterdatenkatalog.py musterdatenkatalog_v4.rdf "musterdatenkatalog 2.1 nordrhein-westfalen.csv"
plural_names.txt singular_names.txt > musterdatenkatalog.csv

Inputs (github.com/bertelsmannstift): Musterdatenkatalog/musterdatenkatalog/musterdatenkatalog_v4.rdf (SKOS
taxonomy, version 4), Musterdatenkatalog/musterdatenkatalog/musterdatenkatalog 2.1 nordrhein-westfalen.csv
(datasets of 39 NRW municipalities on open.nrw, 2020, each with its Musterdatensatz and organisation) and
Musterdatenkatalog-V4/data/raw/2023_01_19_{plural,singular}_names_208_v1.txt (plural → singular labels used when
the taxonomy moved from version 2/3 to 4). The count column is the number of municipalities that publish a
dataset whose version-2.1 Bezeichnung matches the version-4 Bezeichnung by label (singular form); a label
that matches several version-4 concepts counts only for the one in the same Thema, otherwise for none.
"""

import collections
import csv
import re
import sys

import rdflib
from rdflib.namespace import RDF, SKOS


def _de(graph, node):
    return next(str(label) for label in graph.objects(node, SKOS.prefLabel) if label.language == "de")


def _norm(text):
    return re.sub(r"[^a-zäöüß]", "", text.lower())


def main(rdf_path, nrw_path, plural_path, singular_path):
    graph = rdflib.Graph().parse(rdf_path)
    with open(plural_path, encoding="utf-8-sig") as p, open(singular_path, encoding="utf-8-sig") as s:
        singular = dict(zip((line.strip() for line in p), (line.strip() for line in s), strict=True))
    concepts = []
    for node in graph.subjects(RDF.type, SKOS.Concept):
        top = graph.value(node, SKOS.broader)
        if top is None:
            continue
        concepts.append(
            {
                "uri": str(node),
                "thema_uri": str(top),
                "thema": _de(graph, top),
                "bezeichnung": _de(graph, node),
                "definition": str(graph.value(node, SKOS.definition) or ""),
            }
        )
    by_label = collections.defaultdict(list)
    for concept in concepts:
        by_label[_norm(concept["bezeichnung"].split(" - ")[-1])].append(concept)
        by_label[_norm(concept["bezeichnung"].replace(" - ", ""))].append(concept)
    towns = collections.defaultdict(set)
    with open(nrw_path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            towns[(row["THEMA"].strip(), row["BEZEICHNUNG"].strip())].add(row["ORG"].strip())
    counts = collections.Counter()
    for (thema, label), orgs in towns.items():
        for candidate in (label, singular.get(label, label)):
            found = {c["uri"]: c for c in by_label.get(_norm(candidate), [])}
            if len(found) > 1:
                found = {u: c for u, c in found.items() if _norm(c["thema"]).startswith(_norm(thema)[:5])}
            if len(found) == 1:
                uri = next(iter(found))
                counts[uri] = max(counts[uri], len(orgs))
                break
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["uri", "thema_uri", "thema", "bezeichnung", "definition", "kommunen_nrw_2020"])
    for concept in sorted(concepts, key=lambda c: (c["thema"], c["bezeichnung"])):
        count = counts.get(concept["uri"])
        writer.writerow([*concept.values(), "" if count is None else count])


if __name__ == "__main__":
    main(*sys.argv[1:5])
