from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import Application, BudgetLine, CallItem, Grant
from leuchtfeuer.funding.tests.factories import CallFactory, configure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "beleg.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def office(user_factory):
    return user_factory(is_programme_office=True, email="gs@example.org")


@pytest.fixture
def call(db):
    return configure(CallFactory())


@pytest.fixture
def coordinator_of(role_user):
    def make(municipality):
        return role_user(Role.KOORDINATION, municipality)

    return make


def complete(application: Application, actor) -> Application:
    """Fill every required part of a town's application (through the service)."""
    call = application.call
    items = {k: [i for i in call.items.all() if i.kind == k] for k in CallItem.Kind.values}
    return services.application_update(
        actor=actor,
        application=application,
        data={
            "title": "Zukunftswerkstatt für alle",
            "summary": "Grobkonzept",
            "requested_amount": "80.000,00",
            "prerequisites": {str(i.pk): {"fulfilled": True, "evidence": "Beschluss vom 1.3."} for i in items["voraussetzung"]},
            "answers": {str(i.pk): "Antwort" for i in items["leitfrage"]},
            "datasheet": {str(i.pk): "1.234" for i in items["datenblatt"] if not (application.datasheet.get(str(i.pk)) or {}).get("value")},
        },
    )  # fmt: skip


@pytest.fixture
def grant(call, municipality, coordinator_of, office):
    coordinator = coordinator_of(municipality)
    application = services.application_start(actor=coordinator, call=call, municipality=municipality)
    complete(application, coordinator)
    application.status = Application.Status.SELECTED
    application.submitted_at = timezone.now() - timedelta(days=1)
    application.save()
    grant = Grant.objects.create(
        application=application, call=call, municipality=municipality, recipient_name="Teststadt"
    )
    for year, category, amount in services.budget_lines_for(call, Decimal("80000")):
        BudgetLine.objects.create(grant=grant, year=year, category=category, amount=amount)
    grant.coordinator = coordinator
    return grant
