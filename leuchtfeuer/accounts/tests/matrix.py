"""The shared shape of a role × permission matrix test.

A part's matrix names, per permission, the roles that hold it and whether it is checked on the
town or globally; `matrix_actor` (root conftest) makes a person of each role:

    MATRIX = {"core.view_audit_log": ({"koordination", "office", "admin"}, "town")}

    @pytest.mark.django_db
    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("perm", sorted(MATRIX))
    def test_role_matrix(perm, role, matrix_actor, municipality):
        assert_matrix(MATRIX, perm, role, matrix_actor, municipality)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# The town's roles (in the town under test), the office, the platform admin, a citizen without
# role, an anonymous visitor and a coordinator of another town.
TOWN_ROLES = ("koordination", "team", "beratung", "mentoring", "partner", "lotse")
ROLES = [*TOWN_ROLES, "office", "admin", "citizen", "anonymous", "stranger"]


def assert_matrix(
    matrix: Mapping[str, tuple[set[str], str]],
    perm: str,
    role: str,
    matrix_actor: Callable[[str], Any],
    municipality: Any,
) -> None:
    roles, scope = matrix[perm]
    target = municipality if scope == "town" else None
    assert matrix_actor(role).has_perm(perm, target) is (role in roles)
