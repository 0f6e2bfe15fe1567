"""Permissions of the knowledge and network part (django-rules).

Objects: a Municipality, or an Example (has `municipality_id`), HospitationRequest via its
municipality passed explicitly by the services.
"""

import rules

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.roles import (
    has_any_role,
    is_authenticated,
    is_consultant,
    is_coordinator,
    is_lotse,
    is_mentor,
    is_platform_admin,
    is_programme_office,
    is_team_member,
    roles_by_municipality,
)

TOWN_EDITABLE_STATES = ("entwurf", "ueberarbeiten")


@rules.predicate
def is_published(user, example) -> bool:
    return example is not None and getattr(example, "state", None) == "veroeffentlicht"


@rules.predicate
def is_editable_by_town(user, example) -> bool:
    return example is not None and getattr(example, "state", None) in TOWN_EDITABLE_STATES


is_office = is_platform_admin | is_programme_office
is_town_staff = is_coordinator | is_team_member

# --- Praxisbeispiele --------------------------------------------------------------------------
# object = Municipality (the submitting town)
rules.add_perm("knowledge.add_example", is_office | is_town_staff)
# object = Example
rules.add_perm("knowledge.view_example", is_published | is_office | is_town_staff | is_consultant)
rules.add_perm("knowledge.change_example", is_office | (is_town_staff & is_editable_by_town))
rules.add_perm("knowledge.submit_example", is_town_staff & is_editable_by_town)
rules.add_perm("knowledge.comment_example", is_office | is_town_staff | is_consultant)
rules.add_perm("knowledge.review_example", is_office)

# --- Umsetzungshilfen -------------------------------------------------------------------------
rules.add_perm("knowledge.manage_documents", is_office)

# --- Recommendations (object = Municipality): the same people as the internal dashboard -------
rules.add_perm(
    "knowledge.view_recommendations",
    is_office | is_town_staff | is_consultant | is_mentor | is_lotse,
)

# --- Network ----------------------------------------------------------------------------------
# object = Municipality
rules.add_perm("knowledge.edit_network_profile", is_office | is_coordinator)
rules.add_perm("knowledge.join_directory", is_coordinator | is_team_member | is_mentor)
rules.add_perm("knowledge.propose_tandem", is_office | is_coordinator)
rules.add_perm("knowledge.request_hospitation", is_coordinator | is_team_member)
rules.add_perm("knowledge.answer_hospitation", is_coordinator | is_team_member)
rules.add_perm("knowledge.view_hospitations", is_office | is_coordinator | is_team_member)
# global: contact details in the network directory are for the office and anyone with a role in a town
rules.add_perm("knowledge.view_network_contacts", is_office | has_any_role)


@rules.predicate
def is_coordinator_somewhere(user) -> bool:
    return any(Role.KOORDINATION.value in roles for roles in roles_by_municipality(user).values())


@rules.predicate
def is_town_staff_somewhere(user) -> bool:
    staff = {Role.KOORDINATION.value, Role.TEAM.value}
    return any(staff & set(roles) for roles in roles_by_municipality(user).values())


# global: who may open the Hospitationen and Tandems pages (and sees their links in the navigation)
rules.add_perm("knowledge.open_hospitations", is_office | is_town_staff_somewhere)
rules.add_perm("knowledge.open_tandems", is_office | is_coordinator_somewhere)
# global
rules.add_perm("knowledge.manage_tandems", is_office)
rules.add_perm("knowledge.manage_events", is_office)
rules.add_perm("knowledge.register_event", is_authenticated)
