"""The selection of a large call is computed by a worker (core.generated, issue 19): the office's
click answers at once with 'wird berechnet', repeated clicks enqueue one task, the page shows the
result when the worker is done; adopting it needs no second computation (the inputs' digest) and
still refuses when scores changed; a failure says so with 'Erneut versuchen'."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.accounts import totp
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tests.worker import run_worker
from leuchtfeuer.funding import services
from leuchtfeuer.funding.models import Application, ReviewerAssignment
from leuchtfeuer.funding.selection import services as selection_services
from leuchtfeuer.funding.tests.test_services import _submitted
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def scored_call(call, coordinator_of, user_factory, office, monkeypatch, settings, tmp_path):
    """Three scored applications (5, 4, 1 points), budget for two; 'large' from one candidate on."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(selection_services, "BACKGROUND_FROM", 1)
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
    call.reviewer = reviewer
    return call


@pytest.fixture
def office_client(client, office):
    totp.activate(office, totp.generate_totp_secret())
    client.force_login(office)
    return client


def url(call) -> str:
    return f"/geschaeftsstelle/foerderung/aufrufe/{call.slug}/auswahl/"


def test_large_call_is_computed_in_the_background(scored_call, office_client, office):
    call = scored_call
    with override_settings(TASKS=DB_TASKS):
        first = office_client.post(url(call), {"action": "run"}, follow=True)
        page = first.content.decode()
        assert "wird im Hintergrund berechnet" in page and "Die Auswahl wird berechnet" in page
        assert 'role="status"' in page and "Neu berechnen" not in page
        assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
        office_client.post(url(call), {"action": "run"})  # a second click: still one task
        assert DBTaskResult.objects.count() == 1 and not call.selection_runs.exists()
        poll = office_client.get(f"{url(call)}?stand=1", headers={"HX-Request": "true"})
        assert "Die Auswahl wird berechnet" in poll.content.decode() and "<html" not in poll.content.decode()

        run_worker()
        run = call.selection_runs.get()
        strongest = set(call.applications.order_by("pk").values_list("pk", flat=True)[:2])  # 5 and 4 points
        assert run.run_by == office and {e["id"] for e in run.result["selected"]} == strongest
        done = office_client.get(f"{url(call)}?stand=1", headers={"HX-Request": "true"}).content.decode()
        assert "Die Auswahl ist berechnet." in done and "Ergebnis anzeigen" in done
        page = office_client.get(url(call)).content.decode()
        assert "Neu berechnen" in page and "Die Auswahl wird berechnet" not in page

        again = office_client.post(url(call), {"action": "run"}, follow=True).content.decode()
        assert "Die Auswahl ist schon berechnet" in again
        assert call.selection_runs.count() == 1 and DBTaskResult.objects.count() == 1

    grants = services.selection_finalise(actor=office, run=run)  # no second computation needed
    assert len(grants) == 2
    assert Application.objects.filter(call=call, status=Application.Status.SELECTED).count() == 2


def test_adopting_a_run_is_refused_when_scores_changed(scored_call, office):
    call = scored_call
    run = selection_services.selection_run(actor=office, call=call)
    assert run.result["inputs"]
    weakest = call.applications.order_by("pk").last()
    services.review_save(
        actor=call.reviewer, application=weakest, scores={c.pk: (4, "") for c in call.criteria.all()}
    )
    with pytest.raises(ValidationError, match="seit der Berechnung geändert"):
        services.selection_finalise(actor=office, run=run)


def test_failed_background_selection_can_be_tried_again(scored_call, office_client, monkeypatch):
    call = scored_call
    real = selection_services.selection_run

    def broken(**kwargs):
        raise RuntimeError("HiGHS nicht erreichbar")

    monkeypatch.setattr(selection_services, "selection_run", broken)
    page = office_client.post(url(call), {"action": "run"}, follow=True).content.decode()
    assert "Die Auswahl konnte nicht berechnet werden." in page and 'role="alert"' in page
    assert "HiGHS nicht erreichbar" in page and "Erneut versuchen" in page
    assert GeneratedDocument.objects.get().status == "fehler"

    monkeypatch.setattr(selection_services, "selection_run", real)
    page = office_client.post(url(call), {"action": "run"}, follow=True).content.decode()
    assert "Auswahl neu berechnet." in page and "konnte nicht berechnet werden" not in page
    assert call.selection_runs.count() == 1


def test_only_the_office_may_start_it(scored_call, client, municipality, role_user):
    from leuchtfeuer.accounts.models import Role

    coordinator = role_user(Role.KOORDINATION, municipality)
    totp.activate(coordinator, totp.generate_totp_secret())
    client.force_login(coordinator)
    assert client.post(url(scored_call), {"action": "run"}).status_code == 403
    assert not GeneratedDocument.objects.exists()
