"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.participation.assembly import views as assembly_views
from leuchtfeuer.participation.budgets import manage_views as budget_manage_views
from leuchtfeuer.participation.budgets import views as budget_views
from leuchtfeuer.participation.ideas import views as idea_views
from leuchtfeuer.participation.projects import views as project_views
from leuchtfeuer.participation.youth import views as youth_views

app_name = "participation"

P = "beteiligung/<slug:municipality_slug>/<slug:project_slug>/"
M = "kommunen/<slug:slug>/beteiligung/"
MP = M + "projekte/<slug:project_slug>/"

urlpatterns = [
    # public
    path("beteiligung/", project_views.project_list, name="project-list"),
    path(
        "beteiligung/<slug:municipality_slug>/jugendparlament/<slug:slug>/",
        youth_views.youth_parliament,
        name="youth-parliament",
    ),
    path(
        "beteiligung/<slug:municipality_slug>/buergerrat/<slug:slug>/",
        assembly_views.assembly_public,
        name="assembly",
    ),
    path(P, project_views.project_detail, name="project-detail"),
    path(P + "ideen/neu/", idea_views.idea_create, name="idea-create"),
    path(P + "ideen/formular/", project_views.idea_form_print, name="idea-form-print"),
    path(P + "ideen/<int:pk>/", idea_views.idea_detail, name="idea-detail"),
    path(P + "ideen/<int:pk>/bild", idea_views.idea_image, name="idea-image"),
    path(P + "ideen/<int:pk>/kommentieren/", idea_views.comment_create, name="comment-create"),
    path(
        P + "ideen/<int:pk>/kommentare/<int:comment_pk>/", idea_views.comment_actions, name="comment-actions"
    ),
    path(P + "ideen/<int:pk>/bewerten/", idea_views.idea_rate, name="idea-rate"),
    path(P + "ideen/<int:pk>/melden/", idea_views.content_report, name="content-report"),
    path(P + "ideen/<int:pk>/einspruch/", idea_views.appeal_create, name="appeal-create"),
    path(P + "vorschlaege/neu/", budget_views.proposal_create, name="proposal-create"),
    path(P + "abstimmen/", budget_views.vote, name="vote"),
    path(P + "abstimmen/danke/", budget_views.vote_done, name="vote-done"),
    path(P + "stimmzettel/", budget_views.ballot_print, name="ballot-print"),
    path(P + "ergebnis/", budget_views.result, name="result"),
    # management
    path(M, project_views.manage_index, name="manage-index"),
    path(M + "moderation/", idea_views.manage_moderate, name="manage-moderate"),
    path(M + "einsprueche/<int:pk>/", idea_views.manage_appeal, name="manage-appeal"),
    path(
        M + "jugendparlament/antraege/<int:pk>/antwort/",
        youth_views.manage_motion_answer,
        name="manage-motion-answer",
    ),
    path(M + "jugendparlament/neu/", youth_views.manage_youth_create, name="manage-youth-create"),
    path(
        M + "jugendparlament/<slug:parliament_slug>/<str:what>/",
        youth_views.manage_youth_add,
        name="manage-youth-add",
    ),
    path(M + "buergerrat/neu/", assembly_views.manage_assembly_create, name="manage-assembly-create"),
    path(M + "buergerrat/<slug:assembly_slug>/", assembly_views.manage_assembly, name="manage-assembly"),
    path(
        M + "buergerrat/<slug:assembly_slug>/quoten/",
        assembly_views.manage_assembly_quotas,
        name="manage-assembly-quotas",
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/pool/",
        assembly_views.manage_assembly_pool,
        name="manage-assembly-pool",
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/losen/",
        assembly_views.manage_assembly_draw,
        name="manage-assembly-draw",
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/nachruecken/",
        assembly_views.manage_assembly_replace,
        name="manage-assembly-replace",
    ),
    path(MP, project_views.manage_project, name="manage-project"),
    path(MP + "phase/", project_views.manage_phase, name="manage-phase"),
    path(MP + "veroeffentlichen/", project_views.manage_publish, name="manage-publish"),
    path(MP + "ideen/", idea_views.manage_ideas, name="manage-ideas"),
    path(MP + "ideen/<int:pk>/antwort/", idea_views.manage_answer, name="manage-answer"),
    path(MP + "werkstatt/", project_views.manage_transfer, name="manage-transfer"),
    path(MP + "budget/", budget_manage_views.manage_budget_create, name="manage-budget-create"),
    path(MP + "budget/regel/", budget_manage_views.manage_rule, name="manage-rule"),
    path(MP + "budget/vorschlaege/", budget_manage_views.manage_proposal, name="manage-proposal"),
    path(
        MP + "budget/vorschlaege/<int:pk>/pruefung/",
        budget_manage_views.manage_feasibility,
        name="manage-feasibility",
    ),
    path(MP + "budget/codes/", budget_manage_views.manage_codes, name="manage-codes"),
    path(
        MP + "budget/codes/briefe/<int:pk>/",
        budget_manage_views.manage_code_letters,
        name="manage-code-letters",
    ),
    path(MP + "budget/papier/", budget_manage_views.manage_paper, name="manage-paper"),
    path(MP + "budget/zaehlen/", budget_manage_views.manage_count, name="manage-count"),
    path(
        MP + "budget/veroeffentlichen/",
        budget_manage_views.manage_publish_result,
        name="manage-publish-result",
    ),
    path(MP + "budget/export.pb", budget_manage_views.manage_export, name="manage-export"),
]
