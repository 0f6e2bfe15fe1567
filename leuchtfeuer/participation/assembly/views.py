"""Pages of the Bürgerrat: the public draw record and for the office quotas, pool, draw and replacement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action, form_action
from leuchtfeuer.participation import forms, services
from leuchtfeuer.participation.assembly.models import Assembly
from leuchtfeuer.participation.assembly.selectors import assembly_quota_proposal
from leuchtfeuer.participation.engine.sortition import ALGORITHM_LABELS, read_quotas_csv
from leuchtfeuer.participation.pages import (
    form_button,
    form_error_messages,
    staff_municipality,
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


@login_required
@require_POST
def manage_assembly_create(request, slug: str):
    municipality = staff_municipality(request, slug, "participation.manage_assembly")
    form = forms.AssemblyForm(request.POST, prefix="br")
    if not form.is_valid():
        messages.error(request, "Bitte Titel, Kurzname, Kurzbeschreibung und Platzzahl angeben.")
        return redirect("participation:manage-index", slug)

    def create():
        assembly = services.assembly_create(
            actor=request.user, municipality=municipality, **form.cleaned_data
        )
        quotas, source, _ = assembly_quota_proposal(municipality, assembly.panel_size)
        if quotas:
            services.assembly_set_quotas(actor=request.user, assembly=assembly, quotas=quotas, source=source)
        return assembly

    assembly = attempt(form, create)
    if assembly is FAILED:
        form_error_messages(request, form)
        return redirect("participation:manage-index", slug)
    messages.success(request, "Bürgerrat angelegt; Quoten aus dem Kommunalprofil vorgeschlagen.")
    return redirect("participation:manage-assembly", slug, assembly.slug)


def _assembly(request, slug, assembly_slug, perm="participation.manage_assembly"):
    municipality = staff_municipality(request, slug, perm)
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


def _manage_assembly_page(request, assembly: Assembly, *, pool_form=None):
    _, _, proposal_rows = assembly_quota_proposal(assembly.municipality, assembly.panel_size)
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
    return render(request, "participation/manage_assembly.html", context)


@login_required
@require_POST
def manage_assembly_quotas(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.QuotaForm(request.POST)
    back = reverse("participation:manage-assembly", args=[slug, assembly_slug])
    if not form.is_valid():
        messages.error(request, "Bitte die Quoten eintragen.")
        return redirect(back)
    try:
        quotas = read_quotas_csv(form.cleaned_data["quotas_text"])
    except ValueError as exc:  # SortitionError: the row and what is wrong, in German
        messages.error(request, str(exc))
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.assembly_set_quotas(
            actor=request.user,
            assembly=assembly,
            quotas={c: {v: list(b) for v, b in vals.items()} for c, vals in quotas.items()},
            source="von der Verwaltung bearbeitet; Vorschlag: " + assembly.quota_source
            if assembly.quota_source
            else "",
        ),
        redirect_to=back,
        success_message="Quoten gespeichert.",
    )


@login_required
@require_POST
def manage_assembly_pool(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.PoolForm(request.POST, request.FILES)
    return form_action(
        request,
        form=form,
        call=lambda: services.pool_upload(
            actor=request.user,
            assembly=assembly,
            upload=form.cleaned_data["file"],
            consent_confirmed=form.cleaned_data["consent_confirmed"],
        ),
        success_url=reverse("participation:manage-assembly", args=[slug, assembly_slug]),
        error_page=lambda form: _manage_assembly_page(request, assembly, pool_form=form),
        success_message=lambda count: f"Pool mit {count} Personen eingelesen.",
    )


def _drawn_message(draw) -> str:
    note = (
        f" Achtung: statt {draw.algorithm_requested} lief {draw.algorithm_used}."
        if draw.fallback_reason
        else ""
    )
    return f"Gelost mit {ALGORITHM_LABELS[draw.algorithm_used]}, Seed {draw.seed}.{note}"


@login_required
@require_POST
def manage_assembly_draw(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.DrawForm(request.POST)
    back = reverse("participation:manage-assembly", args=[slug, assembly_slug])
    if not form.is_valid():
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.assembly_draw(
            actor=request.user,
            assembly=assembly,
            seed=form.cleaned_data["seed"],
            algorithm=form.cleaned_data["algorithm"],
            fallback=form.cleaned_data["fallback"],
            check_households=form.cleaned_data["households"],
        ),
        redirect_to=back,
        success_message=_drawn_message,
    )


@login_required
@require_POST
def manage_assembly_replace(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    form = forms.ReplacementForm(request.POST, panel=services.assembly_current_panel(assembly))
    return form_button(
        request,
        form=form,
        invalid_message="Bitte auswählen, wer abgesagt hat.",
        call=lambda: services.assembly_replace(
            actor=request.user,
            assembly=assembly,
            dropped=form.cleaned_data["dropped"],
            seed=form.cleaned_data["seed"],
        ),
        redirect_to=reverse("participation:manage-assembly", args=[slug, assembly_slug]),
        success_message=lambda draw: (
            f"Abgesagt: {', '.join(draw.dropped)}. Nachgerückt: {', '.join(draw.selected)} (Seed {draw.seed})."
        ),
    )
