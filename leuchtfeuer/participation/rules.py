"""Permissions of the participation part (object = Municipality or anything with municipality_id).

Residents act on public content when logged in; whether the current phase allows the action is
checked by the services (phases are data, see phases.py). Staff permissions per role:

| permission                  | admin | Koordination | Team | Beratung | others |
|-----------------------------|-------|--------------|------|----------|--------|
| manage_project              |  ✔    |  ✔           |  ✔   |          |        |
| moderate                    |  ✔    |  ✔           |  ✔   |          |        |
| answer_idea                 |  ✔    |  ✔           |  ✔   |          |        |
| view_ideas (staff list)     |  ✔    |  ✔           |  ✔   |          |        |
| manage_budget (rule, codes) |  ✔    |  ✔           |      |          |        |
| check_feasibility           |  ✔    |  ✔           |  ✔   |          |        |
| enter_paper_ballot          |  ✔    |  ✔           |  ✔   |          |        |
| publish_result              |  ✔    |  ✔           |      |          |        |
| manage_assembly (Bürgerrat) |  ✔    |  ✔           |      |          |        |
| view_assembly               |  ✔    |  ✔           |  ✔   |  ✔       |        |
| manage_youth                |  ✔    |  ✔           |  ✔   |          |        |
"""

import rules

from leuchtfeuer.accounts.roles import (
    is_authenticated,
    is_consultant,
    is_coordinator,
    is_platform_admin,
    is_team_member,
)

staff = is_platform_admin | is_coordinator | is_team_member
lead = is_platform_admin | is_coordinator

rules.add_perm("participation.manage_project", staff)
rules.add_perm("participation.moderate", staff)
rules.add_perm("participation.answer_idea", staff)
rules.add_perm("participation.view_ideas", staff)
rules.add_perm("participation.manage_budget", lead)
rules.add_perm("participation.check_feasibility", staff)
rules.add_perm("participation.enter_paper_ballot", staff)
rules.add_perm("participation.publish_result", lead)
rules.add_perm("participation.manage_assembly", lead)
rules.add_perm("participation.view_assembly", lead | is_team_member | is_consultant)
rules.add_perm("participation.manage_youth", staff)
rules.add_perm("participation.take_part", is_authenticated)
