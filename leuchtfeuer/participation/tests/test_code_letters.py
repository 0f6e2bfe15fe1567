"""Letters with voting codes, built by a worker (issue 19): the order is checked at once, no code is
ever stored in clear (not in the task's source either), a failed PDF stores no code, the office of
the budget alone downloads the letters, for 24 hours."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core import generated
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tests.pdf import PDFTOTEXT, pdf_text
from leuchtfeuer.participation.budgets import letters
from leuchtfeuer.participation.budgets.services import code_hash
from leuchtfeuer.participation.models import VotingCode

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def order_url(budget):
    return reverse("participation:manage-codes", args=[budget.project.municipality.slug, budget.project.slug])


def letters_url(budget, doc):
    return reverse(
        "participation:manage-code-letters",
        args=[budget.project.municipality.slug, budget.project.slug, doc.pk],
    )


@pytest.fixture
def office(client, staff_client, coordinator):
    return staff_client(coordinator)


def test_letters_hold_the_stored_codes_and_the_task_source_none(office, make_budget):
    budget = make_budget()
    response = office.post(order_url(budget), {"count": 4, "batch": "Schulen Mai"})
    doc = GeneratedDocument.objects.get(kind=letters.KIND)
    assert response["Location"] == letters_url(budget, doc)
    assert doc.status == GeneratedDocument.Status.READY and doc.payload == {}  # source gone once built
    assert doc.title == "Briefe mit 4 Abstimmungscodes (Stapel Schulen Mai)"
    pdf = office.get(letters_url(budget, doc))
    assert pdf.status_code == 200 and pdf["Cache-Control"] == "private, no-store"
    assert (
        pdf["Content-Disposition"]
        == f'attachment; filename="abstimmungscodes-{budget.project.slug}-schulen-mai.pdf"'
    )
    if PDFTOTEXT:
        text = pdf_text(pdf.content)
        # the code is printed spaced out (letter-spacing): one line each, spaces removed
        printed = [line for line in (re.sub(r"\s", "", raw) for raw in text.splitlines()) if CODE.match(line)]
        assert len(printed) == 4 and len(set(printed)) == 4
        stored = set(VotingCode.objects.filter(budget=budget).values_list("code_hash", flat=True))
        assert {code_hash(budget.pk, code) for code in printed} == stored
        # a Jugendbudget's letters speak to young people with "du", like the youth pages
        flat = " ".join(text.split())
        assert "Du entscheidest mit" in flat and "Mit diesem Code kannst du einmal abstimmen" in flat
        assert " Sie " not in flat and "Ihre " not in flat


def test_the_order_is_checked_at_once_in_german(office, make_budget):
    budget = make_budget()
    none = office.post(order_url(budget), {"count": 0, "batch": "A"}, follow=True).content.decode()
    assert "Bitte Anzahl (1 bis 20.000) und Bezeichnung angeben." in none
    accounts = make_budget(eligibility="accounts")
    refused = office.post(order_url(accounts), {"count": 5, "batch": "A"}, follow=True).content.decode()
    assert "Dieses Budget arbeitet mit geprüften Konten, nicht mit Codes." in refused
    assert not GeneratedDocument.objects.exists() and not VotingCode.objects.exists()


def test_a_failed_pdf_stores_no_code(make_budget, coordinator, monkeypatch):
    budget = make_budget()

    def broken(html):
        raise OSError("Schrift fehlt")

    monkeypatch.setattr(letters, "html_to_pdf", broken)
    payload = {
        "budget": budget.pk,
        "count": 3,
        "batch": "A",
        "actor": coordinator.pk,
        "vote_url": "https://x/",
    }
    with pytest.raises(OSError):
        letters.letters_build(payload)
    assert not VotingCode.objects.filter(budget=budget).exists()


def test_only_the_budgets_office_gets_the_letters(
    client, office, make_budget, role_user, other_municipality, user_factory
):
    budget = make_budget()
    office.post(order_url(budget), {"count": 1, "batch": "A"})
    doc = GeneratedDocument.objects.get(kind=letters.KIND)
    other = make_budget()  # the same office, another project: the letters are not found there
    assert office.get(letters_url(other, doc)).status_code == 404
    client.logout()
    assert client.get(letters_url(budget, doc)).status_code == 302  # to the login
    client.force_login(user_factory())
    assert client.get(letters_url(budget, doc)).status_code == 403
    client.force_login(role_user(Role.KOORDINATION, other_municipality))
    assert client.get(letters_url(budget, doc)).status_code in (302, 403)


def test_letters_are_gone_after_24_hours(office, make_budget, django_capture_on_commit_callbacks):
    budget = make_budget()
    office.post(order_url(budget), {"count": 2, "batch": "A"})
    doc = GeneratedDocument.objects.get(kind=letters.KIND)
    manage = reverse(
        "participation:manage-project", args=[budget.project.municipality.slug, budget.project.slug]
    )
    assert "herunterladen</a> (bis" in office.get(manage).content.decode()
    name = doc.file.name
    GeneratedDocument.objects.filter(pk=doc.pk).update(
        requested_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    gone = office.get(letters_url(budget, doc))
    assert gone.status_code == 410 and "nicht mehr verfügbar" in gone.content.decode()
    assert "gelöscht (nach 24 Stunden)" in office.get(manage).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert generated.documents_purge() == 1
    assert not GeneratedDocument.objects.exists() and not doc.file.storage.exists(name)
    assert VotingCode.objects.filter(budget=budget).count() == 2  # the codes stay valid
