"""The public page "Mitmachen in <Ort>" and its API (issue 21): engagement offers by interest and
Ortsteil, coming Rückkehrertage, English and Leichte Sprache, no personal data in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leuchtfeuer.core.tests.easy import abbreviations, long_sentences
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.models import EngagementDetails, Event, Offer
from leuchtfeuer.portal.tests.factories import EventFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _engagement(municipality, title, *, interests, ortsteil=None, **kwargs):
    offer = OfferFactory(
        municipality=municipality,
        kind="engagement",
        job_field="",
        title=title,
        ortsteil=ortsteil,
        contact_name="Erika Ehrenamt",
        contact_email="chor@example.org",
        **kwargs,
    )
    EngagementDetails.objects.create(
        offer=offer,
        area="verein",
        interests=interests,
        sought="Stimmen aller Lagen",
        hours_per_month=6,
        schedule="dienstags ab 19 Uhr",
    )
    return offer


@pytest.fixture
def offers(portal):
    m = portal.municipality
    nord = Ortsteil.objects.create(municipality=m, name="Nordstadt")
    sued = Ortsteil.objects.create(municipality=m, name="Südheide")
    chor = _engagement(m, "Gemischter Chor", interests=["musik", "kultur"], ortsteil=nord)
    wehr = _engagement(m, "Jugendfeuerwehr", interests=["feuerwehr", "kinder"], ortsteil=sued)
    _engagement(m, "Abgelaufen", interests=["musik"], ends_on=timezone.localdate() - timedelta(days=1))
    _engagement(m, "Entwurf", interests=["musik"], status=Offer.Status.DRAFT)
    OfferFactory(municipality=m, title="Pflegefachkraft")  # a job, not an engagement offer
    return {"chor": chor, "wehr": wehr, "nord": nord, "sued": sued}


def _url(portal):
    return f"/ankommen/{portal.municipality.slug}/mitmachen/"


def test_page_lists_published_unexpired_engagement_offers(
    client, portal, offers, django_assert_max_num_queries
):
    EventFactory(
        municipality=portal.municipality, title="Rückkehrertag im Rathaus", kind=Event.Kind.RETURNEE_DAY
    )
    EventFactory(municipality=portal.municipality, title="Stadtführung", kind=Event.Kind.TOUR)
    with django_assert_max_num_queries(8):
        response = client.get(_url(portal))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Mitmachen in {portal.municipality.display_name}" in page
    assert "Gemischter Chor" in page and "Jugendfeuerwehr" in page
    assert "Abgelaufen" not in page and "Entwurf" not in page and "Pflegefachkraft" not in page
    assert "Stimmen aller Lagen" in page and "etwa 6 Stunden" in page and "dienstags ab 19 Uhr" in page
    assert "Erika Ehrenamt" in page and "Nordstadt" in page
    assert "Rückkehrertag im Rathaus" in page and "Stadtführung" not in page  # only gatherings
    assert f'href="/ankommen/{portal.municipality.slug}/willkommenspate/">Willkommenspat:in werden' in page


def test_filter_by_interest_and_ortsteil_with_a_plain_get_form(client, portal, offers):
    music = client.get(_url(portal), {"interest": "musik"}).content.decode()
    assert "Gemischter Chor" in music and "Jugendfeuerwehr" not in music
    sued = client.get(_url(portal), {"ortsteil": offers["sued"].pk}).content.decode()
    assert "Jugendfeuerwehr" in sued and "Gemischter Chor" not in sued
    none = client.get(_url(portal), {"interest": "musik", "ortsteil": offers["sued"].pk}).content.decode()
    assert "Zu dieser Auswahl gibt es gerade kein Angebot." in none
    assert '<form method="get"' in music and "<script" not in music.split("<main", 1)[1]


def test_empty_state_in_plain_german(client, portal):
    page = client.get(_url(portal)).content.decode()
    assert "Zurzeit gibt es hier noch keine Angebote zum Mitmachen." in page
    assert "Zurzeit keine Termine." in page


def test_linked_from_the_start_page_and_the_navigation(client, portal):
    page = client.get(f"/ankommen/{portal.municipality.slug}/").content.decode()
    assert page.count(f'href="{_url(portal)}"') == 2  # navigation and start page


def test_leichte_sprache(client, portal, offers):
    easy = client.get(_url(portal), {"sprache": "leicht"}).content.decode()
    assert "Gemischter Chor" in easy and "Das nennt man: Ehren-Amt." in easy
    assert 'name="sprache" value="leicht"' in easy  # the filter stays in Leichte Sprache
    assert not long_sentences(easy), long_sentences(easy)
    assert not abbreviations(easy), abbreviations(easy)
    start = client.get(f"/ankommen/{portal.municipality.slug}/", {"sprache": "leicht"}).content.decode()
    assert f"{_url(portal)}?sprache=leicht" in start


def test_unknown_town_is_404(client):
    assert client.get("/ankommen/gibt-es-nicht/mitmachen/").status_code == 404


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------


def test_api_engagement_offers_with_filters(client, portal, offers):
    slug = portal.municipality.slug
    data = client.get(f"/api/v1/portals/{slug}/engagement", {"interest": "musik"}).json()
    chor = offers["chor"]
    assert data == [
        {
            "id": chor.pk,
            "title": "Gemischter Chor",
            "description": "",
            "area": "verein",
            "area_label": "Verein",
            "interests": ["musik", "kultur"],
            "sought": "Stimmen aller Lagen",
            "skills": "",
            "hours_per_month": 6,
            "min_age": None,
            "max_age": None,
            "schedule": "dienstags ab 19 Uhr",
            "newcomers_welcome": True,
            "municipality": portal.municipality.display_name,
            "ortsteil": "Nordstadt",
            "place": "",
            "organisation": None,
            "contact_name": "Erika Ehrenamt",
            "contact_email": "chor@example.org",
            "contact_phone": "",
            "ends_on": None,
            "is_demo": False,
        }
    ]
    all_offers = client.get(f"/api/v1/portals/{slug}/engagement").json()
    assert sorted(o["title"] for o in all_offers) == ["Gemischter Chor", "Jugendfeuerwehr"]
    by_place = client.get(f"/api/v1/portals/{slug}/engagement", {"ortsteil": offers["sued"].pk}).json()
    assert [o["title"] for o in by_place] == ["Jugendfeuerwehr"]
    assert client.get(f"/api/v1/portals/{slug}/engagement", {"interest": "quatsch"}).status_code == 422


def test_api_unknown_town_is_404_in_german(client):
    response = client.get("/api/v1/portals/gibt-es-nicht/engagement")
    assert response.status_code == 404
    assert "Kein veröffentlichtes Portal" in response.content.decode()


def test_api_event_series(client, portal):
    start = timezone.now() + timedelta(days=5)
    head = EventFactory(
        municipality=portal.municipality,
        title="Rückkehrertag",
        starts_at=start,
        repeat="monatlich",
        capacity=10,
    )
    later = EventFactory(
        municipality=portal.municipality,
        title="Rückkehrertag",
        starts_at=start + timedelta(days=30),
        series=head,
    )
    data = client.get(f"/api/v1/portals/{portal.municipality.slug}/event-series").json()
    assert len(data) == 1
    item = data[0]
    assert (item["id"], item["repeat"], item["series_id"], item["free_places"]) == (
        head.pk,
        "monatlich",
        head.pk,
        10,
    )
    assert [d["id"] for d in item["further_dates"]] == [later.pk]
    assert "email" not in str(data) and "registrations" not in str(data)


def test_openapi_documents_the_mitmachen_paths(client):
    import re

    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/portals/{slug}/engagement" in paths
    assert any(re.search("engag|ehrenamt|mitmach|verein", p) for p in paths)


def test_english(client, portal, offers):
    start = timezone.now() + timedelta(days=4)
    head = EventFactory(
        municipality=portal.municipality, title="Returnee day", kind=Event.Kind.RETURNEE_DAY, starts_at=start
    )
    head.repeat = "monatlich"
    head.save()
    page = client.get(_url(portal), {"lang": "en"}).content.decode()
    assert f"Get involved in {portal.municipality.display_name}" in page
    assert "Ways to get involved" in page and "about 6 hours" in page and "Music and singing" in page
    assert "takes place monthly" in page and "Returnee days and welcome events" in page
    assert "Become a welcome buddy" in page
    events = client.get(
        f"/ankommen/{portal.municipality.slug}/veranstaltungen/", {"lang": "en"}
    ).content.decode()
    assert "takes place monthly" in events
    detail = client.get(f"/ankommen/{portal.municipality.slug}/veranstaltungen/{head.pk}/", {"lang": "en"})
    text = detail.content.decode()
    assert "Yes, I used to live here" in text and "The guide (Lots:in) may approach me" in text
    assert "I consent to the guide (Lotse) approaching me before or after the event." in text
