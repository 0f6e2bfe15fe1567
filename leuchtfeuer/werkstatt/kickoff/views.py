"""Pages of the Kick-Off stage: goals and expectations, team and partners, topics and
Handlungsfelder, documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.werkstatt import forms
from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors
from leuchtfeuer.werkstatt.pages import Ctx, comments_of, edit_page, page_context
from leuchtfeuer.werkstatt.plan import services as plan_services
from leuchtfeuer.werkstatt.plan.models import Handlungsfeld
from leuchtfeuer.werkstatt.plan.views import plan_page
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.process.models import Document, TeamMember


# ---------------------------------------------------------------------------------- Kick-Off
def kickoff_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    team = list(process.team.all())
    ctx.update(
        stage_key="kickoff",
        team=[m for m in team if m.kind == TeamMember.Kind.TEAM],
        partners=[m for m in team if m.kind == TeamMember.Kind.PARTNER],
        sectors_covered=sorted({m.get_sector_display() for m in team}),
        documents=list(process.documents.select_related("uploaded_by")),
        fields=list(process.handlungsfelder.all()),
        kickoff_form=bound.get("kickoff_form")
        or forms.KickoffForm(
            initial={"objectives": process.objectives, "expectations": process.expectations}
        ),
        team_form=bound.get("team_form") or forms.TeamMemberForm(),
        document_form=bound.get("document_form") or forms.DocumentForm(),
        topics_form=bound.get("topics_form")
        or forms.TopicsForm(
            initial={"keys": [f.key for f in process.handlungsfelder.all() if f.from_taxonomy]}
        ),
        field_form=bound.get("field_form") or forms.HandlungsfeldForm(),
        comments=comments_of(process, "kickoff"),
        comment_form=forms.CommentForm(),
        resilience=kommunalprofil_selectors.latest_resilience(process)[0],
    )
    return render(request, "werkstatt/kickoff.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def kickoff(request, slug: str):
    ctx = page_context(request, slug, "kickoff")
    if request.method == "GET":
        return kickoff_page(request, ctx)
    form = forms.KickoffForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: process_services.kickoff_update(
            actor=request.user, process=ctx.process, **form.cleaned_data
        ),
        success_url=reverse("werkstatt:kickoff", kwargs={"slug": slug}),
        error_page=lambda form: kickoff_page(request, ctx, kickoff_form=form),
        success_message="Ziele und Erwartungen gespeichert.",
    )


@login_required
@require_POST
def team_add(request, slug: str):
    ctx = page_context(request, slug, "kickoff")
    form = forms.TeamMemberForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: process_services.team_member_add(
            actor=request.user, process=ctx.process, **form.cleaned_data
        ),
        success_url=reverse("werkstatt:kickoff", kwargs={"slug": slug}),
        error_page=lambda form: kickoff_page(request, ctx, team_form=form),
        success_message=lambda result: f"{form.cleaned_data['name']} eingetragen.",
    )


@login_required
@require_POST
def team_remove(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    member = get_object_or_404(TeamMember, process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: process_services.team_member_remove(actor=request.user, member=member),
        redirect_to=reverse("werkstatt:kickoff", kwargs={"slug": slug}),
        success_message=f"{member.name} entfernt.",
    )


@login_required
@require_POST
def topics(request, slug: str):
    ctx = page_context(request, slug, "kickoff")
    form = forms.TopicsForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: plan_services.topics_set(
            actor=request.user, process=ctx.process, keys=form.cleaned_data["keys"]
        ),
        success_url=reverse(
            (request.POST.get("back") == "plan" and "werkstatt:plan") or "werkstatt:kickoff",
            kwargs={"slug": slug},
        ),
        error_page=lambda form: kickoff_page(request, ctx, topics_form=form),
        success_message="Themen gespeichert.",
    )


@login_required
@require_POST
def handlungsfeld_add(request, slug: str):
    ctx = page_context(request, slug, "kickoff")
    form = forms.HandlungsfeldForm(request.POST)
    back = "werkstatt:plan" if request.POST.get("back") == "plan" else "werkstatt:kickoff"
    if (
        attempt(
            form,
            lambda: plan_services.handlungsfeld_add(
                actor=request.user, process=ctx.process, **form.cleaned_data
            ),
        )
        is FAILED
    ):
        if back == "werkstatt:plan":
            return plan_page(request, page_context(request, slug, "plan"), 422, field_form=form)
        return kickoff_page(request, ctx, 422, field_form=form)
    messages.success(request, f"Handlungsfeld „{form.cleaned_data['label']}“ angelegt.")
    return redirect(back, slug=slug)


@login_required
@require_POST
def handlungsfeld_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    field = get_object_or_404(Handlungsfeld, process=ctx.process, pk=pk)
    back = "werkstatt:plan" if request.POST.get("back") == "plan" else "werkstatt:kickoff"
    return button_action(
        request,
        call=lambda: plan_services.handlungsfeld_delete(actor=request.user, field=field),
        redirect_to=reverse(back, kwargs={"slug": slug}),
        success_message=f"Handlungsfeld „{field.label}“ gelöscht.",
    )


@login_required
@require_POST
def document_upload(request, slug: str):
    ctx = page_context(request, slug, "kickoff")
    form = forms.DocumentForm(request.POST, request.FILES)
    result = attempt(
        form,
        lambda: process_services.document_upload(
            actor=request.user,
            process=ctx.process,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["upload"],
        ),
    )
    if result is FAILED:
        return kickoff_page(request, ctx, 422, document_form=form)
    messages.success(request, f"Dokument „{result.title}“ hochgeladen.")
    return redirect("werkstatt:kickoff", slug=slug)


@login_required
def document_download(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    document = get_object_or_404(Document, process=ctx.process, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Die Datei ist nicht mehr vorhanden.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_delete(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    document = get_object_or_404(Document, process=ctx.process, pk=pk)
    return button_action(
        request,
        call=lambda: process_services.document_delete(actor=request.user, document=document),
        redirect_to=reverse("werkstatt:kickoff", kwargs={"slug": slug}),
        success_message=f"Dokument „{document.title}“ gelöscht.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def handlungsfeld_edit(request, slug: str, pk: int):
    ctx = page_context(request, slug, "werkstattplan")
    field = get_object_or_404(Handlungsfeld, process=ctx.process, pk=pk)
    back = reverse("werkstatt:plan", kwargs={"slug": slug})
    delete = reverse("werkstatt:handlungsfeld-delete", kwargs={"slug": slug, "pk": pk})
    if request.method == "POST":
        form = forms.HandlungsfeldEditForm(request.POST)
        if (
            attempt(
                form,
                lambda: plan_services.handlungsfeld_update(
                    actor=request.user, field=field, **form.cleaned_data
                ),
            )
            is not FAILED
        ):
            messages.success(request, f"Handlungsfeld „{form.cleaned_data['label']}“ gespeichert.")
            return redirect(back)
        return edit_page(
            request,
            ctx,
            form=form,
            heading="Handlungsfeld bearbeiten",
            back_url=back,
            delete_url=delete,
            status=422,
        )
    form = forms.HandlungsfeldEditForm(initial={"label": field.label, "description": field.description})
    return edit_page(
        request, ctx, form=form, heading="Handlungsfeld bearbeiten", back_url=back, delete_url=delete
    )
