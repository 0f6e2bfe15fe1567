"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.werkstatt import views

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
    path(P + "kick-off/", views.kickoff, name="kickoff"),
    path(P + "team/", views.team_add, name="team-add"),
    path(P + "team/<int:pk>/entfernen/", views.team_remove, name="team-remove"),
    path(P + "themen/", views.topics, name="topics"),
    path(P + "handlungsfelder/", views.handlungsfeld_add, name="handlungsfeld-add"),
    path(P + "handlungsfelder/<int:pk>/", views.handlungsfeld_edit, name="handlungsfeld-edit"),
    path(P + "handlungsfelder/<int:pk>/loeschen/", views.handlungsfeld_delete, name="handlungsfeld-delete"),
    path(P + "dokumente/", views.document_upload, name="document-upload"),
    path(P + "dokumente/<int:pk>/", views.document_download, name="document-download"),
    path(P + "dokumente/<int:pk>/loeschen/", views.document_delete, name="document-delete"),
    path(P + "resilienz-check/", views.resilience, name="resilience"),
    # Kommunalprofil.
    path(P + "kommunalprofil/", views.kommunalprofil, name="kommunalprofil"),
    path(P + "kommunalprofil/sichern/", views.snapshot_take, name="snapshot-take"),
    path(P + "befunde/", views.finding_add, name="finding-add"),
    path(P + "befunde/<int:pk>/loeschen/", views.finding_delete, name="finding-delete"),
    # Zukunftswerkstatt.
    path(P + "zukunftswerkstatt/", views.zukunftswerkstatt, name="zukunftswerkstatt"),
    path(P + "zukunftswerkstatt/termine/neu/", views.workshop_edit, name="workshop-create"),
    path(P + "zukunftswerkstatt/termine/<int:pk>/", views.workshop_edit, name="workshop-edit"),
    path(P + "ideen/", views.idea_add, name="idea-add"),
    path(P + "ideen/<int:pk>/zuordnen/", views.idea_assign, name="idea-assign"),
    path(P + "ideen/<int:pk>/massnahme/", views.idea_to_measure, name="idea-to-measure"),
    # Werkstattplan.
    path(P + "plan/", views.plan, name="plan"),
    path(P + "plan/ziele/", views.goal_add, name="goal-add"),
    path(P + "plan/ziele/<int:pk>/", views.goal_edit, name="goal-edit"),
    path(P + "plan/ziele/<int:pk>/loeschen/", views.goal_delete, name="goal-delete"),
    path(P + "plan/massnahmen/neu/", views.measure_edit, name="measure-create"),
    path(P + "plan/massnahmen/<int:pk>/", views.measure_edit, name="measure-edit"),
    path(P + "plan/massnahmen/<int:pk>/loeschen/", views.measure_delete, name="measure-delete"),
    path(P + "plan/massnahmen/<int:pk>/kosten/", views.budget_add, name="budget-add"),
    path(P + "plan/kosten/<int:pk>/loeschen/", views.budget_delete, name="budget-delete"),
    path(P + "plan/indikatoren/neu/", views.indicator_create, name="indicator-create"),
    path(P + "plan/indikatoren/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(P + "plan/beschliessen/", views.plan_adopt, name="plan-adopt"),
    path(P + "plan/versionen/<int:number>/", views.plan_version, name="plan-version"),
    # Zwischenbilanz.
    path(P + "zwischenbilanz/", views.zwischenbilanz, name="zwischenbilanz"),
    path(P + "zwischenbilanz/massnahmen/<int:pk>/", views.measure_progress, name="measure-progress"),
    # Tasks.
    path(P + "aufgaben/", views.tasks, name="tasks"),
    path(P + "aufgaben/<int:pk>/", views.task_edit, name="task-edit"),
    path(P + "aufgaben/<int:pk>/erledigt/", views.task_done, name="task-done"),
]

# ----------------------------------------------------------------------------------------------
# Reports, exports and method kits (Zwischenbilanz PDF, Kurzbericht, office dashboard, kits):
# added below by that part, in its own view modules. Keep the prefix `P` for process pages.
# ----------------------------------------------------------------------------------------------
