"""The portal start page and the Erhebungsbogen in Leichte Sprache, linked both ways; the form of the
Leichte-Sprache page is the real one (same view)."""

from __future__ import annotations

import pytest

from leuchtfeuer.core.tests.easy import abbreviations, long_sentences
from leuchtfeuer.portal.models import Inquiry

pytestmark = pytest.mark.django_db


def test_portal_start_page_in_leichte_sprache(client, portal):
    url = f"/ankommen/{portal.municipality.slug}/"
    page = client.get(url).content.decode()
    assert 'href="?sprache=leicht"' in page
    easy = client.get(url, {"sprache": "leicht"}).content.decode()
    assert "Informationen in Leichter Sprache" in easy and "Lotsin oder Lotse" in easy
    assert f'href="{url}?lang=de">Zurück zur Seite in Alltags-Sprache' in easy
    assert f"/ankommen/{portal.municipality.slug}/erhebungsbogen/?sprache=leicht" in easy
    assert not long_sentences(easy), long_sentences(easy)
    assert not abbreviations(easy), abbreviations(easy)


def test_erhebungsbogen_in_leichte_sprache_sends_the_real_form(client, portal):
    url = f"/ankommen/{portal.municipality.slug}/erhebungsbogen/"
    assert 'href="?sprache=leicht"' in client.get(url).content.decode()
    easy = client.get(url, {"sprache": "leicht"}).content.decode()
    assert "Erhebungs-Bogen in Leichter Sprache" in easy and 'name="life_phase"' in easy
    assert not long_sentences(easy), long_sentences(easy)
    assert not abbreviations(easy), abbreviations(easy)
    # A form with errors stays in Leichte Sprache and saves nothing.
    response = client.post(url + "?sprache=leicht", {"name": "Mia"})
    assert response.status_code == 422
    assert "Erhebungs-Bogen in Leichter Sprache" in response.content.decode()
    assert not Inquiry.objects.exists()
