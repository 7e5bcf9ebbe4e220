"""Recall of German council search candidates (PostgreSQL only): does a search for a word find every paper
whose title contains that word, also inside a compound ("Windkraft" in "Windkraftanlage")?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mk_search .venv/bin/python bench/search_recall.py
    ... bench/search_recall.py --titles /tmp/real_titles.txt    # a real crawl's paper titles, one a line

Corpus: testdata/council/paper_titles.txt (titles as NRW towns write them), or with --titles a file of real
paper titles (e.g. the `name` of every Paper of an OParl crawl; such data is never committed); queries: the word list of
modellkommune/council/tests/test_search.py. Papers are inserted in a transaction that is rolled back.
Candidates:
  german websearch       websearch_to_tsquery('german', word) on the German vector (before this change)
  hunspell websearch     the same with Debian's hunspell-de-de as ispell dictionary before the stemmer
  german prefix          the word's root (core.search) as prefix query 'root:*'
  hunspell prefix        the same with the hunspell configuration
  word_similarity        pg_trgm: word <% title (threshold 0.6)
  ours                   council.selectors_search.paper_search: the root as prefix of a German stem or of
                         a title word's suffix (= substring of the title), one tsquery on the stored vector
"extra" counts hits whose title does not contain the word (in this corpus the text is the title, so these
are false positives by the measure)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from modellkommune.core.search import query_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HUNSPELL = ["de_de.dict", "de_de.affix"]


class Rollback(Exception):
    pass


def titles(path: Path | None = None) -> list[str]:
    """One title a line; blank lines and lines starting with # are left out; whitespace runs become one space."""
    text = (path or ROOT / "testdata/council/paper_titles.txt").read_text(encoding="utf-8")
    return [" ".join(line.split())[:500] for line in text.splitlines() if line.strip()[:1] not in ("", "#")]


def queries() -> list[str]:
    sys.path.insert(0, str(ROOT / "modellkommune/council/tests"))
    from test_search import QUERIES

    return list(QUERIES)


def hunspell_available(cursor) -> bool:
    cursor.execute("SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")
    sharedir = Path(cursor.fetchone()[0]) / "tsearch_data"
    return all((sharedir / name).exists() for name in HUNSPELL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--titles", type=Path, help="file of paper titles, one a line (default: the test titles)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    from modellkommune.council.models import Body, Paper
    from modellkommune.council.selectors_search import paper_search

    corpus, words = titles(args.titles), queries()
    results: dict[str, tuple[int, int, int, list[str]]] = {}
    try:
        with transaction.atomic():
            body = Body.objects.create(name="Recall-Korpus")
            Paper.objects.filter(public=True).update(public=False)  # only the corpus is searched
            created = Paper.objects.bulk_create(
                [Paper(body=body, name=t, search_text=t, paper_type="Antrag", public=True) for t in corpus],
                batch_size=1000,
            )  # the search vector comes from the database trigger, bulk or not
            ids = {paper.pk: paper.name for paper in created}
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # only for the word_similarity candidate
                candidates = {
                    "german websearch": "to_tsvector('german', name) @@ websearch_to_tsquery('german', %(w)s)",
                    "german prefix": "to_tsvector('german', name) @@ to_tsquery('german', %(p)s)",
                    "word_similarity": "%(w)s <%% name",
                }
                if hunspell_available(cursor):
                    cursor.execute(
                        "CREATE TEXT SEARCH DICTIONARY bench_de_hunspell "
                        "(TEMPLATE = ispell, DictFile = de_de, AffFile = de_de, StopWords = german)"
                    )
                    cursor.execute("CREATE TEXT SEARCH CONFIGURATION bench_de (COPY = german)")
                    cursor.execute(
                        "ALTER TEXT SEARCH CONFIGURATION bench_de ALTER MAPPING FOR asciiword, word, hword, "
                        "hword_part, asciihword, hword_asciipart WITH bench_de_hunspell, german_stem"
                    )
                    cursor.execute("SELECT ts_lexize('bench_de_hunspell', 'windkraftanlage')")
                    print(f"hunspell splits 'windkraftanlage' into: {cursor.fetchone()[0]}")
                    vector = "to_tsvector('bench_de', name)"
                    candidates["hunspell websearch"] = f"{vector} @@ websearch_to_tsquery('bench_de', %(w)s)"
                    candidates["hunspell prefix"] = f"{vector} @@ to_tsquery('bench_de', %(p)s)"
                else:
                    print("hunspell-de-de not converted for PostgreSQL (tsearch_data/de_de.*): candidate skipped")
                for name, condition in candidates.items():
                    results[name] = measure(words, ids, lambda w, c=condition: hits(cursor, c, w, list(ids)), corpus)
            results["ours"] = measure(words, ids, lambda w: {p.pk for p in paper_search(w)}, corpus)
            raise Rollback
    except Rollback:
        pass
    print(
        f"corpus: {len(corpus)} titles ({args.titles or 'testdata/council/paper_titles.txt'}), {len(words)} query words"
    )
    for name, (found, total, extra, missed) in results.items():
        print(
            f"{name:20s} recall {found}/{total} = {found / total:.0%}, extra {extra}; missed for: {', '.join(missed)}"
        )


def hits(cursor, condition: str, word: str, ids: list[int]) -> set[int]:
    root = query_words(word)[0]
    prefix = " | ".join(f"{v}:*" for v in root.variants)
    cursor.execute(
        f"SELECT id FROM council_paper WHERE id = ANY(%(ids)s) AND {condition}",  # noqa: S608 (fixed candidates)
        {"w": word, "p": prefix, "ids": ids},
    )
    return {row[0] for row in cursor.fetchall()}


def measure(words, ids, search, corpus) -> tuple[int, int, int, list[str]]:
    found = total = extra = 0
    missed = []
    for word in words:
        expected = {pk for pk, title in ids.items() if word.lower() in title.lower()}
        got = search(word) & set(ids)
        total += len(expected)
        found += len(expected & got)
        extra += len(got - expected)
        if expected - got:
            missed.append(word)
    return found, total, extra, missed


if __name__ == "__main__":
    main()
