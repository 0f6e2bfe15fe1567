"""Pages of belonging/engagement: the offer form with details, the case section with
"vorschlagen", the person's answer page (CSRF, 422), pinned query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.models import EngagementDetails, EngagementIntroduction, Offer, SharedLivingDetails
from leuchtfeuer.portal.tests.factories import CaseFactory, OfferFactory
from leuchtfeuer.portal.tests.test_engagement import engagement_offer


def test_partner_creates_engagement_offer_through_the_form(client, role_user, municipality):
    verein = role_user(Role.PARTNER, municipality)
    client.force_login(verein)
    url = f"/kommunen/{municipality.slug}/lotse/angebote/neu/"
    form = client.get(url).content.decode()
    assert "Nur bei „Mitmachen und Ehrenamt“" in form and "Musik und Gesang" in form
    response = client.post(
        url,
        {
            "kind": "engagement",
            "title": "Freiwillige Feuerwehr Nord",
            "contact_name": "Wehrführerin",
            "contact_email": "wehr@example.org",
            "area": "feuerwehr",
            "interests": ["feuerwehr", "handwerk"],
            "hours_per_month": "8",
            "min_age": "16",
            "schedule": "jeden zweiten Montag, 19 Uhr",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.status == Offer.Status.SUBMITTED
    details = EngagementDetails.objects.get(offer=offer)
    assert details.interests == ["feuerwehr", "handwerk"] and details.min_age == 16
    assert not details.newcomers_welcome  # unchecked box
    # Editing shows the stored details again.
    edit = client.get(f"/kommunen/{municipality.slug}/lotse/angebote/{offer.pk}/").content.decode()
    assert 'value="jeden zweiten Montag, 19 Uhr"' in edit


def test_bad_engagement_input_answers_422_naming_the_field(staff_client, lotse, municipality):
    response = staff_client(lotse).post(
        f"/kommunen/{municipality.slug}/lotse/angebote/neu/",
        {"kind": "engagement", "title": "Chor", "contact_email": "c@example.org", "area": "verein"},
    )
    assert response.status_code == 422
    assert "passt zu Interessen: Bitte kreuzen Sie mindestens ein Interesse an" in response.content.decode()
    assert not Offer.objects.exists()


@pytest.fixture
def music_case(municipality, lotse):
    return CaseFactory(inquiry__municipality=municipality, inquiry__interests=["musik"], lotse=lotse)


def test_case_page_shows_matches_and_the_lotsin_suggests(
    staff_client,
    lotse,
    municipality,
    music_case,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    for i in range(6):
        engagement_offer(municipality, title=f"Chor {i}")
    for i in range(3):
        wg = OfferFactory(municipality=municipality, kind="azubi-wg", job_field="", title=f"WG {i}")
        SharedLivingDetails.objects.create(offer=wg, form="azubi-wg", rent_eur=Decimal("300"))
    client = staff_client(lotse)
    url = f"/kommunen/{municipality.slug}/lotse/faelle/{music_case.pk}/"
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as before:
        page = client.get(url).content.decode()
    assert len(before) <= 30  # 24 measured: the whole case page, all its sections
    assert "Mitmachen: passende Engagement-Angebote" in page
    assert "passt zu Ihren Interessen: Musik und Gesang" in page and page.count(">vorschlagen<") == 6
    first = Offer.objects.filter(kind="engagement").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}mitmachen/{first.pk}/vorschlagen/")
    assert response.status_code == 302 and response["Location"].endswith("#mitmachen")
    assert mail.outbox[-1].to == [music_case.inquiry.email]
    page = client.get(url).content.decode()
    assert "Antwort offen" in page and "schon vorgeschlagen" in page
    # The number of queries does not grow with the number of offers.
    for i in range(6, 12):
        engagement_offer(municipality, title=f"Chor {i}")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_team_member_may_not_suggest(staff_client, role_user, municipality, music_case):
    offer = engagement_offer(municipality)
    team = role_user(Role.TEAM, municipality)
    response = staff_client(team).post(
        f"/kommunen/{municipality.slug}/lotse/faelle/{music_case.pk}/mitmachen/{offer.pk}/vorschlagen/"
    )
    assert response.status_code == 403 and not EngagementIntroduction.objects.exists()


def test_person_answers_by_link_with_csrf(
    municipality, music_case, lotse, django_capture_on_commit_callbacks
):
    from leuchtfeuer.portal.belonging.engagement import services

    offer = engagement_offer(municipality, title="Gemischter Chor")
    intro = services.introduction_propose(actor=lotse, case=music_case, offer=offer, base_url="")
    url = f"/ankommen/mitmachen/vorschlag/{intro.token}/"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Gemischter Chor" in html and "Ja, Kontakt herstellen" in html
    assert browser.post(url, {"decision": "ja"}).status_code == 403  # no CSRF token
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, {"decision": "vielleicht", "csrfmiddlewaretoken": token}).status_code == 422
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(url, {"decision": "ja", "csrfmiddlewaretoken": token}, follow=True)
    assert "an die Kontaktperson weitergegeben" in done.content.decode()
    assert mail.outbox[-1].to == ["chor@example.org"]
    assert Client().get("/ankommen/mitmachen/vorschlag/falsch/").status_code == 404


def test_offer_list_query_count_is_pinned(client, municipality, portal, django_assert_max_num_queries):
    for i in range(5):
        engagement_offer(municipality, title=f"Verein {i}")
        wg = OfferFactory(municipality=municipality, kind="homesharing", job_field="", title=f"Zimmer {i}")
        SharedLivingDetails.objects.create(offer=wg, form="homesharing", help_hours_per_month=10)
    url = f"/ankommen/{municipality.slug}/angebote/"
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "ca. 4 Stunden im Monat" in page and "Mithilfe ca. 10 Stunden im Monat" in page


def test_erhebungsbogen_asks_for_interests_optionally_and_stores_them(client, portal):
    from leuchtfeuer.portal.models import Inquiry
    from leuchtfeuer.portal.tests.test_inquiry import post_form

    url = f"/ankommen/{portal.municipality.slug}/erhebungsbogen/"
    assert "Wofür interessieren Sie sich in Ihrer Freizeit?" in client.get(url).content.decode()
    easy = client.get(url, {"sprache": "leicht"}).content.decode()
    assert "Frei-Zeit" in easy and "Musik und Gesang" in easy
    assert "Zimmer in einer Azubi-WG" in client.get(url).content.decode()
    assert post_form(client, portal, interests=["musik", "sport"], housing_type="azubi-wg").status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.interests == ["musik", "sport"] and inquiry.housing_type == "azubi-wg"
    assert post_form(client, portal, email="b@example.org", interests=["golf"]).status_code == 422
    assert post_form(client, portal, email="c@example.org").status_code == 302  # the question is optional


def test_meine_daten_shows_and_exports_the_interests(music_case):
    from django.template.loader import render_to_string

    from leuchtfeuer.portal.selectors import person_export, person_records

    email = music_case.inquiry.email
    assert person_export(email)["inquiries"][0]["interests"] == ["Musik und Gesang"]
    html = render_to_string("portal/_my_data_body.html", {"records": person_records(email)})
    assert "Interessen in der Freizeit" in html and "Musik und Gesang" in html


def test_answer_page_in_english(municipality, music_case, lotse, django_capture_on_commit_callbacks):
    import re

    from leuchtfeuer.portal.belonging.engagement import services

    offer = engagement_offer(municipality, title="Gemischter Chor")
    intro = services.introduction_propose(actor=lotse, case=music_case, offer=offer, base_url="")
    url = f"/ankommen/mitmachen/vorschlag/{intro.token}/"
    browser = Client()

    def text(response) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())

    page = browser.get(url + "?lang=en")
    assert page.status_code == 200 and page["Content-Language"] == "en"
    html = text(page)
    assert "Suggestion to get involved: Gemischter Chor" in html and "Your decision" in html
    assert "Yes, put us in touch" in html and "No, thank you" in html
    assert "Ihre Entscheidung" not in html and "Ja, Kontakt herstellen" not in html
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(url, {"decision": "ja"}, follow=True)
    assert "Thank you! We have passed your name and e-mail address on to the contact person." in text(done)
