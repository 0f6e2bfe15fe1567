"""The scenario editor as people use it (plain form posts, no JavaScript) and the profile page."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.projections import services
from leuchtfeuer.projections.models import Scenario
from leuchtfeuer.projections.tests.conftest import RETURNEES

pytestmark = pytest.mark.usefixtures("official_data")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def form_data(name="Rückkehr", rows=(), extra=3, **kw):
    rows = list(rows)
    total = len(rows) + extra
    data = {
        "name": name,
        "description": kw.get("description", ""),
        "m-TOTAL_FORMS": str(total),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "20",
    }
    for i in range(total):
        row = rows[i] if i < len(rows) else {}
        for field in ("kind", "count", "percent", "age_from", "age_to", "start_year", "end_year"):
            value = row.get(field)
            data[f"m-{i}-{field}"] = "" if value is None else str(value)
    return data


def test_anonymous_is_sent_to_login(client, malchin):
    response = client.get(f"/kommunen/{malchin.slug}/szenarien/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_coordinator_creates_scenario_and_sees_the_difference(staff_client, role_user, malchin):
    client = staff_client(role_user(Role.KOORDINATION, malchin))
    page = client.get(f"/kommunen/{malchin.slug}/szenarien/neu/")
    assert page.status_code == 200
    assert "Maßnahme 1" in page.content.decode()
    response = client.post(
        f"/kommunen/{malchin.slug}/szenarien/neu/",
        form_data(rows=[{}, RETURNEES]),  # an empty first row is ignored
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "20 Rückkehrende im Alter 25–40 pro Jahr ab 2026" in detail
    assert 'id="tabelle-unterschied"' in detail and 'id="tabelle-altersgruppen"' in detail
    # the first year with the measure: exactly 20 more inhabitants than without (added at year end)
    assert '<th scope="row">2026</th>' in detail
    assert "+20</td>" in detail
    assert "<svg" in detail


def test_invalid_post_shows_german_errors_with_row_number_and_changes_nothing(
    staff_client, role_user, malchin
):
    client = staff_client(role_user(Role.KOORDINATION, malchin))
    response = client.post(
        f"/kommunen/{malchin.slug}/szenarien/neu/",
        form_data(rows=[RETURNEES, {**RETURNEES, "age_from": 50, "age_to": 20}]),
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Maßnahme 2: Das Alter „von“ (50) liegt über dem Alter „bis“ (20)." in body
    assert not Scenario.objects.exists()


def test_edit_and_delete(staff_client, role_user, malchin):
    team = role_user(Role.TEAM, malchin)
    scenario = services.scenario_create(actor=team, municipality=malchin, name="A", measures=[RETURNEES])
    client = staff_client(team)
    edit = client.get(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/bearbeiten/").content.decode()
    assert 'value="A"' in edit and 'value="25"' in edit
    response = client.post(
        f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/bearbeiten/",
        form_data(name="B", rows=[{"kind": "families", "count": 5, "start_year": 2030}]),
    )
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.name == "B"
    assert [m.label for m in scenario.measures.all()] == ["5 zuziehende Familien pro Jahr ab 2030"]
    confirm = client.get(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/loeschen/")
    assert "löschen?" in confirm.content.decode()
    response = client.post(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/loeschen/")
    assert response.status_code == 302
    assert not Scenario.objects.exists()
    assert AuditEntry.objects.filter(action="scenario.delete").exists()


def test_consultant_reads_but_cannot_write(staff_client, role_user, malchin):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    client = staff_client(role_user(Role.BERATUNG, malchin))
    listing = client.get(f"/kommunen/{malchin.slug}/szenarien/")
    assert listing.status_code == 200
    assert "Neues Szenario anlegen" not in listing.content.decode()
    assert client.get(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/").status_code == 200
    assert client.get(f"/kommunen/{malchin.slug}/szenarien/neu/").status_code == 403
    assert client.post(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/loeschen/").status_code == 403
    assert Scenario.objects.exists()


def test_mentor_and_other_towns_get_no_access(staff_client, role_user, malchin, other_municipality):
    coordinator = role_user(Role.KOORDINATION, malchin)
    scenario = services.scenario_create(
        actor=coordinator, municipality=malchin, name="A", measures=[RETURNEES]
    )
    mentor = staff_client(role_user(Role.MENTORING, malchin))
    assert mentor.get(f"/kommunen/{malchin.slug}/szenarien/").status_code == 403
    mentor.logout()
    stranger = staff_client(role_user(Role.KOORDINATION, other_municipality))
    assert stranger.get(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/").status_code == 403
    # a scenario id of another town under one's own town is not found
    assert stranger.get(f"/kommunen/{other_municipality.slug}/szenarien/{scenario.pk}/").status_code == 404


def test_dashboard_panel_links_to_scenarios(staff_client, role_user, malchin):
    client = staff_client(role_user(Role.KOORDINATION, malchin))
    body = client.get(f"/kommunen/{malchin.slug}/").content.decode()
    assert f"/kommunen/{malchin.slug}/szenarien/" in body


def test_profile_page_does_not_wait_for_the_engine(db, client):
    body = client.get("/orte/13071092/").content.decode()
    # not computed yet: a placeholder that loads the section, and a link without JavaScript
    assert 'hx-get="/orte/13071092/vorausberechnung/"' in body
    assert "wird gerade berechnet" in body
    page = client.get("/orte/13071092/vorausberechnung/").content.decode()
    assert "Bevölkerungsvorausberechnung bis 2045" in page
    assert "Zurück zum Kommunalprofil" in page
    fragment = client.get("/orte/13071092/vorausberechnung/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<section") or "<section" in fragment[:400]
    assert "<html" not in fragment
    # computed now: the next profile page shows it inline
    assert "wird gerade berechnet" not in client.get("/orte/13071092/").content.decode()


def test_public_profile_shows_fan_chart_with_table_and_estimate(db, client, django_assert_max_num_queries):
    client.get("/orte/13071092/vorausberechnung/")  # computed once, as `warm-projections` does
    body = client.get("/orte/13071092/").content.decode()
    assert "Bevölkerungsvorausberechnung bis 2045" in body
    assert 'id="prognose-faecher-t"' in body  # the fan chart's SVG title
    assert "Datentabelle Vorausberechnung" in body
    assert "Altersaufbau aus dem Zensus 2022</strong> (Stichtag 15.05.2022" in body
    assert "2023 (amtlich, Alter geschätzt)" in body
    assert "Kita-Alter 0–5" in body and "80 Jahre und älter" in body
    assert "80 % von" in body and "95 % bis" in body
    # the planning groups show ranges only where calibrated; 80+ never is: no row of blanks for it,
    # one footnote instead
    assert "Erwerbsalter 18–64" in body and "18–66" not in body
    assert "80 Jahre und älter: </span>80-%-Bereich" not in body and "nicht kalibriert" not in body
    assert "Ohne kalibrierten Bereich:" in body
    assert "prognose-pyramide-2035" in body and "prognose-pyramide-2045" in body
    # the projection is cached: a second page view stays within a bounded number of queries
    with django_assert_max_num_queries(40):
        client.get("/orte/13071092/")


def test_pdf_profile_has_a_projection_page(db, client):
    from leuchtfeuer.places.models import Region
    from leuchtfeuer.places.profile import build_profile
    from leuchtfeuer.places.public_views import _context

    region = Region.objects.get(level="gemeinde", ags="13071092")
    from django.template.loader import render_to_string

    html = render_to_string("places/profile_print.html", _context(build_profile(region)))
    assert "Bevölkerungsvorausberechnung bis 2045" in html
    assert 'id="prognose-faecher-t"' in html
    assert (
        "nicht kalibriert" not in html
        and "Ohne kalibrierten Bereich:" in html
        and "Erwerbsalter 18–64" in html
    )
    response = client.get("/orte/13071092/kommunalprofil.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_failing_engine_does_not_take_the_profile_down(db, client, monkeypatch):
    from leuchtfeuer.projections import presenters

    def broken(region, **kwargs):
        raise RuntimeError("engine broken")

    monkeypatch.setattr(presenters.profile, "region_projection", broken)
    response = client.get("/orte/13071092/")
    assert response.status_code == 200
    assert "Die Vorausberechnung ist gerade nicht verfügbar." in response.content.decode()


def test_scenario_page_draws_each_planning_group_with_its_ranges(staff_client, role_user, malchin):
    """Part 5: the age groups as charts with intervals — one chart per planning group, the
    scenario's ranges drawn where the group is calibrated, and the drawn range equal to the
    range in the table."""
    import re

    from leuchtfeuer.projections.current import region_projection
    from leuchtfeuer.projections.presenters import scenario_context
    from leuchtfeuer.projections.result import PLANNING_GROUPS

    client = staff_client(role_user(Role.KOORDINATION, malchin))
    client.post(f"/kommunen/{malchin.slug}/szenarien/neu/", form_data(rows=[RETURNEES]))
    scenario = Scenario.objects.get()
    detail = client.get(f"/kommunen/{malchin.slug}/szenarien/{scenario.pk}/").content.decode()
    for key, label, _, _ in PLANNING_GROUPS:
        chart = re.search(
            rf'<svg[^>]*aria-labelledby="szenario-{scenario.pk}-{key}[^"]*".*?</svg>', detail, re.S
        )
        assert chart, f"no chart for {label}"
        assert f"{label} mit und ohne Maßnahmen" in chart.group(0)
    # the three Kreise of the test data are too few to calibrate group ranges: give the projection
    # synthetic ranges (±10 % / ±20 % of the group; one group with an open upper bound)
    import numpy as np

    proj = region_projection(malchin.region)
    groups = proj.group_values()
    proj.group_intervals = {
        "kita": {
            0.80: (groups["kita"] * 0.9, groups["kita"] * 1.1),
            0.95: (groups["kita"] * 0.8, groups["kita"] * 1.2),
        },
        "schule": {0.80: (groups["schule"] * 0.9, np.full_like(groups["schule"], np.inf))},
    }
    context = scenario_context(proj, scenario)
    charts = {g["key"]: g for g in context["group_charts"]}
    assert charts["kita"]["ranges"] and charts["kita"]["svg"].count("<polygon") == 2
    assert ">80 %</text>" in charts["kita"]["svg"] and ">95 %</text>" in charts["kita"]["svg"]  # legend
    for key in ("schule", "erwerb", "65plus", "80plus"):  # open bound or not calibrated: nothing drawn
        assert not charts[key]["ranges"] and charts[key]["svg"].count("<polygon") == 0
        assert "ohne kalibrierten Bereich" in charts[key]["svg"]
    # the drawn range is the table's range: the baseline's range moved by the scenario's effect
    result = context["result"]
    h = proj.year_index(2045)
    effect = proj.group_values(result.population)["kita"][h] - groups["kita"][h]
    lo, hi = result.group_intervals["kita"][0.80]
    assert lo[h] == pytest.approx(groups["kita"][h] * 0.9 + effect)
    assert hi[h] == pytest.approx(groups["kita"][h] * 1.1 + effect)
    kita_row = next(g for g in context["group_table"] if g["label"] == "Kita-Alter 0–5")
    assert kita_row["ranges"][0]["cells"][-1]["range"] == [round(lo[h]), round(hi[h])]
