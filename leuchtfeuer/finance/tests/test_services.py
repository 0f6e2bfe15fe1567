"""Uploads of a Land's own figures and saved scenarios: German errors, nothing changes on error."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from leuchtfeuer.finance import services
from leuchtfeuer.finance.models import CriterionUpload, CriterionValue, FinanceRole, Scenario
from leuchtfeuer.finance.simulation import Spec, run
from leuchtfeuer.places.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(official_data, user_factory):
    user = user_factory()
    FinanceRole.objects.create(user=user, land_code="13")
    return user


def _csv(text: str, name: str = "kriterien.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _mv_ags() -> list[str]:
    return list(
        Region.objects.filter(level="gemeinde", land_code="13").order_by("ags").values_list("ags", flat=True)
    )


def test_upload_csv_for_every_gemeinde_makes_the_criterion_usable(officer):
    ags = _mv_ags()
    # Ortsteile: 1 for all, 11 for the first → its share of the Land total is 11 / (n + 10).
    lines = ["ags;name;ortsteile"] + [f"{a};x;{11 if i == 0 else 1}" for i, a in enumerate(ags)]
    record = services.criteria_upload(
        actor=officer, land="13", upload=_csv("\n".join(lines)), reference="Test 2024"
    )
    assert record.rows_read == len(ags) and record.criteria == ["ortsteile"]
    out = run(Spec(land="13", pot=Decimal("1000000"), weights={"ortsteile": Decimal(1)}))
    assert [k for k, _, _ in out.criteria] == ["ortsteile"]
    first = next(r for r in out.rows if r.ags == ags[0])
    expected = Decimal("1000000") * 11 / (len(ags) + 10)
    assert abs(first.reform - expected) < Decimal("0.01")
    assert out.total_reform == Decimal("1000000")


def test_partial_upload_leaves_criterion_out_with_note(officer):
    ags = _mv_ags()
    services.criteria_upload(
        actor=officer, land="13", upload=_csv("ags;strassen_km\n" + f"{ags[0]};12,5\n"), reference="Teil"
    )
    assert CriterionValue.objects.get(key="road_km").value == Decimal("12.5")
    out = run(Spec(land="13", pot=Decimal("1000"), weights={"road_km": Decimal(1), "population": Decimal(1)}))
    assert [k for k, _, _ in out.criteria] == ["population"]
    assert any("Gemeindestraßen bleibt unberücksichtigt" in n and f"({len(ags) - 1})" in n for n in out.notes)


def test_upload_xlsx(officer):
    ags = _mv_ags()
    wb = Workbook()
    ws = wb.active
    ws.append(["AGS", "Steuerkraft je EW"])
    for a in ags:
        ws.append([a, 800.5])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("steuer.xlsx", buf.getvalue())
    services.criteria_upload(actor=officer, land="13", upload=upload, reference="Steuerkraft 2023")
    assert CriterionValue.objects.filter(key="tax").count() == len(ags)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gemeinde;ortsteile\nX;1\n", "braucht eine Spalte „ags“"),
        ("ags;strassen\n13071033;1\n", "Zeile 1, Spalte B: unbekannte Spalte „strassen“"),
        ("ags;ortsteile\n1307103;1\n", "Zeile 2, Spalte A: „01307103“ ist kein|nicht in diesem Land"),
        (
            "ags;ortsteile\n16066063;1\n",
            "Zeile 2, Spalte A: Die Gemeinde 16066063 liegt nicht in diesem Land",
        ),
        ("ags;ortsteile\n13071033;-3\n", "Zeile 2, Spalte B: „-3“ ist keine Zahl ab 0"),
        ("ags;ortsteile\n13071033;1.234,5\n", "keine Tausenderpunkte"),
        (
            "ags;ortsteile\n13071033;1\n13071033;2\n",
            "Zeile 3, Spalte A: Die Gemeinde 13071033 steht schon in Zeile 2",
        ),
        ("ags;ortsteile\n", "keine Datenzeilen"),
    ],
)
def test_upload_errors_in_german_change_nothing(officer, text, message):
    services.criteria_upload(
        actor=officer, land="13", upload=_csv("ags;ortsteile\n13071033;4\n"), reference="alt"
    )
    with pytest.raises(ValidationError) as err:
        services.criteria_upload(actor=officer, land="13", upload=_csv(text), reference="neu")
    import re

    assert re.search(message, " ".join(err.value.messages))
    assert CriterionUpload.objects.count() == 1
    assert CriterionValue.objects.get().value == Decimal("4")


def test_upload_refuses_wrong_type_and_other_land(officer, user_factory):
    with pytest.raises(ValidationError, match="nicht erlaubt"):
        services.criteria_upload(actor=officer, land="13", upload=_csv("x", name="a.pdf"), reference="r")
    with pytest.raises(PermissionDenied):
        services.criteria_upload(actor=officer, land="16", upload=_csv("ags;ortsteile\n"), reference="r")
    with pytest.raises(PermissionDenied):
        services.criteria_upload(
            actor=user_factory(), land="13", upload=_csv("ags;ortsteile\n"), reference="r"
        )


def test_scenario_save_owner_only_and_unique_name(official_data, user_factory):
    owner, other = user_factory(), user_factory()
    spec = Spec(
        land="13", pot=Decimal("1000.50"), weights={"area": Decimal("0.3"), "population": Decimal("0.7")}
    )
    s = services.scenario_save(actor=owner, spec=spec, name="Fläche 30 %")
    assert s.weights == {"area": "0.3", "population": "0.7"} and s.pot == Decimal("1000.50")
    assert services.scenario_spec(s).weights == spec.weights
    with pytest.raises(ValidationError, match="schon ein Szenario"):
        services.scenario_save(actor=owner, spec=spec, name="Fläche 30 %")
    with pytest.raises(PermissionDenied):
        services.scenario_save(actor=other, spec=spec, name="x", scenario=s)
    with pytest.raises(PermissionDenied):
        services.scenario_delete(actor=other, scenario=s)
    with pytest.raises(ValidationError, match="Unbekanntes Land"):
        services.scenario_save(
            actor=owner, spec=Spec(land="77", pot=Decimal(1), weights={"area": Decimal(1)}), name="y"
        )
    services.scenario_delete(actor=owner, scenario=s)
    assert not Scenario.objects.exists()
