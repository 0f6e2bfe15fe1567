"""Who may read a town's audit log: role × permission matrix (object = the town).

Expected values written out from the product's role table (PRODUCT.md) — independent of rules.py:
a change of a rule must be a change of this table too.
"""

from __future__ import annotations

import pytest

from leuchtfeuer.accounts.tests.matrix import ROLES, assert_matrix

MATRIX = {
    "core.view_audit_log": ({"koordination", "office", "admin"}, "town"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_role_matrix(perm, role, matrix_actor, municipality):
    assert_matrix(MATRIX, perm, role, matrix_actor, municipality)
