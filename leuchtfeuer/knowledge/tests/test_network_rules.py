"""Hospitations in the peer network: who sees a town's requests (object = the town).

Expected values written out from the product's role table (PRODUCT.md) — independent of rules.py:
a change of a rule must be a change of this table too.
"""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix

MATRIX = {
    "knowledge.view_hospitations": ({"koordination", "team", "office", "admin"}, "town"),
    # contact details in the directory: anyone with a role in any town, and the office
    "knowledge.view_network_contacts": (
        {"koordination", "team", "beratung", "mentoring", "partner", "lotse", "office", "admin", "stranger"},
        "global",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)
