"""Turn a `RegionProjection` (and a scenario) into chart SVGs, table rows and API payloads.

Shared by the Kommunalprofil (page and PDF), the scenario editor and the API, so every place
shows the same rounded numbers. One module per section: ``components`` (births, deaths,
migration and the sentences on them), ``profile`` (the Kommunalprofil section), ``scenarios``
(the scenario editor), ``api`` (the JSON payload); ``common`` holds levels, labels and rounding.
"""

from leuchtfeuer.projections.presenters.api import api_payload
from leuchtfeuer.projections.presenters.components import (
    component_rows,
    components_summary,
    drivers_sentence,
    growth_reason,
)
from leuchtfeuer.projections.presenters.profile import (
    basis_context,
    fan_svg,
    group_rows,
    milestone_years,
    profile_context,
    profile_projection_context,
    pyramid_context,
    total_rows,
)
from leuchtfeuer.projections.presenters.scenarios import ScenarioResult, scenario_context, scenario_result

__all__ = [
    "ScenarioResult",
    "api_payload",
    "basis_context",
    "component_rows",
    "components_summary",
    "drivers_sentence",
    "fan_svg",
    "group_rows",
    "growth_reason",
    "milestone_years",
    "profile_context",
    "profile_projection_context",
    "pyramid_context",
    "scenario_context",
    "scenario_result",
    "total_rows",
]
