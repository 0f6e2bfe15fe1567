"""German normalisation: folding, CISTEM stemming, compounds, highlighting (no database)."""

from __future__ import annotations

import pytest

from leuchtfeuer.knowledge.engine.text import (
    cistem,
    document,
    fold,
    highlight,
    parse_query,
    snippet,
    stem,
    terms,
)


def test_fold_spells_out_umlauts_and_drops_other_diacritics():
    assert fold("Rückkehr") == "rueckkehr"
    assert fold("Größe Straße") == "groesse strasse"
    assert fold("Café Lumaz") == "cafe lumaz"
    assert fold("ÄÖÜ") == "aeoeue"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # Published CISTEM behaviour (Weissweiler & Fraser 2017), worked by hand on the rules:
        # strip -em/-er/-nd (length > 5), then -t, then -e/-s/-n, repeatedly while length > 3.
        ("kinder", "kind"),  # -er
        ("wohnen", "woh"),  # -n, -e, -n (the stemmer is aggressive, on both sides alike)
        ("gesund", "sund"),  # ge- prefix dropped when 4+ letters follow
        ("kitaplaetze", "kitaplaetz"),  # -e
        ("staedte", "staed"),  # -e, -t
    ],
)
def test_cistem(word, expected):
    assert cistem(word) == expected


def test_umlaut_spellings_meet():
    assert stem("Rückkehr") == stem("Rueckkehr") == stem("RÜCKKEHR") == "ruckkehr"


def test_umlaut_plurals_meet_their_singular():
    assert stem("Plätze") == stem("Platz") == stem("Plaetze")
    assert stem("Städte") == stem("Stadt")
    assert stem("Kitaplätze") == stem("Kitaplatz")


def test_inflected_and_derived_forms_meet():
    assert stem("Rückkehrende") == stem("Rückkehrer") == stem("Rückkehr")
    assert stem("Jugendliche") == stem("Jugendlichen") == stem("Jugend")
    assert stem("Beteiligung") == stem("beteiligen")


def test_compounds_start_with_their_first_part():
    assert stem("Kitaplätze").startswith(stem("Kita"))
    assert stem("Rückkehrkampagne").startswith(stem("Rückkehr"))
    assert stem("Jugendparlament").startswith(stem("Jugendliche"))


def test_terms_split_gender_forms_and_join_hyphenated_compounds():
    result = terms("Rückkehrer*innen und Bürger:innen suchen Kita-Plätze")
    assert stem("Rückkehrer") in result
    assert "innen" not in result and "und" not in result  # gender suffix and stop word dropped
    assert stem("Kitaplätze") in result  # joined compound
    assert stem("Kita") in result and stem("Plätze") in result  # and its parts


def test_parse_query_drops_stop_words_and_duplicates():
    query = parse_query("die Rückkehr und die Rueckkehr nach Kita")
    assert [t.stem for t in query] == [stem("Rückkehr"), stem("Kita")]
    assert parse_query("und oder") == []


def test_highlight_marks_matching_words_and_escapes_html():
    html = highlight("<b>Kitaplätze</b> & Rückkehrende", parse_query("kita rueckkehr"))
    assert html == "&lt;b&gt;<mark>Kitaplätze</mark>&lt;/b&gt; &amp; <mark>Rückkehrende</mark>"


def test_snippet_centres_on_the_first_match():
    text = "Anfang " * 60 + "Probewohnen in Görlitz " + "Ende " * 60
    html = snippet(text, parse_query("Probewohnen"), width=120)
    assert "<mark>Probewohnen</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 200


def test_document_is_space_separated_terms():
    assert document("Die Rückkehr") == stem("Rückkehr")


# --- synonyms and compound parts (synonyms.txt) ------------------------------------------------


def test_lexicon_format_merges_groups_and_skips_short_heads():
    from leuchtfeuer.knowledge.engine.text import parse_lexicon

    lex = parse_lexicon(
        "# comment\n[gruppen]\nKita, Kinderbetreuung\nKinderbetreuung, Krippe\n[wortteile]\nPlatz, Arzt\n"
    )
    assert set(lex.groups[stem("Kita")]) == {stem("Kita"), stem("Kinderbetreuung"), stem("Krippe")}
    assert lex.heads == ("platz",)  # "arz" (Arzt) is too short: it would match inside "schwarz"
    with pytest.raises(ValueError, match="Abschnitt"):
        parse_lexicon("Kita, Krippe\n")


def test_query_word_carries_its_synonyms():
    kita = parse_query("Kita")[0]
    assert stem("Kinderbetreuung") in kita.stems
    leerstand = parse_query("Leerstand")[0]
    assert stem("leerstehend") in leerstand.stems
    assert parse_query("Probewohnen")[0].stems == (stem("Probewohnen"),)


def test_compound_is_indexed_with_its_listed_last_part():
    indexed = terms("Neue Kitaplätze an der Grundschule")
    assert stem("Platz") in indexed and stem("Schule") in indexed
    assert "arz" not in terms("Der schwarze Hausarzt")


def test_synonym_is_highlighted():
    assert highlight("Mehr Kinderbetreuung", parse_query("Kita")) == "Mehr <mark>Kinderbetreuung</mark>"
