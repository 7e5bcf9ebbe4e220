"""Query words for German search: roots, umlaut spellings, stopwords."""

from modellkommune.core.search import case_variants, query_words, word_root


def test_roots_cut_inflection_but_keep_the_word_recognisable():
    assert word_root("Windkraftanlagen") == "windkraftanlag"
    assert word_root("Schulen") == "schul"
    assert word_root("Gebühren") == "gebühr"
    assert word_root("Ausweis") == "ausweis"  # a noun ending in -s keeps it
    assert word_root("Ausweises") == "ausweis"
    assert word_root("Kita") == "kita"  # never shorter than four letters
    assert word_root("Rat") == "rat"


def test_query_words_drop_stopwords_and_add_umlaut_spellings():
    words = query_words("Wie beantrage ich einen Laermschutz für die Strasse?")
    assert [w.word for w in words] == ["beantrage", "laermschutz", "strasse"]
    assert words[1].variants == ("laermschutz", "lärmschutz")
    assert words[2].variants == ("strass", "straß")
    assert query_words("!! ' :* &") == []


def test_words_starting_with_an_umlaut_are_also_tried_capitalised():
    assert case_variants("öffnungszeit") == ("öffnungszeit", "Öffnungszeit")
    assert case_variants("radweg") == ("radweg",)
