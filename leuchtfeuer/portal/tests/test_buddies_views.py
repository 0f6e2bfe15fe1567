"""Willkommenspat:innen in the browser's terms: sign-up page (422 in German), confirmation, each
side's link, the Lots:in's list and case page; the role matrix of the new permissions."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix
from leuchtfeuer.places.models import Ortsteil
from leuchtfeuer.portal.belonging.buddies import pairings, services
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing
from leuchtfeuer.portal.models import Consent

MATRIX = {
    "portal.manage_buddies": ({"koordination", "lotse"}, "town"),
    "portal.pair_buddies": ({"koordination", "lotse"}, "town"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)


def form_data(**overrides):
    data = {
        "name": "Paula Pate",
        "email": "paula@example.org",
        "languages": "Deutsch, Englisch",
        "capacity": "2",
        "interests": ["sport", "musik"],
        "about": "Ich singe im Chor.",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_signup_page_answers_without_login_and_shows_the_consent_text(client, portal):
    response = client.get(f"/ankommen/{portal.municipality.slug}/willkommenspate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "erst, wenn wir beide zugestimmt haben" in html
    assert "Meine Daten" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"capacity": "7"},
            "Wie viele neue Menschen möchten Sie gleichzeitig begleiten?: Bitte geben Sie an",
        ),
        ({"consent": None}, "Ich willige in die Verarbeitung wie beschrieben ein: Ohne Ihre Einwilligung"),
        ({"languages": ""}, "Sprachen, die Sie sprechen: Bitte nennen Sie mindestens eine Sprache"),
    ],
)
def test_bad_signup_answers_422_in_german_naming_the_field(client, portal, overrides, message):
    response = client.post(f"/ankommen/{portal.municipality.slug}/willkommenspate/", form_data(**overrides))
    assert response.status_code == 422
    assert message in re.sub(r"<[^>]+>", "", response.content.decode())
    assert not Buddy.objects.exists()


def test_double_signup_is_refused_with_422(client, portal):
    url = f"/ankommen/{portal.municipality.slug}/willkommenspate/"
    assert client.post(url, form_data()).status_code == 302
    response = client.post(url, form_data(email="PAULA@example.org"))
    assert response.status_code == 422
    assert (
        "Mit dieser E-Mail-Adresse ist hier schon eine Patenschaft angemeldet." in response.content.decode()
    )
    assert Buddy.objects.count() == 1


def test_signup_confirm_and_lotsin_confirms(
    client, portal, staff_client, lotse, django_capture_on_commit_callbacks
):
    slug = portal.municipality.slug
    ortsteil = Ortsteil.objects.create(municipality=portal.municipality, name="Raumland")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ankommen/{slug}/willkommenspate/", form_data(ortsteil=str(ortsteil.pk)))
    assert response.status_code == 302 and response["Location"].endswith("/willkommenspate/gesendet/")
    found = re.search(r"https?://\S+/ankommen/pate-bestaetigen/\S+", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)
    path = link.split("testserver", 1)[1]
    assert "bestätigen" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 200
    buddy = Buddy.objects.get()
    assert buddy.consent.confirmed_at is not None and buddy.ortsteil == ortsteil
    staff = staff_client(lotse)
    page = staff.get(f"/kommunen/{slug}/lotse/willkommenspaten/")
    assert page.status_code == 200 and "Paula Pate" in page.content.decode()
    response = staff.post(f"/kommunen/{slug}/lotse/willkommenspaten/{buddy.pk}/stand/", {"status": "aktiv"})
    assert response.status_code == 302
    buddy.refresh_from_db()
    assert buddy.status == "aktiv"


def test_team_member_gets_no_buddy_list(staff_client, role_user, municipality):
    member = role_user("team", municipality)
    assert (
        staff_client(member).get(f"/kommunen/{municipality.slug}/lotse/willkommenspaten/").status_code == 403
    )


@pytest.fixture
def buddy(municipality, lotse):
    b = services.buddy_signup(
        municipality=municipality,
        email="paula@example.org",
        data={
            "name": "Paula Pate",
            "languages": "Deutsch, Englisch",
            "capacity": 2,
            "phone": "0151 111",
            "interests": ["sport"],
            "about": "Chor",
        },
        consent_given=True,
        base_url="",
    )
    Consent.objects.filter(pk=b.consent_id).update(confirmed_at=timezone.now())
    return services.buddy_set_status(actor=lotse, buddy=b, status="aktiv")


def test_case_page_suggests_proposes_and_shows_contacts_only_after_both_accepted(
    client, staff_client, lotse, case, buddy
):
    case.inquiry.interests = ["sport"]
    case.inquiry.save()
    staff = staff_client(lotse)
    url = f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/"
    html = staff.get(url + "?sprachen=Englisch").content.decode()
    assert "spricht Englisch" in html and "gemeinsame Interessen: Sport und Bewegung" in html
    response = staff.post(url + "patenschaft/vorschlagen/", {"buddy": buddy.pk})
    assert response.status_code == 302
    pairing = BuddyPairing.objects.get()
    assert "paula@example.org" not in staff.get(url).content.decode()
    # The newcomer's link shows the buddy's first name and profile, never her contact details.
    page = client.get(f"/ankommen/patenschaft/{pairing.newcomer_token}/").content.decode()
    assert "Paula" in page and "Chor" in page and "paula@example.org" not in page and "0151" not in page
    assert (
        client.post(f"/ankommen/patenschaft/{pairing.newcomer_token}/", {"decision": "accept"}).status_code
        == 302
    )
    assert (
        client.post(f"/ankommen/patenschaft/{pairing.buddy_token}/", {"decision": "accept"}).status_code
        == 302
    )
    pairing.refresh_from_db()
    assert pairing.status == "aktiv"
    assert "paula@example.org" in staff.get(url).content.decode()


def test_end_without_reason_answers_422_in_german(staff_client, lotse, case, buddy):
    pairing = pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
    url = f"/kommunen/{case.municipality.slug}/lotse/faelle/{case.pk}/patenschaft/{pairing.pk}/beenden/"
    response = staff_client(lotse).post(url, {"end_reason": ""})
    assert response.status_code == 422
    assert "Grund: Bitte geben Sie einen Grund für das Ende an." in re.sub(
        r"<[^>]+>", "", response.content.decode()
    )
    pairing.refresh_from_db()
    assert pairing.status == "vorgeschlagen"


def test_unknown_pairing_link_answers_404_in_german(client, db):
    response = client.get("/ankommen/patenschaft/falsch/")
    assert response.status_code == 404 and "Dieser Link ist ungültig" in response.content.decode()


def test_a_link_without_a_decision_answers_422(client, lotse, case, buddy):
    pairing = pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
    response = client.post(f"/ankommen/patenschaft/{pairing.buddy_token}/", {})
    assert response.status_code == 422 and "Bitte wählen Sie" in response.content.decode()


def test_buddy_list_query_count_does_not_grow_with_buddies(
    staff_client, lotse, municipality, django_assert_max_num_queries
):
    client = staff_client(lotse)
    url = f"/kommunen/{municipality.slug}/lotse/willkommenspaten/"
    for i in range(2):
        services.buddy_signup(
            municipality=municipality,
            email=f"p{i}@example.org",
            data={"name": f"Pat {i}", "languages": "Deutsch", "capacity": 1},
            consent_given=True,
            base_url="",
        )
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(2, 12):
        services.buddy_signup(
            municipality=municipality,
            email=f"p{i}@example.org",
            data={"name": f"Pat {i}", "languages": "Deutsch", "capacity": 1},
            consent_given=True,
            base_url="",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Pat 11" in client.get(url).content.decode()


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_signup_and_its_confirmation_pages_in_english(client, portal, django_capture_on_commit_callbacks):
    url = f"/ankommen/{portal.municipality.slug}/willkommenspate/"
    page = client.get(url + "?lang=en")
    assert page.status_code == 200 and page["Content-Language"] == "en"
    text = _text(page)
    assert "Sign up as a welcome buddy" in text and "Languages you speak" in text
    assert "How many newcomers would you like to accompany at the same time?" in text and "1 to 5" in text
    assert "Willkommenspat:in werden" not in text and "Sprachen, die Sie sprechen" not in text
    # The language stays chosen (cookie): a bad answer is refused in English, naming the field.
    bad = client.post(url, form_data(languages=""))
    assert bad.status_code == 422
    assert "Languages you speak: Please name at least one language you speak." in _text(bad)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, form_data())
    assert done.status_code == 302 and done["Location"].endswith("/willkommenspate/gesendet/")
    assert "Please confirm your sign-up as a welcome buddy in" in mail.outbox[-1].subject
    assert "Please confirm within 7 days that the sign-up is yours" in mail.outbox[-1].body
    sent = client.get(done["Location"])
    assert "Thank you! Please confirm your e-mail address" in _text(sent)
    assert "The link is valid for 7 days." in _text(sent)


def test_pairing_page_in_english(client, lotse, case, buddy):
    pairing = pairings.pairing_propose(actor=lotse, case=case, buddy=buddy)
    url = f"/ankommen/patenschaft/{pairing.newcomer_token}/?lang=en"
    text = _text(client.get(url))
    assert f"Welcome buddy in {case.municipality.display_name}" in text
    assert "First name Paula" in text and "Languages Deutsch, Englisch" in text
    assert "Contact details (e-mail, phone) are only exchanged once you have both accepted." in text
    assert "Accept" in text and "Decline" in text and "Zusagen" not in text
    # Without a decision: the message in English too.
    assert "Please choose “Accept” or “Decline”." in _text(client.post(url, {}))
