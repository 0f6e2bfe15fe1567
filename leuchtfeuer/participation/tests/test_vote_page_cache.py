"""The vote page under load (issue 19): while a vote runs, its project, budget and proposals are read
once per process and a few seconds (pages.ballot_page_or_404, the "pages" cache), and the ballot
form's choices are rendered once. What decides whether a ballot counts is read from the database in
the ballot's own transaction — a copy made before the office closed the vote or unpublished the
project never lets a ballot through."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.participation import services
from leuchtfeuer.participation.ballots import ballots_cast_count
from leuchtfeuer.participation.models import Phase, Project, VoteMarker

pytestmark = pytest.mark.django_db


def vote_url(budget):
    return reverse("participation:vote", args=[budget.project.municipality.slug, budget.project.slug])


@pytest.fixture
def running_vote(client, make_budget, coordinator):
    """A budget whose vote runs and whose rule is locked (one ballot in), plus five unused codes."""
    budget = make_budget()
    codes = services.codes_issue(actor=coordinator, budget=budget, count=6, batch="A")
    band = budget.proposals.get(title="Bandraum")
    assert client.post(vote_url(budget), {"code": codes[0], "vorschlag": [band.pk]}).status_code == 302
    budget.refresh_from_db()
    assert budget.rule_locked
    return budget, codes[1:], band


def test_running_vote_page_reads_nothing_after_the_first_visit(
    client, running_vote, django_assert_num_queries
):
    budget, codes, band = running_vote
    first = client.get(vote_url(budget))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(vote_url(budget))
    html = again.content.decode()
    assert "Bandraum" in html and "Skaterampe" in html and "Bücherschrank" in html
    assert " checked" not in html  # the cached choices are those of an empty ballot
    # a ballot: the code's check (one statement with project and phase), the marker, the sealed
    # ballot — inside the test's transaction as savepoint and release
    with django_assert_num_queries(5):
        response = client.post(vote_url(budget), {"code": codes[0], "vorschlag": [band.pk]})
    assert response.status_code == 302
    assert ballots_cast_count(budget) == 2


def test_ballot_refused_when_the_vote_was_closed_after_the_page_was_cached(client, running_vote):
    """Another server process closes the vote (no signal reaches this process): the page's copy still
    says "voting", the ballot's transaction reads the stored phase and refuses; nothing is stored."""
    budget, codes, band = running_vote
    client.get(vote_url(budget))  # cached: voting runs
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(vote_url(budget), {"code": codes[0], "vorschlag": [band.pk]})
    assert response.status_code == 422
    assert "kann man gerade nicht abstimmen" in response.content.decode()
    assert ballots_cast_count(budget) == 1
    assert VoteMarker.objects.filter(budget=budget).count() == 1


def test_ballot_refused_when_the_project_was_unpublished_after_the_page_was_cached(client, running_vote):
    budget, codes, band = running_vote
    client.get(vote_url(budget))
    Project.objects.filter(pk=budget.project.pk).update(is_published=False)
    response = client.post(vote_url(budget), {"code": codes[0], "vorschlag": [band.pk]})
    assert response.status_code == 422
    assert ballots_cast_count(budget) == 1


def test_unknown_code_still_named_as_unknown(client, running_vote):
    budget, _, band = running_vote
    client.get(vote_url(budget))
    response = client.post(vote_url(budget), {"code": "AAAA-BBBB-CCCC", "vorschlag": [band.pk]})
    assert response.status_code == 422
    assert "Diesen Code kennen wir nicht" in response.content.decode()


def test_a_change_saved_in_this_process_shows_at_once(client, running_vote, coordinator):
    budget, _, _ = running_vote
    client.get(vote_url(budget))
    project = budget.project
    project.title = "Jugendbudget Neustadt 2027"
    project.save()
    assert "Jugendbudget Neustadt 2027" in client.get(vote_url(budget)).content.decode()
    voting = Phase.objects.get(project=project, kind="voting")
    services.phase_set(
        actor=coordinator,
        project=project,
        kind="voting",
        starts_at=voting.starts_at,
        ends_at=timezone.now() - timedelta(seconds=1),
    )
    assert "Gerade läuft keine Abstimmung" in client.get(vote_url(budget)).content.decode()


def test_refused_ballot_keeps_the_voters_choices_and_the_next_visitor_gets_an_empty_form(
    client, running_vote
):
    budget, codes, _ = running_vote
    client.get(vote_url(budget))
    two = [str(p.pk) for p in budget.proposals.filter(title__in=["Skaterampe", "Bandraum"])]
    refused = client.post(vote_url(budget), {"code": codes[0], "vorschlag": two}).content.decode()
    assert "kostet zusammen 7.000 €" in refused
    checked = set(re.findall(r'name="vorschlag" value="(\d+)"[^>]* checked', refused))
    assert checked == set(two)
    assert " checked" not in client.get(vote_url(budget)).content.decode()


def test_points_kept_after_a_refused_cumulative_ballot(client, make_budget, coordinator):
    budget = make_budget(rule="cumulative", points_total=5, points_per_proposal=3)
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    ramp, band, shelf = (budget.proposals.get(title=t) for t in ("Skaterampe", "Bandraum", "Bücherschrank"))
    form = {"code": code, f"punkte_{ramp.pk}": "3", f"punkte_{band.pk}": "3", f"punkte_{shelf.pk}": ""}
    response = client.post(vote_url(budget), form)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'name="punkte_{ramp.pk}" min="0" max="3" value="3"' in html
    assert f'name="punkte_{shelf.pk}" min="0" max="3" value="0"' in html
