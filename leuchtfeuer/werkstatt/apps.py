from django.apps import AppConfig


def werkstatt_panel_context(request, municipality) -> dict | None:
    """Dashboard panel: the stage, open tasks and next due dates (hidden without permission)."""
    user = request.user
    if not user.has_perm("werkstatt.view_process", municipality):
        return None
    from leuchtfeuer.werkstatt.process.selectors import dashboard_summary, process_for

    process = process_for(municipality)
    if process is None:
        return {
            "process": None,
            "municipality": municipality,
            "can_start": user.has_perm("werkstatt.start_process", municipality),
        }
    return dashboard_summary(process) | {"municipality": municipality}


class WerkstattConfig(AppConfig):
    name = "leuchtfeuer.werkstatt"
    label = "werkstatt"
    verbose_name = "Werkstatt-Prozess"

    def ready(self) -> None:
        from leuchtfeuer.core.generated import register_builder
        from leuchtfeuer.core.panels import Panel, register
        from leuchtfeuer.knowledge import town_signals
        from leuchtfeuer.werkstatt.reports.exports import build_document
        from leuchtfeuer.werkstatt.selectors import plan_handlungsfelder, resilience_weak_spots

        register(Panel("werkstatt", 10, "werkstatt/_dashboard_panel.html", werkstatt_panel_context))
        # the knowledge base ranks Praxisbeispiele by the town's weak spots and plan fields
        town_signals.register(weak_spots=resilience_weak_spots, plan_fields=plan_handlungsfelder)
        # reports, Zwischenbilanz and kits as PDF/DOCX/ODT are built by a worker
        register_builder("werkstatt-doc", build_document)
