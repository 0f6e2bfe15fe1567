"""The Werkstatt pages as people use them: who gets in, what a form does, what a gate says."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.werkstatt import stages
from leuchtfeuer.werkstatt.kommunalprofil import services as kommunalprofil_services
from leuchtfeuer.werkstatt.models import Document, Measure, Process
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.tests import builders

pytestmark = pytest.mark.django_db

PAGES = [
    "werkstatt:process",
    "werkstatt:kickoff",
    "werkstatt:resilience",
    "werkstatt:kommunalprofil",
    "werkstatt:zukunftswerkstatt",
    "werkstatt:plan",
    "werkstatt:zwischenbilanz",
    "werkstatt:tasks",
    "werkstatt:workshop-create",
    "werkstatt:measure-create",
    "werkstatt:indicator-create",
]


def _full_process(coordinator, process):
    builders.complete_kickoff(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_kommunalprofil(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_zukunftswerkstatt(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    builders.complete_werkstattplan(coordinator, process)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING])
def test_every_page_renders_for_every_role(
    staff_client, role_user, municipality, coordinator, process, role, page
):
    _full_process(coordinator, process)
    user = coordinator if role == Role.KOORDINATION else role_user(role, municipality)
    response = staff_client(user).get(reverse(page, kwargs={"slug": municipality.slug}))
    assert response.status_code == 200, response.content.decode()[:500]


def test_programme_office_sees_all_processes(client, user_factory, process, municipality):
    office = user_factory(is_programme_office=True)
    from leuchtfeuer.accounts import totp

    totp.activate(office, totp.generate_totp_secret())
    client.force_login(office)
    html = client.get("/werkstatt/").content.decode()
    assert municipality.display_name in html
    assert client.get(f"/kommunen/{municipality.slug}/werkstatt/plan/").status_code == 200


def test_anonymous_is_sent_to_login_and_citizen_gets_403(client, user_factory, process, municipality):
    url = f"/kommunen/{municipality.slug}/werkstatt/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    client.force_login(user_factory())
    assert client.get(url).status_code == 403
    assert client.get(url + "kick-off/").status_code == 403
    assert client.get("/werkstatt/").status_code == 403


def test_coordinator_of_other_town_gets_403(
    staff_client, role_user, other_municipality, process, municipality
):
    c = staff_client(role_user(Role.KOORDINATION, other_municipality))
    assert c.get(f"/kommunen/{municipality.slug}/werkstatt/plan/").status_code == 403
    doc = process_services.document_upload(
        actor=process.created_by, process=process, kind="ratsbeschluss", title="", upload=builders.pdf()
    )
    assert c.get(f"/kommunen/{municipality.slug}/werkstatt/dokumente/{doc.pk}/").status_code == 403


def test_start_process_from_page(staff_client, coordinator, municipality):
    c = staff_client(coordinator)
    assert "Werkstatt-Prozess beginnen" in c.get(f"/kommunen/{municipality.slug}/werkstatt/").content.decode()
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/beginnen/",
        {"start-title": "Zukunftswerkstatt", "start-started_on": "2025-02-01"},
    )
    assert response.status_code == 302
    assert Process.objects.get(municipality=municipality).current_stage == "kickoff"


def test_closing_a_stage_without_deliverables_shows_what_is_missing(
    staff_client, coordinator, process, municipality
):
    c = staff_client(coordinator)
    response = c.post(f"/kommunen/{municipality.slug}/werkstatt/stufe/abschliessen/", {"stage": "kickoff"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Die Stufe „Kick-Off“ kann noch nicht abgeschlossen werden. Es fehlt:" in html
    assert "Der Ratsbeschluss oder das Unterstützungsschreiben ist noch nicht hochgeladen." in html
    process.refresh_from_db()
    assert process.current_stage == "kickoff"


def test_upload_through_page_and_download_with_permission(
    staff_client, coordinator, process, municipality, role_user
):
    c = staff_client(coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/dokumente/",
        {
            "dokument-kind": "ratsbeschluss",
            "dokument-title": "",
            "dokument-upload": builders.pdf("Beschluss.pdf"),
        },
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    mentor = role_user(Role.MENTORING, municipality)
    download = staff_client(mentor).get(f"/kommunen/{municipality.slug}/werkstatt/dokumente/{doc.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="Beschluss.pdf"')
    assert b"".join(download.streaming_content) == builders.PDF_BYTES


def test_wrong_upload_shows_german_error_in_form(staff_client, coordinator, process, municipality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = staff_client(coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/dokumente/",
        {"dokument-kind": "ratsbeschluss", "dokument-upload": SimpleUploadedFile("virus.pdf", b"MZ\x90")},
    )
    assert response.status_code == 422
    assert "„virus.pdf“ ist keine gültige PDF-Datei" in response.content.decode()
    assert not Document.objects.exists()


def test_mentor_sees_but_has_no_edit_forms(staff_client, role_user, municipality, process):
    c = staff_client(role_user(Role.MENTORING, municipality))
    html = c.get(f"/kommunen/{municipality.slug}/werkstatt/kick-off/").content.decode()
    assert "Ziele und Erwartungen speichern" not in html
    assert "Anmerkung speichern" in html
    assert (
        c.post(
            f"/kommunen/{municipality.slug}/werkstatt/kick-off/",
            {"kickoff-objectives": "x", "kickoff-expectations": "y"},
        ).status_code
        == 403
    )


def test_resilience_form_saves_and_shows_radar_with_table(staff_client, coordinator, process, municipality):
    c = staff_client(coordinator)
    data = {"rc-taken_on": "2025-03-01", "rc-note": ""}
    for dimension, key, _ in kommunalprofil_services.resilience_items():
        data[f"rc-{dimension}-{key}"] = "2" if key == "mobilitaet" else "4"
    assert c.post(f"/kommunen/{municipality.slug}/werkstatt/resilienz-check/", data).status_code == 302
    html = c.get(f"/kommunen/{municipality.slug}/werkstatt/resilienz-check/").content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "<caption>Einschätzungen (Daten des Diagramms)</caption>" in html
    assert "Schwache Punkte (1 oder 2): Mobilität" in html


def test_resilience_form_with_missing_score_answers_422(staff_client, coordinator, process, municipality):
    c = staff_client(coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/resilienz-check/", {"rc-taken_on": "2025-03-01"}
    )
    assert response.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()


def test_plan_page_shows_gantt_versions_and_diff(staff_client, coordinator, process, municipality):
    _full_process(coordinator, process)
    process_services.stage_close(
        actor=coordinator, process=process
    )  # Werkstattplan done → Zwischenbilanz open
    measure = Measure.objects.get()
    plan_services.measure_update(actor=coordinator, measure=measure, title="Rückkehrertag jährlich")
    c = staff_client(coordinator)
    html = c.get(f"/kommunen/{municipality.slug}/werkstatt/plan/").content.decode()
    assert 'aria-labelledby="gantt-t gantt-d"' in html
    assert "Der Plan wurde seitdem geändert" in html
    diff = c.get(f"/kommunen/{municipality.slug}/werkstatt/plan/versionen/1/?mit=aktuell").content.decode()
    assert "<del>Rückkehrertag</del> → <ins>Rückkehrertag jährlich</ins>" in diff


def test_plan_page_query_count_is_bounded(
    staff_client, coordinator, process, municipality, django_assert_max_num_queries
):
    _full_process(coordinator, process)
    field = process.handlungsfelder.get(key="wohnen")
    for i in range(6):
        m = plan_services.measure_create(
            actor=coordinator, process=process, handlungsfeld=field, title=f"M{i}"
        )
        plan_services.budget_line_add(actor=coordinator, measure=m, label="x", amount="10")
    c = staff_client(coordinator)
    c.get(f"/kommunen/{municipality.slug}/werkstatt/plan/")  # warm the profile cache
    with django_assert_max_num_queries(40):
        assert c.get(f"/kommunen/{municipality.slug}/werkstatt/plan/").status_code == 200


def test_dashboard_panel_shows_stage_and_tasks(staff_client, coordinator, process, municipality, monkeypatch):
    from leuchtfeuer.core import panels

    # Only this part's panel: other parts' panels are not this test's subject.
    monkeypatch.setattr(panels, "_PANELS", {"werkstatt": panels._PANELS["werkstatt"]})
    process_services.task_create(actor=coordinator, process=process, title="Saal buchen")
    html = staff_client(coordinator).get(f"/kommunen/{municipality.slug}/").content.decode()
    assert "Werkstatt-Prozess" in html and "Laufende Stufe: <strong>Kick-Off</strong>" in html
    assert "1 offene Aufgabe" in html


def test_rename_handlungsfeld_and_goal_in_plan_stage(staff_client, coordinator, process, municipality):
    _full_process(coordinator, process)
    c = staff_client(coordinator)
    field = process.handlungsfelder.get(key="rueckkehr")
    url = f"/kommunen/{municipality.slug}/werkstatt/handlungsfelder/{field.pk}/"
    assert c.get(url).status_code == 200
    response = c.post(url, {"feld-label": "Rückkehr und Heimat", "feld-description": "eigene Beschreibung"})
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.label, field.key) == ("Rückkehr und Heimat", "rueckkehr")  # the key stays for other parts
    goal = process.goals.get()
    response = c.post(f"/kommunen/{municipality.slug}/werkstatt/plan/ziele/{goal.pk}/", {"ziel-title": ""})
    assert response.status_code == 422


def test_reassigning_a_task_mails_the_new_person(
    staff_client, coordinator, process, municipality, role_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    task = process_services.task_create(actor=coordinator, process=process, title="Saal buchen")
    team = role_user(Role.TEAM, municipality, email="neu@example.org")
    c = staff_client(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            f"/kommunen/{municipality.slug}/werkstatt/aufgaben/{task.pk}/",
            {"aufgabe-title": "Saal buchen", "aufgabe-due_date": "2026-12-01", "aufgabe-assignee": team.pk},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    assert "http://testserver/kommunen/" in mail.outbox[0].body


def test_overview_query_count_is_bounded(
    staff_client, coordinator, process, municipality, django_assert_max_num_queries
):
    for i in range(5):
        process_services.task_create(actor=coordinator, process=process, title=f"Aufgabe {i}")
    c = staff_client(coordinator)
    with django_assert_max_num_queries(30):
        assert c.get(f"/kommunen/{municipality.slug}/werkstatt/").status_code == 200


def test_dashboard_panel_costs_few_queries(
    rf, coordinator, process, municipality, django_assert_max_num_queries
):
    from leuchtfeuer.werkstatt.apps import werkstatt_panel_context

    for i in range(5):
        process_services.task_create(actor=coordinator, process=process, title=f"Aufgabe {i}")
    request = rf.get("/")
    request.user = coordinator
    coordinator.has_perm("werkstatt.view_process", municipality)  # roles cached as on a real page
    with django_assert_max_num_queries(4):
        context = werkstatt_panel_context(request, municipality)
    assert context["open_count"] == 5


def test_coordinator_sets_stage_responsible_and_end(
    staff_client, coordinator, process, municipality, role_user
):
    team = role_user(Role.TEAM, municipality)
    c = staff_client(coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/stufe/angaben/",
        {"stufe-responsible": team.pk, "stufe-planned_end": "2026-04-30", "stufe-notes": ""},
    )
    assert response.status_code == 302
    stage = process.stages.get(kind="kickoff")
    assert (stage.responsible, str(stage.planned_end)) == (team, "2026-04-30")
    html = c.get(f"/kommunen/{municipality.slug}/werkstatt/").content.decode()
    assert "geplantes Ende 30.04.2026" in html


def test_progress_form_on_zwischenbilanz_page(staff_client, coordinator, process, municipality, role_user):
    _full_process(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    measure = Measure.objects.get()
    c = staff_client(role_user(Role.TEAM, municipality))
    page = c.get(f"/kommunen/{municipality.slug}/werkstatt/zwischenbilanz/").content.decode()
    assert f'name="stand-{measure.pk}-status"' in page
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/zwischenbilanz/massnahmen/{measure.pk}/",
        {
            f"stand-{measure.pk}-status": "laufend",
            f"stand-{measure.pk}-progress_note": "Erster Termin im Dezember",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#massnahme-{measure.pk}")
    measure.refresh_from_db()
    assert (measure.status, measure.progress_note) == ("laufend", "Erster Termin im Dezember")


def test_new_task_from_page(staff_client, coordinator, process, municipality):
    c = staff_client(coordinator)
    response = c.post(
        f"/kommunen/{municipality.slug}/werkstatt/aufgaben/",
        {
            "aufgabe-title": "Einladung verschicken",
            "aufgabe-due_date": "2026-12-01",
            "aufgabe-stage": "kickoff",
        },
    )
    assert response.status_code == 302
    task = process.tasks.get()
    assert (task.title, str(task.due_date), task.stage) == ("Einladung verschicken", "2026-12-01", "kickoff")
    assert (
        c.post(f"/kommunen/{municipality.slug}/werkstatt/aufgaben/", {"aufgabe-title": ""}).status_code == 422
    )


def test_years_print_without_thousands_separator(staff_client, coordinator, process, municipality):
    """Django's thousands separator must not turn a target year into "2.026" (issue 16)."""
    _full_process(coordinator, process)
    process_services.stage_close(actor=coordinator, process=process)
    indicator = process.indicators.get()
    c = staff_client(coordinator)
    for url in (
        f"/kommunen/{municipality.slug}/werkstatt/zwischenbilanz/",
        reverse("werkstatt:indicator-detail", args=[municipality.slug, indicator.pk]),
    ):
        page = c.get(url).content.decode()
        assert "2026" in page, url
        assert "2.026" not in page, url


def test_gate_messages_link_to_where_the_item_is_fixed(staff_client, coordinator, process, municipality):
    """Each missing item of a gate links to its page, on the close response and the overview (issue 16)."""
    c = staff_client(coordinator)
    kickoff = reverse("werkstatt:kickoff", args=[municipality.slug])
    response = c.post(f"/kommunen/{municipality.slug}/werkstatt/stufe/abschliessen/", {"stage": "kickoff"})
    assert response.status_code == 422
    for html in (
        response.content.decode(),
        c.get(f"/kommunen/{municipality.slug}/werkstatt/").content.decode(),
    ):
        assert (
            f'<a href="{kickoff}#dokumente">Der Ratsbeschluss oder das Unterstützungsschreiben '
            "ist noch nicht hochgeladen.</a>" in html
        )
        resilience = reverse("werkstatt:resilience", args=[municipality.slug])
        assert f'<a href="{resilience}#ausfuellen">Der Resilienz-Check ist noch nicht ausgefüllt.</a>' in html
    # every gate item of a later stage names a page that exists
    _full_process(coordinator, process)
    builders.complete_werkstattplan(coordinator, process, adopt=False)
    for stage in stages.STAGES:
        for gap in stage.missing(process):
            assert gap.href(municipality.slug).startswith(f"/kommunen/{municipality.slug}/werkstatt/")


def test_dashboard_panel_lists_past_dates_as_overdue_not_as_next(
    staff_client, coordinator, process, municipality, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from leuchtfeuer.core import panels

    monkeypatch.setattr(panels, "_PANELS", {"werkstatt": panels._PANELS["werkstatt"]})
    today = timezone.localdate()
    process_services.task_create(
        actor=coordinator, process=process, title="Saal buchen", due_date=today - timedelta(days=3)
    )
    process_services.task_create(
        actor=coordinator, process=process, title="Einladung drucken", due_date=today + timedelta(days=5)
    )
    html = staff_client(coordinator).get(f"/kommunen/{municipality.slug}/").content.decode()
    late, upcoming = html.split("Überfällig</h3>", 1)[1].split("Nächste Termine</h3>", 1)
    assert "Saal buchen" in late and "Einladung drucken" not in late
    assert "Einladung drucken" in upcoming and "Saal buchen" not in upcoming
