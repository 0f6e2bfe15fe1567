"""Fixtures of the participation tests: a project in a given phase, a budget ready for voting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leuchtfeuer.accounts.models import Role


@pytest.fixture
def coordinator(role_user, municipality):
    return role_user(Role.KOORDINATION, municipality)


@pytest.fixture
def team(role_user, municipality):
    return role_user(Role.TEAM, municipality)


@pytest.fixture
def resident(user_factory):
    return user_factory()


@pytest.fixture
def make_project(coordinator, municipality):
    """make_project(running="ideas", kind="dialog") → a published project whose `running` phase is now."""
    from leuchtfeuer.participation import services

    counter = {"n": 0}

    def make(running: str = "ideas", kind: str = "dialog", **kwargs):
        counter["n"] += 1
        now = timezone.now()
        order = ["information", "ideas", "commenting", "voting", "results"]
        index = order.index(running)
        phases = []
        for i, key in enumerate(order):
            start = now + timedelta(days=10 * (i - index)) - timedelta(days=1)
            phases.append((key, start, start + timedelta(days=10)))
        return services.project_create(
            actor=coordinator,
            municipality=kwargs.pop("municipality", municipality),
            kind=kind,
            title=kwargs.pop("title", f"Projekt {counter['n']}"),
            slug=f"projekt-{counter['n']}",
            summary="Worum es geht, kurz erklärt.",
            phases=phases,
            is_published=True,
            **kwargs,
        )

    return make


@pytest.fixture
def make_budget(make_project, coordinator):
    """make_budget(rule=..., running="voting") → budget with three feasible proposals (A 4.000, B 3.000, C 2.000 €)."""
    from leuchtfeuer.participation import services

    def make(running: str = "voting", eligibility: str = "codes", **rule):
        project = make_project(running=running, kind="budget")
        budget = services.budget_create(
            actor=coordinator,
            project=project,
            kind="jugend",
            amount=rule.pop("amount", 6000),
            eligibility=eligibility,
            eligibility_note="Alle von 12 bis 21 Jahren, die hier wohnen.",
            min_age=12,
            max_age=21,
            **rule,
        )
        for title, cost in (("Skaterampe", 4000), ("Bandraum", 3000), ("Bücherschrank", 2000)):
            proposal = services.proposal_submit(
                actor=coordinator, budget=budget, title=title, description="…", cost=cost, by_office=True
            )
            services.proposal_check(
                actor=coordinator, proposal=proposal, feasible=True, reason="geprüft, machbar"
            )
        budget.refresh_from_db()
        return budget

    return make


@pytest.fixture
def staff_client(client):
    """Log a staff user in with TOTP set up (as after a real two-factor login)."""
    from leuchtfeuer.accounts import totp

    def login(user):
        totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, not to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
