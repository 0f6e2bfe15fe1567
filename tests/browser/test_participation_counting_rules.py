"""Issue 20 in a real browser: the office picks "Reihenfolge nach Stimmen mit Mindeststimmenzahl",
counts, and the preview explains per proposal why one fell below the minimum. Screenshots of the
rule form and the result at 1280 and 390 px go to var/screenshots/ for a human look."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.participation import services
from leuchtfeuer.participation.models import Budget, Phase
from tests.browser.test_participation_journey import make_budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"counting-rules-{name}-{width}.png"), full_page=True)
        # no horizontal scrolling at phone width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_office_counts_with_minimum_votes(page: Page, log_in, coordinator, municipality, axe_check):
    budget = make_budget(coordinator, municipality, running="ideas")
    log_in(coordinator)
    page.goto(f"/kommunen/{municipality.slug}/beteiligung/projekte/jugendbudget/")
    page.get_by_label("Zählverfahren").select_option(label="Reihenfolge nach Stimmen mit Mindeststimmenzahl")
    page.get_by_label("Mindeststimmenzahl (nur bei „mit Mindeststimmenzahl“)").fill("2")
    _shoot(page, "form")
    page.get_by_role("button", name="Regel speichern").click()
    budget.refresh_from_db()
    assert (budget.counting, budget.min_votes) == ("greedy-threshold", 2)

    # the vote: Skaterampe 3, Bandraum 2, Bücherschrank 1 (below the minimum of 2)
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    ids = {p.title: p.pk for p in budget.proposals.all()}
    votes = [["Skaterampe"], ["Skaterampe", "Bücherschrank"], ["Bandraum"], ["Bandraum"], ["Skaterampe"]]
    codes = services.codes_issue(actor=coordinator, budget=budget, count=len(votes), batch="A")
    for code, titles in zip(codes, votes, strict=True):
        services.ballot_cast(
            budget=Budget.objects.get(pk=budget.pk), choices={ids[t]: 1 for t in titles}, code=code
        )
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=5)
    )

    page.goto(f"/kommunen/{municipality.slug}/beteiligung/projekte/jugendbudget/")
    page.get_by_role("button", name="Auszählen").click()
    expect(page.get_by_text("Vorschau – noch nicht veröffentlicht.")).to_be_visible()
    table = page.get_by_role("table").first
    expect(table).to_contain_text("Nicht gewählt: unter der Mindeststimmenzahl 2")
    expect(table).to_contain_text("Ausgewählt")
    axe_check("Ergebnis mit Mindeststimmenzahl")
    _shoot(page, "result")
