"""Permissions of the matching agency (django-rules).

Filled in by issue 17; the regional pages add their own rules below.
"""

from __future__ import annotations

import rules

from leuchtfeuer.accounts.roles import is_platform_admin, is_programme_office

# Agency staff: the programme office (or a platform admin); 2FA is enforced for staff roles by
# StaffTwoFactorMiddleware.
is_agency = is_programme_office | is_platform_admin

rules.add_perm("matching.manage", is_agency)
