"""Role × permission matrix of the finance simulator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.finance.models import FinanceRole, Scenario

pytestmark = pytest.mark.django_db

ROLES = ("owner", "other_user", "coordinator", "office", "admin", "finance_mv", "finance_th", "anonymous")
# The platform admin (superuser) has every permission (Django's ModelBackend).
# permission → roles that have it; object: the owner's private scenario, a shared one, or Land 13
EXPECTED = {
    "finance.use_simulator": set(ROLES) - {"anonymous"},
    "finance.save_scenario": set(ROLES) - {"anonymous"},
    ("finance.view_scenario", "private"): {"owner", "admin"},
    ("finance.view_scenario", "shared"): set(ROLES) - {"anonymous"},
    ("finance.change_scenario", "private"): {"owner", "admin"},
    ("finance.change_scenario", "shared"): {"owner", "admin"},
    ("finance.upload_criteria", "land13"): {"office", "admin", "finance_mv"},
    ("finance.upload_criteria", "land16"): {"office", "admin", "finance_th"},
}


@pytest.fixture
def world(user_factory, role_user, municipality):
    owner = user_factory()
    finance_mv = user_factory()
    FinanceRole.objects.create(user=finance_mv, land_code="13")
    finance_th = user_factory()
    FinanceRole.objects.create(user=finance_th, land_code="16")
    users = {
        "owner": owner,
        "other_user": user_factory(),
        "coordinator": role_user(Role.KOORDINATION, municipality),
        "office": user_factory(is_programme_office=True),
        "admin": user_factory(is_superuser=True, is_staff=True),
        "finance_mv": finance_mv,
        "finance_th": finance_th,
        "anonymous": AnonymousUser(),
    }
    common = {"owner": owner, "land_code": "13", "pot": Decimal("1000"), "weights": {"area": "1"}}
    objects = {
        "private": Scenario.objects.create(name="Privat", **common),
        "shared": Scenario.objects.create(name="Geteilt", shared=True, **common),
        "land13": "13",
        "land16": "16",
    }
    return users, objects


@pytest.mark.parametrize("key", sorted(EXPECTED, key=str))
def test_role_matrix(world, key):
    users, objects = world
    perm, obj_key = key if isinstance(key, tuple) else (key, None)
    obj = objects.get(obj_key) if obj_key else None
    allowed = {role for role, user in users.items() if user.has_perm(perm, obj)}
    assert allowed == EXPECTED[key]


def test_every_permission_of_the_part_is_in_the_matrix():
    import rules

    named = {name for name in rules.permissions.permissions if name.startswith("finance.")}
    covered = {k if isinstance(k, str) else k[0] for k in EXPECTED}
    assert named == covered
