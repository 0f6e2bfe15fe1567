"""Funding services as a town, a reviewer and the office use them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import selectors, services
from leuchtfeuer.funding.models import Application, BudgetLine, ExpenseClaim, Grant, ReviewerAssignment
from leuchtfeuer.funding.tests.conftest import complete, pdf
from leuchtfeuer.funding.tests.factories import CallFactory
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_datasheet_prefilled_from_kommunalprofil(official_data, call, coordinator_of):
    malchin = MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071092"), display_name="Malchin"
    )
    application = services.application_start(actor=coordinator_of(malchin), call=call, municipality=malchin)
    items = {i.profile_key: str(i.pk) for i in call.items.all() if i.profile_key}
    population = application.datasheet[items["population"]]
    # 7,231 inhabitants on 31.12.2023 (Gemeindeverzeichnis), as on the public profile.
    assert population["value"] == "7.231"
    assert population["prefilled"] is True
    assert "Kommunalprofil" in population["source"]
    projection = application.datasheet[items["projection"]]
    # From leuchtfeuer.projections: base year 2023 (the latest official total), figures for 2035 and 2045.
    assert projection["value"].startswith("2035: ") and "; 2045: " in projection["value"]
    assert "ggü. 2023" in projection["value"] and "Vorausberechnung, Basisjahr 2023" in projection["source"]


def test_projection_row_left_to_the_town_without_projection(call, municipality, coordinator_of):
    application = services.application_start(
        actor=coordinator_of(municipality), call=call, municipality=municipality
    )
    key = str(call.items.get(profile_key="projection").pk)
    assert application.datasheet[key]["value"] == "" and "selbst ein" in application.datasheet[key]["source"]


def test_late_submission_refused_with_server_time(call, municipality, coordinator_of):
    coordinator = coordinator_of(municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    late = call.deadline + timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=coordinator, application=application, now=late)
    message = " ".join(exc.value.messages)
    assert "Zu spät" in message and "Einreichungsfrist endete am" in message and "Serverzeit" in message
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT and application.submitted_at is None


def test_submission_just_before_deadline_and_confirmation(
    call, municipality, coordinator_of, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = coordinator_of(municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            actor=coordinator, application=application, now=call.deadline - timedelta(seconds=1)
        )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert len(mailoutbox) == 1 and "fristgerecht" in mailoutbox[0].body


def test_incomplete_application_lists_what_is_missing(call, municipality, coordinator_of):
    coordinator = coordinator_of(municipality)
    application = services.application_start(actor=coordinator, call=call, municipality=municipality)
    missing = selectors.application_missing(application)
    assert "Titel des Vorhabens fehlt." in missing
    assert any("Voraussetzung „Ratsbeschluss“" in m for m in missing)
    assert any("Leitfrage" in m for m in missing)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=coordinator, application=application)
    assert "noch nicht vollständig" in exc.value.messages[0]


def test_team_member_edits_but_only_coordinator_submits(call, municipality, role_user):
    team = role_user(Role.TEAM, municipality)
    application = services.application_start(actor=team, call=call, municipality=municipality)
    complete(application, team)
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=team, application=application)


def test_amount_over_maximum_refused(call, municipality, coordinator_of):
    coordinator = coordinator_of(municipality)
    application = services.application_start(actor=coordinator, call=call, municipality=municipality)
    with pytest.raises(ValidationError) as exc:
        services.application_update(
            actor=coordinator, application=application, data={"requested_amount": "80.000,01"}
        )
    assert "Höchstens 80.000,00 €" in str(exc.value)


def test_short_form_for_association(user_factory, official_data):
    call = CallFactory(
        short_form=True,
        applicant_types=["verein", "person"],
        budget=Decimal("10000"),
        max_request=Decimal("1500"),
    )
    citizen = user_factory()
    region = Region.objects.get(level="gemeinde", ags="16066063")
    application = services.application_start_short(
        actor=citizen, call=call, applicant_type="verein", applicant_name="Heimatverein", region=region,
        contact_email="verein@example.org", title="Erzählcafé", summary="Kurz", requested_amount="750",
    )  # fmt: skip
    assert selectors.application_missing(application) == []
    services.application_submit(actor=citizen, application=application)
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.application_start_short(
            actor=citizen, call=call, applicant_type="verein", applicant_name="X", region=region,
            contact_email="", title="Zu teuer", summary="", requested_amount="1.500,01",
        )  # fmt: skip


# ---------------------------------------------------------------------------- claims


def test_building_measure_claim_refused_with_the_rule(grant):
    line = grant.budget_lines.get(category=BudgetLine.Category.MATERIAL, year=grant.call.first_year)
    with pytest.raises(ValidationError) as exc:
        services.claim_submit(
            actor=grant.coordinator, line=line, amount="2000", cost_type=ExpenseClaim.CostType.CONSTRUCTION,
            description="Umbau des Jugendraums", spent_on=timezone.localdate().replace(year=line.year, month=1, day=15),
            receipt=pdf(),
        )  # fmt: skip
    text = " ".join(exc.value.messages)
    assert "„Bau und Investitionsvorhaben sind nicht förderfähig.“" in text
    assert "Zukunftswerkstatt Kommunen" in text
    assert not ExpenseClaim.objects.exists()


def test_staff_already_publicly_funded_refused_with_the_rule(grant):
    line = grant.budget_lines.get(category=BudgetLine.Category.CONSULTING, year=grant.call.first_year)
    with pytest.raises(ValidationError) as exc:
        services.claim_submit(
            actor=grant.coordinator, line=line, amount="500", cost_type=ExpenseClaim.CostType.STAFF,
            description="Stelle Demografiebeauftragte", spent_on=timezone.localdate().replace(year=line.year, month=1, day=15),
            receipt=pdf(), staff_publicly_funded=True,
        )  # fmt: skip
    assert "aus dem öffentlichen Haushalt gedeckt sind" in " ".join(exc.value.messages)


def _claim(grant, amount, category=BudgetLine.Category.CONSULTING, receipt=None):
    line = grant.budget_lines.get(category=category, year=grant.call.first_year)
    cost = (
        ExpenseClaim.CostType.CONSULTING
        if category == BudgetLine.Category.CONSULTING
        else ExpenseClaim.CostType.EVENT
    )
    return services.claim_submit(
        actor=grant.coordinator, line=line, amount=amount, cost_type=cost, description="Moderation Zukunftswerkstatt",
        spent_on=timezone.localdate().replace(year=line.year, month=1, day=15), receipt=receipt or pdf(),
    )  # fmt: skip


def test_claims_within_remaining_budget_and_approval(grant, office):
    claim = _claim(grant, "29.000,00")
    with pytest.raises(ValidationError) as exc:
        _claim(grant, "1.000,01")
    assert "nur noch 1.000,00 € frei" in " ".join(exc.value.messages)
    services.claim_decide(actor=office, claim=claim, approve=True)
    status = {
        s.line.category: s for s in selectors.budget_status(grant) if s.line.year == grant.call.first_year
    }
    assert status["beratung"].approved == Decimal("29000.00")
    assert status["beratung"].remaining == Decimal("1000.00")
    with pytest.raises(PermissionDenied):
        services.claim_decide(actor=grant.coordinator, claim=_claim(grant, "10"), approve=True)


def test_rejection_needs_a_reason_and_frees_the_money(grant, office):
    claim = _claim(grant, "30000")
    with pytest.raises(ValidationError):
        services.claim_decide(actor=office, claim=claim, approve=False)
    services.claim_decide(actor=office, claim=claim, approve=False, note="Beleg unleserlich")
    assert _claim(grant, "30000").amount == Decimal("30000")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("beleg.exe", b"MZ...", "nur PDF, PNG oder JPEG"),
        ("beleg.pdf", b"MZ\x90\x00 not a pdf", "keine gültige PDF-Datei"),
        ("beleg.png", b"", "leer"),
    ],
)
def test_receipt_type_and_content_checked(grant, name, content, message):
    with pytest.raises(ValidationError) as exc:
        _claim(grant, "100", receipt=SimpleUploadedFile(name, content))
    assert message in " ".join(exc.value.messages)


def test_receipt_size_limit(grant):
    big = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        _claim(grant, "100", receipt=big)
    assert "höchstens 5 MB" in " ".join(exc.value.messages)


def test_year_end_lapses_the_rest_and_blocks_new_claims(grant, office):
    services.claim_decide(actor=office, claim=_claim(grant, "1000"), approve=True)
    services.budget_year_close(actor=office, grant=grant, year=grant.call.first_year)
    line = grant.budget_lines.get(category=BudgetLine.Category.CONSULTING, year=grant.call.first_year)
    assert line.lapsed == Decimal("29000.00")
    with pytest.raises(ValidationError) as exc:
        _claim(grant, "10")
    assert "abgeschlossen" in " ".join(exc.value.messages)


def test_year_end_carries_over_when_the_call_allows(grant, office):
    grant.call.carry_over = True
    grant.call.save()
    services.claim_decide(actor=office, claim=_claim(grant, "1000"), approve=True)
    services.budget_year_close(actor=office, grant=grant, year=grant.call.first_year)
    nxt = grant.budget_lines.get(category=BudgetLine.Category.CONSULTING, year=grant.call.first_year + 1)
    assert nxt.amount == Decimal("59000.00") and nxt.carried_over == Decimal("29000.00")


def test_budget_line_capped_by_call(grant, office):
    with pytest.raises(ValidationError) as exc:
        services.budget_line_set(
            actor=office, grant=grant, year=grant.call.first_year, category="sachmittel", amount="10000,01"
        )
    assert "höchstens 10.000,00 € je Jahr" in " ".join(exc.value.messages)


# ---------------------------------------------------------------------------- review and selection


def _submitted(call, municipality, coordinator):
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    return services.application_submit(actor=coordinator, application=application)


def test_reviewer_from_the_same_kreis_cannot_review(call, role_user, user_factory, office):
    kreis_a = RegionFactory(ags="99001001", kreis_code="99001")
    applicant = MunicipalityFactory(region=kreis_a)
    neighbour = MunicipalityFactory(region=RegionFactory(ags="99001002", kreis_code="99001"))
    far_away = MunicipalityFactory(region=RegionFactory(ags="99002001", kreis_code="99002"))
    application = _submitted(call, applicant, role_user(Role.KOORDINATION, applicant))
    biased = role_user(Role.TEAM, neighbour)
    fair = role_user(Role.KOORDINATION, far_away)
    for reviewer in (biased, fair):
        services.reviewer_assign(actor=office, call=call, email=reviewer.email)
    criteria = list(call.criteria.all())
    scores = {c.pk: (4, "gut") for c in criteria}
    with pytest.raises(PermissionDenied) as exc:
        services.review_save(actor=biased, application=application, scores=scores)
    assert "im selben Kreis" in str(exc.value)
    assert not biased.has_perm("funding.view_application", application)
    services.review_save(actor=fair, application=application, scores=scores)
    with pytest.raises(ValidationError):
        services.review_save(
            actor=fair, application=application, scores={criteria[0].pk: (6, ""), criteria[1].pk: (1, "")}
        )


def test_declared_conflict_removes_review(call, municipality, coordinator_of, user_factory, office):
    application = _submitted(call, municipality, coordinator_of(municipality))
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    services.review_save(
        actor=reviewer, application=application, scores={c.pk: (3, "") for c in call.criteria.all()}
    )
    services.conflict_declare(actor=reviewer, application=application, reason="Mitglied im Förderverein")
    assert not application.reviews.exists()
    with pytest.raises(PermissionDenied):
        services.review_save(
            actor=reviewer, application=application, scores={c.pk: (3, "") for c in call.criteria.all()}
        )


def test_scores_spread_and_weighted_total(call, municipality, coordinator_of, user_factory):
    application = _submitted(call, municipality, coordinator_of(municipality))
    c1, c2 = call.criteria.all()
    for points in ((5, 1), (3, 3)):
        reviewer = user_factory()
        ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
        services.review_save(
            actor=reviewer, application=application, scores={c1.pk: (points[0], ""), c2.pk: (points[1], "")}
        )
    (row,) = selectors.score_table(call)
    # Weights 3 and 1, max 5 points: mean points 4 and 2 → 100 × (3·4/5 + 1·2/5) / 4 = 70.
    assert row.total == pytest.approx(70.0)
    # Reviewer totals 100·(3·5/5+1·1/5)/4 = 80 and 100·(3·3/5+1·3/5)/4 = 60 → spread 20.
    assert row.spread == pytest.approx(20.0)
    assert row.per_criterion[0]["spread"] == 2


def test_selection_run_and_finalise_creates_grants_with_capped_lines(
    call, coordinator_of, user_factory, office
):
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    towns = [
        MunicipalityFactory(region=RegionFactory(ags=f"9900{i}001", kreis_code=f"9900{i}")) for i in range(3)
    ]
    for points, town in zip((5, 4, 1), towns, strict=True):
        application = _submitted(call, town, coordinator_of(town))
        services.review_save(
            actor=reviewer, application=application, scores={c.pk: (points, "") for c in call.criteria.all()}
        )
        services.application_check_prerequisites(
            actor=office,
            application=application,
            checks={str(i.pk): {"met": True} for i in call.items.filter(kind="voraussetzung")},
        )
    call.budget = Decimal("160000")
    call.save()
    run = services.selection_run(actor=office, call=call)
    assert run.feasible and len(run.result["selected"]) == 2
    assert Decimal(run.result["total_cost"]) == Decimal("160000.00")
    grants = services.selection_finalise(actor=office, run=run)
    assert {g.municipality for g in grants} == set(towns[:2])
    lines = list(grants[0].budget_lines.order_by("year", "category"))
    year = call.first_year
    assert [(line.year, line.category, line.amount) for line in lines] == [
        (year, "beratung", Decimal("30000.00")), (year, "sachmittel", Decimal("10000.00")),
        (year + 1, "beratung", Decimal("30000.00")), (year + 1, "sachmittel", Decimal("10000.00")),
    ]  # fmt: skip
    assert Application.objects.get(municipality=towns[2]).status == Application.Status.NOT_SELECTED
    with pytest.raises(ValidationError):
        services.selection_run(actor=office, call=call)


def test_failed_prerequisite_excludes_from_selection(
    call, municipality, coordinator_of, user_factory, office
):
    application = _submitted(call, municipality, coordinator_of(municipality))
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    services.review_save(
        actor=reviewer, application=application, scores={c.pk: (5, "") for c in call.criteria.all()}
    )
    item = call.items.get(kind="voraussetzung")
    with pytest.raises(ValidationError):
        services.application_check_prerequisites(
            actor=office, application=application, checks={str(item.pk): {"met": False}}
        )
    services.application_check_prerequisites(
        actor=office, application=application, checks={str(item.pk): {"met": False, "note": "kein Beschluss"}}
    )
    data = services.selection_compute(call)
    assert data["selected"] == []
    assert any("Voraussetzung nicht erfüllt" in n for n in data["notes"])


def test_unconfigured_call_cannot_be_created_without_types(office):
    with pytest.raises(ValidationError):
        services.call_save(
            actor=office,
            data={
                "title": "X",
                "budget": "1000",
                "deadline": timezone.now(),
                "applicant_types": [],
                "first_year": 2026,
                "last_year": 2026,
            },
        )
    call = services.call_save(
        actor=office,
        data={"title": "Neuer Aufruf", "budget": "10.000,00", "deadline": timezone.now(), "applicant_types": ["kommune"],
              "first_year": 2026, "last_year": 2027, "land_groups": "Ost: 12, 13\nWest: 05", "min_per_land_group": 1,
              "status": "entwurf", "report_due_month": 1, "report_due_day": 31},
    )  # fmt: skip
    assert call.budget == Decimal("10000.00") and call.land_groups == {"Ost": ["12", "13"], "West": ["05"]}
    with pytest.raises(ValidationError) as exc:
        services.parse_land_groups("Ost 12")
    assert "Zeile 1" in exc.value.messages[0]


def test_reports_due_late_and_reminders(grant, mailoutbox, django_capture_on_commit_callbacks):
    year = grant.call.first_year
    due = selectors.report_due_date(grant.call, year)
    rows = selectors.report_rows(today=due + timedelta(days=1), year=year)
    assert [(r.state, r.due) for r in rows] == [("überfällig", due)]
    assert selectors.report_rows(today=due, year=year)[0].state == "offen"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_reminders_send(today=due - timedelta(days=3)) == 1
        assert services.report_reminders_send(today=due - timedelta(days=2)) == 0  # only once
    assert mailoutbox[0].to == [grant.coordinator.email]
    assert Grant.objects.count() == 1


def test_report_status_read_from_the_werkstatt(grant, mailoutbox, django_capture_on_commit_callbacks):
    from datetime import date, datetime

    from leuchtfeuer.werkstatt.models import Process, Report

    year = grant.call.first_year
    process = Process.objects.create(municipality=grant.municipality, started_on=date(year, 1, 1))
    Report.objects.create(process=process, year=year, due=date(year + 1, 2, 28))
    row = selectors.report_rows(today=date(year + 1, 3, 1), year=year)[0]
    assert (row.due, row.state, row.tracked_by_werkstatt) == (date(year + 1, 2, 28), "überfällig", True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_reminders_send(today=date(year + 1, 3, 1)) == 0  # the Werkstatt reminds
    Report.objects.filter(process=process).update(
        submitted_at=timezone.make_aware(datetime(year + 1, 3, 2, 10, 0)), status="eingereicht"
    )
    assert selectors.report_rows(today=date(year + 1, 3, 5), year=year)[0].state == "verspätet eingereicht"


def test_attachments_checked_and_only_editable_in_drafts(call, municipality, coordinator_of, client):
    coordinator = coordinator_of(municipality)
    application = services.application_start(actor=coordinator, call=call, municipality=municipality)
    item = call.items.get(kind="anlage")
    attachment = services.attachment_add(
        actor=coordinator, application=application, item=item, upload=pdf("beschluss.pdf")
    )
    assert attachment.original_name == "beschluss.pdf" and attachment.file.name.endswith(".pdf")
    assert "beschluss" not in attachment.file.name  # stored under a random name
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=coordinator,
            application=application,
            item=item,
            upload=SimpleUploadedFile("x.jpg", b"%PDF-1.4"),
        )
    application = complete(application, coordinator)
    services.application_submit(actor=coordinator, application=application)
    with pytest.raises(ValidationError, match="bereits eingereicht"):
        services.attachment_add(actor=coordinator, application=application, item=item, upload=pdf())


def test_funding_remind_command(grant, mailoutbox):
    from django.core.management import call_command

    out = __import__("io").StringIO()
    call_command("funding-remind", stdout=out)
    assert "Erinnerung(en) verschickt" in out.getvalue()
