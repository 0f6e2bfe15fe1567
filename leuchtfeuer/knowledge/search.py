"""One search interface over the published Praxisbeispiele, with two backends.

* SQLite (default): an FTS5 virtual table `knowledge_example_fts(title, body)` whose rowid is the
  example id, filled with the normalised terms of knowledge/engine/text.py; ranking by bm25 with
  the title weighted 3:1; query terms are prefix queries ("kita"*).
* PostgreSQL (production): `knowledge_searchentry.vector` (tsvector, GIN index) combines the same
  normalised terms ('simple' configuration, so umlaut folding and compounds behave exactly as on
  SQLite) with the original text under the 'german' configuration (Snowball stemming, German stop
  words); ranking by ts_rank_cd with the title weighted A.

Both backends answer `match(query)` with the ids of the matching examples, best first. Facets,
filters and sorting then work on in-memory arrays of all published examples (`Facts`, cached per
process and refreshed when any published example changes), so one search costs one index query,
one staleness check and one page of objects.
The index is written only by `index_example` / `unindex_example`, which the services call in the
same transaction as the change (publish, edit while published, withdraw, reject).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Count, Max

from leuchtfeuer.core import taxonomy
from leuchtfeuer.knowledge.engine import text as textmod
from leuchtfeuer.knowledge.engine.text import QueryTerm
from leuchtfeuer.knowledge.models import Example, ExampleTerm, SearchEntry, Vocabulary
from leuchtfeuer.places.models import Region

FTS_TABLE = "knowledge_example_fts"
MAX_MATCHES = 20_000


# --- indexing --------------------------------------------------------------------------------


def example_texts(example: Example) -> tuple[str, str]:
    """(title text, body text) that the search reads for one example."""
    title = " ".join([example.title, example.place])
    labels = []
    for term in example.terms.all():
        vocab = ExampleTermLabels.get(term.vocabulary, ())
        labels.append(taxonomy.label(vocab, term.key))
    body = "\n".join(
        part
        for part in [
            example.summary,
            example.description,
            example.success_factors,
            example.obstacles,
            example.costs,
            example.funding,
            example.region.name if example.region_id else "",
            " ".join(labels),
        ]
        if part
    )
    return title, body


ExampleTermLabels = {
    Vocabulary.HANDLUNGSFELD: taxonomy.HANDLUNGSFELDER,
    Vocabulary.ZIELGRUPPE: taxonomy.LIFE_PHASES,
    Vocabulary.HERAUSFORDERUNG: taxonomy.CHALLENGE_FIELDS,
    Vocabulary.PFEILER: taxonomy.RESILIENCE_PILLARS,
}


def index_example(example: Example) -> None:
    """Put a published example into the index (or refresh it); remove any other example."""
    if example.state != Example.State.PUBLISHED:
        unindex_example(example)
        return
    title, body = example_texts(example)
    title_terms, body_terms = textmod.document(title), textmod.document(body)
    # Triggers in the database update FTS5 (SQLite) or the tsvector (PostgreSQL) with this row.
    SearchEntry.objects.update_or_create(
        example=example,
        defaults={
            "title_terms": title_terms,
            "body_terms": body_terms,
            "title_text": title,
            "body_text": body,
        },
    )


def unindex_example(example: Example) -> None:
    SearchEntry.objects.filter(example_id=example.pk).delete()


def reindex_all() -> int:
    """Rebuild the whole index from the published examples; returns how many were indexed."""
    SearchEntry.objects.all().delete()
    count = 0
    for example in (
        Example.objects.filter(state=Example.State.PUBLISHED)
        .select_related("region")
        .prefetch_related("terms")
    ):
        index_example(example)
        count += 1
    return count


# --- backends --------------------------------------------------------------------------------


class SqliteBackend:
    """FTS5 over knowledge_searchentry (kept in step by triggers, see migration 0001)."""

    vendor = "sqlite"

    @staticmethod
    def _expression(terms: list[QueryTerm]) -> str:
        # Stems contain only [a-z0-9] (see engine.text), so quoting them is safe. A word with
        # synonyms matches any of them: ("kita"* OR "kinderbetreu"*) AND …
        return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in t.stems) + ")" for t in terms)

    def match(self, terms: list[QueryTerm]) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608 — constant table name
                f"ORDER BY bm25({FTS_TABLE}, 3.0, 1.0), rowid LIMIT {MAX_MATCHES}",
                [self._expression(terms)],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    """tsvector column of knowledge_searchentry (filled by a trigger, see migration 0001)."""

    vendor = "postgresql"

    @staticmethod
    def _tsquery(terms: list[QueryTerm]) -> tuple[str, list]:
        # Each word matches either as our normalised stem or one of its synonyms (prefix,
        # 'simple') or as the German Snowball stem of the word as typed (prefix, 'german'); all
        # words must match.
        parts, params = [], []
        for t in terms:
            raw = "".join(ch for ch in t.raw if ch.isalnum())
            parts.append("(to_tsquery('simple', %s) || to_tsquery('german', %s))")
            params += [" | ".join(f"{s}:*" for s in t.stems), f"{raw}:*" if raw else f"{t.stem}:*"]
        return " && ".join(parts), params

    def match(self, terms: list[QueryTerm]) -> list[int]:
        query, params = self._tsquery(terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT example_id FROM knowledge_searchentry WHERE vector @@ ({query}) "  # noqa: S608 — placeholders only
                f"ORDER BY ts_rank_cd(vector, ({query})) DESC, example_id LIMIT {MAX_MATCHES}",
                params + params,
            )
            return [row[0] for row in cursor.fetchall()]


def backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Keine Volltextsuche für die Datenbank {connection.vendor}.")


# --- the search ------------------------------------------------------------------------------

SORTS = {
    "relevanz": "Relevanz",
    "neueste": "neueste zuerst",
    "titel": "Titel (A–Z)",
    "groesse": "Ortsgröße (klein zuerst)",
}

FACETS = ("handlungsfeld", "zielgruppe", "land", "groesse", "kosten", "stand")
TERM_FACETS = {"handlungsfeld": Vocabulary.HANDLUNGSFELD, "zielgruppe": Vocabulary.ZIELGRUPPE}
FACET_LABELS = {
    "handlungsfeld": "Handlungsfeld",
    "zielgruppe": "Zielgruppe",
    "land": "Land",
    "groesse": "Größenklasse",
    "kosten": "Kostenrahmen",
    "stand": "Stand",
}
SIZE_CLASSES = ["Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt"]


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    example: Example
    title_html: str
    snippet_html: str


@dataclass
class SearchResult:
    query: str
    terms: list[QueryTerm]
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    sort: str = "relevanz"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


_LAND_NAMES: dict[str, str] = {}


def land_names() -> dict[str, str]:
    """Names of the 16 Länder by code (they do not change while a process runs)."""
    if not _LAND_NAMES:
        _LAND_NAMES.update(Region.objects.filter(level=Region.Level.LAND).values_list("ars", "name"))
    return _LAND_NAMES


COLUMN_FACETS = ("land", "groesse", "kosten", "stand")


@dataclass
class Facts:
    """Facet and sort values of all published examples as arrays, cached per process until a
    published example changes (one aggregate query per search checks that)."""

    ids: np.ndarray
    position: dict[int, int]
    codes: dict[str, np.ndarray]  # column facet → (n,) int code
    values: dict[str, list[str]]  # column facet → value of each code
    terms: dict[str, np.ndarray]  # term facet → (n, K) bool
    term_keys: dict[str, list[str]]
    population: np.ndarray  # NaN = unknown
    published: np.ndarray  # timestamps
    title_rank: np.ndarray  # rank of the title in German-folded alphabetical order


_FACTS: dict[tuple, Facts] = {}


def _facts() -> Facts:
    published = Example.objects.filter(state=Example.State.PUBLISHED)
    stamp = published.aggregate(n=Count("id"), i=Max("id"), m=Max("updated_at"), v=Max("version"))
    key = (stamp["n"], stamp["i"], stamp["m"], stamp["v"])
    cached = _FACTS.get(key)
    if cached is not None:
        return cached
    rows = list(
        published.order_by("id").values_list(
            "id", "land_code", "size_class", "cost_range", "phase", "population", "published_at", "title"
        )
    )
    n = len(rows)
    position = {row[0]: i for i, row in enumerate(rows)}
    codes, values = {}, {}
    for col, name in enumerate(COLUMN_FACETS, start=1):
        distinct = sorted({row[col] for row in rows})
        lookup = {v: i for i, v in enumerate(distinct)}
        codes[name] = np.array([lookup[row[col]] for row in rows], dtype=np.int64)
        values[name] = distinct
    terms, term_keys = {}, {}
    for name, vocab in TERM_FACETS.items():
        keys = [t.key for t in ExampleTermLabels[vocab]]
        k_index = {k: i for i, k in enumerate(keys)}
        matrix = np.zeros((n, len(keys)), dtype=bool)
        for example_id, term in ExampleTerm.objects.filter(
            vocabulary=vocab, example__state=Example.State.PUBLISHED
        ).values_list("example_id", "key"):
            i, j = position.get(example_id), k_index.get(term)
            if i is not None and j is not None:
                matrix[i, j] = True
        terms[name], term_keys[name] = matrix, keys
    titles = [textmod.fold(row[7]).lstrip("„\"' ") for row in rows]
    title_rank = np.empty(n, dtype=np.int64)
    title_rank[np.argsort(np.array(titles, dtype=str), kind="stable")] = np.arange(n)
    facts = Facts(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        position=position,
        codes=codes,
        values=values,
        terms=terms,
        term_keys=term_keys,
        population=np.array([np.nan if row[5] is None else row[5] for row in rows], dtype=float),
        published=np.array([row[6].timestamp() if row[6] else 0.0 for row in rows], dtype=float),
        title_rank=title_rank,
    )
    _FACTS.clear()
    _FACTS[key] = facts
    return facts


def _masks(facts: Facts, cand: np.ndarray, filters: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Per active facet: which candidates pass its filter."""
    masks = {}
    for name, selected in filters.items():
        if not selected:
            continue
        if name in TERM_FACETS:
            cols = [facts.term_keys[name].index(k) for k in selected if k in facts.term_keys[name]]
            masks[name] = facts.terms[name][cand][:, cols].any(axis=1) if cols else np.zeros(len(cand), bool)
        else:
            wanted = ["" if (name == "land" and v == "bund") else v for v in selected]
            codes = [facts.values[name].index(v) for v in wanted if v in facts.values[name]]
            masks[name] = np.isin(facts.codes[name][cand], codes)
    return masks


def _all_but(masks: dict[str, np.ndarray], skip: str | None, n: int) -> np.ndarray:
    result = np.ones(n, dtype=bool)
    for name, mask in masks.items():
        if name != skip:
            result &= mask
    return result


def search_examples(
    query: str = "",
    *,
    filters: dict[str, list[str]] | None = None,
    sort: str = "",
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
) -> SearchResult:
    """Published examples matching `query` (all words, German-aware) and the facet filters."""
    filters = {k: [v for v in vs if v] for k, vs in (filters or {}).items() if k in FACETS}
    terms = textmod.parse_query(query or "")
    sort = sort if sort in SORTS else ("relevanz" if terms else "neueste")
    if sort == "relevanz" and not terms:
        sort = "neueste"
    page = max(1, page)
    facts = _facts()
    if terms:
        # Ranked ids from the index; ids that are no longer published drop out here.
        cand = np.array(
            [facts.position[pk] for pk in backend().match(terms) if pk in facts.position], dtype=np.int64
        )
    else:
        cand = np.arange(len(facts.ids), dtype=np.int64)
    masks = _masks(facts, cand, filters)
    hits_pos = cand[_all_but(masks, None, len(cand))]
    if sort != "relevanz" and len(hits_pos):
        if sort == "neueste":
            keys = (facts.title_rank[hits_pos], -facts.published[hits_pos])
        elif sort == "titel":
            keys = (facts.title_rank[hits_pos],)
        else:  # groesse: small places first, unknown size last
            pop = facts.population[hits_pos]
            keys = (facts.title_rank[hits_pos], np.where(np.isnan(pop), np.inf, pop))
        hits_pos = hits_pos[np.lexsort(keys)]
    total = len(hits_pos)
    page_ids = [int(facts.ids[i]) for i in hits_pos[(page - 1) * per_page : page * per_page]]
    objects = (
        Example.objects.select_related("region", "municipality").prefetch_related("terms").in_bulk(page_ids)
    )
    hits = [
        Hit(
            example=objects[pk],
            title_html=textmod.highlight(objects[pk].title, terms),
            snippet_html=textmod.snippet(f"{objects[pk].summary} {objects[pk].description}", terms),
        )
        for pk in page_ids
        if pk in objects
    ]
    result = SearchResult(
        query=query or "", terms=terms, total=total, page=page, per_page=per_page, hits=hits, sort=sort
    )
    if with_facets:
        result.facets = _facet_counts(facts, cand, masks, filters)
    return result


def _facet_counts(
    facts: Facts, cand: np.ndarray, masks: dict[str, np.ndarray], filters: dict[str, list[str]]
) -> dict[str, list[FacetValue]]:
    """Counts per facet value; each facet is counted with all *other* filters applied, so that
    choosing a value never hides the alternatives of the same facet."""
    result: dict[str, list[FacetValue]] = {}
    for name, vocab in TERM_FACETS.items():
        rows = cand[_all_but(masks, name, len(cand))]
        counts = facts.terms[name][rows].sum(axis=0)
        selected = filters.get(name, [])
        result[name] = [
            FacetValue(t.key, t.label, int(counts[j]), t.key in selected)
            for j, t in enumerate(ExampleTermLabels[vocab])
            if counts[j]
        ]
    names = None
    for name in COLUMN_FACETS:
        rows = cand[_all_but(masks, name, len(cand))]
        counts = np.bincount(facts.codes[name][rows], minlength=len(facts.values[name]))
        by_value = {v: int(counts[i]) for i, v in enumerate(facts.values[name]) if counts[i]}
        selected = filters.get(name, [])
        if name == "land":
            names = names or land_names()
            ordered = sorted(by_value, key=lambda c: (c == "", names.get(c, c)))
            result[name] = [
                FacetValue(c or "bund", names.get(c, c) if c else "bundesweit / ohne Ort", by_value[c],
                           (c or "bund") in selected)
                for c in ordered
            ]  # fmt: skip
        elif name == "groesse":
            result[name] = [
                FacetValue(c, c, by_value[c], c in selected) for c in SIZE_CLASSES if by_value.get(c)
            ]
        elif name == "kosten":
            result[name] = [
                FacetValue(c.value, c.label, by_value[c.value], c.value in selected)
                for c in Example.CostRange
                if by_value.get(c.value)
            ]
        else:
            result[name] = [
                FacetValue(c.value, c.label, by_value[c.value], c.value in selected)
                for c in Example.Phase
                if by_value.get(c.value)
            ]
    return result
