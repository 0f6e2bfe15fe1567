"""The Lots:in's cases (Fälle): the overview by stage, one case with its notes, tasks and e-mails."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.portal import selectors
from leuchtfeuer.portal.belonging import case_panels
from leuchtfeuer.portal.cases import services
from leuchtfeuer.portal.forms import AssignForm, CaseEmailForm, NoteForm, StageForm, TaskForm
from leuchtfeuer.portal.models import Case, CaseTask, Portal
from leuchtfeuer.portal.workspace import municipality_for, workspace_perms


@login_required
def home(request, slug: str):
    municipality = municipality_for(request, slug, "portal.view_case")
    return render(
        request,
        "portal/lotse_home.html",
        {
            "municipality": municipality,
            "portal": Portal.objects.filter(municipality=municipality).first(),
            "columns": selectors.cases_by_stage(municipality),
            "tasks": selectors.due_tasks(municipality),
            "today": timezone.localdate(),
            **workspace_perms(request.user, municipality),
        },
    )


def _case(request, slug: str, pk: int) -> Case:
    municipality = municipality_for(request, slug, "portal.view_case")
    return get_object_or_404(
        Case.objects.select_related("inquiry__ortsteil", "inquiry__consent", "municipality__region", "lotse"),
        municipality=municipality,
        pk=pk,
    )


@login_required
def case_detail(request, slug: str, pk: int):
    case = services.case_access(actor=request.user, case=_case(request, slug, pk))
    return _render_case(request, case)


def _render_case(request, case: Case, *, forms: dict | None = None):
    forms = forms or {}
    return render(
        request,
        "portal/case_detail.html",
        {
            "municipality": case.municipality,
            "case": case,
            "inquiry": case.inquiry,
            "matches": selectors.case_matches(case),
            "notes": case.notes.select_related("author"),
            "tasks": case.tasks.all(),
            "emails": case.emails.select_related("sender"),
            "related": selectors.case_related_records(case),
            "stage_form": forms.get("stage") or StageForm(initial={"stage": case.stage}),
            "assign_form": forms.get("assign")
            or AssignForm(municipality=case.municipality, initial={"lotse": case.lotse_id}),
            "note_form": forms.get("note") or NoteForm(),
            "task_form": forms.get("task") or TaskForm(),
            "email_form": forms.get("email") or CaseEmailForm(),
            "today": timezone.localdate(),
            **case_panels.case_context(request, case),
        },
    )


@login_required
@require_POST
def case_action(request, slug: str, pk: int, action: str):
    case = _case(request, slug, pk)
    services.case_access(actor=request.user, case=case, purpose=f"bearbeitet ({action})")
    handlers = {
        "stand": (
            StageForm,
            lambda d: services.case_set_stage(
                actor=request.user, case=case, stage=d["stage"], note=d["note"]
            ),
            "stage",
            "Stand geändert.",
        ),
        "notiz": (
            NoteForm,
            lambda d: services.case_add_note(actor=request.user, case=case, text=d["text"]),
            "note",
            "Notiz gespeichert.",
        ),
        "aufgabe": (
            TaskForm,
            lambda d: services.case_add_task(
                actor=request.user, case=case, title=d["title"], due_on=d["due_on"]
            ),
            "task",
            "Aufgabe angelegt.",
        ),
        "email": (
            CaseEmailForm,
            lambda d: services.case_send_email(
                actor=request.user, case=case, subject=d["subject"], body=d["body"]
            ),
            "email",
            "E-Mail gesendet.",
        ),
        "zustaendig": (
            functools.partial(AssignForm, municipality=case.municipality),
            lambda d: services.case_assign(actor=request.user, case=case, lotse=d["lotse"]),
            "assign",
            "Zuständigkeit geändert.",
        ),
    }
    if action not in handlers:
        raise Http404
    form_class, handler, key, done = handlers[action]
    form = form_class(request.POST)

    def error_page(form):
        case.refresh_from_db()
        return _render_case(request, case, forms={key: form})

    return form_action(
        request,
        form=form,
        call=lambda: handler(form.cleaned_data),
        success_url=reverse("portal:case-detail", kwargs={"slug": slug, "pk": pk}),
        error_page=error_page,
        success_message=done,
    )


@login_required
@require_POST
def task_done(request, slug: str, pk: int, task_pk: int):
    case = _case(request, slug, pk)
    task = get_object_or_404(CaseTask, case=case, pk=task_pk)
    return button_action(
        request,
        call=lambda: services.case_complete_task(actor=request.user, task=task),
        redirect_to=reverse("portal:case-detail", kwargs={"slug": slug, "pk": pk}),
        success_message="Aufgabe erledigt.",
    )
