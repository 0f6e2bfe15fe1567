"""Permissions on roles in a municipality (object = Municipality)."""

import rules

from leuchtfeuer.accounts.roles import is_coordinator, is_platform_admin, is_programme_office

# Coordinators add and remove their own team and partner accounts.
rules.add_perm("accounts.manage_team", is_platform_admin | is_programme_office | is_coordinator)
# Coordinators, consultants and mentors are appointed by the programme office.
rules.add_perm("accounts.appoint_staff", is_platform_admin | is_programme_office)
# The audit log of a town (core.AuditEntry). Defined here because the rule rests on roles:
# core itself imports nothing above it.
rules.add_perm("core.view_audit_log", is_platform_admin | is_programme_office | is_coordinator)
