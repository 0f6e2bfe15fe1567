"""One voice: "Sie" everywhere, "du" only on pages made for young people (Jugendbudget, youth
parliament) – and consistently there. Scans the text a reader sees in every template.

A page shared by young people and adults (the vote page serves Bürger- and Jugendbudget) is split by
its `{% if budget.kind == "jugend" %} … {% else %} … {% endif %}` branches: the youth branch is
checked for "Sie", the other for "du". Rendered pages are checked too, in the parts' own tests
(participation/tests/test_views.py::test_vote_page_speaks_one_voice).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]  # the leuchtfeuer package

# Pages made for young people: "du" throughout.
YOUTH_TEMPLATES = {"participation/youth_parliament.html"}
# Conditions whose true branch is the youth version of a shared page.
YOUTH_CONDITIONS = {'budget.kind == "jugend"', "is_youth", "youth"}

INFORMAL = re.compile(
    r"\b(du|dein|deine|deinen|deinem|deiner|deines|dich|dir|euch|euer|eure|euren|eurem|eurer)\b"
    r"|\bihr\s+(habt|könnt|seid|wollt|müsst|dürft|findet|bekommt|wisst)\b",
    re.IGNORECASE,
)
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b")

# (template, the exact words found, why they are not an address). Keep it short and explicit.
ALLOW: set[tuple[str, str, str]] = {
    # e.g. ("participation/youth_parliament.html", "Sie", "'Sie' = the members (they), not the reader"),
}
_ALLOWED = {(name, word) for name, word, _reason in ALLOW}


def _visible(text: str) -> str:
    """What a reader sees of a piece of template text: no tags, but alt/title/placeholder/aria-label."""
    attrs = " ".join(m.group(2) for m in re.finditer(r'\b(aria-label|title|alt|placeholder)="([^"]*)"', text))
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    return f"{text} {attrs}"


def _texts_by_voice(source: str, default: str) -> list[tuple[str, str]]:
    """[(voice, text)] of the template's text tokens; voice 'youth' or 'adult' by branch."""
    stack: list[str | None] = []  # per open {% if %}: 'youth'/'adult' for youth conditions, else None
    result = []
    in_comment = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split(None, 1)
            tag, rest = bits[0], (bits[1] if len(bits) > 1 else "")
            if tag == "comment":
                in_comment = True
            elif tag == "endcomment":
                in_comment = False
            elif tag == "if":
                stack.append("youth" if rest.strip() in YOUTH_CONDITIONS else None)
            elif tag in ("else", "elif") and stack and stack[-1] is not None:
                stack[-1] = "adult"
            elif tag == "endif" and stack:
                stack.pop()
        elif token.token_type == TokenType.TEXT and not in_comment:
            voice = next((v for v in reversed(stack) if v is not None), default)
            result.append((voice, _visible(token.contents)))
    return result


def _name(path: Path) -> str:
    return str(path).split("/templates/", 1)[1]


def find_wrong_address() -> list[str]:
    problems = []
    for path in sorted(ROOT.glob("**/templates/**/*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        name = _name(path)
        default = "youth" if name in YOUTH_TEMPLATES else "adult"
        for voice, text in _texts_by_voice(path.read_text(encoding="utf-8"), default):
            pattern = FORMAL if voice == "youth" else INFORMAL
            for match in pattern.finditer(text):
                if (name, match.group(0)) in _ALLOWED:
                    continue
                context = " ".join(text[max(0, match.start() - 50) : match.end() + 30].split())
                problems.append(f"{name} ({voice}): „{match.group(0)}“ in „{context}“")
    return problems


def test_every_template_speaks_the_voice_of_its_readers():
    problems = find_wrong_address()
    assert not problems, "Falsche Anrede:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Kreuzen Sie an.", []),
        ("Kreuze an, was du gut findest.", [("adult", "du")]),
        ('{% if budget.kind == "jugend" %}Dein Code{% else %}Ihr Code{% endif %}', []),
        (
            '{% if budget.kind == "jugend" %}Ihr Code{% else %}Dein Code{% endif %}',
            [("youth", "Ihr"), ("adult", "Dein")],
        ),
        ("{% if x %}{% if is_youth %}du{% endif %}{% endif %} dich", [("adult", "dich")]),
        ('<input placeholder="Deine E-Mail">', [("adult", "Deine")]),
        ("{# du #}{% comment %}dein{% endcomment %}<!-- dich -->", []),
        ("Die Dirigentin, das Duett", []),
    ],
)
def test_scanner(source, expected):
    found = []
    for voice, text in _texts_by_voice(source, "adult"):
        pattern = FORMAL if voice == "youth" else INFORMAL
        found += [(voice, m.group(0)) for m in pattern.finditer(text)]
    assert found == expected
