"""The start page has a version in Leichte Sprache, linked both ways (issue 16)."""

from __future__ import annotations

import pytest

from leuchtfeuer.core.tests.easy import abbreviations, long_sentences

pytestmark = pytest.mark.django_db


def test_start_page_links_to_leichte_sprache_and_back(client):
    home = client.get("/").content.decode()
    assert 'href="?sprache=leicht"' in home and "Leichte Sprache" in home
    easy = client.get("/", {"sprache": "leicht"}).content.decode()
    assert "Leuchtfeuer in Leichter Sprache" in easy
    assert 'href="/">Zurück zur Seite in Alltags-Sprache' in easy
    assert not long_sentences(easy), long_sentences(easy)
    assert not abbreviations(easy)
