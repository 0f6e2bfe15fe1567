"""The demo: real towns from the seeds with their official keys; loading twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings

from leuchtfeuer.accounts.models import Membership, User
from leuchtfeuer.home.demo import DEMO_PASSWORD, demo_load
from leuchtfeuer.places.importers.gv import read_gemeindeverzeichnis
from leuchtfeuer.places.loader import load_regions
from leuchtfeuer.places.models import Municipality


@pytest.fixture
def official_regions(db):
    rows = read_gemeindeverzeichnis(
        settings.OFFICIAL_DATA_DIR / "gemeindeverzeichnis" / "gv_gemeinden_2024Q4.csv", date(2023, 12, 31)
    )
    load_regions(rows, source="test")


def test_demo_creates_real_towns_and_is_idempotent(official_regions):
    demo_load()
    counts = (Municipality.objects.count(), User.objects.count(), Membership.objects.count())
    demo_load()
    assert (Municipality.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    malchin = Municipality.objects.select_related("region").get(slug="malchin")
    # Figures as published in the Gemeindeverzeichnis (see data README spot checks).
    assert malchin.region.ags == "13071092"
    assert malchin.region.population == 7231
    assert Municipality.objects.get(slug="schmalkalden").region.population == 19984
    assert Municipality.objects.get(slug="spremberg").region.name == "Spremberg/Grodk, Stadt"


def test_demo_coordinator_can_log_in(official_regions, client):
    demo_load()
    response = client.post(
        "/konto/login/", {"login": "koordination.malchin@demo.leuchtfeuer.example", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/konto/2fa/authenticate/"


def test_demo_code_answers_wrong_addresses_in_one_german_line(official_regions):
    from django.core.management import CommandError, call_command

    demo_load()
    with pytest.raises(CommandError, match="Kein Demo-Konto"):
        call_command("demo-code", "jemand@example.org")
    with pytest.raises(CommandError, match="ohne zweiten Faktor"):
        call_command("demo-code", "nicht-da@demo.leuchtfeuer.example")


def test_demo_code_prints_a_code_the_login_accepts(official_regions, client, capsys):
    from django.core.management import call_command

    demo_load()
    email = "koordination.malchin@demo.leuchtfeuer.example"
    call_command("demo-code", email)
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    client.post("/konto/login/", {"login": email, "password": DEMO_PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the demo's e-mails leave after commit
def test_quiet_demo_load_prints_no_mails(official_regions, capsys, settings):
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    call_command("load-demo", "--quiet")
    out = capsys.readouterr()
    assert out.out == "" and "Subject:" not in out.err
