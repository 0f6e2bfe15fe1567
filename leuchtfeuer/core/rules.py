"""Permissions on cross-cutting records (object = Municipality)."""

import rules

from leuchtfeuer.accounts.roles import is_coordinator, is_platform_admin, is_programme_office

rules.add_perm("core.view_audit_log", is_platform_admin | is_programme_office | is_coordinator)
