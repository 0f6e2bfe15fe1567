"""Pages, exports and API of the matching agency as their users meet them."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.models import Authenticator
from openpyxl import load_workbook

from leuchtfeuer.accounts import totp
from leuchtfeuer.matching import services_proposals
from leuchtfeuer.matching.models import Proposal, Seeker, Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def do(user):
        if not Authenticator.objects.filter(user=user).exists():
            totp.activate(user, totp.generate_totp_secret())
        client.force_login(user)
        return client

    return do


def space_post(town, **overrides):
    data = {
        "entered_as": "eigentuemer", "municipality": town.pk, "title": "Laden am Markt", "kind": "laden",
        "area_m2": "85", "condition": "bezugsfertig", "rent_min": "450", "rent_max": "450",
        "available_from": "2027-01-01", "accessibility": "barrierefrei", "owner_name": "Erika Eigentümerin",
        "owner_email": "erika@example.org", "owner_consent": "on", "share": "on",
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_public_page_shows_counts_not_entries(client, open_space):
    page = client.get("/matching/").content.decode()
    assert "Angebote und Suchen nach Kreis" in page
    assert open_space.title not in page  # one space: below 5, suppressed
    assert "Noch keine Zahlen" in page


def test_owner_offers_a_space_with_consent(login, owner, town):
    client = login(owner)
    response = client.post("/matching/raum-anbieten/", space_post(town))
    space = Space.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/matching/raeume/{space.pk}/"
    assert space.status == "pruefung" and space.owner_consent_at is not None and space.visibility == "region"


def test_bad_input_is_refused_in_german_and_nothing_is_stored(login, owner, town):
    client = login(owner)
    response = client.post("/matching/raum-anbieten/", space_post(town, owner_consent=None))
    assert response.status_code == 422
    assert "Bitte willigen Sie ein" in response.content.decode()
    response = client.post("/matching/raum-anbieten/", space_post(town, area_m2="-5", rent_min="abc"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Fläche (m²)" in page and "Bitte prüfen Sie Ihre Eingaben" in page
    assert not Space.objects.exists()


def test_search_with_unknown_place_is_refused(login, maker):
    client = login(maker)
    response = client.post(
        "/matching/suche-eintragen/",
        {"kind": "projekt", "title": "Repair-Café", "place": "Xyzzyhausen", "radius_km": "25",
         "contact_name": "Paul", "contact_email": "paul@example.org", "consent": "on"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Keine Gemeinde „Xyzzyhausen“ gefunden" in response.content.decode()
    assert not Seeker.objects.exists()


def test_agency_proposes_and_contacts_appear_only_after_both_accept(
    login, client, agent, owner, maker, open_space, open_seeker
):
    login(agent)
    page = client.get("/matching/agentur/").content.decode()
    assert open_seeker.title in page and "passt: 60–150 m² gesucht, 85 m² frei" in page
    response = client.post(
        "/matching/agentur/vorschlagen/", {"space": open_space.pk, "seeker": open_seeker.pk}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    login(maker)
    url = f"/matching/vorschlaege/{proposal.pk}/"
    page = client.get(url).content.decode()
    assert "Warum es passt" in page and "erika@example.org" not in page
    client.post(f"{url}antwort/seeker/", {"accept": "1"})
    assert "erika@example.org" not in client.get(url).content.decode()
    login(owner)
    client.post(f"{url}antwort/space/", {"accept": "1"})
    page = client.get(url).content.decode()
    assert "paul@example.org" in page and "Kontaktdaten" in page
    login(maker)
    assert "erika@example.org" in client.get(url).content.decode()


def test_proposal_is_not_shown_to_others(login, agent, user_factory, open_space, open_seeker):
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    client = login(user_factory())
    assert client.get(f"/matching/vorschlaege/{proposal.pk}/").status_code == 403


def test_agency_pages_only_for_the_agency(client, login, user_factory):
    assert client.get("/matching/agentur/").status_code == 302  # to the login
    login(user_factory(is_programme_office=True))
    assert client.get("/matching/agentur/").status_code == 403


def test_exports(login, agent, open_space, open_seeker):
    services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    client = login(agent)
    text = client.get("/matching/agentur/vorschlaege.csv").content.decode("utf-8-sig")
    header, row = text.strip().splitlines()
    assert header.startswith("Nummer;Raum;Kommune;Suche") and "Ladenlokal am Markt" in row
    book = load_workbook(io.BytesIO(client.get("/matching/agentur/vorschlaege.xlsx").content))
    assert book.active["B2"].value == "Ladenlokal am Markt"


def test_town_page_for_its_staff_only(login, client, coordinator, town, neighbour, role_user, open_space):
    login(coordinator)
    page = client.get(f"/kommunen/{town.slug}/matching/").content.decode()
    assert open_space.title in page and "Standortangaben" in page
    response = client.post(
        f"/kommunen/{town.slug}/matching/standort/", {"rail_station": "on", "motorway_km": "-3"}
    )
    assert response.status_code == 422
    from leuchtfeuer.accounts.models import Role

    login(role_user(Role.KOORDINATION, neighbour))
    assert client.get(f"/kommunen/{town.slug}/matching/").status_code == 403
    page = client.get(f"/kommunen/{neighbour.slug}/matching/").content.decode()
    assert open_space.title in page  # a neighbour's shared offer, 36 km away


def test_api_counts_public_rest_needs_login(client, login, agent, maker, open_space, open_seeker):
    assert client.get("/api/v1/matching/counts").status_code == 200
    assert client.get("/api/v1/matching/spaces").status_code == 401
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    login(maker)
    data = client.get("/api/v1/matching/proposals").json()
    assert [p["id"] for p in data] == [proposal.pk] and data[0]["owner_contact"] is None
    assert client.get("/api/v1/matching/matches").status_code == 403
    assert client.get("/api/v1/matching/spaces").json() == []


def test_agency_does_not_see_a_towns_space_without_consent(login, client, agent, coordinator, town):
    from leuchtfeuer.matching import services
    from leuchtfeuer.matching.tests.conftest import space_data

    hidden = services.space_register(
        actor=coordinator,
        municipality=town,
        data=space_data(title="Scheune ohne Einwilligung"),
        entered_as="kommune",
    )
    login(agent)
    assert "Scheune ohne Einwilligung" not in client.get(f"/kommunen/{town.slug}/matching/").content.decode()
    assert client.get(f"/matching/raeume/{hidden.pk}/").status_code == 403
    login(coordinator)
    assert "Scheune ohne Einwilligung" in client.get(f"/kommunen/{town.slug}/matching/").content.decode()


def test_town_seeks_partners_for_a_shared_post(login, client, coordinator, town):
    login(coordinator)
    url = f"/kommunen/{town.slug}/matching/gemeinsame-stelle/"
    data = {"post": "klimaschutz", "contact_name": "Kora", "contact_email": "kora@example.org"}
    response = client.post(url, data)
    assert response.status_code == 422 and "Bitte willigen Sie ein" in response.content.decode()
    assert client.post(url, {**data, "consent": "on"}).status_code == 302
    seeker = Seeker.objects.get()
    assert (seeker.kind, seeker.municipality, seeker.post, seeker.status) == (
        "verbund",
        town,
        "klimaschutz",
        "pruefung",
    )
    assert "passende Verbünde berechnen" in client.get(f"/kommunen/{town.slug}/matching/").content.decode()


def test_agency_and_public_pages_have_a_fixed_number_of_queries(
    login, client, agent, owner, maker, town, django_assert_max_num_queries
):
    from leuchtfeuer.matching import services
    from leuchtfeuer.matching.tests.conftest import seeker_data, space_data

    def add(n):
        for i in range(n):
            space = services.space_register(
                actor=owner, municipality=town, data=space_data(title=f"Laden {n}-{i}"), entered_as="eigentuemer",
                owner_consent=True, share=True,
            )  # fmt: skip
            services.space_moderate(actor=agent, space=space, approve=True)
            seeker = services.seeker_register(
                actor=maker,
                kind="projekt",
                data=seeker_data(town.region, title=f"Suche {n}-{i}"),
                consent=True,
            )
            services.seeker_moderate(actor=agent, seeker=seeker, approve=True)
            services_proposals.proposal_send(actor=agent, space=space, seeker=seeker)

    login(agent)
    add(2)
    with django_assert_max_num_queries(25) as small:
        client.get("/matching/agentur/")
    add(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/matching/agentur/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/matching/").status_code == 200


def test_owner_edits_renews_and_closes(login, client, owner, maker, user_factory, open_space, open_seeker):
    from datetime import timedelta

    from django.utils import timezone

    login(user_factory())
    assert client.get(f"/matching/raeume/{open_space.pk}/bearbeiten/").status_code == 403
    login(owner)
    form = client.get(f"/matching/raeume/{open_space.pk}/bearbeiten/").content.decode()
    assert 'value="Ladenlokal am Markt"' in form
    data = {
        "title": "Ladenlokal am Markt", "kind": "laden", "area_m2": "95", "condition": "bezugsfertig",
        "rent_min": "400", "available_from": "2027-01-01", "accessibility": "barrierefrei", "owner_name": "Erika",
    }  # fmt: skip
    bad = client.post(f"/matching/raeume/{open_space.pk}/bearbeiten/", {**data, "rent_max": "100"})
    assert bad.status_code == 422 and "größer als der Wert „bis“" in bad.content.decode()
    assert client.post(f"/matching/raeume/{open_space.pk}/bearbeiten/", data).status_code == 302
    open_space.refresh_from_db()
    assert open_space.area_m2 == 95
    Space.objects.filter(pk=open_space.pk).update(expires_on=timezone.localdate() + timedelta(days=3))
    client.post(f"/matching/eintraege/raum/{open_space.pk}/verlaengern/")
    open_space.refresh_from_db()
    assert open_space.expires_on == timezone.localdate() + timedelta(days=365)
    login(maker)
    client.post(f"/matching/suchen/{open_seeker.pk}/beenden/")
    open_seeker.refresh_from_db()
    assert open_seeker.status == "geschlossen"


def test_a_merely_similar_place_name_is_offered_not_chosen(login, maker):
    """A misspelt name once became whichever town the search ranked first ('Xyzzyhausen' → some
    '…hausen'); now it is refused with the similar names as suggestions, a name as written is taken."""
    from leuchtfeuer.places.tests.factories import RegionFactory

    RegionFactory(name="Eyhausen", ags="99123001")
    client = login(maker)
    data = {"kind": "projekt", "title": "Repair-Café", "radius_km": "25", "contact_name": "Paul",
            "contact_email": "paul@example.org", "consent": "on"}  # fmt: skip
    response = client.post("/matching/suche-eintragen/", {**data, "place": "Eyhausn"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Keine Gemeinde „Eyhausn“ gefunden" in html and "Meinten Sie:" in html
    assert "Eyhausen (99123001)" in html
    assert not Seeker.objects.exists()
    response = client.post("/matching/suche-eintragen/", {**data, "place": "Eyhausen"})
    assert response.status_code == 302
    assert Seeker.objects.get().title == "Repair-Café"


def test_a_company_match_leads_to_the_regional_compensation(login, client, agent, maker, town, open_space):
    """Seed 004: a large settlement considers compensation for the region — the agency sees the way
    there beside every space matched to a company, with the town and the jobs filled in."""
    from leuchtfeuer.matching import services
    from leuchtfeuer.matching.tests.conftest import seeker_data

    company = services.seeker_register(
        actor=maker,
        kind="unternehmen",
        data=seeker_data(town.region, title="Werkstatt GmbH", employees=120),
        consent=True,
    )
    services.seeker_moderate(actor=agent, seeker=company, approve=True)
    login(agent)
    page = client.get("/matching/agentur/").content.decode()
    link = f"/matching/region/ausgleich/?gemeinde={town.region.ags}&amp;jobs=120"
    assert link in page and "120 Arbeitsplätze in" in page
    form = client.get(link.replace("&amp;", "&")).content.decode()  # the test town has no neighbours
    assert f'value="{town.region.ags}"' in form and 'value="120"' in form
