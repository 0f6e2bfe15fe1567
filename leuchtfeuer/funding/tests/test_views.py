"""Pages as people use them: who gets in, what they see, downloads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import Application, Call, ExpenseClaim, ReviewerAssignment
from leuchtfeuer.funding.tests.conftest import complete, pdf
from leuchtfeuer.funding.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def do(user):
        totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return do


def test_public_catalogue_and_call_for_anonymous(client, call):
    ProgrammeFactory(name="LEADER")
    assert "LEADER" in client.get("/foerderung/").content.decode()
    page = client.get(f"/foerderung/aufrufe/{call.slug}/").content.decode()
    assert "Ratsbeschluss" in page and "Beschluss des Gemeinderats" in page
    draft = CallFactory(status=Call.Status.DRAFT)
    assert client.get(f"/foerderung/aufrufe/{draft.slug}/").status_code == 404
    assert client.get("/geschaeftsstelle/foerderung/").status_code == 302  # to login


def test_coordinator_applies_through_the_pages(login, call, municipality, role_user):
    coordinator = role_user(Role.KOORDINATION, municipality)
    client = login(coordinator)
    response = client.post(f"/kommunen/{municipality.slug}/foerderung/aufrufe/{call.slug}/antrag/")
    application = Application.objects.get(municipality=municipality)
    url = f"/kommunen/{municipality.slug}/foerderung/antraege/{application.pk}/"
    assert response.url == url
    page = client.get(url).content.decode()
    assert "Was noch fehlt" in page and "Titel des Vorhabens fehlt." in page
    items = {i.kind: i for i in call.items.all()}
    data = {
        "title": "Werkstatt", "summary": "Konzept", "requested_amount": "40.000", "contact_email": "k@example.org",
        f"pre_{items['voraussetzung'].pk}": "on", f"pre_{items['voraussetzung'].pk}_evidence": "Beschluss 12/2025",
        f"q_{items['leitfrage'].pk}": "So.",
    }  # fmt: skip
    for item in call.items.filter(kind="datenblatt"):
        data[f"ds_{item.pk}"] = "1.000"
    response = client.post(url, {**data, "action": "submit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.requested_amount == Decimal("40000")
    pdf_response = client.get(f"/foerderung/antraege/{application.pk}/antrag.pdf")
    assert pdf_response["Content-Type"] == "application/pdf" and pdf_response.content[:4] == b"%PDF"


def test_late_submission_message_on_the_page(login, municipality, role_user):
    from datetime import timedelta

    from django.utils import timezone

    call = CallFactory(deadline=timezone.now() + timedelta(days=1))
    coordinator = role_user(Role.KOORDINATION, municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    response = login(coordinator).post(f"/foerderung/antraege/{application.pk}/einreichen/")
    assert response.status_code == 422
    assert "Zu spät: Die Einreichungsfrist endete am" in response.content.decode()


def test_other_town_and_citizen_are_refused(
    login, call, municipality, other_municipality, role_user, user_factory
):
    coordinator = role_user(Role.KOORDINATION, municipality)
    application = services.application_start(actor=coordinator, call=call, municipality=municipality)
    stranger = login(role_user(Role.KOORDINATION, other_municipality))
    assert (
        stranger.get(f"/kommunen/{municipality.slug}/foerderung/antraege/{application.pk}/").status_code
        == 403
    )
    assert stranger.get(f"/foerderung/antraege/{application.pk}/antrag.pdf").status_code == 403
    assert stranger.get("/geschaeftsstelle/foerderung/").status_code == 403


def test_citizen_short_form(client, user_factory, official_data):
    call = CallFactory(short_form=True, applicant_types=["verein", "person"], max_request=Decimal("1500"))
    citizen = user_factory()
    client.force_login(citizen)
    response = client.post(
        f"/foerderung/aufrufe/{call.slug}/kurzantrag/",
        {"applicant_type": "verein", "applicant_name": "Heimatverein", "place": "Schmalkalden", "contact_email": "v@example.org",
         "title": "Erzählcafé", "summary": "Wir laden ein.", "requested_amount": "750,00"},
    )  # fmt: skip
    application = Application.objects.get(call=call)
    assert response.url == f"/foerderung/antraege/{application.pk}/"
    assert application.region.ags == "16066063"
    client.post(f"/foerderung/antraege/{application.pk}/einreichen/")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    response = client.post(
        f"/foerderung/aufrufe/{call.slug}/kurzantrag/", {"applicant_type": "verein", "place": "Xyzzyqq"}
    )
    assert response.status_code == 422


def test_office_pages_and_bookkeeping_export(login, grant, user_factory):
    office = user_factory(is_programme_office=True)
    line = grant.budget_lines.get(category="beratung", year=grant.call.first_year)
    claim = services.claim_submit(
        actor=grant.coordinator, line=line, amount="1.234,50", cost_type=ExpenseClaim.CostType.CONSULTING,
        description="Moderation; Bürgerdialog", spent_on=line.claims.model._meta.get_field("spent_on").to_python(f"{line.year}-02-03"),
        receipt=pdf(),
    )  # fmt: skip
    client = login(office)
    for url in (
        "/geschaeftsstelle/foerderung/",
        f"/geschaeftsstelle/foerderung/aufrufe/{grant.call.slug}/",
        f"/geschaeftsstelle/foerderung/aufrufe/{grant.call.slug}/antraege/",
        f"/geschaeftsstelle/foerderung/aufrufe/{grant.call.slug}/auswahl/",
        f"/geschaeftsstelle/foerderung/antraege/{grant.application.pk}/",
        "/geschaeftsstelle/foerderung/berichte/",
        f"/foerderung/zuwendungen/{grant.pk}/",
        "/geschaeftsstelle/foerderung/programme/neu/",
        "/geschaeftsstelle/foerderung/aufrufe/neu/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get("/geschaeftsstelle/foerderung/zuwendungen/").content.decode()
    assert "Moderation; Bürgerdialog" in page
    client.post(
        "/geschaeftsstelle/foerderung/zuwendungen/", {"claim": claim.pk, "action": "approve", "note": ""}
    )
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    csv_text = client.get("/geschaeftsstelle/foerderung/mittelabrufe.csv").content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("Belegnummer;")
    assert '"Moderation; Bürgerdialog"' in row and ";1234,50;" in row and ";genehmigt;" in row
    wb = load_workbook(
        __import__("io").BytesIO(client.get("/geschaeftsstelle/foerderung/mittelabrufe.xlsx").content)
    )
    ws = wb.active
    assert ws["I2"].value == Decimal("1234.50") or ws["I2"].value == 1234.5
    receipt = client.get(f"/foerderung/belege/{claim.pk}/")
    assert b"".join(receipt.streaming_content)[:4] == b"%PDF"


def test_office_configures_a_call_without_code(login, user_factory):
    office = user_factory(is_programme_office=True)
    client = login(office)
    response = client.post(
        "/geschaeftsstelle/foerderung/aufrufe/neu/",
        {"title": "Mikro 2027", "status": "veroeffentlicht", "applicant_types": ["verein", "person"], "short_form": "on",
         "budget": "10.000,00", "max_request": "1.500", "deadline": "2027-03-31T23:59", "first_year": 2027, "last_year": 2027,
         "report_due_month": 1, "report_due_day": 31, "land_groups": "Nord: 16061, 16062\nSüd: 16066", "min_per_land_group": 1,
         "max_per_kreis": 2},
    )  # fmt: skip
    call = Call.objects.get(title="Mikro 2027")
    assert response.url == f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/"
    assert call.deadline.isoformat().startswith("2027-03-31T2")  # aware, Europe/Berlin 23:59 = 21:59 UTC
    client.post(
        f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/kriterien/",
        {"label": "Wirkung", "weight": "1,5", "max_points": 5},
    )
    client.post(
        f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/elemente/",
        {"kind": "voraussetzung", "label": "Gemeinnützigkeit", "help_text": "Freistellungsbescheid", "required": "on", "field_type": "text"},
    )  # fmt: skip
    bad = client.post(
        f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/elemente/",
        {"kind": "voraussetzung", "label": "Ohne Nachweis", "field_type": "text"},
    )
    assert bad.status_code == 422 and "welcher Nachweis" in bad.content.decode()
    reviewer = user_factory(email="gutachterin@example.org")
    client.post(f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/gutachter/", {"email": reviewer.email})
    assert call.criteria.get().weight == Decimal("1.50")
    assert call.items.get().help_text == "Freistellungsbescheid"
    assert ReviewerAssignment.objects.filter(call=call, reviewer=reviewer).exists()


def test_reviewer_pages(login, call, municipality, role_user, user_factory):
    coordinator = role_user(Role.KOORDINATION, municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    services.application_submit(actor=coordinator, application=application)
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
    client = login(reviewer)
    assert "jetzt bewerten" in client.get("/foerderung/begutachtung/").content.decode()
    c1, c2 = call.criteria.all()
    response = client.post(
        f"/foerderung/begutachtung/antraege/{application.pk}/",
        {f"points_{c1.pk}": "4", f"comment_{c1.pk}": "überzeugend", f"points_{c2.pk}": "2", "comment": "gut"},
    )
    assert response.status_code == 302
    assert application.reviews.get().scores.count() == 2
    neighbour = role_user(Role.KOORDINATION, municipality)
    ReviewerAssignment.objects.create(call=call, reviewer=neighbour)
    assert login(neighbour).get(f"/foerderung/begutachtung/antraege/{application.pk}/").status_code == 403


def test_office_score_table_query_count_is_bounded(
    login, call, coordinator_of, user_factory, django_assert_max_num_queries
):
    from leuchtfeuer.places.tests.factories import MunicipalityFactory

    office = user_factory(is_programme_office=True)
    client = login(office)
    reviewer = user_factory()
    ReviewerAssignment.objects.create(call=call, reviewer=reviewer)

    def add(n):
        for _ in range(n):
            town = MunicipalityFactory()
            coordinator = coordinator_of(town)
            application = complete(
                services.application_start(actor=coordinator, call=call, municipality=town), coordinator
            )
            application = services.application_submit(actor=coordinator, application=application)
            services.review_save(
                actor=reviewer, application=application, scores={c.pk: (3, "") for c in call.criteria.all()}
            )

    url = f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/antraege/"
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Punktzahl" in client.get(url).content.decode()


def test_office_edits_a_prerequisite(login, call, user_factory):
    item = call.items.get(kind="voraussetzung")
    client = login(user_factory(is_programme_office=True))
    url = f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/elemente/{item.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"label": "Ratsbeschluss", "help_text": "", "field_type": "text"})
    assert bad.status_code == 422 and "welcher Nachweis" in bad.content.decode()
    client.post(
        url,
        {
            "label": "Beschluss des Rates",
            "help_text": "Kopie des Beschlusses",
            "required": "on",
            "field_type": "text",
        },
    )
    item.refresh_from_db()
    assert (item.label, item.help_text, item.kind) == (
        "Beschluss des Rates",
        "Kopie des Beschlusses",
        "voraussetzung",
    )


def test_office_overview_counts_claims_in_correct_german(login, grant, user_factory):
    """Issue 16: "1 Mittelabruf wartet", "3 Mittelabrufe warten" (not "1 Mittelabruf warten")."""
    client = login(user_factory(is_programme_office=True))
    line = grant.budget_lines.get(category="beratung", year=grant.call.first_year)
    spent_on = line.claims.model._meta.get_field("spent_on").to_python(f"{line.year}-02-03")

    def submit():
        services.claim_submit(
            actor=grant.coordinator, line=line, amount="10,00", cost_type=ExpenseClaim.CostType.CONSULTING,
            description="Moderation", spent_on=spent_on, receipt=pdf(),
        )  # fmt: skip

    submit()
    page = client.get("/geschaeftsstelle/foerderung/").content.decode()
    assert "1 Mittelabruf wartet auf Ihre Entscheidung" in page
    submit()
    submit()
    page = client.get("/geschaeftsstelle/foerderung/").content.decode()
    assert "3 Mittelabrufe warten auf Ihre Entscheidung" in page


def test_selection_without_applications_offers_nothing_to_adopt(login, user_factory):
    """Issue 16: an open call with no applications says so; nothing to adopt, no rule "erfüllt"."""
    office = user_factory(is_programme_office=True)
    call = CallFactory(
        land_groups={"Nord": ["01"], "Ost": ["12"]}, min_per_land_group=1, min_per_size_class=1
    )
    client = login(office)
    url = f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/auswahl/"
    client.post(url, {"action": "run"})
    page = client.get(url).content.decode()
    assert "keine eingereichten Anträge" in page
    assert "als Förderentscheidung übernehmen" not in page and "Erfüllt alle Regeln" not in page
    run = call.selection_runs.get()
    with pytest.raises(ValidationError):
        services.selection_finalise(actor=office, run=run)


def test_decided_round_shows_its_decision(login, grant, user_factory):
    """Issue 16: a decided round (here without a selection run, like the demo) shows the funded
    application on /auswahl/, and the score table says "zur Förderung ausgewählt", not "offen"."""
    call = grant.call
    call.status = Call.Status.DECIDED
    call.save()
    client = login(user_factory(is_programme_office=True))
    page = client.get(f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/auswahl/").content.decode()
    assert "Förderentscheidung" in page and grant.application.applicant_name in page
    assert f"/foerderung/zuwendungen/{grant.pk}/" in page and "zur Förderung ausgewählt" in page
    table = client.get(f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/antraege/").content.decode()
    assert grant.application.applicant_name in table
    assert "zur Förderung ausgewählt" in table and "<td>offen</td>" not in table
