"""The result page explains the counting method the budget was counted with, not always Equal Shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.participation import services
from leuchtfeuer.participation.models import Phase


def _published(make_budget, coordinator, staff_client, **rule):
    budget = make_budget(**rule)
    codes = services.codes_issue(actor=coordinator, budget=budget, count=2, batch="A")
    for code, title in zip(codes, ["Skaterampe", "Bücherschrank"], strict=True):
        services.ballot_cast(budget=budget, choices={budget.proposals.get(title=title).pk: 1}, code=code)
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    staff_client(coordinator)
    services.budget_count(actor=coordinator, budget=budget)
    services.budget_result_publish(actor=coordinator, budget=budget)
    project = budget.project
    return reverse("participation:result", args=[project.municipality.slug, project.slug])


@pytest.mark.parametrize(
    ("counting", "extra", "method", "detail"),
    [
        ("greedy", {}, "So funktioniert die Reihenfolge nach Stimmen", "kommt der nächste an die Reihe"),
        (
            "greedy-no-skip",
            {},
            "So funktioniert die Reihenfolge nach Stimmen",
            "Die Zählung endet beim ersten",
        ),
        (
            "greedy-threshold",
            {"min_votes": 2},
            "So funktioniert die Reihenfolge nach Stimmen",
            "weniger als 2 Stimmen",
        ),
        (
            "mes-complete",
            {},
            "So funktioniert die Methode der gleichen Anteile",
            "Anteile schrittweise erhöht",
        ),
    ],
)
def test_result_page_explains_the_method_used(
    client, make_budget, coordinator, staff_client, counting, extra, method, detail
):
    address = _published(make_budget, coordinator, staff_client, counting=counting, **extra)
    client.logout()
    page = client.get(address).content.decode()
    assert method in page and detail in page
    other = (
        "Methode der gleichen Anteile</h2>"
        if counting.startswith("greedy")
        else "Reihenfolge nach Stimmen</h2>"
    )
    assert other not in page
