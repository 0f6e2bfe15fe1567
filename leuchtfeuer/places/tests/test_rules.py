"""Who may do what with municipalities: role × permission matrix (object = the town, or none for global permissions).

Expected values written out from the product's role table (PRODUCT.md) — independent of rules.py:
a change of a rule must be a change of this table too.
"""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix

MATRIX = {
    "places.view_dashboard": (
        {"koordination", "team", "beratung", "mentoring", "lotse", "office", "admin"},
        "town",
    ),
    "places.change_municipality": ({"koordination", "admin"}, "town"),
    "places.manage_ortsteile": ({"koordination", "team", "admin"}, "town"),
    "places.add_municipality": ({"office", "admin"}, "global"),
    "places.view_all_municipalities": ({"office", "admin"}, "global"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)
