"""The application PDF is built by a worker (core.generated, issue 19): the town gets 'wird
erstellt' at once and then the PDF with its application; another town stays refused and
enqueues nothing; the creation time printed in it alone is no new document."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.core.tests.pdf import assert_pdf_says
from leuchtfeuer.core.tests.worker import run_worker
from leuchtfeuer.funding import services
from leuchtfeuer.funding.tests.conftest import complete

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(TASKS=DB_TASKS):
        yield


def _login(client, user):
    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    return client


def test_application_pdf_waits_then_delivers_and_strangers_stay_out(
    client, call, municipality, other_municipality, role_user
):
    coordinator = role_user(Role.KOORDINATION, municipality)
    application = complete(
        services.application_start(actor=coordinator, call=call, municipality=municipality), coordinator
    )
    url = f"/foerderung/antraege/{application.pk}/antrag.pdf"
    stranger = role_user(Role.KOORDINATION, other_municipality)
    assert _login(client, stranger).get(url).status_code == 403
    assert not GeneratedDocument.objects.exists() and not DBTaskResult.objects.exists()

    town = _login(client, coordinator)
    assert town.get(url).status_code == 202
    run_worker()
    response = town.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_pdf_says(response.content, "Zukunftswerkstatt für alle")

    # a minute later: the printed creation time differs, the document does not
    later = timezone.now() + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert town.get(url).content == response.content
    assert GeneratedDocument.objects.count() == 1 and DBTaskResult.objects.count() == 1

    client.force_login(stranger)
    assert client.get(url).status_code == 403  # the finished file is no less protected
