"""The programme office's Werkstatt views and the filled-in method kits: role × permission matrix.

Expected values written out from the product's role table (PRODUCT.md) — independent of rules.py:
a change of a rule must be a change of this table too.
"""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix

MATRIX = {
    "werkstatt.view_all_processes": ({"office", "admin"}, "global"),
    # any role in any town (the list then shows only her towns; "stranger" has a role elsewhere)
    "werkstatt.view_process_list": (
        {"koordination", "team", "beratung", "mentoring", "partner", "lotse", "stranger", "office", "admin"},
        "global",
    ),
    "werkstatt.view_office_overview": ({"office", "admin"}, "global"),
    "werkstatt.export_evaluation": ({"office", "admin"}, "global"),
    "werkstatt.download_town_kit": (
        {"koordination", "team", "beratung", "mentoring", "office", "admin"},
        "town",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)
