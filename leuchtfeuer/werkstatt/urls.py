"""URLs of the Werkstatt pages (namespace `werkstatt`), one table for all stages: the views live in
their sub-domains. Included at the site root, so every path here is complete. The reports
(Kurzbericht, office overview, method kits) have their own table: reports/urls.py."""

from django.urls import path

from leuchtfeuer.werkstatt import views
from leuchtfeuer.werkstatt.kickoff import views as kickoff_views
from leuchtfeuer.werkstatt.kommunalprofil import views as kommunalprofil_views
from leuchtfeuer.werkstatt.plan import views as plan_views
from leuchtfeuer.werkstatt.reports import zwischenbilanz_views
from leuchtfeuer.werkstatt.zukunftswerkstatt import views as zukunftswerkstatt_views

app_name = "werkstatt"

P = "kommunen/<slug:slug>/werkstatt/"

urlpatterns = [
    path("werkstatt/", views.index, name="index"),
    # Process and stages.
    path(P, views.process_detail, name="process"),
    path(P + "beginnen/", views.process_start, name="process-start"),
    path(P + "stufe/abschliessen/", views.stage_close, name="stage-close"),
    path(P + "stufe/zurueck/", views.stage_reopen, name="stage-reopen"),
    path(P + "stufe/angaben/", views.stage_update, name="stage-update"),
    path(P + "anmerkungen/", views.comment_add, name="comment-add"),
    # Kick-Off.
    path(P + "kick-off/", kickoff_views.kickoff, name="kickoff"),
    path(P + "team/", kickoff_views.team_add, name="team-add"),
    path(P + "team/<int:pk>/entfernen/", kickoff_views.team_remove, name="team-remove"),
    path(P + "themen/", kickoff_views.topics, name="topics"),
    path(P + "handlungsfelder/", kickoff_views.handlungsfeld_add, name="handlungsfeld-add"),
    path(P + "handlungsfelder/<int:pk>/", kickoff_views.handlungsfeld_edit, name="handlungsfeld-edit"),
    path(
        P + "handlungsfelder/<int:pk>/loeschen/",
        kickoff_views.handlungsfeld_delete,
        name="handlungsfeld-delete",
    ),
    path(P + "dokumente/", kickoff_views.document_upload, name="document-upload"),
    path(P + "dokumente/<int:pk>/", kickoff_views.document_download, name="document-download"),
    path(P + "dokumente/<int:pk>/loeschen/", kickoff_views.document_delete, name="document-delete"),
    path(P + "resilienz-check/", kommunalprofil_views.resilience, name="resilience"),
    # Kommunalprofil.
    path(P + "kommunalprofil/", kommunalprofil_views.kommunalprofil, name="kommunalprofil"),
    path(P + "kommunalprofil/sichern/", kommunalprofil_views.snapshot_take, name="snapshot-take"),
    path(P + "befunde/", kommunalprofil_views.finding_add, name="finding-add"),
    path(P + "befunde/<int:pk>/loeschen/", kommunalprofil_views.finding_delete, name="finding-delete"),
    # Zukunftswerkstatt.
    path(P + "zukunftswerkstatt/", zukunftswerkstatt_views.zukunftswerkstatt, name="zukunftswerkstatt"),
    path(P + "zukunftswerkstatt/termine/neu/", zukunftswerkstatt_views.workshop_edit, name="workshop-create"),
    path(
        P + "zukunftswerkstatt/termine/<int:pk>/", zukunftswerkstatt_views.workshop_edit, name="workshop-edit"
    ),
    path(P + "ideen/", zukunftswerkstatt_views.idea_add, name="idea-add"),
    path(P + "ideen/<int:pk>/zuordnen/", zukunftswerkstatt_views.idea_assign, name="idea-assign"),
    path(P + "ideen/<int:pk>/massnahme/", plan_views.idea_to_measure, name="idea-to-measure"),
    # Werkstattplan.
    path(P + "plan/", plan_views.plan, name="plan"),
    path(P + "plan/ziele/", plan_views.goal_add, name="goal-add"),
    path(P + "plan/ziele/<int:pk>/", plan_views.goal_edit, name="goal-edit"),
    path(P + "plan/ziele/<int:pk>/loeschen/", plan_views.goal_delete, name="goal-delete"),
    path(P + "plan/massnahmen/neu/", plan_views.measure_edit, name="measure-create"),
    path(P + "plan/massnahmen/<int:pk>/", plan_views.measure_edit, name="measure-edit"),
    path(P + "plan/massnahmen/<int:pk>/loeschen/", plan_views.measure_delete, name="measure-delete"),
    path(P + "plan/massnahmen/<int:pk>/kosten/", plan_views.budget_add, name="budget-add"),
    path(P + "plan/kosten/<int:pk>/loeschen/", plan_views.budget_delete, name="budget-delete"),
    path(P + "plan/indikatoren/neu/", plan_views.indicator_create, name="indicator-create"),
    path(P + "plan/indikatoren/<int:pk>/", plan_views.indicator_detail, name="indicator-detail"),
    path(P + "plan/beschliessen/", plan_views.plan_adopt, name="plan-adopt"),
    path(P + "plan/versionen/<int:number>/", plan_views.plan_version, name="plan-version"),
    # Zwischenbilanz.
    path(P + "zwischenbilanz/", zwischenbilanz_views.zwischenbilanz, name="zwischenbilanz"),
    path(
        P + "zwischenbilanz/massnahmen/<int:pk>/",
        zwischenbilanz_views.measure_progress,
        name="measure-progress",
    ),
    # Tasks.
    path(P + "aufgaben/", views.tasks, name="tasks"),
    path(P + "aufgaben/<int:pk>/", views.task_edit, name="task-edit"),
    path(P + "aufgaben/<int:pk>/erledigt/", views.task_done, name="task-done"),
]
