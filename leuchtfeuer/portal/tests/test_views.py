"""Public portal pages, offers (expiry, moderation, Kreis portal), events, API and English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.tests.factories import MunicipalityFactory, RegionFactory
from leuchtfeuer.portal import services
from leuchtfeuer.portal.models import Offer
from leuchtfeuer.portal.tests.factories import EventFactory, OfferFactory, PortalFactory

TODAY = timezone.localdate


def test_expired_offers_disappear_on_the_day_after_their_end_date(client, portal):
    m = portal.municipality
    OfferFactory(municipality=m, title="Läuft heute aus", ends_on=TODAY())
    OfferFactory(municipality=m, title="Lief gestern aus", ends_on=TODAY() - timedelta(days=1))
    OfferFactory(municipality=m, title="Ohne Ende")
    OfferFactory(municipality=m, title="Eingereicht", status=Offer.Status.SUBMITTED)
    OfferFactory(title="Andere Stadt")
    html = client.get(f"/ankommen/{m.slug}/angebote/").content.decode()
    assert "Läuft heute aus" in html and "Ohne Ende" in html
    assert "Lief gestern aus" not in html and "Eingereicht" not in html and "Andere Stadt" not in html
    gone = Offer.objects.get(title="Lief gestern aus")
    assert client.get(f"/ankommen/{m.slug}/angebote/{gone.pk}/").status_code == 404
    api = client.get(f"/api/v1/portals/{m.slug}/offers").json()
    assert sorted(o["title"] for o in api) == ["Läuft heute aus", "Ohne Ende"]


def test_offer_filter_by_kind_and_ortsteil(client, portal):
    from leuchtfeuer.places.models import Ortsteil

    m = portal.municipality
    alt = Ortsteil.objects.create(municipality=m, name="Altstadt")
    OfferFactory(municipality=m, title="Pflege", ortsteil=alt)
    OfferFactory(municipality=m, title="Dachgeschoss am Markt", kind="wohnung", job_field="")
    assert (
        "Dachgeschoss am Markt"
        not in client.get(f"/ankommen/{m.slug}/angebote/?kind=arbeit").content.decode()
    )
    html = client.get(f"/ankommen/{m.slug}/angebote/?kind=wohnen").content.decode()
    assert "Dachgeschoss am Markt" in html and ">Pflege<" not in html
    html = client.get(f"/ankommen/{m.slug}/angebote/?ortsteil={alt.pk}").content.decode()
    assert "Dachgeschoss am Markt" not in html and ">Pflege<" in html


def test_kreis_portal_lists_the_offers_of_its_towns(client, db):
    kreis = Region.objects.create(ars="99123", level=Region.Level.KREIS, name="Testkreis", kreis_code="99123")
    kreis_m = Municipality.objects.create(region=kreis, slug="testkreis", display_name="Testkreis")
    town = MunicipalityFactory(region=RegionFactory(ags="99123001", kreis_code="99123"))
    outside = MunicipalityFactory(region=RegionFactory(ags="99124001", kreis_code="99124"))
    PortalFactory(municipality=kreis_m, title="Heimvorteil Testkreis")
    OfferFactory(municipality=town, title="Stelle in der Stadt")
    OfferFactory(municipality=outside, title="Stelle woanders")
    html = client.get("/ankommen/testkreis/").content.decode()
    assert "Stelle in der Stadt" in html and town.display_name in html
    assert "Stelle woanders" not in html


def test_public_pages_work_without_login_and_without_javascript(
    client, portal, django_assert_max_num_queries
):
    m = portal.municipality
    for i in range(10):
        OfferFactory(municipality=m, title=f"Angebot {i}")
    EventFactory(municipality=m)
    with django_assert_max_num_queries(14):
        response = client.get(f"/ankommen/{m.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert portal.contact_phone in html and portal.contact_name in html
    # No script of our own: only the site-wide ones every page has.
    assert html.count("<script") == 2
    for path in (
        "angebote/",
        "geschichten/",
        "veranstaltungen/",
        "probewohnen/",
        "erhebungsbogen/",
        "willkommensbox/",
        "lebensphase/junge-familie/",
    ):
        assert client.get(f"/ankommen/{m.slug}/{path}").status_code == 200, path
    assert client.get(f"/ankommen/{m.slug}/lebensphase/erfunden/").status_code == 404


def test_unpublished_portal_is_hidden_but_previewable(client, staff_client, role_user, municipality):
    PortalFactory(municipality=municipality, is_published=False)
    assert client.get(f"/ankommen/{municipality.slug}/").status_code == 404
    assert client.get(f"/api/v1/portals/{municipality.slug}").status_code == 404
    preview = staff_client(role_user(Role.KOORDINATION, municipality))
    assert preview.get(f"/ankommen/{municipality.slug}/").status_code == 200


def test_english_version(client, portal):
    m = portal.municipality
    response = client.get(f"/ankommen/{m.slug}/?lang=en")
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in html and "What do you need right now?" in html and "Young families" in html
    # The choice is remembered for the next page, and ?lang=de switches back.
    assert "Send questionnaire" in client.get(f"/ankommen/{m.slug}/erhebungsbogen/").content.decode()
    assert (
        "Erhebungsbogen senden" in client.get(f"/ankommen/{m.slug}/erhebungsbogen/?lang=de").content.decode()
    )


@pytest.mark.usefixtures("official_data")
def test_key_figures_come_from_the_kommunalprofil(client, db):
    from leuchtfeuer.places.profile import build_profile

    malchin = Region.objects.get(ags="13071092")
    municipality = Municipality.objects.create(region=malchin, slug="malchin-test", display_name="Malchin")
    PortalFactory(municipality=municipality)
    html = client.get("/ankommen/malchin-test/").content.decode()
    profile = build_profile(malchin, with_map=False, with_peers=False)
    population = profile.indicator("population").value
    assert f"{population:,.0f}".replace(",", ".") in html
    assert "7.231" in html  # published by Destatis for 31.12.2023 (as in the Kommunalprofil test)


def test_partner_submits_and_the_lotse_publishes(staff_client, client, municipality, role_user, portal):
    partner = role_user(Role.PARTNER, municipality)
    offer = services.offer_create(
        actor=partner,
        municipality=municipality,
        publish=True,
        data={"kind": "job", "title": "Lagerist:in", "job_field": "handel"},
    )
    assert offer.status == "eingereicht" and offer.organisation is not None
    assert "Lagerist:in" not in client.get(f"/ankommen/{municipality.slug}/angebote/").content.decode()
    lotse = role_user(Role.LOTSE, municipality)
    with pytest.raises(ValidationError):
        services.offer_moderate(actor=lotse, offer=offer, decision="reject")  # a rejection needs a reason
    lc = staff_client(lotse)
    lc.post(
        f"/kommunen/{municipality.slug}/lotse/angebote/{offer.pk}/moderation/",
        {"decision": "publish", "note": ""},
    )
    assert "Lagerist:in" in client.get(f"/ankommen/{municipality.slug}/angebote/").content.decode()
    # A partner's later change goes back to moderation.
    services.offer_update(
        actor=partner, offer=Offer.objects.get(pk=offer.pk), data={"title": "Lagerist:in (m/w/d)"}
    )
    assert Offer.objects.get(pk=offer.pk).status == "eingereicht"


def test_partner_cannot_edit_another_organisations_offer(municipality, role_user):
    first = role_user(Role.PARTNER, municipality)
    second = role_user(Role.PARTNER, municipality)
    offer = services.offer_create(
        actor=first, municipality=municipality, data={"kind": "job", "title": "A", "job_field": "handel"}
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.offer_update(actor=second, offer=offer, data={"title": "B"})


def test_event_registration_respects_capacity(client, portal, django_capture_on_commit_callbacks):
    from django.core import mail

    event = EventFactory(municipality=portal.municipality, capacity=3)
    url = f"/ankommen/{portal.municipality.slug}/veranstaltungen/{event.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"name": "A", "email": "a@example.org", "persons": 2, "consent": "on"})
    assert ok.status_code == 302 and mail.outbox[-1].to == ["a@example.org"]
    too_many = client.post(url, {"name": "B", "email": "b@example.org", "persons": 2, "consent": "on"})
    assert too_many.status_code == 422
    assert "es sind nur noch 1 Plätze frei" in too_many.content.decode()
    again = client.post(url, {"name": "A", "email": "a@example.org", "persons": 1, "consent": "on"})
    assert "schon angemeldet" in again.content.decode()
    client.post(url, {"name": "C", "email": "c@example.org", "persons": 1, "consent": "on"})
    assert "Leider ausgebucht." in client.get(url).content.decode()
    assert event.registrations.count() == 2


def test_welcome_box_request_needs_consent(client, portal):
    url = f"/ankommen/{portal.municipality.slug}/willkommensbox/"
    data = {"name": "Neu", "email": "neu@example.org", "address": "Markt 1", "household": 2}
    assert client.post(url, data).status_code == 422
    assert client.post(url, data | {"consent": "on"}).status_code == 302
    assert portal.municipality.welcome_box_requests.get().consent.purpose == "welcome_box"


def test_api_lists_portals_and_offers_without_personal_data(client, portal):
    OfferFactory(municipality=portal.municipality, title="Pflege", is_demo=True)
    portals = client.get("/api/v1/portals").json()
    assert [p["slug"] for p in portals] == [portal.municipality.slug]
    detail = client.get(f"/api/v1/portals/{portal.municipality.slug}").json()
    assert (
        detail["title"] == portal.title and detail["key_figures"] == []
    )  # a synthetic town has no official data
    [offer] = client.get(f"/api/v1/portals/{portal.municipality.slug}/offers").json()
    assert offer["is_demo"] is True and offer["kind_label"] == "Stelle"
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/portals/{slug}/offers" in schema["paths"]


def test_case_page_shows_matched_offers_with_reasons(staff_client, case, lotse):
    case.inquiry.job_field = "gesundheit"
    case.inquiry.save()
    OfferFactory(municipality=case.municipality, title="Pflegefachkraft", job_field="gesundheit")
    OfferFactory(municipality=case.municipality, title="Informatik", job_field="it")
    html = (
        staff_client(lotse)
        .get(f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/")
        .content.decode()
    )
    assert "Pflegefachkraft" in html and "Informatik" not in html
    assert "Berufsfeld „Gesundheit und Pflege“ wie gewünscht" in html


def test_lotse_moves_a_case_through_the_pipeline_in_the_browserless_client(staff_client, case, lotse):
    client = staff_client(lotse)
    url = f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/"
    assert client.post(url + "stand/", {"stage": "besuch", "note": "Besuch am Samstag"}).status_code == 302
    assert client.post(url + "stand/", {"stage": "gibtsnicht"}).status_code == 422
    case.refresh_from_db()
    assert case.stage == "besuch" and case.notes.get().text == "Besuch am Samstag"
    assert client.post(url + "aufgabe/", {"title": "Rückruf", "due_on": str(TODAY())}).status_code == 302
    board = client.get(f"/kommunen/{case.municipality.slug}/lotse/").content.decode()
    assert "Rückruf" in board and f"Fall #{case.pk}" in board


def test_case_page_lists_the_persons_other_requests_in_the_town(staff_client, case, lotse):
    from leuchtfeuer.portal.tests.factories import TrialApplicationFactory

    TrialApplicationFactory(apartment__municipality=case.municipality, email=case.inquiry.email, name="Gast")
    TrialApplicationFactory(apartment__municipality=case.municipality, email="jemand.anders@example.org")
    event = EventFactory(municipality=case.municipality, title="Rückkehrertag im Mai", capacity=10)
    services.event_register(event=event, name="X", email=case.inquiry.email, persons=2, consent_given=True)
    html = (
        staff_client(lotse)
        .get(f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/")
        .content.decode()
    )
    assert "Weitere Anfragen dieser Person" in html
    assert "Angemeldet: Rückkehrertag im Mai" in html and html.count("Probewohnen <a") == 1


def test_case_is_handed_to_another_lotse_but_not_to_the_team(staff_client, case, lotse, role_user):
    colleague = role_user(Role.LOTSE, case.municipality, name="Kai Kollege")
    team = role_user(Role.TEAM, case.municipality)
    client = staff_client(lotse)
    url = f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/zustaendig/"
    assert client.post(url, {"lotse": team.pk}).status_code == 422  # not offered, not accepted
    assert client.post(url, {"lotse": colleague.pk}).status_code == 302
    case.refresh_from_db()
    assert case.lotse == colleague
    with pytest.raises(ValidationError):
        services.case_assign(actor=lotse, case=case, lotse=team)


def test_case_page_tells_the_lotse_that_the_person_can_read_her_notes(staff_client, case, lotse):
    html = (
        staff_client(lotse)
        .get(f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/")
        .content.decode()
    )
    assert "Die Person kann Ihre Notizen unter „Meine Daten“ lesen und herunterladen" in html
