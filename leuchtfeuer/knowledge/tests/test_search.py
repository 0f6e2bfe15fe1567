"""The German search on the real seed examples and on small hand-made sets.

Runs unchanged on SQLite (FTS5) and PostgreSQL (tsvector, 'german'): CI runs the suite on both.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from leuchtfeuer.knowledge import services
from leuchtfeuer.knowledge.loader import load_examples
from leuchtfeuer.knowledge.models import Example, SearchEntry
from leuchtfeuer.knowledge.search import search_examples
from leuchtfeuer.places.models import Region


def slugs(query, **kwargs):
    return [hit.example.slug for hit in search_examples(query, **kwargs).hits]


@pytest.fixture
def seeds(official_data, db):
    load_examples()


@pytest.mark.parametrize("query", ["Rückkehr", "Rueckkehr", "rückkehr", "RÜCKKEHR"])
def test_rueckkehr_finds_the_return_programmes_of_the_seeds(seeds, query):
    found = slugs(query)
    for slug in ("heeme-fehlste-spremberg", "heimvorteil-hsk", "einfach-ankommen-bad-berleburg"):
        assert slug in found, f"{query!r} misses {slug}"
    assert "mikrofoerderung-stiftung-baukultur-thueringen" not in found


def test_kita_finds_einfach_ankommen_through_kitaplaetze(seeds):
    assert "Kitaplätze" in Example.objects.get(slug="einfach-ankommen-bad-berleburg").description
    assert "einfach-ankommen-bad-berleburg" in slugs("Kita")


def _containing(word):
    """Slugs of the published seed examples whose text contains `word` (independent of the index)."""
    word = word.lower()
    return {
        e.slug
        for e in Example.objects.filter(state=Example.State.PUBLISHED)
        if word in " ".join([e.title, e.summary, e.description, e.success_factors, e.obstacles]).lower()
    }


def test_kita_also_finds_the_examples_that_say_kinderbetreuung(seeds):
    # In the text or as Handlungsfeld "Kinderbetreuung und Schule" (indexed with its label).
    tagged = set(
        Example.objects.filter(terms__vocabulary="handlungsfeld", terms__key="kinderbetreuung").values_list(
            "slug", flat=True
        )
    )
    betreuung = _containing("kinderbetreuung") | tagged
    assert len(betreuung) >= 3
    assert betreuung <= set(slugs("Kita", per_page=100))


def test_leerstand_finds_leerstehend(seeds):
    leerstehend = _containing("leerstehend")
    assert leerstehend
    assert leerstehend <= set(slugs("Leerstand", per_page=100))


def test_a_word_with_synonyms_still_needs_the_other_words(make_example):
    make_example("Kinderbetreuung am Abend", "Ein Angebot in Görlitz.")
    make_example("Kita im Dorf", "Ein Angebot in Zittau.")
    assert slugs("Kita Görlitz") == ["kinderbetreuung-am-abend"]


def test_platz_finds_kitaplaetze_through_the_compound_part(seeds):
    assert "einfach-ankommen-bad-berleburg" in slugs("Platz")


def test_example_source_names_the_document_not_an_internal_file(seeds, client):
    example = Example.objects.get(slug="einfach-ankommen-bad-berleburg")
    assert "seeds/" not in example.source
    page = client.get(reverse("knowledge:example-detail", args=[example.slug])).content.decode()
    assert "Starke Orte Netzwerk" in page
    assert "seeds/" not in page and ".txt" not in page


def test_singular_finds_the_umlaut_plural(seeds):
    assert "einfach-ankommen-bad-berleburg" in slugs("Kitaplatz")


def test_probewohnen_finds_goerlitz_and_the_elblandwerker(seeds):
    found = slugs("Probewohnen")
    assert "stadt-der-zukunft-auf-probe-goerlitz" in found
    assert "elblandwerker-prignitz" in found


def test_all_words_must_match(seeds):
    assert slugs("Probewohnen Görlitz") == ["stadt-der-zukunft-auf-probe-goerlitz"]
    assert slugs("Probewohnen Spremberg") == []


def test_jugendliche_finds_a_text_that_only_says_jugend(make_example):
    make_example("Treffpunkt", "Ein Raum für die Jugend der Stadt.")
    make_example("Seniorencafé", "Ein Ort für ältere Menschen.")
    assert slugs("Jugendliche") == ["treffpunkt"]


def test_highlighting_marks_the_matched_words(seeds):
    result = search_examples("Kita")
    assert "<mark>Kitaplätze</mark>" in result.hits[0].snippet_html


def test_title_matches_rank_before_body_matches(make_example):
    make_example("Wohnen auf Probe", "Ein Angebot.")
    make_example("Netzwerk", "Wir bieten auch Wohnen auf Probe an, neben vielem anderen mehr.")
    assert slugs("Probe") == ["wohnen-auf-probe", "netzwerk"]


def test_unpublished_examples_are_not_found(make_example, office):
    draft = make_example("Geheimer Entwurf", "Rückkehr", publish=False)
    assert slugs("Entwurf") == []
    services.example_publish(actor=office, example=draft)
    assert slugs("Entwurf") == ["geheimer-entwurf"]
    services.example_request_changes(actor=office, example=draft, body="Bitte Quelle ergänzen.")
    assert slugs("Entwurf") == []
    assert not SearchEntry.objects.filter(example=draft).exists()


def test_editing_a_published_example_updates_the_index(make_example, office):
    example = make_example("Dorfladen", "Ein Laden im Dorf.")
    services.example_update(
        actor=office, example=example, data={"description": "Ein Coworking-Raum im Dorf."}
    )
    assert slugs("Coworking") == ["dorfladen"]
    assert slugs("Dorfladen") == ["dorfladen"]  # the title is unchanged
    assert slugs("Laden") == []  # the old description is gone from the index


def test_deleting_an_example_removes_it_from_the_index(make_example):
    example = make_example("Kulturscheune", "Kultur im Dorf.")
    example.delete()
    assert slugs("Kulturscheune") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM knowledge_example_fts WHERE knowledge_example_fts MATCH 'kulturscheu*'"
            )
            assert cursor.fetchone()[0] == 0


def test_facets_count_with_the_other_filters(make_example, region_factory):
    east = region_factory(ags="13999001", land_code="13", population=4000)
    west = region_factory(ags="05999001", land_code="05", population=30000)
    make_example("A", "Rückkehr", region=east, terms={"handlungsfeld": ["rueckkehr", "wohnen"]})
    make_example("B", "Rückkehr", region=west, terms={"handlungsfeld": ["rueckkehr"]}, cost_range="bis-10000")
    make_example("C", "Jugend", region=west, terms={"handlungsfeld": ["jugend"]})

    result = search_examples("Rückkehr")
    assert result.total == 2
    fields = {v.key: v.count for v in result.facets["handlungsfeld"]}
    assert fields == {"rueckkehr": 2, "wohnen": 1}
    assert {v.key: v.count for v in result.facets["groesse"]} == {"Landgemeinde": 1, "Mittelstadt": 1}
    assert {v.key: v.count for v in result.facets["land"]} == {"13": 1, "05": 1}

    filtered = search_examples("", filters={"land": ["05"]})
    assert sorted(h.example.title for h in filtered.hits) == ["B", "C"]
    # The Land facet itself still shows the other Land (counted without its own filter) …
    assert {v.key: (v.count, v.selected) for v in filtered.facets["land"]} == {
        "13": (1, False),
        "05": (2, True),
    }
    # … and the other facets are counted within the filter.
    assert {v.key: v.count for v in filtered.facets["handlungsfeld"]} == {"rueckkehr": 1, "jugend": 1}
    assert [h.example.title for h in search_examples("", filters={"kosten": ["bis-10000"]}).hits] == ["B"]
    both = search_examples("", filters={"handlungsfeld": ["rueckkehr"], "groesse": ["Landgemeinde"]})
    assert [h.example.title for h in both.hits] == ["A"]


def test_sorting(make_example, region_factory):
    small = region_factory(population=900)
    big = region_factory(population=50000)
    make_example("Zebra", "x", region=small)
    make_example("Anker", "x", region=big)
    assert [h.example.title for h in search_examples("", sort="titel").hits] == ["Anker", "Zebra"]
    assert [h.example.title for h in search_examples("", sort="groesse").hits] == ["Zebra", "Anker"]
    assert [h.example.title for h in search_examples("", sort="neueste").hits] == ["Anker", "Zebra"]


def test_paging(make_example):
    for n in range(5):
        make_example(f"Rückkehrtag {n}", "Rückkehr")
    first = search_examples("Rückkehr", per_page=2)
    third = search_examples("Rückkehr", per_page=2, page=3)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (5, 3, 2, 1)


def test_odd_input_is_harmless(seeds):
    for query in ['"', "*", "AND", "kita OR", "NEAR(", "'; DROP TABLE", "ä" * 300, "%", ":*", "&|!"]:
        search_examples(query)  # no error


def test_seed_places_are_official_regions(seeds):
    hsk = Example.objects.get(slug="heimvorteil-hsk")
    assert hsk.region.level == Region.Level.KREIS and hsk.region.ars == "05958"
    assert Example.objects.get(slug="dein-jahr-in-loitz").region.ags == "13075082"
    assert all(e.source.startswith(("Starke Orte", "Bericht", "Thünen")) for e in Example.objects.all())
