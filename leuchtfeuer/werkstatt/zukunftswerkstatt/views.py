"""Pages of the Zukunftswerkstatt stage: workshops and ideas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.werkstatt import forms
from leuchtfeuer.werkstatt.pages import Ctx, comments_of, page_context
from leuchtfeuer.werkstatt.zukunftswerkstatt import services as zukunftswerkstatt_services
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Idea, Workshop


# -------------------------------------------------------------------------- Zukunftswerkstatt
def zw_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    fields = list(process.handlungsfelder.all())
    ideas = list(process.ideas.select_related("handlungsfeld", "workshop", "measure"))
    grouped = [(f, [i for i in ideas if i.handlungsfeld_id == f.pk]) for f in fields]
    ctx.update(
        stage_key="zukunftswerkstatt",
        workshops=list(process.workshops.all()),
        grouped=grouped,
        unsorted=[i for i in ideas if i.handlungsfeld_id is None],
        fields=fields,
        idea_form=bound.get("idea_form") or forms.IdeaForm(process=process),
        comments=comments_of(process, "zukunftswerkstatt"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/zukunftswerkstatt.html", ctx, status=status)


@login_required
def zukunftswerkstatt(request, slug: str):
    return zw_page(request, page_context(request, slug, "zukunftswerkstatt"))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request, slug: str, pk: int | None = None):
    ctx = page_context(request, slug, "zukunftswerkstatt")
    workshop = get_object_or_404(Workshop, process=ctx.process, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.WorkshopForm(request.POST)
        saved = attempt(
            form,
            lambda: zukunftswerkstatt_services.workshop_save(
                actor=request.user, process=ctx.process, workshop=workshop, **form.cleaned_data
            ),
        )
        if saved is not FAILED:
            messages.success(request, f"Zukunftswerkstatt „{saved.title}“ gespeichert.")
            return redirect("werkstatt:zukunftswerkstatt", slug=slug)
        status = 422
    else:
        initial = (
            {f: getattr(workshop, f) for f in zukunftswerkstatt_services.WORKSHOP_FIELDS} if workshop else {}
        )
        form, status = forms.WorkshopForm(initial=initial), 200
    ctx.update(form=form, workshop=workshop)
    return render(request, "werkstatt/workshop_form.html", ctx, status=status)


@login_required
@require_POST
def idea_add(request, slug: str):
    ctx = page_context(request, slug, "zukunftswerkstatt")
    form = forms.IdeaForm(request.POST, process=ctx.process)
    return form_action(
        request,
        form=form,
        call=lambda: zukunftswerkstatt_services.idea_add(
            actor=request.user, process=ctx.process, **form.cleaned_data
        ),
        success_url=reverse("werkstatt:zukunftswerkstatt", kwargs={"slug": slug}),
        error_page=lambda form: zw_page(request, ctx, idea_form=form),
        success_message=lambda result: f"Idee „{form.cleaned_data['title']}“ eingetragen.",
    )


@login_required
@require_POST
def idea_assign(request, slug: str, pk: int):
    ctx = page_context(request, slug)
    idea = get_object_or_404(Idea, process=ctx.process, pk=pk)
    key = request.POST.get("handlungsfeld", "")
    field = get_object_or_404(ctx.process.handlungsfelder.all(), pk=key) if key else None
    return button_action(
        request,
        call=lambda: zukunftswerkstatt_services.idea_assign(
            actor=request.user, idea=idea, handlungsfeld=field
        ),
        redirect_to=reverse("werkstatt:zukunftswerkstatt", kwargs={"slug": slug}),
        success_message=f"Idee „{idea.title}“ zugeordnet.",
    )
