"""Views of the participation part: thin (form → service/selector → template). Everything a
resident reads or votes on works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.documents import html_to_pdf
from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, label
from leuchtfeuer.core.text import clean_text
from leuchtfeuer.core.uploads import stored_file_response
from leuchtfeuer.participation import forms, selectors, services
from leuchtfeuer.participation.engine.counting import RULE_LABELS, relabel
from leuchtfeuer.participation.engine.sortition import ALGORITHM_LABELS, read_quotas_csv
from leuchtfeuer.participation.models import (
    Appeal,
    Assembly,
    Budget,
    Comment,
    Idea,
    Moderation,
    Project,
    Proposal,
    YouthMotion,
    YouthParliament,
)
from leuchtfeuer.participation.uploads import SERVED_IMAGE_TYPES
from leuchtfeuer.participation.voice import informal
from leuchtfeuer.places.models import Municipality


def _project(municipality_slug: str, project_slug: str, *, user=None) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("municipality", "ortsteil").prefetch_related("phases"),
        municipality__slug=municipality_slug,
        slug=project_slug,
    )
    if not project.is_published and not (
        user and user.has_perm("participation.manage_project", project.municipality)
    ):
        raise Http404("Dieses Beteiligungsprojekt ist nicht veröffentlicht.")
    return project


def _staff_municipality(request, slug: str, perm: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung in dieser Kommune.")
    return municipality


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- public ---------------------------------------------------------------------------------------


def project_list(request):
    projects = list(selectors.public_projects())
    for project in projects:
        project.state = selectors.project_state(project)
    parliaments = YouthParliament.objects.select_related("municipality").order_by("name")
    assemblies = Assembly.objects.select_related("municipality").order_by("title")
    return render(
        request,
        "participation/project_list.html",
        {"projects": projects, "parliaments": parliaments, "assemblies": assemblies},
    )


def project_detail(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    state = selectors.project_state(project)
    context = {"project": project, "state": state}
    budget = Budget.objects.filter(project=project).first()
    if budget is not None:
        context["budget"] = budget
        context["counting_label"] = RULE_LABELS.get(budget.counting, budget.get_counting_display())
        if budget.min_votes:
            minimum = number_format(budget.min_votes, force_grouping=True)
            context["counting_label"] += f" (Mindeststimmenzahl: {minimum})"
        context["proposals"] = list(budget.proposals.order_by("number"))
    else:
        ideas = list(selectors.project_ideas(project, viewer=request.user))
        labels = {t.key: t.label for t in HANDLUNGSFELDER}
        for idea in ideas:
            idea.handlungsfeld_label = labels.get(idea.handlungsfeld, "")
        context["ideas"] = ideas
    return render(request, "participation/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    form = forms.IdeaForm(request.POST or None, request.FILES or None, municipality=project.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_submit(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Danke! Ihre Idee ist eingereicht. Sie bekommen eine E-Mail, wenn die Verwaltung antwortet.",
            )
            return redirect("participation:idea-detail", municipality_slug, project_slug, idea.pk)
    status = 422 if request.method == "POST" else 200
    state = selectors.project_state(project)
    return render(
        request,
        "participation/idea_form.html",
        {"project": project, "form": form, "state": state},
        status=status,
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
    idea, _, _ = _visible_idea(request, _project(municipality_slug, project_slug, user=request.user), pk)
    response = stored_file_response(idea.image, types=SERVED_IMAGE_TYPES)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, municipality_slug: str, project_slug: str):
    """A resident proposes how to spend the budget (ideas phase); the office checks feasibility."""
    project = _project(municipality_slug, project_slug, user=request.user)
    budget = _budget(project)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_submit(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Danke! Ihr Vorschlag hat die Nummer {proposal.number}. Die Verwaltung prüft, ob er machbar ist, "
                "und Sie bekommen das Ergebnis mit Begründung per E-Mail.",
            )
            return redirect("participation:project-detail", municipality_slug, project_slug)
    return render(
        request,
        "participation/proposal_form.html",
        {"project": project, "budget": budget, "form": form, "state": selectors.project_state(project)},
        status=422 if request.method == "POST" else 200,
    )


def idea_detail(request, municipality_slug: str, project_slug: str, pk: int):
    project = _project(municipality_slug, project_slug, user=request.user)
    idea, is_author, can_moderate = _visible_idea(request, project, pk)
    state = selectors.project_state(project)
    open_appeal = Appeal.objects.filter(idea=idea, outcome=Appeal.Outcome.OPEN).exists()
    context = {
        "project": project,
        "idea": idea,
        "state": state,
        "comments": selectors.idea_comments(idea),
        "rating": selectors.idea_rating(idea, request.user),
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
    project = _project(municipality_slug, project_slug, user=request.user)
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
    project = _project(municipality_slug, project_slug, user=request.user)
    return get_object_or_404(Idea, project=project, pk=pk)


@login_required
@require_POST
def comment_create(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(Comment, idea=idea, pk=form.cleaned_data["parent"])
        try:
            services.comment_add(actor=request.user, idea=idea, text=form.cleaned_data["text"], parent=parent)
            messages.success(request, "Ihr Kommentar ist veröffentlicht.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte schreiben Sie einen Kommentar (höchstens 3.000 Zeichen).")
    return redirect(
        reverse("participation:idea-detail", args=[municipality_slug, project_slug, pk]) + "#kommentare"
    )


@login_required
@require_POST
def idea_rate(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    try:
        services.idea_rate(actor=request.user, idea=idea, value=int(request.POST.get("value", "0")))
        messages.success(request, "Ihre Bewertung ist gespeichert.")
    except (ValueError, ValidationError) as exc:
        _error(request, exc if isinstance(exc, ValidationError) else ValidationError("Ungültige Bewertung."))
    return redirect("participation:idea-detail", municipality_slug, project_slug, pk)


@login_required
@require_POST
def content_report(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    comment = None
    if request.POST.get("comment"):
        comment = get_object_or_404(Comment, idea=idea, pk=request.POST["comment"])
    try:
        services.content_report(
            actor=request.user,
            idea=None if comment else idea,
            comment=comment,
            reason=clean_text(request.POST.get("reason", "")),
        )
        messages.success(request, "Danke für Ihre Meldung. Das Moderationsteam sieht sie sich an.")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("participation:idea-detail", municipality_slug, project_slug, pk)


@login_required
@require_POST
def appeal_create(request, municipality_slug: str, project_slug: str, pk: int):
    idea = _idea_for_post(request, municipality_slug, project_slug, pk)
    comment = None
    if request.POST.get("comment"):
        comment = get_object_or_404(Comment, idea=idea, pk=request.POST["comment"])
    try:
        services.appeal_submit(
            actor=request.user,
            idea=None if comment else idea,
            comment=comment,
            text=clean_text(request.POST.get("text", "")),
        )
        messages.success(
            request, "Ihr Einspruch ist eingegangen. Eine andere Person aus der Moderation entscheidet."
        )
    except ValidationError as exc:
        _error(request, exc)
    return redirect("participation:idea-detail", municipality_slug, project_slug, pk)


def _budget(project: Project) -> Budget:
    budget = Budget.objects.filter(project=project).first()
    if budget is None:
        raise Http404("Zu diesem Projekt gibt es kein Budget.")
    return budget


def _parse_ballot(request, budget: Budget, proposals: list[Proposal]) -> dict[int, int]:
    if budget.rule == Budget.Rule.CUMULATIVE:
        result = {}
        for proposal in proposals:
            raw = request.POST.get(f"punkte_{proposal.pk}", "").strip() or "0"
            if not raw.isdecimal():
                raise ValidationError(f"Vorschlag {proposal.number}: Bitte eine ganze Zahl eintragen.")
            result[proposal.pk] = int(raw)
        return result
    chosen = set(request.POST.getlist("vorschlag"))
    return {p.pk: 1 for p in proposals if str(p.pk) in chosen}


@require_http_methods(["GET", "POST"])
def vote(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    budget = _budget(project)
    proposals = selectors.ballot_proposals(budget)
    state = selectors.project_state(project)
    errors: list[str] = []
    code = ""
    selected: dict[int, int] = {}
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            selected = _parse_ballot(request, budget, proposals)
            services.ballot_cast(budget=budget, choices=selected, code=code, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        except PermissionDenied as exc:
            errors = [str(exc)]
        else:
            return redirect("participation:vote-done", municipality_slug, project_slug)
        if budget.kind == budget.Kind.JUGEND:
            errors = [informal(error) for error in errors]
    context = {
        "project": project,
        "budget": budget,
        "proposals": proposals,
        "state": state,
        "errors": errors,
        "code": code,
        "selected": selected,
        "has_voted": selectors.has_voted(budget, request.user),
    }
    if budget.rule == Budget.Rule.APPROVAL and selected:
        # shown again after a submit, so the sum against the budget is visible without JavaScript too
        chosen_cost = sum(p.cost for p in proposals if selected.get(p.pk))
        context["chosen_cost"] = chosen_cost
        context["budget_left"] = budget.amount - chosen_cost
        context["over_budget"] = chosen_cost - budget.amount
    # Leichte Sprache: the same view and form, with the explanation in Leichte Sprache on top.
    easy = request.GET.get("sprache") == "leicht"
    context["easy"] = easy
    template = "participation/vote_easy.html" if easy else "participation/vote.html"
    return render(request, template, context, status=422 if errors else 200)


def vote_done(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    return render(request, "participation/vote_done.html", {"project": project, "budget": _budget(project)})


def ballot_print(request, municipality_slug: str, project_slug: str):
    """A printable paper ballot (for people offline; entered later by two people)."""
    project = _project(municipality_slug, project_slug, user=request.user)
    budget = _budget(project)
    return render(
        request,
        "participation/ballot_print.html",
        {"project": project, "budget": budget, "proposals": selectors.ballot_proposals(budget)},
    )


def idea_form_print(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    return render(
        request,
        "participation/idea_form_print.html",
        {
            "project": project,
            "handlungsfelder": HANDLUNGSFELDER,
            "ortsteile": project.municipality.ortsteile.all(),
        },
    )


def result(request, municipality_slug: str, project_slug: str):
    project = _project(municipality_slug, project_slug, user=request.user)
    budget = _budget(project)
    staff = request.user.has_perm("participation.manage_budget", project.municipality)
    if not budget.result or (budget.result_published_at is None and not staff):
        # Not a 404: people follow this address from letters and the vote page, so say when it comes.
        phases = {phase.kind: phase for phase in project.phases.all()}
        return render(
            request,
            "participation/result_pending.html",
            {
                "project": project,
                "budget": budget,
                "voting": phases.get("voting"),
                "results_phase": phases.get("results"),
                "now": timezone.now(),
            },
        )
    return render(
        request,
        "participation/result.html",
        {
            "project": project,
            "budget": budget,
            "result": budget.result
            | {
                "main": relabel(budget.result["main"]),
                "comparison": [relabel(other) for other in budget.result.get("comparison", [])],
            },
            "preview": budget.result_published_at is None,
            "can_publish": request.user.has_perm("participation.publish_result", project.municipality),
        },
    )


def youth_parliament(request, municipality_slug: str, slug: str):
    parliament = get_object_or_404(
        YouthParliament.objects.select_related("municipality"),
        municipality__slug=municipality_slug,
        slug=slug,
    )
    today = timezone.localdate()
    return render(
        request,
        "participation/youth_parliament.html",
        {
            "parliament": parliament,
            "members": parliament.members.filter(until__isnull=True)
            | parliament.members.filter(until__gte=today),
            "meetings": parliament.meetings.all()[:20],
            "motions": parliament.motions.all()[:50],
            "can_manage": request.user.has_perm("participation.manage_youth", parliament.municipality),
            "answer_form": forms.MotionAnswerForm(),
            "member_form": forms.YouthMemberForm(prefix="mitglied"),
            "meeting_form": forms.YouthMeetingForm(prefix="sitzung"),
            "motion_form": forms.YouthMotionForm(prefix="antrag"),
        },
    )


def assembly_public(request, municipality_slug: str, slug: str):
    assembly = get_object_or_404(
        Assembly.objects.select_related("municipality"), municipality__slug=municipality_slug, slug=slug
    )
    draws = list(assembly.draws.all())
    return render(
        request,
        "participation/assembly_public.html",
        {"assembly": assembly, "draws": draws, "labels": ALGORITHM_LABELS},
    )


# --- management -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manage_index(request, slug: str):
    municipality = _staff_municipality(request, slug, "participation.manage_project")
    form = forms.ProjectForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"„{project.title}“ ist angelegt. Legen Sie jetzt die Phasen fest.")
            return redirect("participation:manage-project", slug, project.slug)
    context = {
        "municipality": municipality,
        "projects": Project.objects.filter(municipality=municipality).prefetch_related("phases"),
        "assemblies": Assembly.objects.filter(municipality=municipality),
        "parliaments": YouthParliament.objects.filter(municipality=municipality),
        "queue": selectors.moderation_queue(municipality),
        "form": form,
        "assembly_form": forms.AssemblyForm(prefix="br"),
        "can_assembly": request.user.has_perm("participation.manage_assembly", municipality),
        "can_youth": request.user.has_perm("participation.manage_youth", municipality),
        "youth_form": forms.YouthParliamentForm(prefix="jp"),
        "reason_form": forms.ReasonForm(),
    }
    return render(request, "participation/manage_index.html", context, status=422 if form.errors else 200)


def _manage_project(request, slug, project_slug, perm="participation.manage_project"):
    municipality = _staff_municipality(request, slug, perm)
    project = get_object_or_404(
        Project.objects.prefetch_related("phases"), municipality=municipality, slug=project_slug
    )
    return municipality, project


@login_required
def manage_project(request, slug: str, project_slug: str):
    municipality, project = _manage_project(request, slug, project_slug)
    budget = Budget.objects.filter(project=project).first()
    context = {
        "municipality": municipality,
        "project": project,
        "state": selectors.project_state(project),
        "phase_form": forms.PhaseForm(),
        "ideas": project.ideas.select_related("author").order_by("-created_at")[:200],
        "answer_form": forms.AnswerForm(),
        "budget": budget,
        "budget_form": forms.BudgetForm(),
        "user_can": {
            "budget": request.user.has_perm("participation.manage_budget", municipality),
            "check": request.user.has_perm("participation.check_feasibility", municipality),
            "paper": request.user.has_perm("participation.enter_paper_ballot", municipality),
            "publish": request.user.has_perm("participation.publish_result", municipality),
        },
    }
    if budget is not None:
        context.update(
            proposals=list(budget.proposals.order_by("number")),
            rule_form=forms.RuleForm(
                initial={
                    f: getattr(budget, f)
                    for f in (
                        "rule",
                        "max_choices",
                        "points_total",
                        "points_per_proposal",
                        "counting",
                        "min_votes",
                        "amount",
                    )
                }
            ),
            proposal_form=forms.ProposalForm(),
            feasibility_form=forms.FeasibilityForm(),
            codes_form=forms.CodesForm(),
            paper_form=forms.PaperEntryForm(),
            turnout=selectors.budget_turnout(budget),
            pending_paper=budget.paper_entries.filter(confirmed_at__isnull=True).count(),
        )
    return render(request, "participation/manage_project.html", context)


@login_required
def manage_ideas(request, slug: str, project_slug: str):
    """All ideas of a project for staff: filterable, unanswered first, with links to answer/moderate."""
    municipality, project = _manage_project(request, slug, project_slug, "participation.view_ideas")
    form = forms.IdeaFilterForm(request.GET or None, municipality=municipality)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ideas, total = selectors.staff_project_ideas(
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
        "limit": selectors.STAFF_IDEAS_LIMIT,
        "filtered": bool(filters and any(filters.values())),
        "can_answer": request.user.has_perm("participation.answer_idea", municipality),
        "can_moderate": request.user.has_perm("participation.moderate", municipality),
    }
    return render(request, "participation/manage_ideas.html", context, status=400 if form.errors else 200)


def _back(slug, project_slug, anchor=""):
    return redirect(reverse("participation:manage-project", args=[slug, project_slug]) + anchor)


@login_required
@require_POST
def manage_phase(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug)
    form = forms.PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.phase_set(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, "Phase gespeichert.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Phase, Beginn und Ende angeben.")
    return _back(slug, project_slug, "#phasen")


@login_required
@require_POST
def manage_publish(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug)
    try:
        services.project_publish(
            actor=request.user, project=project, published=request.POST.get("publish") == "1"
        )
        messages.success(request, "Gespeichert.")
    except ValidationError as exc:
        _error(request, exc)
    return _back(slug, project_slug)


@login_required
@require_POST
def manage_answer(request, slug: str, project_slug: str, pk: int):
    _, project = _manage_project(request, slug, project_slug, "participation.answer_idea")
    idea = get_object_or_404(Idea, project=project, pk=pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.idea_answer(actor=request.user, idea=idea, **form.cleaned_data)
            messages.success(
                request, f"Antwort auf „{idea.title}“ gespeichert; die Verfasser:in wird benachrichtigt."
            )
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Stand und Antwort angeben.")
    return redirect(
        request.POST.get("next") or reverse("participation:manage-project", args=[slug, project_slug])
    )


@login_required
@require_POST
def manage_moderate(request, slug: str):
    municipality = _staff_municipality(request, slug, "participation.moderate")
    idea = comment = None
    if request.POST.get("comment"):
        comment = get_object_or_404(
            Comment, pk=request.POST["comment"], idea__project__municipality=municipality
        )
    else:
        idea = get_object_or_404(Idea, pk=request.POST.get("idea"), project__municipality=municipality)
    try:
        services.content_moderate(
            actor=request.user,
            idea=idea,
            comment=comment,
            hide=request.POST.get("hide") == "1",
            reason=clean_text(request.POST.get("reason", "")),
        )
        messages.success(request, "Moderation gespeichert; die Verfasser:in sieht den Grund.")
    except ValidationError as exc:
        _error(request, exc)
    return redirect(request.POST.get("next") or reverse("participation:manage-index", args=[slug]))


@login_required
@require_POST
def manage_appeal(request, slug: str, pk: int):
    _staff_municipality(request, slug, "participation.moderate")
    appeal = get_object_or_404(Appeal, pk=pk)
    try:
        services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            restore=request.POST.get("restore") == "1",
            reason=clean_text(request.POST.get("reason", "")),
        )
        messages.success(request, "Entscheidung gespeichert.")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("participation:manage-index", slug)


@login_required
@require_POST
def manage_transfer(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug)
    try:
        count = services.project_transfer_to_werkstatt(actor=request.user, project=project)
        messages.success(request, f"{count} Ideen wurden an den Werkstatt-Prozess übergeben.")
    except ValidationError as exc:
        _error(request, exc)
    return _back(slug, project_slug)


@login_required
@require_POST
def manage_budget_create(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.manage_budget")
    form = forms.BudgetForm(request.POST)
    if form.is_valid():
        try:
            services.budget_create(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, "Budget angelegt.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte die Pflichtangaben zum Budget ausfüllen.")
    return _back(slug, project_slug, "#budget")


@login_required
@require_POST
def manage_rule(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.manage_budget")
    budget = _budget(project)
    form = forms.RuleForm(request.POST)
    if form.is_valid():
        try:
            services.budget_rule_change(actor=request.user, budget=budget, **form.cleaned_data)
            messages.success(request, "Abstimmungsregel gespeichert.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte die Angaben zur Regel prüfen.")
    return _back(slug, project_slug, "#regel")


@login_required
@require_POST
def manage_proposal(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.check_feasibility")
    form = forms.ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_submit(
                actor=request.user, budget=_budget(project), by_office=True, **form.cleaned_data
            )
            messages.success(request, "Vorschlag eingetragen.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Titel, Beschreibung und Kosten angeben.")
    return _back(slug, project_slug, "#vorschlaege")


@login_required
@require_POST
def manage_feasibility(request, slug: str, project_slug: str, pk: int):
    _, project = _manage_project(request, slug, project_slug, "participation.check_feasibility")
    proposal = get_object_or_404(Proposal, budget__project=project, pk=pk)
    form = forms.FeasibilityForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_check(actor=request.user, proposal=proposal, **form.cleaned_data)
            messages.success(request, f"Prüfung von Vorschlag {proposal.number} gespeichert.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Ergebnis und Begründung angeben.")
    return _back(slug, project_slug, "#vorschlaege")


@login_required
@require_POST
def manage_codes(request, slug: str, project_slug: str):
    """Create codes and hand them out once, as a PDF of letters; only their hashes are stored."""
    _, project = _manage_project(request, slug, project_slug, "participation.manage_budget")
    budget = _budget(project)
    form = forms.CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte Anzahl (1 bis 20.000) und Bezeichnung angeben.")
        return _back(slug, project_slug, "#codes")
    try:
        codes = services.codes_issue(actor=request.user, budget=budget, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
        return _back(slug, project_slug, "#codes")
    vote_url = request.build_absolute_uri(reverse("participation:vote", args=[slug, project_slug]))
    html = render_to_string(
        "participation/code_letters.html",
        {
            "project": project,
            "budget": budget,
            "codes": codes,
            "vote_url": vote_url,
            "batch": form.cleaned_data["batch"],
        },
    )
    pdf = html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="abstimmungscodes-{project.slug}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def manage_paper(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.enter_paper_ballot")
    form = forms.PaperEntryForm(request.POST)
    if form.is_valid():
        try:
            outcome = services.paper_entry_submit(
                actor=request.user,
                budget=_budget(project),
                sheet=form.cleaned_data["sheet"],
                choices=form.cleaned_data["choices_text"],
            )
            if outcome == "waiting":
                messages.success(
                    request,
                    "Erste Erfassung gespeichert. Eine zweite Person muss den Zettel noch einmal erfassen.",
                )
            else:
                messages.success(request, "Beide Erfassungen stimmen überein; der Stimmzettel ist gezählt.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back(slug, project_slug, "#papier")


@login_required
@require_POST
def manage_count(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.manage_budget")
    try:
        services.budget_count(actor=request.user, budget=_budget(project))
        messages.success(
            request, "Gezählt. Prüfen Sie die Vorschau und veröffentlichen Sie dann das Ergebnis."
        )
    except ValidationError as exc:
        _error(request, exc)
        return _back(slug, project_slug, "#ergebnis")
    return redirect("participation:result", slug, project_slug)


@login_required
@require_POST
def manage_publish_result(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.publish_result")
    try:
        services.budget_result_publish(actor=request.user, budget=_budget(project))
        messages.success(request, "Das Ergebnis ist veröffentlicht.")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("participation:result", slug, project_slug)


@login_required
def manage_export(request, slug: str, project_slug: str):
    _, project = _manage_project(request, slug, project_slug, "participation.manage_budget")
    budget = _budget(project)
    try:
        text = services.budget_export_pb(budget)
    except ValidationError as exc:  # a sealed ballot that the server's keys do not open
        _error(request, exc)
        return _back(slug, project_slug, "#ergebnis")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.pb"'
    return response


# --- Bürgerrat management ----------------------------------------------------------------------------


@login_required
@require_POST
def manage_assembly_create(request, slug: str):
    municipality = _staff_municipality(request, slug, "participation.manage_assembly")
    form = forms.AssemblyForm(request.POST, prefix="br")
    if form.is_valid():
        try:
            assembly = services.assembly_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
            quotas, source, _ = selectors.assembly_quota_proposal(municipality, assembly.panel_size)
            if quotas:
                services.assembly_set_quotas(
                    actor=request.user, assembly=assembly, quotas=quotas, source=source
                )
            messages.success(request, "Bürgerrat angelegt; Quoten aus dem Kommunalprofil vorgeschlagen.")
            return redirect("participation:manage-assembly", slug, assembly.slug)
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Titel, Kurzname, Kurzbeschreibung und Platzzahl angeben.")
    return redirect("participation:manage-index", slug)


def _assembly(request, slug, assembly_slug, perm="participation.manage_assembly"):
    municipality = _staff_municipality(request, slug, perm)
    return get_object_or_404(Assembly, municipality=municipality, slug=assembly_slug)


def _quota_text(quotas: dict) -> str:
    return "\n".join(
        f"{category};{value};{bounds[0]};{bounds[1]}"
        for category, values in quotas.items()
        for value, bounds in values.items()
    )


@login_required
def manage_assembly(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug, "participation.view_assembly")
    return _manage_assembly_page(request, assembly)


def _manage_assembly_page(request, assembly: Assembly, *, pool_form=None, status: int = 200):
    _, _, proposal_rows = selectors.assembly_quota_proposal(assembly.municipality, assembly.panel_size)
    panel = services.assembly_current_panel(assembly)
    members = {m.key: m for m in assembly.pool.all()}
    draws = list(assembly.draws.all())
    # how each member of the current panel got their seat, and who cancelled (with the draw)
    seat_from = {key: d for d in draws for key in d.selected}
    dropped_in = {key: d for d in draws for key in d.dropped}
    context = {
        "municipality": assembly.municipality,
        "assembly": assembly,
        "quota_form": forms.QuotaForm(
            initial={"quotas_text": "Merkmal;Ausprägung;Min;Max\n" + _quota_text(assembly.quotas)}
        ),
        "proposal_rows": proposal_rows,
        "pool_form": pool_form or forms.PoolForm(),
        "pool_size": len(members),
        "draw_form": forms.DrawForm(),
        "replacement_form": forms.ReplacementForm(panel=panel),
        "draws": draws,
        "panel": [(members[k], seat_from.get(k)) for k in panel if k in members],
        "dropped": [
            (m, dropped_in.get(m.key)) for m in sorted(members.values(), key=lambda m: m.key) if m.dropped_out
        ],
        "labels": ALGORITHM_LABELS,
        "can_manage": request.user.has_perm("participation.manage_assembly", assembly.municipality),
    }
    return render(request, "participation/manage_assembly.html", context, status=status)


@login_required
@require_POST
def manage_assembly_quotas(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.QuotaForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Bitte die Quoten eintragen.")
        quotas = read_quotas_csv(form.cleaned_data["quotas_text"])
        services.assembly_set_quotas(
            actor=request.user,
            assembly=assembly,
            quotas={c: {v: list(b) for v, b in vals.items()} for c, vals in quotas.items()},
            source="von der Verwaltung bearbeitet; Vorschlag: " + assembly.quota_source
            if assembly.quota_source
            else "",
        )
        messages.success(request, "Quoten gespeichert.")
    except (ValidationError, ValueError) as exc:
        _error(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
    return redirect("participation:manage-assembly", slug, assembly_slug)


@login_required
@require_POST
def manage_assembly_pool(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.PoolForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.pool_upload(
                actor=request.user,
                assembly=assembly,
                upload=form.cleaned_data["file"],
                consent_confirmed=form.cleaned_data["consent_confirmed"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Pool mit {count} Personen eingelesen.")
            return redirect("participation:manage-assembly", slug, assembly_slug)
    return _manage_assembly_page(request, assembly, pool_form=form, status=422)


@login_required
@require_POST
def manage_assembly_draw(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.DrawForm(request.POST)
    if form.is_valid():
        try:
            draw = services.assembly_draw(
                actor=request.user,
                assembly=assembly,
                seed=form.cleaned_data["seed"],
                algorithm=form.cleaned_data["algorithm"],
                fallback=form.cleaned_data["fallback"],
                check_households=form.cleaned_data["households"],
            )
            note = (
                f" Achtung: statt {draw.algorithm_requested} lief {draw.algorithm_used}."
                if draw.fallback_reason
                else ""
            )
            messages.success(
                request, f"Gelost mit {ALGORITHM_LABELS[draw.algorithm_used]}, Seed {draw.seed}.{note}"
            )
        except ValidationError as exc:
            _error(request, exc)
    return redirect("participation:manage-assembly", slug, assembly_slug)


@login_required
@require_POST
def manage_assembly_replace(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.ReplacementForm(request.POST, panel=services.assembly_current_panel(assembly))
    if form.is_valid():
        try:
            draw = services.assembly_replace(
                actor=request.user,
                assembly=assembly,
                dropped=form.cleaned_data["dropped"],
                seed=form.cleaned_data["seed"],
            )
            messages.success(
                request,
                f"Abgesagt: {', '.join(draw.dropped)}. Nachgerückt: {', '.join(draw.selected)} "
                f"(Seed {draw.seed}).",
            )
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte auswählen, wer abgesagt hat.")
    return redirect("participation:manage-assembly", slug, assembly_slug)


@login_required
@require_POST
def manage_motion_answer(request, slug: str, pk: int):
    municipality = _staff_municipality(request, slug, "participation.manage_youth")
    motion = get_object_or_404(YouthMotion, parliament__municipality=municipality, pk=pk)
    form = forms.MotionAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.motion_answer(actor=request.user, motion=motion, answer=form.cleaned_data["answer"])
            messages.success(request, "Antwort des Stadtrats eingetragen.")
        except ValidationError as exc:
            _error(request, exc)
    return redirect("participation:youth-parliament", slug, motion.parliament.slug)


YOUTH_FORMS = {
    "mitglied": (forms.YouthMemberForm, services.youth_member_add, "Mitglied eingetragen."),
    "sitzung": (forms.YouthMeetingForm, services.youth_meeting_add, "Sitzung eingetragen."),
    "antrag": (forms.YouthMotionForm, services.youth_motion_submit, "Antrag eingetragen."),
}


@login_required
@require_POST
def manage_youth_create(request, slug: str):
    municipality = _staff_municipality(request, slug, "participation.manage_youth")
    form = forms.YouthParliamentForm(request.POST, prefix="jp")
    if form.is_valid():
        try:
            parliament = services.youth_parliament_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
            messages.success(request, f"„{parliament.name}“ angelegt.")
            return redirect("participation:youth-parliament", slug, parliament.slug)
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Bitte Name, Kurzname und Kurzbeschreibung angeben.")
    return redirect("participation:manage-index", slug)


@login_required
@require_POST
def manage_youth_add(request, slug: str, parliament_slug: str, what: str):
    municipality = _staff_municipality(request, slug, "participation.manage_youth")
    parliament = get_object_or_404(YouthParliament, municipality=municipality, slug=parliament_slug)
    if what not in YOUTH_FORMS:
        raise Http404("Unbekannter Eintrag.")
    form_class, service, done = YOUTH_FORMS[what]
    form = form_class(request.POST, prefix=what)
    if form.is_valid():
        try:
            service(actor=request.user, parliament=parliament, **form.cleaned_data)
            messages.success(request, done)
        except ValidationError as exc:
            _error(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("participation:youth-parliament", slug, parliament_slug)
