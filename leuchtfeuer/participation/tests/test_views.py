"""Views: public pages work without JavaScript (plain forms), staff pages are guarded, query counts pinned."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.participation import services
from leuchtfeuer.participation.ballots import ballots_cast_count
from leuchtfeuer.participation.models import Comment, Idea, Phase

pytestmark = pytest.mark.django_db


def url(name, project, *args):
    return reverse(f"participation:{name}", args=[project.municipality.slug, project.slug, *args])


def test_public_pages_render(client, make_project, make_budget, resident):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Bank am Markt", text="Zum Ausruhen.")
    budget = make_budget()
    for address in (
        reverse("participation:project-list"),
        url("project-detail", project),
        url("idea-detail", project, idea.pk),
        url("idea-form-print", project),
        url("project-detail", budget.project),
        url("vote", budget.project),
        url("ballot-print", budget.project),
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Kurz erklärt" in response.content.decode(), address


def test_unpublished_project_is_hidden(client, make_project, coordinator):
    project = make_project()
    services.project_publish(actor=coordinator, project=project, published=False)
    assert client.get(url("project-detail", project)).status_code == 404


def test_vote_with_code_without_javascript(client, make_budget, coordinator):
    budget = make_budget()
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    band = budget.proposals.get(title="Bandraum")
    response = client.post(url("vote", budget.project), {"code": code, "vorschlag": [str(band.pk)]})
    assert response.status_code == 302 and response["Location"].endswith("/abstimmen/danke/")
    again = client.post(url("vote", budget.project), {"code": code, "vorschlag": [str(band.pk)]})
    assert again.status_code == 422 and "schon abgestimmt" in again.content.decode()
    assert ballots_cast_count(budget) == 1


def test_vote_errors_shown_in_german(client, make_budget, coordinator):
    budget = make_budget()
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    both = [str(p.pk) for p in budget.proposals.filter(title__in=["Skaterampe", "Bandraum"])]
    response = client.post(url("vote", budget.project), {"code": code, "vorschlag": both})
    assert response.status_code == 422
    assert "kostet zusammen 7.000 €" in response.content.decode()


def test_idea_create_and_answer_visible(client, make_project, resident, team):
    project = make_project(running="ideas")
    client.force_login(resident)
    response = client.post(url("idea-create", project), {"title": "Trinkbrunnen", "text": "Am Markt, bitte."})
    assert response.status_code == 302
    idea = Idea.objects.get(title="Trinkbrunnen")
    services.idea_answer(actor=team, idea=idea, status="wird_geprueft", answer="Wir fragen die Stadtwerke.")
    page = client.get(url("idea-detail", project, idea.pk)).content.decode()
    assert "Wir fragen die Stadtwerke." in page and "wird geprüft" in page


def test_hidden_idea_shows_reason_to_author_only(client, make_project, resident, team, user_factory):
    project = make_project()
    idea = Idea.objects.create(project=project, author=resident, title="Werbung", text="…")
    services.content_moderate(actor=team, idea=idea, hide=True, reason="Werbung für ein Geschäft")
    assert client.get(url("idea-detail", project, idea.pk)).status_code == 404
    client.force_login(resident)
    page = client.get(url("idea-detail", project, idea.pk)).content.decode()
    assert "Werbung für ein Geschäft" in page and "Einspruch" in page


def test_manage_pages_guarded(client, staff_client, make_project, role_user, municipality, user_factory):
    project = make_project()
    address = reverse("participation:manage-project", args=[municipality.slug, project.slug])
    client.force_login(user_factory())
    assert client.get(address).status_code == 403
    staff_client(role_user(Role.MENTORING, municipality))
    assert client.get(address).status_code == 403
    staff_client(role_user(Role.TEAM, municipality))
    assert client.get(address).status_code == 200


def test_count_and_publish_result_page(client, staff_client, make_budget, coordinator):
    budget = make_budget()
    codes = services.codes_issue(actor=coordinator, budget=budget, count=2, batch="A")
    for code, title in zip(codes, ["Skaterampe", "Bücherschrank"], strict=True):
        services.ballot_cast(budget=budget, choices={budget.proposals.get(title=title).pk: 1}, code=code)
    Phase.objects.filter(project=budget.project).exclude(kind="voting").delete()
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    pending = client.get(url("result", budget.project))
    assert pending.status_code == 200 and "Das Ergebnis steht noch nicht fest" in pending.content.decode()
    staff_client(coordinator)
    slug = budget.project.municipality.slug
    client.post(reverse("participation:manage-count", args=[slug, budget.project.slug]))
    client.post(reverse("participation:manage-publish-result", args=[slug, budget.project.slug]))
    client.logout()
    page = client.get(url("result", budget.project)).content.decode()
    assert "Ausgewählt (als 1.)" in page and "Zum Vergleich" in page


def test_code_letters_pdf(client, staff_client, make_budget, coordinator):
    """Ordered on the project page, built by the worker (here: at once), delivered on the letters' page."""
    budget = make_budget()
    staff_client(coordinator)
    response = client.post(
        reverse("participation:manage-codes", args=[budget.project.municipality.slug, budget.project.slug]),
        {"count": 3, "batch": "Schule"},
    )
    assert response.status_code == 302 and "/budget/codes/briefe/" in response["Location"]
    letters = client.get(response["Location"])
    assert letters.status_code == 200 and letters["Content-Type"] == "application/pdf"
    assert letters.content.startswith(b"%PDF") and budget.codes.count() == 3


def test_idea_page_with_many_comments_bounded_queries(
    client, make_project, resident, django_assert_max_num_queries
):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Viel Gesprächsstoff", text="…")
    top = Comment.objects.bulk_create(
        [Comment(idea=idea, author=resident, text=f"K {i}") for i in range(100)]
    )
    Comment.objects.bulk_create(
        [Comment(idea=idea, parent=top[i % 100], author=resident, text=f"A {i}") for i in range(200)]
    )
    client.force_login(resident)
    with django_assert_max_num_queries(20):
        response = client.get(url("idea-detail", project, idea.pk))
    assert response.content.decode().count('class="comment"') == 300


def test_reply_and_comment_actions_page(client, staff_client, make_project, resident, team, user_factory):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Bank", text="…")
    first = services.comment_add(actor=resident, idea=idea, text="Erster Kommentar")
    other = user_factory()
    client.force_login(other)
    page = client.get(url("idea-detail", project, idea.pk) + f"?antwort={first.pk}").content.decode()
    assert f'name="parent" value="{first.pk}"' in page and "Sie antworten auf den Kommentar" in page
    # "²" passed str.isdigit() and made the comment lookup a 500.
    assert client.get(url("idea-detail", project, idea.pk) + "?antwort=²").status_code == 200
    client.post(url("comment-create", project, idea.pk), {"text": "Eine Antwort", "parent": first.pk})
    reply = Comment.objects.get(text="Eine Antwort")
    assert reply.parent == first
    actions = client.get(url("comment-actions", project, idea.pk, first.pk)).content.decode()
    assert "Melden: Was ist das Problem?" in actions and "Moderationsgrund" not in actions
    staff_client(team)
    moderation = client.get(url("comment-actions", project, idea.pk, first.pk)).content.decode()
    assert "Moderationsgrund" in moderation
    client.post(
        reverse("participation:manage-moderate", args=[project.municipality.slug]),
        {"comment": first.pk, "hide": "1", "reason": "Beleidigung"},
    )
    client.force_login(resident)
    own = client.get(url("comment-actions", project, idea.pk, first.pk)).content.decode()
    assert "Grund: Beleidigung" in own and "Einspruch" in own


def test_api_projects_and_result(client, make_budget, make_project, coordinator):
    make_project()
    budget = make_budget()
    data = client.get("/api/v1/beteiligung/projekte").json()
    assert {p["slug"] for p in data} >= {budget.project.slug}
    slug = budget.project.municipality.slug
    assert (
        client.get(f"/api/v1/beteiligung/projekte/{slug}/{budget.project.slug}/ergebnis").status_code == 404
    )


def test_dashboard_panel(staff_client, coordinator, municipality, make_project):
    make_project(title="Zukunftswerkstatt Nord")
    page = staff_client(coordinator).get(f"/kommunen/{municipality.slug}/").content.decode()
    assert "Beteiligung verwalten" in page and "Zukunftswerkstatt Nord" in page


def test_dashboard_panel_shows_phases_and_buergerraete(
    rf, coordinator, team, role_user, municipality, make_project, make_budget, django_assert_max_num_queries
):
    from leuchtfeuer.participation.apps import participation_panel_context

    for i in range(6):
        make_project(title=f"Dialog {i}", running="commenting")
    budget = make_budget()
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    services.ballot_cast(budget=budget, choices={budget.proposals.order_by("number")[0].pk: 1}, code=code)
    Phase.objects.filter(project__title="Dialog 0").update(
        starts_at=timezone.now() + timedelta(days=400), ends_at=timezone.now() + timedelta(days=410)
    )
    assembly = services.assembly_create(
        actor=coordinator,
        municipality=municipality,
        title="Bürgerrat Klima",
        slug="klima",
        summary="…",
        panel_size=4,
    )
    request = rf.get("/")
    request.user = coordinator
    coordinator.has_perm("participation.manage_project", municipality)  # roles cached as on a real page
    with django_assert_max_num_queries(8):
        panel = participation_panel_context(request, municipality)
    rows = panel["projects"]
    assert len(rows) == 5 and panel["more_projects"] == 2
    assert rows[0]["budget"] == budget and rows[0]["phase"].kind == "voting"
    assert "Dialog 0" not in [row["project"].title for row in rows]  # nothing running: listed last
    assert [a.title for a in panel["assemblies"]] == ["Bürgerrat Klima"]
    assert panel["assemblies"][0].first_draws == 0
    request.user = team  # the team sees the Bürgerrat (view_assembly) as well
    assert participation_panel_context(request, municipality)["assemblies"] == [assembly]
    request.user = role_user(Role.BERATUNG, municipality)  # no participation work: no panel
    assert participation_panel_context(request, municipality) is None


def test_youth_parliament_management(client, staff_client, team, municipality, user_factory):
    from leuchtfeuer.participation.models import YouthMember, YouthMotion

    staff_client(team)
    base = f"/kommunen/{municipality.slug}/beteiligung/jugendparlament/"
    client.post(
        base + "neu/", {"jp-name": "Jugendparlament Test", "jp-slug": "jp", "jp-summary": "Wir reden mit."}
    )
    client.post(base + "jp/mitglied/", {"mitglied-display_name": "Mia", "mitglied-since": "2026-01-01"})
    assert not YouthMember.objects.exists()  # no consent → not published
    client.post(
        base + "jp/mitglied/",
        {"mitglied-display_name": "Mia", "mitglied-since": "2026-01-01", "mitglied-consent_given": "on"},
    )
    client.post(
        base + "jp/antrag/",
        {"antrag-title": "Späterer Bus", "antrag-text": "Bitte.", "antrag-submitted_on": "2026-02-01"},
    )
    motion = YouthMotion.objects.get()
    client.post(base + f"antraege/{motion.pk}/antwort/", {"answer": "Der Rat stimmt zu."})
    client.logout()
    page = client.get(f"/beteiligung/{municipality.slug}/jugendparlament/jp/").content.decode()
    assert "Mia" in page and "Der Rat stimmt zu." in page and "Kurz erklärt" in page
    client.force_login(user_factory())
    assert (
        client.post(
            base + "jp/antrag/",
            {"antrag-title": "x", "antrag-text": "y", "antrag-submitted_on": "2026-02-01"},
        ).status_code
        == 403
    )


def test_quota_proposal_uses_ortsteil_upload(municipality):
    from datetime import date

    from leuchtfeuer.participation.assembly.selectors import assembly_quota_proposal
    from leuchtfeuer.places.models import Ortsteil, OrtsteilAgeGroupCount, OrtsteilDataUpload

    upload = OrtsteilDataUpload.objects.create(
        municipality=municipality, filename="x.csv", reference_date=date(2025, 12, 31), rows_read=4
    )
    for name, adults, kids in (("Nord", 300, 80), ("Süd", 100, 40)):
        ortsteil = Ortsteil.objects.create(municipality=municipality, name=name)
        OrtsteilAgeGroupCount.objects.create(
            ortsteil=ortsteil,
            upload=upload,
            reference_date=date(2025, 12, 31),
            age_from=25,
            age_to=30,
            sex="m",
            count=adults,
        )
        OrtsteilAgeGroupCount.objects.create(
            ortsteil=ortsteil,
            upload=upload,
            reference_date=date(2025, 12, 31),
            age_from=6,
            age_to=10,
            sex="w",
            count=kids,
        )
    quotas, source, _ = assembly_quota_proposal(municipality, 20)
    # only people from 16 on count: Nord 300, Süd 100 → 75 % / 25 % of 20 seats = 15 / 5, ±1
    assert quotas["Ortsteil"] == {"Nord": [14, 16], "Süd": [4, 6]}
    assert "Ortsteil-Upload" in source


def test_resident_proposes_for_budget(client, make_budget, resident):
    budget = make_budget(running="ideas", max_cost_per_proposal=4500)
    client.force_login(resident)
    address = url("proposal-create", budget.project)
    too_much = client.post(address, {"title": "Halle", "description": "Groß", "cost": "5000"})
    assert too_much.status_code == 422 and "höchstens 4.500 €" in too_much.content.decode()
    response = client.post(
        address, {"title": "Tischtennisplatte", "description": "Am Jugendhaus", "cost": "1200"}
    )
    assert response.status_code == 302
    proposal = budget.proposals.get(title="Tischtennisplatte")
    assert proposal.submitted_by == resident and proposal.feasibility == "offen" and proposal.number == 4


def test_rules_shown_to_citizens_in_german_words(client, staff_client, make_budget, coordinator):
    budget = make_budget(rule="k_approval", max_choices=2)
    detail = client.get(url("project-detail", budget.project)).content.decode()
    assert "höchstens 2 Vorschlägen" in detail and " k " not in detail
    assert "add1" not in detail and "Vervollständigung" not in detail
    assert "Methode der gleichen Anteile (Equal Shares), Anteile danach schrittweise erhöht" in detail
    codes = services.codes_issue(actor=coordinator, budget=budget, count=2, batch="A")
    for code, title in zip(codes, ["Skaterampe", "Bücherschrank"], strict=True):
        services.ballot_cast(budget=budget, choices={budget.proposals.get(title=title).pk: 1}, code=code)
    Phase.objects.filter(project=budget.project, kind="voting").update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    staff_client(coordinator)
    services.budget_count(actor=coordinator, budget=budget)
    services.budget_result_publish(actor=coordinator, budget=budget)
    # a result counted with the old wording is shown with the new one too
    budget.refresh_from_db()
    budget.result["main"]["label"] = (
        "Methode der gleichen Anteile mit Vervollständigung (Equal Shares + add1)"
    )
    budget.result["main"]["summary"] = (
        "Gezählt mit: Methode der gleichen Anteile mit Vervollständigung (Equal Shares + add1). 2 Stimmzettel."
    )
    budget.save(update_fields=["result"])
    page = client.get(url("result", budget.project)).content.decode()
    assert "add1" not in page and "greedy" not in page
    assert (
        "Gezählt mit: Methode der gleichen Anteile (Equal Shares), Anteile danach schrittweise erhöht" in page
    )
    assert "Reihenfolge nach Stimmenzahl" in page


def test_result_address_before_publication_says_when_results_come(client, make_budget):
    budget = make_budget()
    voting = Phase.objects.get(project=budget.project, kind="voting")
    voting.ends_at = datetime(2027, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    voting.save()
    response = client.get(url("result", budget.project))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Abstimmung läuft bis zum 14.03.2027 18:00 Uhr" in page
    assert "veröffentlicht das Ergebnis" in page
    Phase.objects.filter(pk=voting.pk).update(ends_at=timezone.now() - timedelta(hours=1))
    after = client.get(url("result", budget.project))
    assert after.status_code == 200 and "zu Ende gegangen" in after.content.decode()


def test_vote_page_shows_budget_left(client, make_budget, coordinator):
    budget = make_budget()
    page = client.get(url("vote", budget.project)).content.decode()
    # live total while ticking (js/budget-total.js reads these; the CSP forbids inline script)
    assert "js/budget-total.js" in page and 'data-budget="6000.00"' in page and 'data-cost="4000.00"' in page
    assert 'id="budget-stand" aria-live="polite" hidden' in page
    # without JavaScript: after submitting, the sum against the budget stands under the choices
    code = services.codes_issue(actor=coordinator, budget=budget, count=1, batch="A")[0]
    both = [str(p.pk) for p in budget.proposals.filter(title__in=["Skaterampe", "Bandraum"])]
    response = client.post(url("vote", budget.project), {"code": code, "vorschlag": both})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ausgewählt: 7.000 € von 6.000 €. Das sind 1.000 € zu viel – bitte weniger auswählen." in page
    assert "kostet zusammen 7.000 €, das Budget ist aber nur 6.000 €" in page
    band = str(budget.proposals.get(title="Bandraum").pk)
    wrong_code = client.post(url("vote", budget.project), {"code": "FALSCH", "vorschlag": [band]})
    assert "Ausgewählt: 3.000 € von 6.000 €. Noch übrig: 3.000 €." in wrong_code.content.decode()


YOU_INFORMAL = re.compile(r"\b([Dd]u|[Dd]ein\w*|[Dd]ich|[Dd]ir)\b")
YOU_FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")


def _main_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def test_vote_page_speaks_one_voice(client, make_budget, coordinator):
    # Jugendbudget: "du" throughout (intro, code field, ballot, errors); adults: "Sie" throughout.
    budget = make_budget()
    youth = client.post(url("vote", budget.project), {"code": "FALSCH"}).content.decode()
    text = _main_text(youth)
    assert "Dein Code aus dem Brief" in text and "Deine Stimme wurde noch nicht gezählt" in text
    assert not YOU_FORMAL.search(text), " ".join(text[YOU_FORMAL.search(text).start() - 80 :][:300].split())
    type(budget).objects.filter(pk=budget.pk).update(kind="buerger")
    adults = _main_text(client.post(url("vote", budget.project), {"code": "FALSCH"}).content.decode())
    assert "Ihr Code aus dem Brief" in adults
    assert not YOU_INFORMAL.search(adults), YOU_INFORMAL.search(adults)
