""" "Mein Bereich" shows a person her ideas and *that* she voted – never what she chose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leuchtfeuer.participation import services

pytestmark = pytest.mark.django_db


def test_mein_bereich_shows_ideas_and_budgets_voted_in_without_choices(
    client, make_project, make_budget, coordinator, resident
):
    project = make_project(running="ideas", title="Marktplatz neu denken")
    services.idea_submit(actor=resident, project=project, title="Bänke unter Bäumen", text="Mehr Schatten.")
    budget = make_budget(eligibility="accounts")
    services.voter_verify(actor=coordinator, budget=budget, user=resident, note="Ausweis gesehen")
    skate = budget.proposals.get(title="Skaterampe")
    services.ballot_cast(budget=budget, choices={skate.pk: 1}, user=resident)
    other = make_budget(eligibility="accounts")  # not voted in

    client.force_login(resident)
    html = client.get(reverse("home:dashboard")).content.decode()
    assert "Bänke unter Bäumen" in html and "Marktplatz neu denken" in html and "Stand: eingereicht" in html
    assert "Meine Abstimmungen" in html and budget.project.title in html
    assert other.project.title not in html
    # The choice is nowhere: none of the proposal titles appear.
    for title in ("Skaterampe", "Bandraum", "Bücherschrank"):
        assert title not in html


def test_person_without_participation_sees_no_section(client, resident):
    client.force_login(resident)
    html = client.get(reverse("home:dashboard")).content.decode()
    assert "Meine Ideen" not in html and "Meine Abstimmungen" not in html
