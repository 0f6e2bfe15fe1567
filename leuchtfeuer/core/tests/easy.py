"""Checks for pages in Leichte Sprache, shared by the parts' tests (rules of the Netzwerk Leichte
Sprache that a program can check: short sentences, no abbreviations)."""

from __future__ import annotations

import re

MAX_WORDS = 15  # the Netzwerk's guide: short sentences, one statement each
ABBREVIATIONS = re.compile(r"\b(z\. ?B\.|d\. ?h\.|u\. ?a\.|bzw\.|ca\.|usw\.|ggf\.|evtl\.|Nr\.)|€")


def easy_text(html: str) -> str:
    """The visible text of the page's Leichte-Sprache block (<div class="easy">)."""
    block = html.split('<div class="easy"', 1)[1]
    block = block.split("</div>", 1)[0] if "<form" not in block.split("</div>", 1)[0] else block
    block = re.sub(r"<form\b.*?</form>", " ", block, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", block)


def long_sentences(html: str) -> list[str]:
    text = easy_text(html)
    sentences = [s.strip() for line in text.splitlines() for s in re.split(r"(?<=[.?!:])\s+", line)]
    return [s for s in sentences if len(s.split()) > MAX_WORDS]


def abbreviations(html: str) -> list[str]:
    return ABBREVIATIONS.findall(easy_text(html))
