"""The fit check on real towns (official data) and the dashboard panel."""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding.selectors import fit_check
from leuchtfeuer.funding.tests.factories import ProgrammeFactory
from leuchtfeuer.places.models import Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def penzlin(official_data):
    # Penzlin, Stadt (Mecklenburgische Seenplatte): 4,053 inhabitants on 31.12.2023.
    return MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071115"), display_name="Penzlin"
    )


@pytest.fixture
def malchin(official_data):
    return MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="13071092"), display_name="Malchin"
    )


def test_town_under_minimum_population_is_not_eligible_with_reason(penzlin, malchin):
    ProgrammeFactory(name="Kleinstadtprogramm", min_population=5000, lands=["13", "12"])
    (fit,) = fit_check(penzlin)
    assert fit.eligible is False
    assert "Mindestens 5.000 Einwohner:innen verlangt; Penzlin hat 4.053." in fit.reasons
    (fit,) = fit_check(malchin)
    assert fit.eligible is True
    assert any("Malchin hat 7.231 – passt" in r for r in fit.reasons)


def test_land_rule_on_a_thuringian_town(official_data):
    schmalkalden = MunicipalityFactory(
        region=Region.objects.get(level="gemeinde", ags="16066063"), display_name="Schmalkalden"
    )
    ProgrammeFactory(name="Simul+", lands=["14"])
    (fit,) = fit_check(schmalkalden)
    assert fit.eligible is False
    assert fit.reasons == ["Gefördert wird nur in: Sachsen; Schmalkalden liegt in Thüringen."]


def test_dashboard_shows_fitting_programmes(client, malchin, role_user):
    ProgrammeFactory(name="Für Kleinstädte", size_classes=["Kleinstadt"])
    ProgrammeFactory(name="Nur Großstädte", size_classes=["Großstadt"])
    ProgrammeFactory(name="Ohne Regeln")
    user = role_user(Role.KOORDINATION, malchin)
    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    html = client.get(f"/kommunen/{malchin.slug}/").content.decode()
    assert "Diese Programme passen zu Ihnen" in html
    fitting = html.split("Diese Programme passen zu Ihnen")[1].split("Noch ohne Förderregeln")[0]
    assert "Für Kleinstädte" in fitting and "Nur Großstädte" not in fitting
    assert "von der Geschäftsstelle zu vervollständigen" in html
    assert "Nur für Großstadt; Malchin ist Kleinstadt." in html


def test_fit_panel_query_count_does_not_grow_with_programmes(
    malchin, rf, role_user, django_assert_max_num_queries
):
    from leuchtfeuer.funding.panels import fit_panel_context

    user = role_user(Role.KOORDINATION, malchin)
    request = rf.get("/")
    request.user = user
    for n in range(3):
        ProgrammeFactory(name=f"P{n}", min_population=1000)
    with django_assert_max_num_queries(12) as few:
        fit_panel_context(request, malchin)
    for n in range(20):
        ProgrammeFactory(name=f"Q{n}", lands=["13"])
    user = type(user).objects.get(pk=user.pk)
    request.user = user
    with django_assert_max_num_queries(len(few.captured_queries)):
        context = fit_panel_context(request, malchin)
    assert len(context["fitting"]) == 23


def test_town_states_its_own_contribution_and_the_fit_updates(client, malchin, role_user):
    ProgrammeFactory(name="Mit Eigenanteil", own_contribution_percent=10)
    (fit,) = fit_check(malchin)
    assert fit.eligible is None and "Eigenanteil von 10 % verlangt" in fit.missing[0]
    user = role_user(Role.KOORDINATION, malchin)
    totp.activate(user, totp.generate_totp_secret())
    client.force_login(user)
    url = f"/kommunen/{malchin.slug}/foerderung/"
    assert client.post(url, {"own_contribution_percent": "120"}).status_code == 422
    client.post(url, {"own_contribution_percent": "5"})
    (fit,) = fit_check(malchin)
    assert fit.eligible is False and fit.reasons == [
        "Eigenanteil von 10 % verlangt; Malchin kann 5 % aufbringen."
    ]
    client.post(url, {"own_contribution_percent": "12,5"})
    assert fit_check(malchin)[0].eligible is True
