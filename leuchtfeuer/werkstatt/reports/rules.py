"""Permissions of the Werkstatt reports (Zwischenbilanz PDF, Kurzbericht, office overview, kits).

Imported by `werkstatt/rules.py` (and so wherever the permissions are loaded); the
process permissions themselves live in `werkstatt/rules.py`.

- Zwischenbilanz and Kurzbericht (read, download PDF/DOCX/ODT): everyone who sees the process –
  Koordinator:in, Team, Berater:in, Mentor:in of the town, the programme office.
- Kurzbericht text: Koordinator:in and Team write it; only the Koordinator:in submits it.
- The programme office (Geschäftsstelle) sets the due dates, accepts or returns a Kurzbericht,
  sees the cross-municipality overview and exports the evaluation table.
- Method kits with the town's data filled in: everyone who sees the process; the blank kits are
  public (they contain no personal data).
Citizens and anonymous visitors see nothing internal.
"""

import rules

from leuchtfeuer.accounts.roles import (
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
office = is_platform_admin | is_programme_office

rules.add_perm("werkstatt.view_reports", can_view)
rules.add_perm("werkstatt.edit_report", is_platform_admin | is_coordinator | is_team_member)
rules.add_perm("werkstatt.submit_report", is_platform_admin | is_coordinator)
rules.add_perm("werkstatt.review_report", office)
rules.add_perm("werkstatt.schedule_reports", office)
rules.add_perm("werkstatt.view_office_overview", office)
rules.add_perm("werkstatt.export_evaluation", office)
rules.add_perm("werkstatt.download_town_kit", can_view)
