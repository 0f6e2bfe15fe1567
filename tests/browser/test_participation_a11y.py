"""Accessibility of every participation page: axe-core (WCAG 2.1 A/AA) on each public and staff
page in the states residents and staff actually see (every phase, comments, errors, results), and a
Jugendbudget vote done with the keyboard alone.

Each test visits its pages and collects all violations before failing, so one run shows every
problem at once.
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts.tests.factories import UserFactory
from leuchtfeuer.participation import services
from leuchtfeuer.participation.ballots import ballot_contents
from leuchtfeuer.participation.models import Comment, Idea, Phase, Proposal
from leuchtfeuer.places.models import Ortsteil

from .test_participation_journey import make_budget, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POOL = "\n".join(
    ["Kennung;Alter;Geschlecht"]
    + [f"R{i:02d};{18 + (i * 7) % 60};{'w' if i % 2 else 'm'}" for i in range(24)]
)
QUOTAS = {
    "Alter": {"16-39": (2, 4), "40+": (2, 4)},
    "Geschlecht": {"w": (3, 3), "m": (3, 3)},
}


def check_all(page: Page, axe_check, addresses: list[tuple]) -> None:
    """Visit every (label, address[, expected status]), run axe on it; fail once with every
    violation found."""
    problems = []
    for label, address, *status in addresses:
        response = page.goto(address)
        assert response is not None and response.status == (status or [200])[0], f"{label}: {address}"
        try:
            axe_check(f"{label} ({address})")
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n\n".join(problems)


@pytest.fixture
def content(coordinator, municipality):
    """A project in every phase, an idea with comments, replies, a hidden comment and an answer,
    a Jugendbudget in voting and one with a published result, a youth parliament, a Bürgerrat drawn."""
    nord = Ortsteil.objects.create(municipality=municipality, name="Nordstadt")
    resident = UserFactory(name="Rita Rüstig")
    projects = {
        phase: make_project(coordinator, municipality, kind="dialog", running=phase, slug=f"dialog-{phase}")
        for phase in ("information", "ideas", "commenting", "voting", "results")
    }
    werkstatt = make_project(
        coordinator, municipality, kind="zukunftswerkstatt", running="ideas", slug="werkstatt"
    )
    project = projects["commenting"]
    idea = Idea.objects.create(
        project=project,
        author=resident,
        title="Trinkbrunnen am Markt",
        text="Frisches Wasser für alle.",
        handlungsfeld="generationen",
        ortsteil=nord,
    )
    services.idea_answer(actor=coordinator, idea=idea, status="wird_geprueft", answer="Wir prüfen das.")
    Idea.objects.create(project=project, author=resident, title="Bank am Spielplatz", text="Zum Ausruhen.")
    first = services.comment_add(actor=resident, idea=idea, text="Gute Idee!")
    services.comment_add(actor=coordinator, idea=idea, text="Danke!", parent=first)
    rude = services.comment_add(actor=resident, idea=idea, text="Unfreundlich")
    services.content_report(actor=coordinator, reason="beleidigend", comment=rude)
    services.content_moderate(actor=coordinator, comment=rude, idea=None, hide=True, reason="Beleidigung")
    Idea.objects.create(project=werkstatt, author=resident, title="Treffpunkt", text="…")

    # a budget whose result is published (made first: the helper always uses the slug "jugendbudget")
    counted = make_budget(coordinator, municipality)
    counted.project.slug = "jugendbudget-2025"
    counted.project.save(update_fields=["slug"])
    voting = make_budget(coordinator, municipality)
    codes = services.codes_issue(actor=coordinator, budget=counted, count=3, batch="A")
    ids = [p.pk for p in counted.proposals.order_by("number")]
    for code, chosen in zip(codes, [[ids[0]], [ids[0], ids[2]], [ids[1]]], strict=True):
        services.ballot_cast(budget=counted, choices=dict.fromkeys(chosen, 1), code=code)
    Phase.objects.filter(project=counted.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=counted.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=5)
    )
    services.budget_count(actor=coordinator, budget=counted)
    services.budget_result_publish(actor=coordinator, budget=counted)

    parliament = services.youth_parliament_create(
        actor=coordinator,
        municipality=municipality,
        name="Jugendparlament Test",
        slug="jp",
        summary="Wir reden mit.",
    )
    services.youth_member_add(
        actor=coordinator,
        parliament=parliament,
        display_name="Mia",
        role="Sprecherin",
        since=date(2026, 1, 1),
        consent_given=True,
    )
    services.youth_meeting_add(
        actor=coordinator,
        parliament=parliament,
        date=timezone.now() - timedelta(days=30),
        place="Rathaus",
        agenda="Bus",
        minutes="Beschlossen.",
    )
    motion = services.youth_motion_submit(
        actor=coordinator,
        parliament=parliament,
        title="Späterer Bus",
        text="Bitte.",
        submitted_on=date(2026, 2, 1),
    )
    services.motion_answer(actor=coordinator, motion=motion, answer="Der Rat stimmt zu.")

    assembly = services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Klima",
        slug="klima",
        summary="Sechs Menschen beraten.",
        panel_size=6,
    )
    services.assembly_set_quotas(actor=coordinator, assembly=assembly, quotas=QUOTAS)
    services.pool_import(actor=coordinator, assembly=assembly, text=POOL, consent_confirmed=True)
    services.assembly_draw(actor=coordinator, assembly=assembly, seed=4711)
    return {
        "projects": projects,
        "werkstatt": werkstatt,
        "idea": idea,
        "comment": first,
        "voting": voting,
        "counted": counted,
        "parliament": parliament,
        "assembly": assembly,
        "resident": resident,
    }


def test_public_pages(page: Page, log_in, municipality, content, axe_check):
    m = municipality.slug
    addresses = [("Projektliste", "/beteiligung/")]
    for phase, project in content["projects"].items():
        addresses.append((f"Projekt in Phase {phase}", f"/beteiligung/{m}/{project.slug}/"))
    idea, project = content["idea"], content["projects"]["commenting"]
    base = f"/beteiligung/{m}/{project.slug}/"
    addresses += [
        ("Werkstatt-Projekt", f"/beteiligung/{m}/werkstatt/"),
        ("Idee mit Kommentaren (anonym)", f"{base}ideen/{idea.pk}/"),
        ("Ideenformular zum Ausdrucken", f"{base}ideen/formular/"),
        ("Budget in Abstimmung", f"/beteiligung/{m}/jugendbudget/"),
        ("Abstimmen mit Code", f"/beteiligung/{m}/jugendbudget/abstimmen/"),
        ("Stimmzettel zum Ausdrucken", f"/beteiligung/{m}/jugendbudget/stimmzettel/"),
        ("Budget mit Ergebnis", f"/beteiligung/{m}/jugendbudget-2025/"),
        ("Ergebnis mit Begründungen", f"/beteiligung/{m}/jugendbudget-2025/ergebnis/"),
        ("Abstimmung vorbei", f"/beteiligung/{m}/jugendbudget-2025/abstimmen/"),
        ("Jugendparlament", f"/beteiligung/{m}/jugendparlament/jp/"),
        ("Bürgerrat öffentlich", f"/beteiligung/{m}/buergerrat/klima/"),
    ]
    check_all(page, axe_check, addresses)

    # vote page showing an error summary
    page.goto(f"/beteiligung/{m}/jugendbudget/abstimmen/")
    page.get_by_label("Dein Code aus dem Brief").fill("ABCD-EFGH-JKLM")
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe_check("Abstimmen mit Fehler")

    # logged in as a resident: idea page with comment form, idea and proposal forms, comment actions
    log_in(content["resident"])
    addresses = [
        ("Idee mit Kommentarformular", f"{base}ideen/{idea.pk}/"),
        ("Antworten auf Kommentar", f"{base}ideen/{idea.pk}/?antwort={content['comment'].pk}"),
        ("Kommentar-Aktionen", f"{base}ideen/{idea.pk}/kommentare/{content['comment'].pk}/"),
        ("Idee einreichen", f"/beteiligung/{m}/werkstatt/ideen/neu/"),
    ]
    check_all(page, axe_check, addresses)
    page.goto(f"/beteiligung/{m}/werkstatt/ideen/neu/")
    page.get_by_role("button", name="Idee einreichen").click()
    axe_check("Idee einreichen mit Fehlern")


def test_staff_pages(page: Page, log_in, coordinator, municipality, content, axe_check):
    m = municipality.slug
    idea, project = content["idea"], content["projects"]["commenting"]
    log_in(coordinator)
    addresses = [
        ("Beteiligung verwalten mit Moderationsliste", f"/kommunen/{m}/beteiligung/"),
        ("Projekt verwalten (Dialog)", f"/kommunen/{m}/beteiligung/projekte/{project.slug}/"),
        ("Projekt verwalten (Werkstatt)", f"/kommunen/{m}/beteiligung/projekte/werkstatt/"),
        ("Alle Ideen", f"/kommunen/{m}/beteiligung/projekte/{project.slug}/ideen/"),
        (
            "Alle Ideen gefiltert",
            f"/kommunen/{m}/beteiligung/projekte/{project.slug}/ideen/?status=wird_geprueft",
        ),
        (
            "Alle Ideen, falscher Filter",
            f"/kommunen/{m}/beteiligung/projekte/{project.slug}/ideen/?status=x",
            400,
        ),
        ("Budget verwalten (Abstimmung)", f"/kommunen/{m}/beteiligung/projekte/jugendbudget/"),
        ("Budget verwalten (ausgezählt)", f"/kommunen/{m}/beteiligung/projekte/jugendbudget-2025/"),
        ("Idee mit Antwort- und Moderationsformular", f"/beteiligung/{m}/{project.slug}/ideen/{idea.pk}/"),
        ("Bürgerrat verwalten (gelost)", f"/kommunen/{m}/beteiligung/buergerrat/klima/"),
    ]
    hidden = Comment.objects.get(text="Unfreundlich")
    addresses.append(
        (
            "Ausgeblendeter Kommentar",
            f"/beteiligung/{m}/{project.slug}/ideen/{idea.pk}/kommentare/{hidden.pk}/",
        )
    )
    check_all(page, axe_check, addresses)
    # from the staff idea list straight to the answer and the (folded) moderation form
    page.goto(f"/kommunen/{m}/beteiligung/projekte/{project.slug}/ideen/")
    page.get_by_role("link", name=re.compile(r"Moderieren\s*: Trinkbrunnen am Markt")).click()
    expect(page.get_by_label("Grund (die Verfasser:in sieht ihn)")).to_be_visible()
    page.goto(f"/kommunen/{m}/beteiligung/projekte/{project.slug}/ideen/")
    page.get_by_role("link", name=re.compile(r"Antwort ändern\s*: Trinkbrunnen am Markt")).click()
    expect(page.get_by_role("button", name="Antwort veröffentlichen")).to_be_in_viewport()
    # the code letters (PDF source), rendered as HTML in the browser
    budget = content["voting"]
    html = render_to_string(
        "participation/code_letters.html",
        {
            "project": budget.project,
            "budget": budget,
            "codes": ["ABCD-EFGH-JKLM"],
            "vote_url": "http://x/",
            "batch": "A",
        },
    )
    # a document of its own (no site CSP: WeasyPrint reads the letters' own <style> block)
    page.goto("data:text/html;base64," + base64.b64encode(html.encode()).decode())
    axe_check("Code-Briefe")


def test_staff_pages_before_draw(page: Page, log_in, coordinator, municipality, axe_check):
    """A fresh Bürgerrat (quotas proposed, no pool yet) and a budget project without a budget."""
    m = municipality.slug
    services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Neu",
        slug="frisch",
        summary="Noch offen.",
        panel_size=6,
    )
    make_project(coordinator, municipality, kind="budget", running="information", slug="ohne-budget")
    log_in(coordinator)
    check_all(
        page,
        axe_check,
        [
            ("Beteiligung verwalten (leer)", f"/kommunen/{m}/beteiligung/"),
            ("Bürgerrat vor der Losung", f"/kommunen/{m}/beteiligung/buergerrat/frisch/"),
            ("Budget-Projekt ohne Budget", f"/kommunen/{m}/beteiligung/projekte/ohne-budget/"),
        ],
    )


def test_dashboard_panel(page: Page, log_in, coordinator, municipality, content, axe_check):
    """The participation panel on the municipality's dashboard: running projects with their phase,
    the budget in voting with its ballots, the Bürgerrat with its state; links lead on."""
    m = municipality.slug
    voting = content["voting"]
    code = services.codes_issue(actor=coordinator, budget=voting, count=1, batch="Panel")[0]
    services.ballot_cast(budget=voting, choices={voting.proposals.order_by("number")[0].pk: 1}, code=code)
    log_in(coordinator)
    page.goto(f"/kommunen/{m}/")
    panel = page.get_by_role("region", name="Beteiligung", exact=True)
    expect(panel.get_by_role("heading", level=2, name="Beteiligung", exact=True)).to_be_visible()
    expect(panel).to_contain_text("2 Ideen ohne Antwort · 0 offene Meldungen · 0 offene Einsprüche")
    projects = panel.get_by_role("heading", level=3, name="Projekte")
    expect(projects).to_be_visible()
    # the newest running project comes first: the budget in voting, with end date and ballots so far
    ends = voting.project.phases.get(kind="voting").ends_at
    entry = panel.get_by_role("list").first.get_by_role("listitem").first
    expect(entry.get_by_role("link")).to_have_attribute(
        "href", f"/kommunen/{m}/beteiligung/projekte/{voting.project.slug}/"
    )
    expect(entry).to_contain_text(
        f"Phase: Abstimmung bis {timezone.localtime(ends):%d.%m.%Y} · 1 Stimmzettel abgegeben"
    )
    # the budget whose voting is over (no running phase) is not among the five shown
    expect(panel.get_by_role("link", name="Test jugendbudget")).to_have_count(1)
    werkstatt = panel.get_by_role("listitem").filter(has=page.get_by_role("link", name="Test werkstatt"))
    expect(werkstatt).to_contain_text("Zukunftswerkstatt")
    expect(werkstatt).to_contain_text("Phase: Ideen sammeln bis")
    expect(panel).to_contain_text("und 3 weitere Projekte")
    expect(panel.get_by_role("heading", level=3, name="Bürgerräte")).to_be_visible()
    council = panel.get_by_role("listitem").filter(has=page.get_by_role("link", name="Bürgerrat Klima"))
    expect(council).to_contain_text("(6 Plätze)")
    expect(council).to_contain_text("Gelost")
    axe_check("Kommune mit Beteiligungs-Panel")
    council.get_by_role("link", name="Bürgerrat Klima").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bürgerrat Klima")
    page.go_back()
    page.get_by_role("region", name="Beteiligung", exact=True).get_by_role(
        "link", name="Beteiligung verwalten"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beteiligung verwalten")


def test_buergerrat_after_replacement(page: Page, log_in, coordinator, municipality, content, axe_check):
    """A drawn member cancels; the coordinator draws a replacement in the browser. The management
    page then shows who cancelled, who moved up and the protocol entry; the public page tells the
    same without any Kennung; both pass axe."""
    m = municipality.slug
    assembly = content["assembly"]
    first = assembly.draws.get()
    dropped = sorted(first.selected)[0]
    log_in(coordinator)
    page.goto(f"/kommunen/{m}/beteiligung/buergerrat/klima/")
    replacement = page.get_by_role("group", name="Absagen: nachlosen")
    replacement.get_by_label(dropped, exact=True).check()
    replacement.get_by_label("Startwert (Seed)").fill("20261123")
    replacement.get_by_role("button", name="Nachlosen").click()

    draw = assembly.draws.get(is_replacement=True)
    assert draw.dropped == [dropped] and draw.seed == 20261123
    (moved_up,) = draw.selected
    assert moved_up not in first.selected
    expect(page.get_by_role("status")).to_contain_text(
        f"Abgesagt: {dropped}. Nachgerückt: {moved_up} (Seed 20261123)."
    )
    protocol = page.get_by_role("region", name="Losprotokoll")
    entry = protocol.get_by_role("list").filter(has_text="Nachgerückt:")
    expect(
        protocol.get_by_role("heading", level=3, name=re.compile(r"^Nachrücker-Losung am "))
    ).to_be_visible()
    expect(entry).to_contain_text(f"Abgesagt: {dropped}")
    expect(entry).to_contain_text(f"Nachgerückt: {moved_up}")
    expect(entry).to_contain_text("Seed 20261123,")  # no thousands separator in a seed
    expect(protocol.get_by_role("list").filter(has_text="Gelost:")).to_contain_text("Seed 4711,")
    # the current panel: still six, the replacement marked, the cancelled member listed apart
    expect(protocol.get_by_role("heading", name="Aktueller Bürgerrat (6)")).to_be_visible()
    table = protocol.get_by_role("table", name="Mitglieder nach Kennung und Merkmalen")
    expect(table.get_by_role("rowheader", name=dropped, exact=True)).to_have_count(0)
    expect(table.get_by_role("row").filter(has_text=moved_up)).to_contain_text(
        f"Nachrücker-Losung am {timezone.localtime(draw.drawn_at):%d.%m.%Y} (für {dropped})"
    )
    expect(protocol.get_by_role("heading", name="Abgesagt (1)")).to_be_visible()
    expect(protocol.get_by_role("listitem").filter(has_text=re.compile(f"^{dropped} "))).to_contain_text(
        "ersetzt in der Nachrücker-Losung am"
    )
    # who can still cancel: the new member, not the one who already did
    replacement = page.get_by_role("group", name="Absagen: nachlosen")
    expect(replacement.get_by_label(moved_up, exact=True)).to_be_visible()
    expect(replacement.get_by_label(dropped, exact=True)).to_have_count(0)
    # each person's selection probability, folded under each draw
    summary = protocol.get_by_text(re.compile(r"^Auswahlwahrscheinlichkeit jeder Person \(24 im Pool\)"))
    summary.click()
    share = f"{first.probabilities[dropped]:.4f}".replace(".", ",")
    row = protocol.get_by_role("row").filter(has=page.get_by_role("rowheader", name=dropped, exact=True))
    expect(row).to_have_text(re.compile(rf"{dropped}\s*{share}\s*ja"))
    # the replacement drew from the 18 never drawn
    expect(
        protocol.get_by_text("Auswahlwahrscheinlichkeit jeder Person (18 im Nachrücker-Pool)")
    ).to_be_visible()
    axe_check("Bürgerrat verwalten nach Nachrücker-Losung")

    page.goto(f"/beteiligung/{m}/buergerrat/klima/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=3, name=re.compile(r"^Nachrücker-Losung am "))).to_be_visible()
    expect(main).to_contain_text("1 Person hat abgesagt; 1 Person ist nachgerückt.")
    expect(main).to_contain_text("Startwert (Seed): 20261123 ·")
    expect(main).not_to_contain_text(dropped)  # no Kennung on the public page
    expect(main).not_to_contain_text(moved_up)
    axe_check("Bürgerrat öffentlich nach Nachrücker-Losung")


def test_vote_with_keyboard_only(page: Page, coordinator, municipality, axe_check):
    """Tab to the code field, type the code, tick two proposals with the space bar, submit with Enter."""
    budget = make_budget(coordinator, municipality)
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="Schule")[0]
    page.goto(f"/beteiligung/{municipality.slug}/jugendbudget/abstimmen/")
    code_field = page.get_by_label("Dein Code aus dem Brief")
    for _ in range(60):
        page.keyboard.press("Tab")
        if code_field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Das Codefeld ist mit der Tabulatortaste nicht erreichbar.")
    page.keyboard.type(code)
    wanted = {"1. Skaterampe", "3. Bücherschrank"}
    ticked = set()
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; return {type: el.type || '', "
            "label: el.labels && el.labels.length ? el.labels[0].innerText : el.innerText} }"
        )
        # the focus ring must be visible (outline or box-shadow) on every focused control
        visible_focus = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); "
            "return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"
        )
        assert visible_focus, f"Kein sichtbarer Fokus auf {focused}"
        if focused["type"] == "checkbox" and any(focused["label"].startswith(w) for w in wanted):
            page.keyboard.press("Space")
            ticked.add(focused["label"].split(" –")[0])
        if focused["type"] == "submit":
            break
    assert ticked == wanted
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke! Deine Stimme ist gezählt.")
    axe_check("Danke")
    [ballot] = ballot_contents(budget)  # sealed while the vote runs; opened here in memory
    assert sorted(Proposal.objects.get(pk=pk).title for pk, _ in ballot.choices) == [
        "Bücherschrank",
        "Skaterampe",
    ]


def other_budget(coordinator, municipality, *, slug: str, running: str, **rule):
    project = make_project(coordinator, municipality, kind="budget", running=running, slug=slug)
    budget = services.budget_create(
        actor=coordinator,
        project=project,
        kind="buerger",
        amount=10000,
        eligibility=rule.pop("eligibility", "codes"),
        eligibility_note="Alle ab 16 Jahren, die hier wohnen.",
        **rule,
    )
    for title, cost in (("Spielplatz", 4000), ("Sitzbänke", 1500)):
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


def test_other_ballots_and_forms(page: Page, log_in, coordinator, municipality, axe_check):
    """Points ballot (accounts), at-most-k ballot with an error, proposal form in the idea phase,
    management forms showing errors."""
    m = municipality.slug
    other_budget(
        coordinator,
        municipality,
        slug="punkte",
        running="voting",
        rule="cumulative",
        points_total=5,
        points_per_proposal=3,
        eligibility="accounts",
    )
    other_budget(
        coordinator, municipality, slug="k-stimmen", running="voting", rule="k_approval", max_choices=1
    )
    other_budget(coordinator, municipality, slug="vorschlaege", running="ideas", max_cost_per_proposal=4500)
    check_all(
        page,
        axe_check,
        [
            ("Punkte verteilen (nicht angemeldet)", f"/beteiligung/{m}/punkte/abstimmen/"),
            ("Stimmzettel Punkte", f"/beteiligung/{m}/punkte/stimmzettel/"),
            ("Höchstens k", f"/beteiligung/{m}/k-stimmen/abstimmen/"),
            ("Stimmzettel höchstens k", f"/beteiligung/{m}/k-stimmen/stimmzettel/"),
            ("Budget in der Vorschlagsphase", f"/beteiligung/{m}/vorschlaege/"),
        ],
    )
    page.goto(f"/beteiligung/{m}/k-stimmen/abstimmen/")
    page.get_by_label("1. Spielplatz").check()
    page.get_by_label("2. Sitzbänke").check()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe_check("Höchstens k mit Fehler")

    resident = UserFactory(name="Rita Rüstig")
    log_in(resident)
    check_all(
        page,
        axe_check,
        [
            ("Punkte verteilen (angemeldet)", f"/beteiligung/{m}/punkte/abstimmen/"),
            ("Vorschlag einreichen", f"/beteiligung/{m}/vorschlaege/vorschlaege/neu/"),
        ],
    )
    page.get_by_role("button", name=re.compile("einreichen", re.I)).click()
    axe_check("Vorschlag mit Fehlern")
    page.get_by_role("button", name="Abmelden").click()

    log_in(coordinator)
    page.goto(f"/kommunen/{m}/beteiligung/")
    page.get_by_role("button", name="Anlegen und Quoten vorschlagen").click()
    axe_check("Bürgerrat anlegen mit Fehlern")
    page.goto(f"/kommunen/{m}/beteiligung/projekte/punkte/")
    axe_check("Budget verwalten (Punkte)")


def test_axe_check_catches_a_violation_on_these_pages(page: Page, axe_check):
    """Guard against a silent harness: an unlabelled field added to a participation page fails."""
    page.goto("/beteiligung/")
    axe_check("Projektliste")
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('input'))")
    with pytest.raises(AssertionError, match="label"):
        axe_check("Projektliste mit unbeschriftetem Feld")
