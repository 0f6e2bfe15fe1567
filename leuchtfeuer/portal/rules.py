"""Permissions of the portal (object = Municipality or anything with `municipality_id`).

Cases hold personal data: only the town's Lotse and its coordinator see them — not the team,
not consultants, not the programme office, not even platform admins (they administrate the
platform, they do not advise people). Anonymous statistics are for the town's staff and the
programme office.
"""

import rules

from leuchtfeuer.accounts.privacy import rule_only
from leuchtfeuer.accounts.roles import (
    is_consultant,
    is_coordinator,
    is_lotse,
    is_partner,
    is_platform_admin,
    is_programme_office,
    is_team_member,
)

# Personal data of people who asked the town: cases, notes, tasks, e-mails, trial applications,
# event registrations and welcome-box requests.
rules.add_perm("portal.view_case", is_lotse | is_coordinator)
rules.add_perm("portal.change_case", is_lotse | is_coordinator)
# The portal's public content: page, stories, events, trial apartments.
rules.add_perm("portal.manage_portal", is_lotse | is_coordinator | is_team_member)
# Offers: partners and staff submit; the town (Lotse, coordinator) moderates and publishes.
rules.add_perm("portal.submit_offer", is_partner | is_lotse | is_coordinator | is_team_member)
rules.add_perm("portal.moderate_offer", is_lotse | is_coordinator)
# Anonymous statistics (Datenwissen).
rules.add_perm(
    "portal.view_statistics",
    is_lotse | is_coordinator | is_team_member | is_consultant | is_programme_office | is_platform_admin,
)


# Every portal permission is decided by its rule alone — platform admins get no blanket access
# (accounts.privacy: `user.has_perm` asks the rule alone, for superusers too).
rule_only(
    "portal.view_case",
    "portal.change_case",
    "portal.manage_portal",
    "portal.submit_offer",
    "portal.moderate_offer",
    "portal.view_statistics",
)


# --- Willkommenspat:innen (issue 21, belonging/buddies) -----------------------------------------
# Buddies' sign-ups (name, contact, about me) and their pairings with cases are personal data:
# the town's Lots:in and coordination confirm, pause and end buddies and pair them with cases.
rules.add_perm("portal.manage_buddies", is_lotse | is_coordinator)
rules.add_perm("portal.pair_buddies", is_lotse | is_coordinator)
rule_only("portal.manage_buddies", "portal.pair_buddies")

# --- Belonging: engagement (issue 21) ---------------------------------------------------------
# Suggesting an engagement offer to the person of a case reads and writes her case: the town's
# Lots:in and coordinator only. Engagement and shared-living offers themselves use submit_offer /
# moderate_offer like every offer.
rules.add_perm("portal.suggest_engagement", is_lotse | is_coordinator)
rule_only("portal.suggest_engagement")
