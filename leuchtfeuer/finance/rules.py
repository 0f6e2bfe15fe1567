"""Permissions of the finance simulator (django-rules).

* Any signed-in person may run scenarios on the official data and save their own (a ministry,
  a Städte- und Gemeindebund, a programme office, a town); anonymous visitors see the
  introduction only.
* A saved scenario belongs to its owner: only they change or delete it. They may share it; a
  shared scenario is visible to every signed-in person (e.g. a ministry's proposal).
* The Land's own criterion figures (Ortsteile, road km, topography, tax capacity) are uploaded by
  the programme office or by a Finanzreferent:in of that Land (`FinanceRole`, granted in the
  admin). Object: the two-digit Land code.
"""

from __future__ import annotations

import rules

from leuchtfeuer.accounts.roles import is_platform_admin, is_programme_office


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_scenario_owner(user, scenario) -> bool:
    return bool(is_signed_in(user) and scenario is not None and scenario.owner_id == user.pk)


@rules.predicate
def is_shared_scenario(user, scenario) -> bool:
    return bool(is_signed_in(user) and scenario is not None and scenario.shared)


@rules.predicate
def is_land_finance_officer(user, land) -> bool:
    if not is_signed_in(user) or not land:
        return False
    from leuchtfeuer.finance.selectors import finance_lands

    return str(land) in finance_lands(user)


is_office = is_platform_admin | is_programme_office

rules.add_perm("finance.use_simulator", is_signed_in)
rules.add_perm("finance.save_scenario", is_signed_in)
rules.add_perm("finance.view_scenario", is_scenario_owner | is_shared_scenario)
rules.add_perm("finance.change_scenario", is_scenario_owner)
rules.add_perm("finance.upload_criteria", is_office | is_land_finance_officer)
