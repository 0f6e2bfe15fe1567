from leuchtfeuer.places.search import Entry, SearchIndex, fold

ENTRIES = [
    Entry("13071092", "Malchin, Stadt", "Malchin", "17139", "gemeinde", 7231),
    Entry("13071093", "Malchow, Stadt", "Malchow", "17213", "gemeinde", 6700),
    Entry("12062224", "Herzberg (Elster), Stadt", "Herzberg (Elster)", "04916", "gemeinde", 8678),
    Entry("14626110", "Görlitz, Stadt, Hochschulstadt", "Görlitz", "02826", "gemeinde", 56694),
    Entry("13075082", "Loitz, Stadt", "Loitz", "17121", "gemeinde", 4254),
]
INDEX = SearchIndex(ENTRIES)


def names(query):
    return [e.short for e, _ in INDEX.search(query)]


def test_typo_finds_malchin_first():
    assert names("Malchn")[0] == "Malchin"


def test_umlaut_and_case_folding():
    assert fold("Görlitz") == "goerlitz"
    assert names("goerlitz")[0] == "Görlitz"
    assert names("GÖRLITZ")[0] == "Görlitz"


def test_prefix_and_parenthesis():
    assert names("Herzberg")[0] == "Herzberg (Elster)"


def test_search_by_ags_and_plz():
    assert names("13071092") == ["Malchin"]
    assert names("17121") == ["Loitz"]
    assert names("1307")[:2] == ["Malchin", "Malchow"]


def test_nonsense_finds_nothing():
    assert names("xyzqw") == []
    assert names("   ") == []
