"""Pages of the process itself: the list, the overview with the five stages, closing and reopening
a stage, comments and tasks (thin: parse a form → service or selector → render).

Every page works without JavaScript: forms post to their own small view, which redirects back
to the stage page on success (with a message) or renders the page again with the form's errors
and status 422 (htmx-boosted forms show that answer in place) — through `core.actions`.
The pages of each stage live in its sub-domain (`kickoff/`, `kommunalprofil/`,
`zukunftswerkstatt/`, `plan/`, `reports/`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt import forms
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.pages import (
    Ctx,
    assignable_people,
    base_url,
    edit_page,
    linked,
    page_context,
    visible_municipality,
)
from leuchtfeuer.werkstatt.plan import selectors as plan_selectors
from leuchtfeuer.werkstatt.process import selectors as process_selectors
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.process.models import Stage, Task


# ------------------------------------------------------------------------------ overview
@login_required
def index(request):
    """The processes the user may see (all of them for the programme office)."""
    processes = list(process_selectors.processes_visible_to(request.user).prefetch_related("stages"))
    if not processes and not request.user.has_perm("werkstatt.view_process_list"):
        raise PermissionDenied(
            "Der Werkstatt-Prozess ist nur für Kommunen, Beratung und Geschäftsstelle sichtbar."
        )
    startable = [
        m
        for m in Municipality.objects.filter(werkstatt_process__isnull=True).order_by("display_name")
        if request.user.has_perm("werkstatt.start_process", m)
    ]
    return render(request, "werkstatt/process_list.html", {"processes": processes, "startable": startable})


def process_page(request, ctx: Ctx, *, status: int = 200, gate_errors=None, stage_form=None):
    process = ctx.process
    overview = process_selectors.stage_overview(process)
    current = next((s for s in overview if s.is_current), None)
    slug = ctx.municipality.slug
    if gate_errors and current:
        gaps = {str(g): g for g in current.missing}
        gate_errors = [gaps.get(m, m) for m in gate_errors]
    ctx.update(
        overview=overview,
        current=current,
        current_missing=linked(slug, current.missing) if current else [],
        gate_errors=linked(slug, gate_errors or []),
        summary=process_selectors.dashboard_summary(process),
        budget_total=plan_selectors.budget_total(process),
        comment_form=forms.CommentForm(),
    )
    if ctx["can_manage_stage"] and ctx["current"]:
        stage = process.stages.get(kind=process.current_stage)
        ctx["stage_form"] = stage_form or forms.StageForm(
            people=assignable_people(process),
            initial={
                "responsible": stage.responsible_id,
                "planned_end": stage.planned_end,
                "notes": stage.notes,
            },
        )
    return render(request, "werkstatt/process_detail.html", ctx, status=status)


@login_required
def process_detail(request, slug: str):
    municipality = visible_municipality(request, slug)
    if process_selectors.process_for(municipality) is None:
        form = forms.StartForm(initial={"started_on": timezone.localdate()})
        return render(
            request,
            "werkstatt/process_start.html",
            {
                "municipality": municipality,
                "form": form,
                "can_start": request.user.has_perm("werkstatt.start_process", municipality),
            },
        )
    return process_page(request, page_context(request, slug, "overview"))


@login_required
@require_POST
def process_start(request, slug: str):
    municipality = visible_municipality(request, slug)
    form = forms.StartForm(request.POST)
    process = attempt(
        form,
        lambda: process_services.process_start(
            actor=request.user,
            municipality=municipality,
            started_on=form.cleaned_data["started_on"],
            title=form.cleaned_data["title"],
        ),
    )
    if process is FAILED:
        return render(
            request,
            "werkstatt/process_start.html",
            {"municipality": municipality, "form": form, "can_start": True},
            status=422,
        )
    messages.success(request, "Der Werkstatt-Prozess hat begonnen: die Stufe Kick-Off ist offen.")
    return redirect("werkstatt:process", slug=slug)


@login_required
@require_POST
def stage_close(request, slug: str):
    # Written by hand, not with core.actions: a refusal is the gate's list of gaps, shown as links
    # on the overview (not form errors), and the message on success names the stage now open.
    ctx = page_context(request, slug, "overview")
    try:
        opened = process_services.stage_close(
            actor=request.user, process=ctx.process, kind=request.POST.get("stage") or None
        )
    except ValidationError as exc:
        ctx.process.refresh_from_db()
        return process_page(request, ctx, status=422, gate_errors=exc.messages)
    if opened is None:
        messages.success(request, "Die Zwischenbilanz ist abgeschlossen – alle fünf Stufen sind durchlaufen.")
    else:
        messages.success(request, f"Stufe abgeschlossen. Jetzt läuft die Stufe {opened.get_kind_display()}.")
    return redirect("werkstatt:process", slug=slug)


@login_required
@require_POST
def stage_reopen(request, slug: str):
    ctx = page_context(request, slug)
    return button_action(
        request,
        call=lambda: process_services.stage_reopen(actor=request.user, process=ctx.process),
        redirect_to=reverse("werkstatt:process", kwargs={"slug": slug}),
        success_message="Die vorige Stufe ist wieder geöffnet.",
    )


@login_required
@require_POST
def stage_update(request, slug: str):
    ctx = page_context(request, slug, "overview")
    process = ctx.process
    if not ctx["can_manage_stage"]:
        raise PermissionDenied
    stage = get_object_or_404(Stage, process=process, kind=process.current_stage)
    form = forms.StageForm(request.POST, people=assignable_people(process))
    return form_action(
        request,
        form=form,
        call=lambda: process_services.stage_update(
            actor=request.user, stage=stage, base_url=base_url(request), **form.cleaned_data
        ),
        success_url=reverse("werkstatt:process", kwargs={"slug": slug}),
        error_page=lambda form: process_page(request, ctx, stage_form=form),
        success_message="Angaben zur Stufe gespeichert.",
    )


@login_required
@require_POST
def comment_add(request, slug: str):
    ctx = page_context(request, slug)
    stage = request.POST.get("stage", "")
    form = forms.CommentForm(request.POST)
    back = stage_registry.BY_KEY[stage].url_name if stage in stage_registry.BY_KEY else "werkstatt:process"
    if (
        attempt(
            form,
            lambda: process_services.comment_add(
                actor=request.user, process=ctx.process, stage=stage, **form.cleaned_data
            ),
        )
        is not FAILED
    ):
        messages.success(request, "Anmerkung gespeichert.")
    else:
        messages.error(request, "Die Anmerkung ist leer oder zu lang und wurde nicht gespeichert.")
    return redirect(back, slug=slug)


# ------------------------------------------------------------------------------------ tasks
@login_required
@require_http_methods(["GET", "POST"])
def tasks(request, slug: str):
    ctx = page_context(request, slug, "tasks")
    process = ctx.process
    status = 200
    form = forms.TaskForm(people=assignable_people(process))
    if request.method == "POST":
        form = forms.TaskForm(request.POST, people=assignable_people(process))
        if (
            attempt(
                form,
                lambda: process_services.task_create(
                    actor=request.user, process=process, base_url=base_url(request), **form.cleaned_data
                ),
            )
            is not FAILED
        ):
            messages.success(request, f"Aufgabe „{form.cleaned_data['title']}“ angelegt.")
            return redirect("werkstatt:tasks", slug=slug)
        status = 422
    all_tasks = list(process.tasks.select_related("assignee", "measure").order_by("done", "due_date", "id"))
    ctx.update(
        form=form,
        open_tasks=[t for t in all_tasks if not t.done],
        done_tasks=[t for t in all_tasks if t.done][:30],
        today=timezone.localdate(),
    )
    return render(request, "werkstatt/tasks.html", ctx, status=status)


@login_required
@require_POST
def task_done(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    task = get_object_or_404(Task, process=ctx.process, pk=pk)
    done = request.POST.get("done", "1") == "1"
    return button_action(
        request,
        call=lambda: process_services.task_complete(actor=request.user, task=task, done=done),
        redirect_to=reverse("werkstatt:tasks", kwargs={"slug": slug}),
        success_message=f"Aufgabe „{task.title}“ {'erledigt' if done else 'wieder offen'}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, slug: str, pk: int):
    ctx = page_context(request, slug, "tasks")
    if not ctx["can_tasks"]:
        raise PermissionDenied("Aufgaben bearbeiten Koordination und Team.")
    task = get_object_or_404(Task, process=ctx.process, pk=pk)
    back = reverse("werkstatt:tasks", kwargs={"slug": slug})
    people = assignable_people(ctx.process)
    if request.method == "POST":
        form = forms.TaskEditForm(request.POST, people=people)
        if (
            attempt(
                form,
                lambda: process_services.task_update(
                    actor=request.user, task=task, base_url=base_url(request), **form.cleaned_data
                ),
            )
            is not FAILED
        ):
            messages.success(request, f"Aufgabe „{form.cleaned_data['title']}“ gespeichert.")
            return redirect(back)
        return edit_page(request, ctx, form=form, heading="Aufgabe bearbeiten", back_url=back, status=422)
    form = forms.TaskEditForm(
        people=people,
        initial={
            "title": task.title,
            "description": task.description,
            "due_date": task.due_date,
            "assignee": task.assignee_id,
        },
    )
    return edit_page(request, ctx, form=form, heading="Aufgabe bearbeiten", back_url=back)
