"""Pages of ideas: submit, read, comment, rate, report, appeal; for the office the idea list, answers, moderation and appeal decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, label
from leuchtfeuer.core.text import clean_text
from leuchtfeuer.core.uploads import stored_file_response
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.ideas.models import Appeal, Comment, Idea, Moderation
from leuchtfeuer.participation.ideas.selectors import (
    STAFF_IDEAS_LIMIT,
    idea_comments,
    idea_rating,
    staff_project_ideas,
)
from leuchtfeuer.participation.pages import (
    form_button,
    manage_project_url,
    project_or_404,
    staff_municipality,
    staff_project,
)
from leuchtfeuer.participation.projects.models import Project
from leuchtfeuer.participation.selectors import project_state
from leuchtfeuer.participation.uploads import SERVED_IMAGE_TYPES


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request, municipality_slug: str, project_slug: str):
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    form = forms.IdeaForm(request.POST or None, request.FILES or None, municipality=project.municipality)

    def page(form):
        state = project_state(project)
        return render(
            request, "participation/idea_form.html", {"project": project, "form": form, "state": state}
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.idea_submit(actor=request.user, project=project, **form.cleaned_data),
        success_url=lambda idea: reverse(
            "participation:idea-detail", args=[municipality_slug, project_slug, idea.pk]
        ),
        error_page=page,
        success_message="Danke! Ihre Idee ist eingereicht. Sie bekommen eine E-Mail, wenn die Verwaltung antwortet.",
    )


def _visible_idea(request, project: Project, pk: int) -> tuple[Idea, bool, bool]:
    """(idea, is_author, can_moderate); a hidden idea only for its author and the moderators."""
    idea = get_object_or_404(Idea.objects.select_related("ortsteil", "author"), project=project, pk=pk)
    is_author = request.user.is_authenticated and idea.author_id == request.user.pk
    can_moderate = request.user.has_perm("participation.moderate", project.municipality)
    if idea.moderation != Moderation.VISIBLE and not (is_author or can_moderate):
        raise Http404("Dieser Beitrag ist ausgeblendet.")
    return idea, is_author, can_moderate


def idea_image(request, municipality_slug: str, project_slug: str, pk: int):
    """An idea's image, served by the app with the type its content has (not one guessed from a
    name); a hidden idea's image only for those who may see the idea."""
    idea, _, _ = _visible_idea(
        request, project_or_404(municipality_slug, project_slug, user=request.user), pk
    )
    response = stored_file_response(idea.image, types=SERVED_IMAGE_TYPES)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def idea_detail(request, municipality_slug: str, project_slug: str, pk: int):
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    idea, is_author, can_moderate = _visible_idea(request, project, pk)
    state = project_state(project)
    open_appeal = Appeal.objects.filter(idea=idea, outcome=Appeal.Outcome.OPEN).exists()
    context = {
        "project": project,
        "idea": idea,
        "state": state,
        "comments": idea_comments(idea),
        "rating": idea_rating(idea, request.user),
        "is_author": is_author,
        "can_moderate": can_moderate,
        "can_answer": request.user.has_perm("participation.answer_idea", project.municipality),
        "handlungsfeld": label(HANDLUNGSFELDER, idea.handlungsfeld) if idea.handlungsfeld else "",
        "comment_form": forms.CommentForm(),
        "answer_form": forms.AnswerForm(initial={"status": idea.status, "answer": idea.official_answer}),
        "open_appeal": open_appeal,
        "my_appeals": Appeal.objects.filter(idea=idea, author=request.user) if is_author else [],
        # computed once for the (possibly 1,000) comments instead of per comment in the template
        "user_id": request.user.pk if request.user.is_authenticated else None,
        "reply_to": Comment.objects.filter(idea=idea, pk=request.GET.get("antwort"), parent__isnull=True)
        .select_related("author")
        .first()
        if (request.GET.get("antwort") or "").isdecimal()
        else None,
        "can_comment": request.user.is_authenticated and "comment" in state["allows"],
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "urls": {
            "comment": reverse("participation:comment-create", args=[municipality_slug, project_slug, pk]),
            "report": reverse("participation:content-report", args=[municipality_slug, project_slug, pk]),
            "appeal": reverse("participation:appeal-create", args=[municipality_slug, project_slug, pk]),
            "moderate": reverse("participation:manage-moderate", args=[municipality_slug]),
            "actions": reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk])
            + "kommentare/",
        },
    }
    return render(request, "participation/idea_detail.html", context)


def comment_actions(request, municipality_slug: str, project_slug: str, pk: int, comment_pk: int):
    """One comment with what the visitor may do with it: report, moderate, appeal. Kept off the
    idea page so that a page with 1,000 comments stays light."""
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    idea = get_object_or_404(Idea, project=project, pk=pk)
    comment = get_object_or_404(Comment.objects.select_related("author"), idea=idea, pk=comment_pk)
    can_moderate = request.user.has_perm("participation.moderate", project.municipality)
    is_author = request.user.is_authenticated and comment.author_id == request.user.pk
    if comment.moderation != Moderation.VISIBLE and not (can_moderate or is_author):
        raise Http404("Dieser Kommentar ist ausgeblendet.")
    return render(
        request,
        "participation/comment_actions.html",
        {
            "project": project,
            "idea": idea,
            "comment": comment,
            "can_moderate": can_moderate,
            "is_author": is_author,
            "open_appeal": Appeal.objects.filter(comment=comment, outcome=Appeal.Outcome.OPEN).exists(),
        },
    )


def _idea_for_post(request, municipality_slug, project_slug, pk):
    project = project_or_404(municipality_slug, project_slug, user=request.user)
    return get_object_or_404(Idea, project=project, pk=pk)


@login_required
@require_POST
def comment_create(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    form = forms.CommentForm(request.POST)

    def add():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(Comment, idea=idea, pk=form.cleaned_data["parent"])
        return services.comment_add(
            actor=request.user, idea=idea, text=form.cleaned_data["text"], parent=parent
        )

    return form_button(
        request,
        form=form,
        invalid_message="Bitte schreiben Sie einen Kommentar (höchstens 3.000 Zeichen).",
        call=add,
        redirect_to=reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk])
        + "#kommentare",
        success_message="Ihr Kommentar ist veröffentlicht.",
    )


@login_required
@require_POST
def idea_rate(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    back = reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk])
    try:
        value = int(request.POST.get("value", "0"))
    except ValueError:
        messages.error(request, "Ungültige Bewertung.")
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.idea_rate(actor=request.user, idea=idea, value=value),
        redirect_to=back,
        success_message="Ihre Bewertung ist gespeichert.",
    )


def _comment_in_post(request, idea: Idea) -> Comment | None:
    if request.POST.get("comment"):
        return get_object_or_404(Comment, idea=idea, pk=request.POST["comment"])
    return None


@login_required
@require_POST
def content_report(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    comment = _comment_in_post(request, idea)
    return button_action(
        request,
        call=lambda: services.content_report(
            actor=request.user,
            idea=None if comment else idea,
            comment=comment,
            reason=clean_text(request.POST.get("reason", "")),
        ),
        redirect_to=reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk]),
        success_message="Danke für Ihre Meldung. Das Moderationsteam sieht sie sich an.",
    )


@login_required
@require_POST
def appeal_create(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    comment = _comment_in_post(request, idea)
    return button_action(
        request,
        call=lambda: services.appeal_submit(
            actor=request.user,
            idea=None if comment else idea,
            comment=comment,
            text=clean_text(request.POST.get("text", "")),
        ),
        redirect_to=reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk]),
        success_message="Ihr Einspruch ist eingegangen. Eine andere Person aus der Moderation entscheidet.",
    )


@login_required
def manage_ideas(request, slug: str, project_slug: str):
    """All ideas of a project for staff: filterable, unanswered first, with links to answer/moderate."""
    municipality, project = staff_project(request, slug, project_slug, "participation.view_ideas")
    form = forms.IdeaFilterForm(request.GET or None, municipality=municipality)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ideas, total = staff_project_ideas(
        project,
        status=filters.get("status", ""),
        handlungsfeld=filters.get("handlungsfeld", ""),
        ortsteil=filters.get("ortsteil"),
    )
    feld_labels = {term.key: term.label for term in HANDLUNGSFELDER}
    for idea in ideas:
        idea.feld_label = feld_labels.get(idea.handlungsfeld, "")
    context = {
        "municipality": municipality,
        "project": project,
        "form": form,
        "ideas": ideas,
        "total": total,
        "limit": STAFF_IDEAS_LIMIT,
        "filtered": bool(filters and any(filters.values())),
        "can_answer": request.user.has_perm("participation.answer_idea", municipality),
        "can_moderate": request.user.has_perm("participation.moderate", municipality),
    }
    return render(request, "participation/manage_ideas.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def manage_answer(request, slug: str, project_slug: str, pk: int):
    _, project = staff_project(request, slug, project_slug, "participation.answer_idea")
    idea = get_object_or_404(Idea, project=project, pk=pk)
    form = forms.AnswerForm(request.POST)
    return form_button(
        request,
        form=form,
        invalid_message="Bitte Stand und Antwort angeben.",
        call=lambda: services.idea_answer(actor=request.user, idea=idea, **form.cleaned_data),
        redirect_to=request.POST.get("next") or manage_project_url(slug, project_slug),
        success_message=f"Antwort auf „{idea.title}“ gespeichert; die Verfasser:in wird benachrichtigt.",
    )


@login_required
@require_POST
def manage_moderate(request, slug: str):
    municipality = staff_municipality(request, slug, "participation.moderate")
    idea = comment = None
    if request.POST.get("comment"):
        comment = get_object_or_404(
            Comment, pk=request.POST["comment"], idea__project__municipality=municipality
        )
    else:
        idea = get_object_or_404(Idea, pk=request.POST.get("idea"), project__municipality=municipality)
    return button_action(
        request,
        call=lambda: services.content_moderate(
            actor=request.user,
            idea=idea,
            comment=comment,
            hide=request.POST.get("hide") == "1",
            reason=clean_text(request.POST.get("reason", "")),
        ),
        redirect_to=request.POST.get("next") or reverse("participation:manage-index", args=[slug]),
        success_message="Moderation gespeichert; die Verfasser:in sieht den Grund.",
    )


@login_required
@require_POST
def manage_appeal(request, slug: str, pk: int):
    staff_municipality(request, slug, "participation.moderate")
    appeal = get_object_or_404(Appeal, pk=pk)
    return button_action(
        request,
        call=lambda: services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            restore=request.POST.get("restore") == "1",
            reason=clean_text(request.POST.get("reason", "")),
        ),
        redirect_to=reverse("participation:manage-index", args=[slug]),
        success_message="Entscheidung gespeichert.",
    )
