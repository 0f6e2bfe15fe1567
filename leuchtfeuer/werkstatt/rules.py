"""Permissions of the Werkstatt process (object = Municipality, Process or anything with
`municipality_id`).

Who may do what (docs/werkstatt.md has the full matrix):
- Koordinator:in: everything in her town's process, including closing stages and adopting the plan.
- Team: edits the content (Kick-Off, Resilienz-Check, findings, workshops, ideas, plan, progress,
  tasks); cannot close stages or adopt the plan.
- Berater:in (assigned consultant): sees everything, comments, and may add and edit the
  qualitative findings of the Kommunalprofil stage (consultants often draft them with the town).
- Mentor:in: sees everything and comments.
- Geschäftsstelle (programme office): sees every process, comments; starts a process for a town.
- Bürger:innen and anonymous visitors: nothing internal.
Which content may be edited also depends on the open stage (werkstatt/stages.py); the services
check both.
"""

import rules

from leuchtfeuer.accounts.roles import (
    has_any_role,
    is_consultant,
    is_coordinator,
    is_mentor,
    is_platform_admin,
    is_programme_office,
    is_team_member,
)

can_view = (
    is_platform_admin | is_programme_office | is_coordinator | is_team_member | is_consultant | is_mentor
)

rules.add_perm("werkstatt.view_process", can_view)
rules.add_perm("werkstatt.view_all_processes", is_platform_admin | is_programme_office)
# The list of processes: everyone with a role in some town (it shows only her towns) and the office.
rules.add_perm("werkstatt.view_process_list", is_platform_admin | is_programme_office | has_any_role)
rules.add_perm("werkstatt.start_process", is_platform_admin | is_programme_office | is_coordinator)
rules.add_perm("werkstatt.advance_stage", is_platform_admin | is_coordinator)
rules.add_perm("werkstatt.manage_stage", is_platform_admin | is_coordinator)
rules.add_perm("werkstatt.edit_content", is_platform_admin | is_coordinator | is_team_member)
rules.add_perm("werkstatt.edit_findings", is_platform_admin | is_coordinator | is_team_member | is_consultant)
rules.add_perm("werkstatt.adopt_plan", is_platform_admin | is_coordinator)
rules.add_perm("werkstatt.manage_tasks", is_platform_admin | is_coordinator | is_team_member)
rules.add_perm("werkstatt.comment", can_view)
rules.add_perm("werkstatt.receive_ideas", is_platform_admin | is_coordinator | is_team_member)

# The reports register their permissions in their own module.
from leuchtfeuer.werkstatt.reports import rules as report_rules  # noqa: E402, F401
