"""The vote page in Leichte Sprache: the same view and ballot, explained in Leichte Sprache; "du" on
the Jugendbudget, "Sie" on the Bürgerbudget."""

from __future__ import annotations

import re

import pytest

from leuchtfeuer.core.tests.easy import abbreviations, easy_text, long_sentences
from leuchtfeuer.participation.models import VoteMarker

pytestmark = pytest.mark.django_db


def _url(project):
    return f"/beteiligung/{project.municipality.slug}/{project.slug}/abstimmen/"


def test_vote_page_in_leichte_sprache_lets_a_person_vote(client, make_budget, coordinator):
    from leuchtfeuer.participation import services

    budget = make_budget()  # Jugendbudget, codes
    url = _url(budget.project)
    assert 'href="?sprache=leicht"' in client.get(url).content.decode()
    easy = client.get(url, {"sprache": "leicht"}).content.decode()
    assert "Abstimmen in Leichter Sprache" in easy
    assert f'href="{url}">Zurück zur Seite in Alltags-Sprache' in easy
    assert 'class="ballot"' in easy and "Skaterampe" in easy  # the real ballot below
    text = easy_text(easy)
    assert "Hier kannst du abstimmen" in text and not re.search(r"\b(Sie|Ihr|Ihre)\b", text)
    assert not long_sentences(easy), long_sentences(easy)
    assert not abbreviations(easy), abbreviations(easy)

    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    skate = budget.proposals.get(title="Skaterampe")
    response = client.post(url + "?sprache=leicht", {"code": code, "vorschlag": [skate.pk]})
    assert response.status_code == 302 and VoteMarker.objects.filter(budget=budget).count() == 1


def test_buergerbudget_in_leichte_sprache_says_sie(client, make_budget):
    budget = make_budget()
    type(budget).objects.filter(pk=budget.pk).update(kind="buerger")
    text = easy_text(client.get(_url(budget.project), {"sprache": "leicht"}).content.decode())
    assert "Hier können Sie abstimmen" in text and "Bürger-Budget" in text
    assert not re.search(r"\b(du|dein|deine|dich|dir)\b", text, re.IGNORECASE)
