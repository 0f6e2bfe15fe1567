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
   finds "Rückkehrkampagne". (A head noun inside a compound — "Platz" in "Kitaplätze" — is not
   found; that would need a dictionary-based splitter.)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from html import escape

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


def words(text: str) -> list[str]:
    """The words of a text as written (original spelling), in order."""
    return _WORD.findall(text or "")


def terms(text: str) -> list[str]:
    """Normalised index terms of a text: stems of all words except stop words, plus joined
    hyphenated compounds. Order kept, duplicates kept (term frequency matters for ranking)."""
    result = [stem(w) for w in words(text) if fold(w) not in STOPWORDS and len(w) > 1]
    for compound in _COMPOUND.findall(text or ""):
        result.append(stem(compound.replace("-", "")))
    return [t for t in result if t]


def document(text: str) -> str:
    """The normalised text stored in the search index."""
    return " ".join(terms(text))


@dataclass(frozen=True)
class QueryTerm:
    raw: str  # as typed, letters and digits only (for PostgreSQL's 'german' configuration)
    stem: str  # normalised (folded + stemmed), matched as a prefix


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
            result.append(QueryTerm(raw=word.lower(), stem=s))
        if len(result) >= max_terms:
            break
    return result


def highlight(text: str, query_terms: list[QueryTerm]) -> str:
    """HTML-escaped `text` with every word that the query matches wrapped in <mark>."""
    if not text:
        return ""
    stems = [t.stem for t in query_terms]
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
    stems = [t.stem for t in query_terms]
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
