"""Azubi-WG and Wohnen für Hilfe (issue 21): their own fields, the town's legal note with every
offer, and no publication without that note."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.portal.belonging.engagement import selectors, services
from leuchtfeuer.portal.models import Offer, Portal, SharedLivingDetails
from leuchtfeuer.portal.offers import services as offer_services
from leuchtfeuer.portal.tests.factories import CaseFactory, OfferFactory

NOTE = "Wohnen für Hilfe ist kein Arbeitsverhältnis. Bitte schließen Sie einen schriftlichen Vertrag."
HOMESHARING = {
    "rooms": 1,
    "room_size_m2": 16,
    "rent_eur": Decimal("120.00"),
    "help_hours_per_month": 20,
    "help_tasks": "Einkaufen, Garten",
    "host": "Seniorin, 78, mit Hund",
    "for_trainees": False,
    "living_max_age": None,
}


def data(kind="homesharing"):
    return {"kind": kind, "title": "Zimmer gegen Gartenhilfe", "contact_email": "haus@example.org"}


def test_wohnen_fuer_hilfe_needs_the_agreed_hours(lotse, municipality):
    with pytest.raises(ValidationError) as err:
        services.offer_save(
            actor=lotse,
            municipality=municipality,
            data=data(),
            details=HOMESHARING | {"help_hours_per_month": None},
        )
    assert "vereinbarte Mithilfe" in err.value.message_dict["help_hours_per_month"][0]
    assert not Offer.objects.exists()


def test_no_publication_without_the_towns_legal_note(lotse, municipality, portal):
    with pytest.raises(ValidationError, match="Portalseite"):
        services.offer_save(
            actor=lotse, municipality=municipality, data=data(), details=HOMESHARING, publish=True
        )
    assert not Offer.objects.exists()
    # Submitted without publishing it is kept; the town publishes once its note is there.
    offer = services.offer_save(actor=lotse, municipality=municipality, data=data(), details=HOMESHARING)
    with pytest.raises(ValidationError, match="rechtlichen Hinweis"):
        offer_services.offer_moderate(actor=lotse, offer=offer, decision="publish")
    Portal.objects.filter(pk=portal.pk).update(shared_living_note=NOTE)
    offer_services.offer_moderate(actor=lotse, offer=offer, decision="publish")
    details = SharedLivingDetails.objects.get(offer=offer)
    assert (details.form, details.help_hours_per_month, details.rent_eur) == (
        "homesharing",
        20,
        Decimal("120.00"),
    )


def test_detail_page_shows_fields_in_words_and_the_legal_note(client, municipality, portal):
    Portal.objects.filter(pk=portal.pk).update(shared_living_note=NOTE)
    offer = OfferFactory(
        municipality=municipality, kind="homesharing", job_field="", title="Zimmer bei Frau M."
    )
    SharedLivingDetails.objects.create(
        offer=offer,
        form="homesharing",
        rent_eur=Decimal("1120.5"),
        help_hours_per_month=20,
        help_tasks="Garten",
        host="Seniorin, 78",
    )
    page = client.get(f"/ankommen/{municipality.slug}/angebote/{offer.pk}/").content.decode()
    assert "Wohnen für Hilfe" in page and "1.120,50 € im Monat, warm" in page
    assert "ca. 20 Stunden im Monat: Garten" in page and "Seniorin, 78" in page
    assert NOTE in page and "homesharing" not in page.replace(f"/{offer.pk}/", "")
    listing = client.get(f"/ankommen/{municipality.slug}/angebote/").content.decode()
    assert "1.120,50 € im Monat, warm" in listing and "Mithilfe ca. 20 Stunden im Monat" in listing


def test_the_town_enters_its_note_on_the_portal_page(staff_client, lotse, municipality, portal):
    client = staff_client(lotse)
    url = f"/kommunen/{municipality.slug}/lotse/portal/"
    assert "Rechtlicher Hinweis zu Azubi-WG" in client.get(url).content.decode()
    client.post(url, {"title": portal.title, "shared_living_note": NOTE})
    assert Portal.objects.get(pk=portal.pk).shared_living_note == NOTE


def test_trainee_case_sees_azubi_wg_with_reasons(municipality, lotse):
    case = CaseFactory(inquiry__municipality=municipality, inquiry__life_phase="jugend", lotse=lotse)
    wg = OfferFactory(municipality=municipality, kind="azubi-wg", job_field="", title="Azubi-WG am Bahnhof")
    SharedLivingDetails.objects.create(offer=wg, form="azubi-wg", for_trainees=True)
    OfferFactory(municipality=municipality, kind="wohnung", job_field="")
    [(offer, match)] = selectors.case_living_matches(case)
    assert offer == wg and match.reasons == ["für Auszubildende gedacht"]
    # A retired person who asked for a flat gets no Azubi-WG.
    older = CaseFactory(
        inquiry__municipality=municipality, inquiry__life_phase="ruhestand", inquiry__housing_type="wohnung"
    )
    assert selectors.case_living_matches(older) == []


def test_partner_form_shows_fields_and_bad_input_answers_422(client, role_user, municipality, portal):
    verein = role_user(Role.PARTNER, municipality)
    client.force_login(verein)
    url = f"/kommunen/{municipality.slug}/lotse/angebote/neu/"
    form = client.get(url).content.decode()
    assert "Nur bei Azubi-WG und Wohnen für Hilfe" in form and "vereinbarte Mithilfe" in form
    response = client.post(url, {"kind": "homesharing", "title": "Zimmer", "contact_email": "a@example.org"})
    assert response.status_code == 422
    assert "Bei Wohnen für Hilfe gehören die vereinbarten Stunden" in response.content.decode()
    assert not Offer.objects.exists()


def test_housing_filter_lists_shared_living(client, municipality, portal):
    OfferFactory(municipality=municipality, kind="azubi-wg", job_field="", title="WG-Zimmer am Bahnhof")
    OfferFactory(municipality=municipality, kind="homesharing", job_field="", title="Zimmer bei Familie K.")
    OfferFactory(municipality=municipality, kind="job", title="Tischlerin")
    page = client.get(f"/ankommen/{municipality.slug}/angebote/", {"kind": "wohnen"}).content.decode()
    assert "WG-Zimmer am Bahnhof" in page and "Zimmer bei Familie K." in page and "Tischlerin" not in page
