"""Pages, exports and API of the finance simulator on the real test subset."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from leuchtfeuer.finance.models import CriterionValue, FinanceRole, Scenario

pytestmark = pytest.mark.django_db

QUERY = (
    "pot=100.000.000&w_population=70&w_area=30&v_landgemeinde=1&v_kleinstadt=1&v_mittelstadt=1&v_grossstadt=1"
)


@pytest.fixture
def person(official_data, user_factory, client):
    user = user_factory()
    client.force_login(user)
    return user


def test_anonymous_sees_introduction_but_not_builder(official_data, client):
    page = client.get("/finanzen/")
    assert page.status_code == 200
    assert "Melden Sie sich an" in page.content.decode()
    assert client.get("/finanzen/laender/13/").status_code == 302


def test_builder_results_map_table_and_filters(person, client, django_assert_max_num_queries):
    client.get(f"/finanzen/laender/13/?{QUERY}")  # warm the per-process dataset cache
    with django_assert_max_num_queries(12):
        page = client.get(f"/finanzen/laender/13/?{QUERY}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Karte der Veränderung" in html and "<svg" in html and "Feldberger Seenlandschaft" in html
    assert "100.000.000,00 €" in html  # both sums equal the pot
    assert "Fläche: 30,0 %" in html
    small = client.get(f"/finanzen/laender/13/?{QUERY}&size=Kleinstadt&sort=diff&desc=on")
    rows = small.context["page"].object_list
    assert rows and all(r.size_class == "Kleinstadt" for r in rows)
    assert [r.diff for r in rows] == sorted((r.diff for r in rows), reverse=True)


def test_bad_input_gets_german_errors(person, client):
    page = client.get("/finanzen/laender/13/?pot=viel&w_population=-1&w_area=x")
    html = page.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "„viel“ ist keine Zahl" in html and "nicht negativ" in html
    assert "outcome" not in page.context


def test_export_csv_and_xlsx_sum_to_the_pot(person, client):
    response = client.get(f"/finanzen/laender/13/export.csv?{QUERY}")
    assert response["Content-Disposition"] == 'attachment; filename="finanz-simulator-13.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    header = lines.index(next(line for line in lines if line and line[0] == "AGS"))
    rows = [line for line in lines[header + 1 :] if line and line[0].isdigit()]
    assert sum(Decimal(line[6].replace(",", ".")) for line in rows) == Decimal("100000000")
    xlsx = client.get(f"/finanzen/laender/13/export.xlsx?{QUERY}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row[6] for row in sheet.iter_rows(values_only=True) if row and str(row[0]).isdigit()]
    assert abs(sum(values) - 100_000_000) < 0.01


def test_save_compare_town_and_delete(person, client, user_factory):
    response = client.post(
        "/finanzen/laender/13/speichern/",
        dict(pair.split("=") for pair in QUERY.split("&")) | {"name": "Fläche 30"},
    )
    scenario = Scenario.objects.get()
    assert (
        response.status_code == 302
        and scenario.owner == person
        and scenario.weights == {"population": "70", "area": "30"}
    )
    assert client.get(f"/finanzen/szenarien/{scenario.pk}/").status_code == 302
    listing = client.get("/finanzen/").content.decode()
    assert "Fläche 30</a>" in listing and "<td>Mecklenburg-Vorpommern</td>" in listing
    other = Scenario.objects.create(
        owner=person, name="nur Fläche", land_code="13", pot=Decimal(1000), weights={"area": "1"}
    )
    page = client.get(f"/finanzen/vergleich/?s={scenario.pk}&s={other.pk}")
    assert page.status_code == 200 and "nur Fläche: Reform" in page.content.decode()
    town = client.get("/finanzen/gemeinden/13071033/").content.decode()
    assert "Fläche 30" in town and "Fläche (hebt den Anteil)" in town
    # Another person neither sees nor deletes it.
    stranger = user_factory()
    client.force_login(stranger)
    assert client.get(f"/finanzen/szenarien/{scenario.pk}/").status_code == 403
    assert client.post(f"/finanzen/szenarien/{scenario.pk}/loeschen/").status_code == 403
    client.force_login(person)
    client.post(f"/finanzen/szenarien/{scenario.pk}/loeschen/")
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


def test_save_with_duplicate_name_answers_422_with_message(person, client):
    data = dict(pair.split("=") for pair in QUERY.split("&")) | {"name": "A"}
    client.post("/finanzen/laender/13/speichern/", data)
    again = client.post("/finanzen/laender/13/speichern/", data)
    assert again.status_code == 422
    assert "schon ein Szenario „A“" in again.content.decode()


def test_upload_page_only_for_finance_role(person, client, user_factory):
    assert client.get("/finanzen/laender/13/kriterien/").status_code == 403
    FinanceRole.objects.create(user=person, land_code="13")
    assert client.get("/finanzen/laender/13/kriterien/").status_code == 200
    bad = client.post(
        "/finanzen/laender/13/kriterien/hochladen/",
        {"file": SimpleUploadedFile("k.csv", b"ags;ortsteile\n13071033;viele\n"), "reference": "Test"},
    )
    assert bad.status_code == 422 and "Zeile 2, Spalte B" in bad.content.decode()
    good = client.post(
        "/finanzen/laender/13/kriterien/hochladen/",
        {"file": SimpleUploadedFile("k.csv", b"ags;ortsteile\n13071033;12\n"), "reference": "Test"},
    )
    assert good.status_code == 302 and CriterionValue.objects.get().value == 12


def test_api(person, client):
    data = client.get(
        "/api/v1/finance/lands/13/simulation?pot=1000000&weights=population=0.7,area=0.3"
    ).json()
    assert data["total_base"] == data["total_reform"] == "1000000.00"
    assert sum(Decimal(g["reform"]) for g in data["gemeinden"]) == Decimal("1000000")
    bad = client.get("/api/v1/finance/lands/13/simulation?pot=1000000&weights=strassen=1")
    assert bad.status_code == 422 and "Unbekanntes Kriterium" in bad.json()["detail"]
    assert client.get("/api/v1/finance/criteria").status_code == 200
    client.logout()
    assert client.get("/api/v1/finance/lands/13/simulation?pot=1&weights=area=1").status_code == 401


def test_export_pdf(person, client):
    response = client.get(f"/finanzen/laender/15/export.pdf?{QUERY}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="finanz-simulator-15.pdf"'


def test_saved_scenario_page_offers_delete_to_its_owner_only(person, client, user_factory):
    scenario = Scenario.objects.create(
        owner=person, name="Geteilt", land_code="13", pot=Decimal(1000), weights={"area": "1"}, shared=True
    )
    opened = client.get(f"/finanzen/szenarien/{scenario.pk}/", follow=True).content.decode()
    assert "Gespeichertes Szenario: <strong>Geteilt</strong>" in opened and "löschen" in opened
    client.force_login(user_factory())
    seen = client.get(f"/finanzen/szenarien/{scenario.pk}/", follow=True).content.decode()
    assert "Gespeichertes Szenario: <strong>Geteilt</strong>" in seen and "löschen</button>" not in seen
