from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.matching import services


@pytest.fixture
def town(municipality_factory, region_factory):
    # Malchin's official centre (Gemeindeverzeichnis) – distances in reasons come from it.
    return municipality_factory(region=region_factory(lat=53.739434, lon=12.762134, kreis_code="13071"))


@pytest.fixture
def neighbour(municipality_factory, region_factory):
    # Neubrandenburg's centre, 36 km from Malchin.
    return municipality_factory(region=region_factory(lat=53.557345, lon=13.25996, kreis_code="13071"))


@pytest.fixture
def agent(user_factory):
    return user_factory(is_matching_agent=True, email="agentur@example.org")


@pytest.fixture
def coordinator(role_user, town):
    return role_user(Role.KOORDINATION, town, email="koordination@example.org")


@pytest.fixture
def owner(user_factory):
    return user_factory(email="eigentuemerin@example.org")


@pytest.fixture
def maker(user_factory):
    return user_factory(email="projekt@example.org")


def space_data(**overrides):
    data = {
        "title": "Ladenlokal am Markt",
        "kind": "laden",
        "description": "",
        "area_m2": 85,
        "condition": "renovierung",
        "rent_min": 450,
        "rent_max": 450,
        "price_min": None,
        "price_max": None,
        "available_from": timezone.localdate(),
        "available_until": None,
        "accessibility": "barrierefrei",
        "features": ["schaufenster"],
        "ortsteil": None,
        "exact_location_consent": False,
        "lat": None,
        "lon": None,
        "owner_name": "Erika Eigentümerin",
        "owner_email": "erika@example.org",
        "owner_phone": "03994 12345",
    }
    data.update(overrides)
    return data


def seeker_data(place, **overrides):
    data = {
        "title": "Repair-Café",
        "description": "",
        "sector": "soziales",
        "contact_name": "Paul Projekt",
        "contact_email": "paul@example.org",
        "contact_phone": "0170 1234567",
        "space_kinds": ["laden"],
        "area_min_m2": 60,
        "area_max_m2": 150,
        "budget_max": 500,
        "needed_from": timezone.localdate() + timedelta(days=7),
        "needed_until": None,
        "place": place,
        "radius_km": 25,
        "kreise": [],
        "needs_accessible": False,
        "required_features": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def open_space(owner, agent, town):
    space = services.space_register(
        actor=owner,
        municipality=town,
        data=space_data(),
        entered_as="eigentuemer",
        owner_consent=True,
        share=True,
    )
    return services.space_moderate(actor=agent, space=space, approve=True)


@pytest.fixture
def open_seeker(maker, agent, town):
    seeker = services.seeker_register(
        actor=maker, kind="projekt", data=seeker_data(town.region), consent=True
    )
    return services.seeker_moderate(actor=agent, seeker=seeker, approve=True)
