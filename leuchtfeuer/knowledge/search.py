"""One search interface over the published Praxisbeispiele, with two backends.

* SQLite (default): an FTS5 virtual table `knowledge_example_fts(title, body)` whose rowid is the
  example id, filled with the normalised terms of knowledge/engine/text.py; ranking by bm25 with
  the title weighted 3:1; query terms are prefix queries ("kita"*).
* PostgreSQL (production): `knowledge_searchentry.vector` (tsvector, GIN index) combines the same
  normalised terms ('simple' configuration, so umlaut folding and compounds behave exactly as on
  SQLite) with the original text under the 'german' configuration (Snowball stemming, German stop
  words); ranking by ts_rank_cd with the title weighted A.

Both backends answer `match(query)` with the ids of the matching examples, best first, and
`match_sql(query)` with an SQL subquery of those ids for composing with filters and facets.
The index is written only by `index_example` / `unindex_example`, which the services call in the
same transaction as the change (publish, edit while published, withdraw, reject).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

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
    """FTS5 over knowledge_searchentry (kept in step by triggers, see migration 0002)."""

    vendor = "sqlite"

    @staticmethod
    def _expression(terms: list[QueryTerm]) -> str:
        # Stems contain only [a-z0-9] (see engine.text), so quoting them is safe.
        return " AND ".join(f'"{t.stem}"*' for t in terms)

    def match_sql(self, terms: list[QueryTerm]) -> tuple[str, list]:
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [self._expression(terms)]  # noqa: S608

    def match(self, terms: list[QueryTerm]) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608 — constant table name
                f"ORDER BY bm25({FTS_TABLE}, 3.0, 1.0), rowid LIMIT {MAX_MATCHES}",
                [self._expression(terms)],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    """tsvector column of knowledge_searchentry (filled by a trigger, see migration 0002)."""

    vendor = "postgresql"

    @staticmethod
    def _tsquery(terms: list[QueryTerm]) -> tuple[str, list]:
        # Each word matches either as our normalised stem (prefix, 'simple') or as the German
        # Snowball stem of the word as typed (prefix, 'german'); all words must match.
        parts, params = [], []
        for t in terms:
            raw = "".join(ch for ch in t.raw if ch.isalnum())
            parts.append("(to_tsquery('simple', %s) || to_tsquery('german', %s))")
            params += [f"{t.stem}:*", f"{raw}:*" if raw else f"{t.stem}:*"]
        return " && ".join(parts), params

    def match_sql(self, terms: list[QueryTerm]) -> tuple[str, list]:
        query, params = self._tsquery(terms)
        return f"SELECT example_id FROM knowledge_searchentry WHERE vector @@ ({query})", params  # noqa: S608

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


def land_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=Region.Level.LAND).values_list("ars", "name"))


def _filtered(qs: QuerySet, filters: dict[str, list[str]], skip: str | None = None) -> QuerySet:
    for name, values in filters.items():
        if not values or name == skip:
            continue
        if name in TERM_FACETS:
            qs = qs.filter(
                id__in=ExampleTerm.objects.filter(vocabulary=TERM_FACETS[name], key__in=values).values(
                    "example_id"
                )
            )
        elif name == "land":
            qs = qs.filter(land_code__in=[v if v != "bund" else "" for v in values])
        elif name == "groesse":
            qs = qs.filter(size_class__in=values)
        elif name == "kosten":
            qs = qs.filter(cost_range__in=values)
        elif name == "stand":
            qs = qs.filter(phase__in=values)
    return qs


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
    base = Example.objects.filter(state=Example.State.PUBLISHED)
    if terms:
        sql, params = backend().match_sql(terms)
        base = base.filter(id__in=RawSQL(sql, params))  # noqa: S611 — values are bound parameters
    qs = _filtered(base, filters)
    page = max(1, page)

    if sort == "relevanz":
        # The ranked ids come from the index alone; the filtered queryset decides which count.
        allowed = set(qs.values_list("id", flat=True))
        ranked = [pk for pk in backend().match(terms) if pk in allowed]
        total = len(ranked)
        page_ids = ranked[(page - 1) * per_page : page * per_page]
        objects = {
            e.pk: e
            for e in Example.objects.filter(id__in=page_ids)
            .select_related("region", "municipality")
            .prefetch_related("terms")
        }
        examples = [objects[pk] for pk in page_ids if pk in objects]
    else:
        order = {
            "neueste": ["-published_at", "title"],
            "titel": ["title"],
            "groesse": ["population", "title"],
        }[sort]
        total = qs.count()
        examples = list(
            qs.select_related("region", "municipality")
            .prefetch_related("terms")
            .order_by(*order)[(page - 1) * per_page : page * per_page]
        )
    hits = [
        Hit(
            example=e,
            title_html=textmod.highlight(e.title, terms),
            snippet_html=textmod.snippet(f"{e.summary} {e.description}", terms),
        )
        for e in examples
    ]
    result = SearchResult(
        query=query or "", terms=terms, total=total, page=page, per_page=per_page, hits=hits, sort=sort
    )
    if with_facets:
        result.facets = facet_counts(base, filters)
    return result


def facet_counts(base: QuerySet, filters: dict[str, list[str]]) -> dict[str, list[FacetValue]]:
    """Counts per facet value; each facet is counted with all *other* filters applied, so that
    choosing a value never hides the alternatives of the same facet."""
    result: dict[str, list[FacetValue]] = {}
    for name, vocab in TERM_FACETS.items():
        qs = _filtered(base, filters, skip=name)
        counts = dict(
            ExampleTerm.objects.filter(vocabulary=vocab, example__in=qs)
            .values_list("key")
            .annotate(n=Count("id"))
            .values_list("key", "n")
        )
        terms = ExampleTermLabels[vocab]
        result[name] = [
            FacetValue(t.key, t.label, counts[t.key], t.key in filters.get(name, []))
            for t in terms
            if counts.get(t.key)
        ]
    columns = {"land": "land_code", "groesse": "size_class", "kosten": "cost_range", "stand": "phase"}
    names = None
    for name, column in columns.items():
        qs = _filtered(base, filters, skip=name)
        counts = dict(qs.order_by().values_list(column).annotate(n=Count("id")).values_list(column, "n"))
        selected = filters.get(name, [])
        if name == "land":
            names = names or land_names()
            values = sorted(counts, key=lambda c: (c == "", names.get(c, c)))
            result[name] = [
                FacetValue(c or "bund", names.get(c, "bundesweit / ohne Ort") if c else "bundesweit / ohne Ort",
                           counts[c], (c or "bund") in selected)
                for c in values
            ]  # fmt: skip
        elif name == "groesse":
            result[name] = [FacetValue(c, c, counts[c], c in selected) for c in SIZE_CLASSES if counts.get(c)]
        elif name == "kosten":
            result[name] = [
                FacetValue(c.value, c.label, counts[c.value], c.value in selected)
                for c in Example.CostRange
                if counts.get(c.value)
            ]
        else:
            result[name] = [
                FacetValue(c.value, c.label, counts[c.value], c.value in selected)
                for c in Example.Phase
                if counts.get(c.value)
            ]
    return result
