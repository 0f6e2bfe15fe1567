"""Permissions of the matching agency (django-rules).

Filled in by issue 17; the regional pages add their own rules below.
"""

from __future__ import annotations

import rules

from leuchtfeuer.accounts.roles import is_matching_agent, is_platform_admin

# Agency staff (User.is_matching_agent) or a platform admin; both must log in with a second
# factor (accounts.roles.has_staff_role, StaffTwoFactorMiddleware).
is_agency = is_matching_agent | is_platform_admin

rules.add_perm("matching.manage", is_agency)
