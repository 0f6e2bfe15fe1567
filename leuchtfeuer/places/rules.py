"""Permissions on municipalities and their Ortsteile (object = Municipality)."""

import rules

from leuchtfeuer.accounts.roles import (
    is_consultant,
    is_coordinator,
    is_lotse,
    is_mentor,
    is_platform_admin,
    is_programme_office,
    is_team_member,
)

# The internal dashboard of one municipality.
rules.add_perm(
    "places.view_dashboard",
    is_platform_admin
    | is_programme_office
    | is_coordinator
    | is_team_member
    | is_consultant
    | is_mentor
    | is_lotse,
)
# Master data of the municipality (contact data) — the coordinator edits only her own.
rules.add_perm("places.change_municipality", is_platform_admin | is_coordinator)
# Ortsteile / Quartiere.
rules.add_perm("places.manage_ortsteile", is_platform_admin | is_coordinator | is_team_member)
# Registering a new municipality on the platform and the overview of all of them.
rules.add_perm("places.add_municipality", is_platform_admin | is_programme_office)
rules.add_perm("places.view_all_municipalities", is_platform_admin | is_programme_office)
