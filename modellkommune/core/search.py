"""What a German search box receives, turned into what to look for.

German glues words together ("Windkraftanlage", "Breitbandversorgung", "Personalausweis"), so a word a
citizen types is often only a part of the word in the document. Each query word is reduced to a root
(lower case, common inflection endings cut: "Windkraftanlagen" → "windkraftanlag", "Schulen" → "schul")
that the apps look for as a substring (SQLite, titles on PostgreSQL) or as a prefix in PostgreSQL's
full-text index. Spellings without umlauts ("Laermschutz", "Strasse") get the umlaut form as a variant.
Measured against a stemmer alone, prefix matching and PostgreSQL's hunspell dictionary: see
docs/performance.md ("Search recall") and bench/search_recall.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 8
MIN_ROOT = 4  # shorter roots match too much ("aus" in every "Ausweis")
# Longest first; a root never gets shorter than MIN_ROOT. No plain "-s": too many nouns end in it
# ("Ausweis", "Kreis"); the genitive "-es" is cut ("Ausweises" → "ausweis").
ENDINGS = ("innen", "ern", "en", "er", "es", "e", "n")
WORD = re.compile(r"[^\W_]+")
TRANSLITERATIONS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))

# Words that carry no meaning for a search ("Wie beantrage ich einen Ausweis?").
STOPWORDS = frozenset(  # noqa: SIM905 (a readable word list)
    [
        "ich",
        "mich",
        "mir",
        "mein",
        "meine",
        "meinen",
        "meinem",
        "meiner",
        "wir",
        "unser",
        "unsere",
        "sie",
        "ihr",
        "ihre",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "und",
        "oder",
        "für",
        "fuer",
        "mit",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "wie",
        "was",
        "wo",
        "wann",
        "wer",
        "warum",
        "kann",
        "können",
        "muss",
        "müssen",
        "will",
        "ist",
        "sind",
        "wird",
        "werden",
        "hat",
        "habe",
        "haben",
        "nicht",
        "kein",
        "keine",
        "bitte",
        "gibt",
        "es",
    ]
)


@dataclass(frozen=True)
class QueryWord:
    word: str  # as typed, lower case
    root: str  # what is searched for
    variants: tuple[str, ...]  # the root and its spellings with umlauts / ß, each a substring to look for


def word_root(word: str) -> str:
    word = word.lower()
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_ROOT:
            return word[: -len(ending)]
    return word


def spelling_variants(root: str) -> tuple[str, ...]:
    """The root, then the forms with umlauts and ß for an ASCII spelling ("laermschutz" → "lärmschutz")."""
    variants = [root]
    for ascii_form, letter in TRANSLITERATIONS:
        if ascii_form in root:
            variants.append(root.replace(ascii_form, letter))
    return tuple(dict.fromkeys(variants))


def query_words(query: str) -> list[QueryWord]:
    """The meaningful words of a query (stopwords and single letters dropped), at most MAX_WORDS."""
    words: list[QueryWord] = []
    for word in WORD.findall((query or "").lower()):
        if word in STOPWORDS or len(word) < 2 or any(w.word == word for w in words):
            continue
        root = word_root(word)
        words.append(QueryWord(word=word, root=root, variants=spelling_variants(root)))
        if len(words) == MAX_WORDS:
            break
    return words


def case_variants(text: str) -> tuple[str, ...]:
    """SQLite's LIKE ignores case only for ASCII letters: a word starting with an umlaut is also tried
    capitalised ("öffnungszeit" → "Öffnungszeit"), the way it is written at the start of a German noun."""
    if text and not text[0].isascii():
        return (text, text[0].upper() + text[1:])
    return (text,)
