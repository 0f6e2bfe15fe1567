"""URLs of this part; included at the site root, so every path here is complete."""

from django.urls import path

from leuchtfeuer.participation import views

app_name = "participation"

P = "beteiligung/<slug:municipality_slug>/<slug:project_slug>/"
M = "kommunen/<slug:slug>/beteiligung/"
MP = M + "projekte/<slug:project_slug>/"

urlpatterns = [
    # public
    path("beteiligung/", views.project_list, name="project-list"),
    path(
        "beteiligung/<slug:municipality_slug>/jugendparlament/<slug:slug>/",
        views.youth_parliament,
        name="youth-parliament",
    ),
    path(
        "beteiligung/<slug:municipality_slug>/buergerrat/<slug:slug>/", views.assembly_public, name="assembly"
    ),
    path(P, views.project_detail, name="project-detail"),
    path(P + "ideen/neu/", views.idea_create, name="idea-create"),
    path(P + "ideen/formular/", views.idea_form_print, name="idea-form-print"),
    path(P + "ideen/<int:pk>/", views.idea_detail, name="idea-detail"),
    path(P + "ideen/<int:pk>/bild", views.idea_image, name="idea-image"),
    path(P + "ideen/<int:pk>/kommentieren/", views.comment_create, name="comment-create"),
    path(P + "ideen/<int:pk>/kommentare/<int:comment_pk>/", views.comment_actions, name="comment-actions"),
    path(P + "ideen/<int:pk>/bewerten/", views.idea_rate, name="idea-rate"),
    path(P + "ideen/<int:pk>/melden/", views.content_report, name="content-report"),
    path(P + "ideen/<int:pk>/einspruch/", views.appeal_create, name="appeal-create"),
    path(P + "vorschlaege/neu/", views.proposal_create, name="proposal-create"),
    path(P + "abstimmen/", views.vote, name="vote"),
    path(P + "abstimmen/danke/", views.vote_done, name="vote-done"),
    path(P + "stimmzettel/", views.ballot_print, name="ballot-print"),
    path(P + "ergebnis/", views.result, name="result"),
    # management
    path(M, views.manage_index, name="manage-index"),
    path(M + "moderation/", views.manage_moderate, name="manage-moderate"),
    path(M + "einsprueche/<int:pk>/", views.manage_appeal, name="manage-appeal"),
    path(
        M + "jugendparlament/antraege/<int:pk>/antwort/",
        views.manage_motion_answer,
        name="manage-motion-answer",
    ),
    path(M + "jugendparlament/neu/", views.manage_youth_create, name="manage-youth-create"),
    path(
        M + "jugendparlament/<slug:parliament_slug>/<str:what>/",
        views.manage_youth_add,
        name="manage-youth-add",
    ),
    path(M + "buergerrat/neu/", views.manage_assembly_create, name="manage-assembly-create"),
    path(M + "buergerrat/<slug:assembly_slug>/", views.manage_assembly, name="manage-assembly"),
    path(
        M + "buergerrat/<slug:assembly_slug>/quoten/",
        views.manage_assembly_quotas,
        name="manage-assembly-quotas",
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/pool/", views.manage_assembly_pool, name="manage-assembly-pool"
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/losen/", views.manage_assembly_draw, name="manage-assembly-draw"
    ),
    path(
        M + "buergerrat/<slug:assembly_slug>/nachruecken/",
        views.manage_assembly_replace,
        name="manage-assembly-replace",
    ),
    path(MP, views.manage_project, name="manage-project"),
    path(MP + "phase/", views.manage_phase, name="manage-phase"),
    path(MP + "veroeffentlichen/", views.manage_publish, name="manage-publish"),
    path(MP + "ideen/", views.manage_ideas, name="manage-ideas"),
    path(MP + "ideen/<int:pk>/antwort/", views.manage_answer, name="manage-answer"),
    path(MP + "werkstatt/", views.manage_transfer, name="manage-transfer"),
    path(MP + "budget/", views.manage_budget_create, name="manage-budget-create"),
    path(MP + "budget/regel/", views.manage_rule, name="manage-rule"),
    path(MP + "budget/vorschlaege/", views.manage_proposal, name="manage-proposal"),
    path(MP + "budget/vorschlaege/<int:pk>/pruefung/", views.manage_feasibility, name="manage-feasibility"),
    path(MP + "budget/codes/", views.manage_codes, name="manage-codes"),
    path(MP + "budget/papier/", views.manage_paper, name="manage-paper"),
    path(MP + "budget/zaehlen/", views.manage_count, name="manage-count"),
    path(MP + "budget/veroeffentlichen/", views.manage_publish_result, name="manage-publish-result"),
    path(MP + "budget/export.pb", views.manage_export, name="manage-export"),
]
