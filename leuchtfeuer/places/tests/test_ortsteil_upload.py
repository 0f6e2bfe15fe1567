"""Own Ortsteil data: upload, aggregation without storing rows, suppression, bad files change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.places.models import Ortsteil, OrtsteilAgeGroupCount, OrtsteilDataUpload
from leuchtfeuer.places.ortsteil_selectors import ortsteil_figures

ROWS = (
    "Ortsteil;Geburtsjahr;Geschlecht\n"
    + "Nord;1950;w\n" * 20  # 74 years old on 31.12.2024 → 65–75
    + "Nord;2010;m\n" * 10  # 14 → 10–15
    + "Nord;1990;w\n" * 10  # 34 → 30–35
    + "Süd;1960;m\n" * 2  # only two people: must never be shown
)


@pytest.fixture
def coordinator_client(client, role_user, municipality):
    user = role_user(Role.KOORDINATION, municipality)
    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    return client


def post(client, municipality, content: str, name="melde.csv"):
    return client.post(
        f"/kommunen/{municipality.slug}/ortsteile/daten/",
        {
            "file": SimpleUploadedFile(name, content.encode()),
            "reference_date": "31.12.2024",
            "create_missing": "on",
        },
    )


def test_upload_aggregates_and_suppresses(coordinator_client, municipality):
    response = post(coordinator_client, municipality, ROWS)
    assert response.status_code == 302
    assert set(Ortsteil.objects.values_list("name", flat=True)) == {"Nord", "Süd"}
    # Only aggregated counts are stored: 4 cells (3 for Nord, 1 for Süd), not 42 rows.
    assert OrtsteilAgeGroupCount.objects.count() == 4
    assert OrtsteilAgeGroupCount.objects.get(ortsteil__name="Nord", age_from=65, sex="w").count == 20
    figures = {f.name: f for f in ortsteil_figures(municipality)}
    nord, sued = figures["Nord"], figures["Süd"]
    assert nord.total == 40
    assert nord.share_65_plus == pytest.approx(100 * 20 / 40)
    assert nord.share_under_18 == pytest.approx(100 * 10 / 40)
    # Süd has two inhabitants: total and every share are suppressed.
    assert sued.total is None
    assert sued.share_65_plus is None and sued.mean_age is None
    assert all(b in (None, 0) for b in sued.bands)
    html = coordinator_client.get(f"/kommunen/{municipality.slug}/").content.decode()
    assert "&lt;3" in html or "<3" in html
    assert AuditEntry.objects.filter(action="ortsteil.data_upload").exists()


def test_share_resting_on_one_person_is_suppressed(coordinator_client, municipality):
    post(coordinator_client, municipality, "Ortsteil;Alter;Geschlecht\n" + "Ost;40;w\n" * 30 + "Ost;80;m\n")
    ost = ortsteil_figures(municipality)[0]
    assert ost.total == 31
    assert ost.share_65_plus is None  # would reveal the single person aged 80


def test_malformed_upload_changes_nothing(coordinator_client, municipality):
    response = post(
        coordinator_client, municipality, "Ortsteil;Geburtsjahr;Geschlecht\nNord;1950;w\nNord;19x0;w\n"
    )
    assert response.status_code == 422
    assert "Zeile 3, Spalte „Geburtsjahr“" in response.content.decode()
    assert not Ortsteil.objects.exists()
    assert not OrtsteilAgeGroupCount.objects.exists()
    assert not OrtsteilDataUpload.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("melde.pdf", b"%PDF-1.4", "„melde.pdf“: Dateien vom Typ „.pdf“ sind hier nicht erlaubt"),
        ("melde.xlsx", ROWS.encode(), "„melde.xlsx“ ist keine gültige XLSX-Datei"),
        ("melde.txt", b"MZ\x90\x00\x03\x00\x00\x00", "„melde.txt“ ist keine gültige TXT-Datei"),
        ("melde.csv", b"Ortsteil;Alter\n" + b"x" * (5 * 1024 * 1024), "erlaubt sind höchstens 5 MB"),
    ],
)
def test_upload_checked_for_type_content_and_size_before_parsing(
    coordinator_client, municipality, name, content, message
):
    response = coordinator_client.post(
        f"/kommunen/{municipality.slug}/ortsteile/daten/",
        {"file": SimpleUploadedFile(name, content), "reference_date": "31.12.2024", "create_missing": "on"},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OrtsteilDataUpload.objects.exists()


def test_reupload_replaces_counts_of_same_date(coordinator_client, municipality):
    post(coordinator_client, municipality, ROWS)
    post(coordinator_client, municipality, "Ortsteil;Alter;Geschlecht;Anzahl\nNord;75+;w;5\n")
    nord = {f.name: f for f in ortsteil_figures(municipality)}["Nord"]
    assert nord.total == 5


def test_consultant_cannot_upload(client, role_user, municipality):
    consultant = role_user(Role.BERATUNG, municipality)
    totp.activate(consultant, totp.generate_totp_secret())
    client.force_login(consultant)
    assert post(client, municipality, ROWS).status_code == 403
    assert not OrtsteilAgeGroupCount.objects.exists()


def test_service_reference_year_drives_age(role_user, municipality):
    from leuchtfeuer.places.services import ortsteil_data_upload

    user = role_user(Role.KOORDINATION, municipality)
    ortsteil_data_upload(
        actor=user, municipality=municipality, filename="a.csv",
        content=b"Ortsteil;Geburtsjahr;Geschlecht\nA;2006;m\nA;2006;m\nA;2006;m\n", reference_date=date(2024, 12, 31),
    )  # fmt: skip
    # 2024 − 2006 = 18 → group 18–20
    assert OrtsteilAgeGroupCount.objects.get().age_from == 18
