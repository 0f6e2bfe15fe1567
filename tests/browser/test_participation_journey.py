"""Participation journeys in a real browser (no JavaScript needed for any of them):

1. a resident proposes an idea and later sees the moderator's official answer;
2. a young person votes in a Jugendbudget with the code from her letter;
3. the office counts and publishes the result with a plain explanation per proposal.

The `page` fixture fails the test on any request to another host, any CSP violation and any
JavaScript error.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts.tests.factories import UserFactory
from leuchtfeuer.participation import services
from leuchtfeuer.participation.ballots import ballot_contents, ballots_cast_count
from leuchtfeuer.participation.models import Idea, Phase, Proposal, VoteMarker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_project(coordinator, municipality, *, kind: str, running: str, slug: str):
    now = timezone.now()
    order = ["information", "ideas", "commenting", "voting", "results"]
    index = order.index(running)
    phases = []
    for i, key in enumerate(order):
        start = now + timedelta(days=10 * (i - index)) - timedelta(days=1)
        phases.append((key, start, start + timedelta(days=10)))
    return services.project_create(
        actor=coordinator,
        municipality=municipality,
        kind=kind,
        title=f"Test {slug}",
        slug=slug,
        summary="Worum es geht, kurz erklärt.",
        phases=phases,
        is_published=True,
    )


def make_budget(coordinator, municipality, *, running: str = "voting"):
    project = make_project(coordinator, municipality, kind="budget", running=running, slug="jugendbudget")
    budget = services.budget_create(
        actor=coordinator,
        project=project,
        kind="jugend",
        amount=6000,
        eligibility="codes",
        eligibility_note="Alle von 12 bis 21 Jahren, die hier wohnen.",
        min_age=12,
        max_age=21,
    )
    for title, cost in (("Skaterampe", 4000), ("Bandraum", 3000), ("Bücherschrank", 2000)):
        proposal = services.proposal_submit(
            actor=coordinator,
            budget=budget,
            title=title,
            description=f"{title} für alle.",
            cost=cost,
            by_office=True,
        )
        services.proposal_check(actor=coordinator, proposal=proposal, feasible=True, reason="machbar")
    return budget


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()


def test_resident_proposes_idea_and_sees_the_answer(page: Page, log_in, coordinator, municipality, axe_check):
    project = make_project(
        coordinator, municipality, kind="zukunftswerkstatt", running="ideas", slug="werkstatt"
    )
    resident = UserFactory(name="Rita Rüstig")
    log_in(resident)
    page.goto(f"/beteiligung/{municipality.slug}/{project.slug}/")
    expect(page.get_by_role("heading", name="Kurz erklärt")).to_be_visible()
    axe_check("Projektseite")
    page.get_by_role("link", name="Idee einreichen").click()
    page.get_by_label("Titel Ihrer Idee").fill("Trinkbrunnen am Markt")
    page.get_by_label("Beschreibung").fill("Im Sommer wäre frisches Wasser am Markt gut für alle.")
    page.get_by_label("Handlungsfeld").select_option(label="Teilhabe aller Altersgruppen")
    axe_check("Ideenformular")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Idee ist eingereicht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trinkbrunnen am Markt")
    expect(page.get_by_text("Noch keine Antwort.")).to_be_visible()
    idea_url = page.url
    log_out(page)

    # the moderator answers on the idea's own page
    log_in(coordinator)
    page.goto(idea_url)
    page.get_by_label("Stand").select_option(label="wird geprüft")
    page.get_by_role("textbox", name="Antwort der Verwaltung").fill(
        "Wir fragen die Stadtwerke nach einem Anschluss."
    )
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.get_by_role("status")).to_contain_text("Antwort auf „Trinkbrunnen am Markt“ gespeichert")
    log_out(page)

    log_in(resident)
    page.goto(idea_url)
    answer = page.get_by_role("region", name="Antwort der Verwaltung")
    expect(answer).to_contain_text("wird geprüft")
    expect(answer).to_contain_text("Wir fragen die Stadtwerke nach einem Anschluss.")
    axe_check("Idee mit Antwort")
    assert Idea.objects.get().answered_by == coordinator


def test_young_person_votes_with_code(page: Page, coordinator, municipality, axe_check):
    budget = make_budget(coordinator, municipality)
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="Schule")[0]
    page.goto(f"/beteiligung/{municipality.slug}/jugendbudget/")
    page.get_by_role("link", name="Jetzt abstimmen").click()
    expect(page.get_by_role("heading", name="Kurz erklärt")).to_be_visible()
    axe_check("Abstimmung")
    # a typo first: a clear German message, nothing stored
    page.get_by_label("Dein Code aus dem Brief").fill("ABCD-EFGH-JKLM")
    page.get_by_label("3. Bücherschrank").check()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("alert")).to_contain_text("Diesen Code kennen wir nicht")
    assert ballots_cast_count(budget) == 0
    # the real code, lower case, too expensive a choice first
    page.get_by_label("Dein Code aus dem Brief").fill(code.lower())
    page.get_by_label("1. Skaterampe").check()
    page.get_by_label("2. Bandraum").check()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("alert")).to_contain_text("kostet zusammen 9.000 €")
    page.get_by_label("2. Bandraum").uncheck()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke! Deine Stimme ist gezählt.")
    axe_check("Danke")
    [ballot] = ballot_contents(budget)  # sealed while the vote runs; opened here in memory
    titles = sorted(Proposal.objects.get(pk=pk).title for pk, _ in ballot.choices)
    assert titles == ["Bücherschrank", "Skaterampe"]
    assert VoteMarker.objects.filter(code__isnull=False).count() == 1
    # the same code cannot vote twice
    page.goto(f"/beteiligung/{municipality.slug}/jugendbudget/abstimmen/")
    page.get_by_label("Dein Code aus dem Brief").fill(code)
    page.get_by_label("2. Bandraum").check()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("alert")).to_contain_text("schon abgestimmt")
    assert ballots_cast_count(budget) == 1


def test_office_publishes_result_with_explanation(page: Page, log_in, coordinator, municipality, axe_check):
    budget = make_budget(coordinator, municipality)
    codes = services.codes_issue(actor=coordinator, budget=budget, count=5, batch="A")
    ids = {p.title: p.pk for p in budget.proposals.all()}
    for code, titles in zip(
        codes,
        [
            ["Skaterampe"],
            ["Skaterampe", "Bücherschrank"],
            ["Bandraum"],
            ["Bandraum", "Bücherschrank"],
            ["Skaterampe"],
        ],
        strict=True,
    ):
        services.ballot_cast(budget=budget, choices={ids[t]: 1 for t in titles}, code=code)
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=5)
    )

    log_in(coordinator)
    page.goto(f"/kommunen/{municipality.slug}/beteiligung/")
    axe_check("Beteiligung verwalten")
    page.goto(f"/kommunen/{municipality.slug}/beteiligung/projekte/jugendbudget/")
    axe_check("Budget verwalten")
    page.get_by_role("button", name="Auszählen").click()
    expect(page.get_by_text("Vorschau – noch nicht veröffentlicht.")).to_be_visible()
    page.get_by_role("button", name="Ergebnis veröffentlichen").click()
    expect(page.get_by_role("status")).to_contain_text("Das Ergebnis ist veröffentlicht.")
    log_out(page)

    page.goto(f"/beteiligung/{municipality.slug}/jugendbudget/")
    page.get_by_role("link", name="Zum Ergebnis mit Begründungen").click()
    expect(page.get_by_role("heading", name="Kurz erklärt")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.first).to_contain_text("Ausgewählt (als 1.)")
    expect(table.first).to_contain_text("Nicht ausgewählt")
    expect(page.get_by_role("heading", name="Zum Vergleich: andere Zählweisen")).to_be_visible()
    axe_check("Ergebnis")


def test_office_draws_a_buergerrat(page: Page, log_in, coordinator, municipality, axe_check):
    """The office creates a Bürgerrat, edits the proposed quotas, uploads the pool and draws; the
    protocol names the algorithm actually used, the seed and the smallest probability."""
    log_in(coordinator)
    page.goto(f"/kommunen/{municipality.slug}/beteiligung/")
    page.get_by_label("Titel", exact=False).last.fill("Bürgerrat Klima")
    page.locator("#id_br-slug").fill("klima")
    page.locator("#id_br-summary").fill("Zwölf Menschen beraten über Klimaschutz.")
    page.get_by_label("Anzahl der Plätze").fill("6")
    page.get_by_role("button", name="Anlegen und Quoten vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bürgerrat Klima")
    page.get_by_label("Quoten (eine Zeile je Ausprägung: Merkmal;Ausprägung;Min;Max)").fill(
        "Merkmal;Ausprägung;Min;Max\nAlter;16-39;2;4\nAlter;40+;2;4\nGeschlecht;w;3;3\nGeschlecht;m;3;3\n"
    )
    page.get_by_role("button", name="Quoten speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Quoten gespeichert.")
    rows = ["Kennung;Alter;Geschlecht"] + [
        f"R{i:02d};{18 + (i * 7) % 60};{'w' if i % 2 else 'm'}" for i in range(24)
    ]
    page.get_by_label("Pool als CSV-Datei (UTF-8)").set_input_files(
        files=[{"name": "pool.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}]
    )
    page.get_by_label("Alle Personen im Pool haben schriftlich zugestimmt", exact=False).check()
    page.get_by_role("button", name="Einlesen").click()
    expect(page.get_by_role("status")).to_contain_text("Pool mit 24 Personen eingelesen.")
    axe_check("Bürgerrat verwalten")
    page.get_by_label("Startwert (Seed)").fill("4711")
    page.get_by_role("button", name="Jetzt losen").click()
    expect(page.get_by_role("status")).to_contain_text("Seed 4711")
    protocol = page.get_by_role("region", name="Losprotokoll")
    expect(protocol).to_contain_text("Verfahren: leximin")
    expect(protocol).to_contain_text("Kleinste Auswahlwahrscheinlichkeit")
