"""Permissions on scenarios (object = Municipality or Scenario; both resolve to the town).

The town's coordinator and team write scenarios; the programme office and the town's
consultants read them; the public sees only the baseline projection on the Kommunalprofil.
"""

import rules

from leuchtfeuer.accounts.roles import (
    is_consultant,
    is_coordinator,
    is_platform_admin,
    is_programme_office,
    is_team_member,
)

can_write = is_platform_admin | is_coordinator | is_team_member
can_read = can_write | is_programme_office | is_consultant

rules.add_perm("projections.view_scenario", can_read)
rules.add_perm("projections.add_scenario", can_write)
rules.add_perm("projections.change_scenario", can_write)
rules.add_perm("projections.delete_scenario", can_write)
