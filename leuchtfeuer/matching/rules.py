"""Permissions of the matching agency (django-rules).

Objects: Municipality (or anything with `municipality_id`, e.g. a Space) for town-side
permissions, Space, Seeker and Proposal for their own. Agency-wide permissions take no object.
Who may see a space outside its town also depends on the owner's consent: that is a fact of the
data, enforced in selectors.py and by a database constraint, and checked here too.
"""

from __future__ import annotations

import rules

from leuchtfeuer.accounts.roles import (
    is_consultant,
    is_coordinator,
    is_matching_agent,
    is_partner,
    is_platform_admin,
    is_team_member,
    roles_by_municipality,
)

# Agency staff (User.is_matching_agent) or a platform admin; both must log in with a second
# factor (accounts.roles.has_staff_role, StaffTwoFactorMiddleware).
is_agency = is_matching_agent | is_platform_admin
is_town_staff = is_coordinator | is_team_member


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_town_staff_anywhere(user) -> bool:
    """Coordinator or team member of some municipality (sees neighbours' shared offers)."""
    return any(roles & {"koordination", "team"} for roles in roles_by_municipality(user).values())


@rules.predicate
def entered_space(user, space) -> bool:
    return bool(_authenticated(user) and space is not None and space.created_by_id == user.pk)


@rules.predicate
def is_shared_space(user, space) -> bool:
    """The owner consented and the space is shared beyond the town (and it is still open)."""
    return bool(space is not None and space.owner_consent_at is not None and space.visibility == "region")


@rules.predicate
def has_owner_consent(user, space) -> bool:
    return bool(space is not None and space.owner_consent_at is not None)


@rules.predicate
def is_own_seeker(user, seeker) -> bool:
    if not _authenticated(user) or seeker is None:
        return False
    if seeker.person_id == user.pk:
        return True
    # A town's own search for a shared post belongs to its coordination.
    return bool(
        seeker.municipality_id
        and "koordination" in roles_by_municipality(user).get(seeker.municipality_id, ())
    )


@rules.predicate
def is_space_side(user, proposal) -> bool:
    """Decides for the space: who entered it, or the coordination/team of its town."""
    if not _authenticated(user) or proposal is None:
        return False
    space = proposal.space
    if space.created_by_id == user.pk:
        return True
    return bool(
        roles_by_municipality(user).get(space.municipality_id, frozenset()) & {"koordination", "team"}
    )


@rules.predicate
def is_seeker_side(user, proposal) -> bool:
    return bool(proposal is not None and is_own_seeker(user, proposal.seeker))


@rules.predicate
def both_accepted(user, proposal) -> bool:
    return bool(proposal is not None and proposal.contact_open)


# Public: anonymous counts per Kreis.
rules.add_perm("matching.view_public", rules.always_allow)
# Agency: all consented entries, proposals, moderation, programmes, exports.
rules.add_perm("matching.manage", is_agency)
# Registering: any logged-in account may offer a space (as owner) or register a search.
rules.add_perm("matching.add_space", rules.is_authenticated)
rules.add_perm("matching.add_seeker", rules.is_authenticated)
# A town's matching area (object = Municipality): its spaces, its matches, neighbours' offers.
rules.add_perm("matching.view_town", is_agency | is_town_staff | is_consultant)
rules.add_perm("matching.edit_town", is_town_staff)  # town facts, spaces entered by the town
rules.add_perm("matching.enter_for_town", is_town_staff | is_partner)  # object = Municipality
# Neighbours' offers: staff of any town see spaces shared beyond their town.
rules.add_perm("matching.view_offers", is_agency | is_town_staff_anywhere)
# One space (object = Space).
rules.add_perm(
    "matching.view_space",
    is_agency & is_shared_space
    | is_town_staff
    | is_consultant
    | entered_space
    | is_town_staff_anywhere & is_shared_space,
)
rules.add_perm("matching.change_space", is_town_staff | entered_space)
rules.add_perm("matching.moderate", is_agency)
# One search (object = Seeker).
rules.add_perm("matching.view_seeker", is_agency | is_own_seeker)
rules.add_perm("matching.change_seeker", is_own_seeker)
# Proposals (object = Proposal).
rules.add_perm("matching.view_proposal", is_agency | is_space_side | is_seeker_side)
rules.add_perm("matching.decide_space_side", is_space_side)
rules.add_perm("matching.decide_seeker_side", is_seeker_side)
rules.add_perm("matching.view_contacts", (is_space_side | is_seeker_side | is_agency) & both_accepted)
rules.add_perm("matching.close_proposal", is_agency)
# Regional tools (views_regional: compensation shares, Verbund proposals): agency and town staff.
rules.add_perm("matching.use_regional", is_agency | is_town_staff_anywhere)
