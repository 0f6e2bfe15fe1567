"""Every page of the Lotse's workspace answers, forms save through the services, partners see
only what is theirs; query counts of the busiest pages are pinned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.models import Offer, Portal, Story, TrialApplication
from leuchtfeuer.portal.tests.factories import (
    CaseFactory,
    EventFactory,
    OfferFactory,
    TrialApartmentFactory,
    TrialApplicationFactory,
)


@pytest.fixture
def filled(municipality, portal, case):
    apartment = TrialApartmentFactory(municipality=municipality)
    TrialApplicationFactory(apartment=apartment)
    event = EventFactory(municipality=municipality)
    offer = OfferFactory(municipality=municipality)
    story = Story.objects.create(municipality=municipality, title="Zurück", person_name="A", body="Text")
    return {"apartment": apartment, "event": event, "offer": offer, "story": story}


def test_every_workspace_page_answers(staff_client, lotse, municipality, filled, case):
    client = staff_client(lotse)
    base = f"/kommunen/{municipality.slug}/lotse/"
    paths = [
        "",
        f"faelle/{case.pk}/",
        "angebote/",
        "angebote/neu/",
        "angebote/import/",
        f"angebote/{filled['offer'].pk}/",
        "portal/",
        "geschichten/",
        "geschichten/neu/",
        f"geschichten/{filled['story'].pk}/",
        "veranstaltungen/",
        "veranstaltungen/neu/",
        f"veranstaltungen/{filled['event'].pk}/",
        "willkommensbox/",
        "probewohnen/",
        "probewohnen/neu/",
        f"probewohnen/{filled['apartment'].pk}/",
        f"probewohnen/{filled['apartment'].pk}/belegung/",
        "statistik/",
    ]
    for path in paths:
        assert client.get(base + path).status_code == 200, path
    dashboard = client.get(f"/kommunen/{municipality.slug}/").content.decode()
    assert "Lotsenbereich: Fälle" in dashboard


def test_pipeline_page_query_count_is_bounded(
    staff_client, lotse, municipality, django_assert_max_num_queries
):
    for _ in range(15):
        CaseFactory(inquiry__municipality=municipality)
    client = staff_client(lotse)
    with django_assert_max_num_queries(16):
        response = client.get(f"/kommunen/{municipality.slug}/lotse/")
    assert response.content.decode().count("Fall #") == 15


def test_lotse_creates_an_offer_and_a_portal_page_with_photo(staff_client, lotse, municipality, client):
    staff = staff_client(lotse)
    response = staff.post(
        f"/kommunen/{municipality.slug}/lotse/angebote/neu/",
        {
            "kind": "job",
            "title": "Hausmeister:in",
            "job_field": "handwerk",
            "publish": "on",
            "ends_on": str(timezone.localdate() + timedelta(days=30)),
        },
    )
    assert response.status_code == 302
    assert Offer.objects.get().status == "veroeffentlicht"
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (10, 10), (0, 0, 0)).save(buffer, format="PNG")
    photo = SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")
    data = {
        "title": "Ankommen hier",
        "contact_name": "Lotte",
        "contact_phone": "0123",
        "is_published": "on",
        "contact_photo": photo,
    }
    refused = staff.post(f"/kommunen/{municipality.slug}/lotse/portal/", data)
    assert refused.status_code == 422 and "Bitte beschreiben Sie das Foto" in refused.content.decode()
    photo.seek(0)
    ok = staff.post(
        f"/kommunen/{municipality.slug}/lotse/portal/", data | {"contact_photo_alt": "Lotte lacht"}
    )
    assert ok.status_code == 302
    assert Portal.objects.get().contact_photo
    assert client.get(f"/ankommen/{municipality.slug}/ansprechperson/foto").status_code == 200


def test_story_needs_consent_evidence_to_be_published(staff_client, lotse, municipality, portal, client):
    staff = staff_client(lotse)
    data = {
        "title": "Zurück nach Hause",
        "person_name": "Anna",
        "body": "Ich bin wieder da.",
        "is_published": "on",
    }
    refused = staff.post(f"/kommunen/{municipality.slug}/lotse/geschichten/neu/", data)
    assert refused.status_code == 422 and "Einwilligung" in refused.content.decode()
    staff.post(
        f"/kommunen/{municipality.slug}/lotse/geschichten/neu/",
        data | {"consent_evidence": "unterschrieben am 01.11.2026"},
    )
    story = Story.objects.get()
    assert story.is_published and story.consent.purpose == "story"
    assert "Zurück nach Hause" in client.get(f"/ankommen/{municipality.slug}/geschichten/").content.decode()
    staff.post(f"/kommunen/{municipality.slug}/lotse/geschichten/{story.pk}/widerruf/")
    story.refresh_from_db()
    assert not story.is_published and story.consent.withdrawn_at is not None
    assert (
        ">Zurück nach Hause</a>"
        not in client.get(f"/ankommen/{municipality.slug}/geschichten/").content.decode()
    )


def test_partner_sees_only_own_offers_and_no_cases(staff_client, client, role_user, municipality, case):
    partner = role_user(Role.PARTNER, municipality)
    OfferFactory(municipality=municipality, title="Fremdes Angebot")
    client.force_login(partner)  # partners are no staff role: no second factor needed
    page = client.get(f"/kommunen/{municipality.slug}/lotse/angebote/")
    assert page.status_code == 200 and "Fremdes Angebot" not in page.content.decode()
    assert client.get(f"/kommunen/{municipality.slug}/lotse/").status_code == 403
    assert client.get(f"/kommunen/{municipality.slug}/lotse/faelle/{case.pk}/").status_code == 403
    assert client.get(f"/kommunen/{municipality.slug}/lotse/statistik/").status_code == 403


def test_lotse_accepts_and_declines_trial_applications(
    staff_client, lotse, municipality, django_capture_on_commit_callbacks
):
    from django.core import mail

    apartment = TrialApartmentFactory(municipality=municipality)
    first = TrialApplicationFactory(apartment=apartment)
    second = TrialApplicationFactory(apartment=apartment, arrival=first.arrival + timedelta(days=2))
    staff = staff_client(lotse)
    url = f"/kommunen/{municipality.slug}/lotse/probewohnen/{apartment.pk}/bewerbungen/"
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"{url}{first.pk}/", {"decision": "accept"})
    assert mail.outbox[-1].to == [first.email] and "Zusage" in mail.outbox[-1].subject
    page = staff.post(f"{url}{second.pk}/", {"decision": "accept"}, follow=True).content.decode()
    assert "bereits vergeben" in page
    staff.post(f"{url}{second.pk}/", {"decision": "waitlist"})
    assert TrialApplication.objects.get(pk=second.pk).status == "warteliste"
