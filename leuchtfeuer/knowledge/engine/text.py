"""German text normalisation for the example search (pure Python, no Django).

Both search backends (SQLite FTS5 and PostgreSQL) index and query the *same* normalised terms,
so a query behaves alike on both databases:

1. **Folding**: lower case, ä→ae, ö→oe, ü→ue, ß→ss, other diacritics dropped; for the stems the
   spelled-out umlauts then become the plain vowel (as in Snowball's German stemmer). "Rueckkehr"
   and "Rückkehr" become the same word, and "Plätze" meets "Platz", "Städte" meets "Stadt".
2. **Tokens**: runs of letters and digits. Gender forms ("Rückkehrer*innen", "Bürger:innen")
   split into the stem word and a dropped "innen"; hyphenated compounds ("Kita-Plätze") are
   indexed both as parts and joined ("kitaplaetze").
3. **Stemming**: CISTEM (Weissweiler & Fraser 2017, "Developing a Stemmer for German Based on a
   Comparative Analysis of Publicly Available Stemmers", GSCL 2017) — a small, published,
   inflectional stemmer — followed by a light derivational step that removes -lich, -isch,
   -ung, -heit, -keit, -schaft when at least four letters remain ("Jugendliche" → "jugend",
   "Beteiligung"/"beteiligen" → "beteilig"). The Snowball German stemmer is not a dependency of
   the project; this stemmer is documented in docs/knowledge.md.
4. **Compounds**: German glues words together ("Kitaplätze", "Rückkehrkampagne"). Query terms
   are matched as *prefixes* of indexed terms, so "Kita" finds "Kitaplätze" and "Rückkehr"
   finds "Rückkehrkampagne". A compound ending in one of the listed last parts ("wortteile" in
   synonyms.txt) is indexed with that part too, so "Platz" finds "Kitaplätze". No maintained
   German splitter with its data is a dependency of the project; the short list is kept as data.
5. **Synonyms**: a query word in one of the groups of synonyms.txt matches any word of its group
   ("Kita" finds "Kinderbetreuung", "Leerstand" finds "leerstehend"); see that file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
_WORD = re.compile(r"\w+", re.UNICODE)
_COMPOUND = re.compile(r"\w+(?:-\w+)+", re.UNICODE)

# Function words that carry no meaning for the search (folded). Kept short on purpose.
STOPWORDS = frozenset(
    [
        "aber",
        "als",
        "am",
        "an",
        "auch",
        "auf",
        "aus",
        "bei",
        "bis",
        "da",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "dies",
        "diese",
        "diesem",
        "diesen",
        "dieser",
        "dieses",
        "doch",
        "durch",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "er",
        "es",
        "fuer",
        "hat",
        "hatte",
        "ich",
        "ihr",
        "ihre",
        "im",
        "in",
        "innen",
        "ins",
        "ist",
        "ja",
        "kann",
        "man",
        "mit",
        "nach",
        "nicht",
        "noch",
        "nur",
        "ob",
        "oder",
        "sein",
        "sich",
        "sie",
        "sind",
        "so",
        "um",
        "und",
        "uns",
        "unter",
        "viel",
        "vom",
        "von",
        "vor",
        "war",
        "waren",
        "was",
        "wenn",
        "werden",
        "wie",
        "wir",
        "wird",
        "wurde",
        "zu",
        "zum",
        "zur",
        "ueber",
    ]
)
_DERIVATIONAL = ("schaft", "lich", "isch", "heit", "keit", "ung")


def fold(text: str) -> str:
    """Lower case with German umlauts spelled out and other diacritics removed."""
    text = text.translate(_FOLD).lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def cistem(word: str) -> str:
    """CISTEM stem of a folded, lower-case word (case-insensitive variant)."""
    if len(word) <= 3:
        return word
    word = re.sub(r"^ge(.{4,})", r"\1", word)
    word = word.replace("sch", "$").replace("ei", "%").replace("ie", "&")
    word = re.sub(r"(.)\1", r"\1*", word)
    while len(word) > 3:
        if len(word) > 5:
            word, n = re.subn(r"e[mr]$", "", word)
            if n:
                continue
            word, n = re.subn(r"nd$", "", word)
            if n:
                continue
        word, n = re.subn(r"t$", "", word)
        if n:
            continue
        word, n = re.subn(r"[esn]$", "", word)
        if not n:
            break
    word = re.sub(r"(.)\*", r"\1\1", word)
    return word.replace("$", "sch").replace("%", "ei").replace("&", "ie")


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Fold and stem one word (see the module docstring); memoised (pure function)."""
    word = fold(word)
    if word.isdigit():
        return word
    # Umlauts and their spelled-out forms meet in the plain vowel (as Snowball does), so the
    # umlaut plural finds the singular: "Plätze"/"Plaetze" → "platz", "Städte" → "stad".
    word = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    if len(word) > 8 and word.endswith("innen"):
        word = word[: -len("innen")]
    word = cistem(word)
    for suffix in _DERIVATIONAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            # The remaining base is stemmed again, so "Jugendliche" and "Jugend" meet.
            return cistem(word[: -len(suffix)])
    return word


SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
MIN_HEAD_STEM = 4  # shorter last parts ("arz") hide inside unrelated words ("schwarz")
MIN_HEAD_PREFIX = 3


@dataclass(frozen=True)
class Lexicon:
    """Synonym groups (stem → stems of its group) and compound last parts (stems), from data."""

    groups: dict[str, tuple[str, ...]]
    heads: tuple[str, ...]


def parse_lexicon(text: str) -> Lexicon:
    """Read the format of synonyms.txt: sections [gruppen] and [wortteile], comma lists."""
    groups: dict[str, set[str]] = {}
    heads: set[str] = set()
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        stems = {stem("".join(words(w))) for w in line.split(",") if words(w)}
        if section == "gruppen":
            merged = set(stems)
            for s in stems:
                merged |= groups.get(s, set())
            for s in merged:
                groups[s] = merged
        elif section == "wortteile":
            heads |= {s for s in stems if len(s) >= MIN_HEAD_STEM}
        else:
            raise ValueError(f"Zeile ohne Abschnitt [gruppen] oder [wortteile]: {line!r}")
    return Lexicon(
        groups={s: tuple(sorted(g)) for s, g in groups.items()},
        heads=tuple(sorted(heads, key=lambda h: (-len(h), h))),
    )


@functools.cache
def lexicon() -> Lexicon:
    return parse_lexicon(SYNONYMS_FILE.read_text(encoding="utf-8"))


def compound_heads(term: str, heads: tuple[str, ...] | None = None) -> list[str]:
    """The listed last parts that the stem `term` ends with (after at least three letters)."""
    heads = lexicon().heads if heads is None else heads
    return [h for h in heads if term != h and term.endswith(h) and len(term) - len(h) >= MIN_HEAD_PREFIX]


def words(text: str) -> list[str]:
    """The words of a text as written (original spelling), in order."""
    return _WORD.findall(text or "")


def terms(text: str) -> list[str]:
    """Normalised index terms of a text: stems of all words except stop words, plus joined
    hyphenated compounds. Order kept, duplicates kept (term frequency matters for ranking)."""
    result = [stem(w) for w in words(text) if fold(w) not in STOPWORDS and len(w) > 1]
    for compound in _COMPOUND.findall(text or ""):
        result.append(stem(compound.replace("-", "")))
    result += [head for t in result for head in compound_heads(t)]
    return [t for t in result if t]


def document(text: str) -> str:
    """The normalised text stored in the search index."""
    return " ".join(terms(text))


@dataclass(frozen=True)
class QueryTerm:
    raw: str  # as typed, letters and digits only (for PostgreSQL's 'german' configuration)
    stem: str  # normalised (folded + stemmed), matched as a prefix
    synonyms: tuple[str, ...] = ()  # stems of the other words of its synonym group

    @property
    def stems(self) -> tuple[str, ...]:
        """Every stem that satisfies this query word (any of them, as a prefix)."""
        return (self.stem, *self.synonyms)


def parse_query(query: str, max_terms: int = 8) -> list[QueryTerm]:
    """The query's meaningful words (all must match), at most `max_terms`, without duplicates."""
    seen: set[str] = set()
    result = []
    for word in words(query):
        if fold(word) in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        s = stem(word)
        if s and s not in seen:
            seen.add(s)
            synonyms = tuple(g for g in lexicon().groups.get(s, ()) if g != s)
            result.append(QueryTerm(raw=word.lower(), stem=s, synonyms=synonyms))
        if len(result) >= max_terms:
            break
    return result


def highlight(text: str, query_terms: list[QueryTerm]) -> str:
    """HTML-escaped `text` with every word that the query matches wrapped in <mark>."""
    if not text:
        return ""
    stems = [s for t in query_terms for s in t.stems]
    if not stems:
        return escape(text)
    out, last = [], 0
    for m in _WORD.finditer(text):
        if any(stem(m.group()).startswith(s) for s in stems):
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, query_terms: list[QueryTerm], width: int = 240) -> str:
    """A highlighted excerpt of about `width` characters around the first match (HTML)."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return highlight(text, query_terms)
    start = 0
    stems = [s for t in query_terms for s in t.stems]
    for m in _WORD.finditer(text):
        if any(stem(m.group()).startswith(s) for s in stems):
            start = max(0, m.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = text[start:end]
    return ("… " if start else "") + highlight(excerpt, query_terms) + (" …" if end < len(text) else "")
