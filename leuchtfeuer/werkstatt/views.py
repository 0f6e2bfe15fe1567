"""Pages of the Werkstatt process (thin: parse a form → service or selector → render).

Every page works without JavaScript: forms post to their own small view, which redirects back
to the stage page on success (with a message) or renders the page again with the form's errors
and status 422 (htmx-boosted forms show that answer in place).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt import charts, forms, selectors, services
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.models import (
    BudgetLine,
    Document,
    Finding,
    Goal,
    Handlungsfeld,
    Idea,
    Indicator,
    Measure,
    Process,
    Review,
    Stage,
    Task,
    TeamMember,
    Workshop,
)


# ------------------------------------------------------------------------------- helpers
class Ctx(dict):
    """The shared context of every Werkstatt page: municipality, process, permissions."""

    @property
    def process(self) -> Process:
        return self["process"]

    @property
    def municipality(self) -> Municipality:
        return self["municipality"]


def _municipality(request, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    if not request.user.has_perm("werkstatt.view_process", municipality):
        raise PermissionDenied("Sie haben keinen Zugriff auf den Werkstatt-Prozess dieser Kommune.")
    return municipality


def _ctx(request, slug: str, section: str = "") -> Ctx:
    municipality = _municipality(request, slug)
    process = selectors.process_for(municipality)
    if process is None:
        raise Http404("Diese Kommune hat noch keinen Werkstatt-Prozess.")
    user = request.user
    areas = stage_registry.editable_areas(process.current_stage)
    can_edit = user.has_perm("werkstatt.edit_content", process)
    return Ctx(
        municipality=municipality,
        process=process,
        section=section,
        stage_nav=list(process.stages.all()),
        current_label=stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
        areas=areas,
        can_edit=can_edit,
        can_advance=user.has_perm("werkstatt.advance_stage", process),
        can_manage_stage=user.has_perm("werkstatt.manage_stage", process),
        can_adopt=user.has_perm("werkstatt.adopt_plan", process),
        can_findings=user.has_perm("werkstatt.edit_findings", process) and "findings" in areas,
        can_tasks=user.has_perm("werkstatt.manage_tasks", process),
        can_comment=user.has_perm("werkstatt.comment", process),
        edit={area: can_edit and area in areas for area in stage_registry.AREA_LABELS},
    )


def _people(process: Process):
    User = get_user_model()
    return (
        User.objects.filter(
            memberships__municipality_id=process.municipality_id,
            memberships__role__in=services.ASSIGNABLE_ROLES,
        )
        .distinct()
        .order_by("name", "email")
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _attempt(form, call: Callable[[], object]):
    """Run a service for a valid form; attach its ValidationError to the form. → result or None."""
    if not form.is_valid():
        return None
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _post_action(request, call: Callable[[], object], success: str, back: str, slug: str, **kwargs):
    """A button without fields (delete, mark done): run, report, go back."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(back, slug=slug, **kwargs)


def _comments(process: Process, stage: str) -> list:
    return list(process.comments.filter(stage=stage).select_related("author"))


# ------------------------------------------------------------------------------ overview
@login_required
def index(request):
    """The processes the user may see (all of them for the programme office)."""
    processes = list(selectors.processes_visible_to(request.user).prefetch_related("stages"))
    if not processes and not request.user.has_perm("werkstatt.view_all_processes"):
        from leuchtfeuer.accounts.roles import roles_by_municipality

        if not roles_by_municipality(request.user):
            raise PermissionDenied(
                "Der Werkstatt-Prozess ist nur für Kommunen, Beratung und Geschäftsstelle sichtbar."
            )
    startable = [
        m
        for m in Municipality.objects.filter(werkstatt_process__isnull=True).order_by("display_name")
        if request.user.has_perm("werkstatt.start_process", m)
    ]
    return render(request, "werkstatt/process_list.html", {"processes": processes, "startable": startable})


def _linked(slug: str, items) -> list[dict]:
    """Gate messages as {text, href}: what a gate finds missing (a Gap) links to where it is fixed."""
    return [
        {"text": str(m), "href": m.href(slug) if isinstance(m, stage_registry.Gap) else ""} for m in items
    ]


def _process_page(request, ctx: Ctx, *, status: int = 200, gate_errors=None, stage_form=None):
    process = ctx.process
    overview = selectors.stage_overview(process)
    current = next((s for s in overview if s.is_current), None)
    slug = ctx.municipality.slug
    if gate_errors and current:
        gaps = {str(g): g for g in current.missing}
        gate_errors = [gaps.get(m, m) for m in gate_errors]
    ctx.update(
        overview=overview,
        current=current,
        current_missing=_linked(slug, current.missing) if current else [],
        gate_errors=_linked(slug, gate_errors or []),
        summary=selectors.dashboard_summary(process),
        budget_total=selectors.budget_total(process),
        comment_form=forms.CommentForm(),
    )
    if ctx["can_manage_stage"] and ctx["current"]:
        stage = process.stages.get(kind=process.current_stage)
        ctx["stage_form"] = stage_form or forms.StageForm(
            people=_people(process),
            initial={
                "responsible": stage.responsible_id,
                "planned_end": stage.planned_end,
                "notes": stage.notes,
            },
        )
    return render(request, "werkstatt/process_detail.html", ctx, status=status)


@login_required
def process_detail(request, slug: str):
    municipality = _municipality(request, slug)
    if selectors.process_for(municipality) is None:
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
    return _process_page(request, _ctx(request, slug, "overview"))


@login_required
@require_POST
def process_start(request, slug: str):
    municipality = _municipality(request, slug)
    form = forms.StartForm(request.POST)
    process = _attempt(
        form,
        lambda: services.process_start(
            actor=request.user,
            municipality=municipality,
            started_on=form.cleaned_data["started_on"],
            title=form.cleaned_data["title"],
        ),
    )
    if process is None:
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
    ctx = _ctx(request, slug, "overview")
    try:
        opened = services.stage_close(
            actor=request.user, process=ctx.process, kind=request.POST.get("stage") or None
        )
    except ValidationError as exc:
        ctx.process.refresh_from_db()
        return _process_page(request, ctx, status=422, gate_errors=exc.messages)
    if opened is None:
        messages.success(request, "Die Zwischenbilanz ist abgeschlossen – alle fünf Stufen sind durchlaufen.")
    else:
        messages.success(request, f"Stufe abgeschlossen. Jetzt läuft die Stufe {opened.get_kind_display()}.")
    return redirect("werkstatt:process", slug=slug)


@login_required
@require_POST
def stage_reopen(request, slug: str):
    ctx = _ctx(request, slug)
    return _post_action(
        request,
        lambda: services.stage_reopen(actor=request.user, process=ctx.process),
        "Die vorige Stufe ist wieder geöffnet.",
        "werkstatt:process",
        slug,
    )


@login_required
@require_POST
def stage_update(request, slug: str):
    ctx = _ctx(request, slug, "overview")
    process = ctx.process
    if not ctx["can_manage_stage"]:
        raise PermissionDenied
    stage = get_object_or_404(Stage, process=process, kind=process.current_stage)
    form = forms.StageForm(request.POST, people=_people(process))
    if (
        _attempt(
            form,
            lambda: services.stage_update(
                actor=request.user, stage=stage, base_url=_base_url(request), **form.cleaned_data
            ),
        )
        is None
    ):
        return _process_page(request, ctx, status=422, stage_form=form)
    messages.success(request, "Angaben zur Stufe gespeichert.")
    return redirect("werkstatt:process", slug=slug)


@login_required
@require_POST
def comment_add(request, slug: str):
    ctx = _ctx(request, slug)
    stage = request.POST.get("stage", "")
    form = forms.CommentForm(request.POST)
    back = stage_registry.BY_KEY[stage].url_name if stage in stage_registry.BY_KEY else "werkstatt:process"
    if _attempt(
        form,
        lambda: services.comment_add(
            actor=request.user, process=ctx.process, stage=stage, **form.cleaned_data
        ),
    ):
        messages.success(request, "Anmerkung gespeichert.")
    else:
        messages.error(request, "Die Anmerkung ist leer oder zu lang und wurde nicht gespeichert.")
    return redirect(back, slug=slug)


# ---------------------------------------------------------------------------------- Kick-Off
def _kickoff_page(request, ctx: Ctx, status: int = 200, **bound):
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
        comments=_comments(process, "kickoff"),
        comment_form=forms.CommentForm(),
        resilience=selectors.latest_resilience(process)[0],
    )
    return render(request, "werkstatt/kickoff.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def kickoff(request, slug: str):
    ctx = _ctx(request, slug, "kickoff")
    if request.method == "GET":
        return _kickoff_page(request, ctx)
    form = forms.KickoffForm(request.POST)
    if (
        _attempt(
            form,
            lambda: services.kickoff_update(actor=request.user, process=ctx.process, **form.cleaned_data),
        )
        is None
    ):
        return _kickoff_page(request, ctx, 422, kickoff_form=form)
    messages.success(request, "Ziele und Erwartungen gespeichert.")
    return redirect("werkstatt:kickoff", slug=slug)


@login_required
@require_POST
def team_add(request, slug: str):
    ctx = _ctx(request, slug, "kickoff")
    form = forms.TeamMemberForm(request.POST)
    if (
        _attempt(
            form,
            lambda: services.team_member_add(actor=request.user, process=ctx.process, **form.cleaned_data),
        )
        is None
    ):
        return _kickoff_page(request, ctx, 422, team_form=form)
    messages.success(request, f"{form.cleaned_data['name']} eingetragen.")
    return redirect("werkstatt:kickoff", slug=slug)


@login_required
@require_POST
def team_remove(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    member = get_object_or_404(TeamMember, process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.team_member_remove(actor=request.user, member=member),
        f"{member.name} entfernt.",
        "werkstatt:kickoff",
        slug,
    )


@login_required
@require_POST
def topics(request, slug: str):
    ctx = _ctx(request, slug, "kickoff")
    form = forms.TopicsForm(request.POST)
    if (
        _attempt(
            form,
            lambda: services.topics_set(
                actor=request.user, process=ctx.process, keys=form.cleaned_data["keys"]
            ),
        )
        is None
    ):
        return _kickoff_page(request, ctx, 422, topics_form=form)
    messages.success(request, "Themen gespeichert.")
    return redirect(
        (request.POST.get("back") == "plan" and "werkstatt:plan") or "werkstatt:kickoff", slug=slug
    )


@login_required
@require_POST
def handlungsfeld_add(request, slug: str):
    ctx = _ctx(request, slug, "kickoff")
    form = forms.HandlungsfeldForm(request.POST)
    back = "werkstatt:plan" if request.POST.get("back") == "plan" else "werkstatt:kickoff"
    if (
        _attempt(
            form,
            lambda: services.handlungsfeld_add(actor=request.user, process=ctx.process, **form.cleaned_data),
        )
        is None
    ):
        if back == "werkstatt:plan":
            return _plan_page(request, _ctx(request, slug, "plan"), 422, field_form=form)
        return _kickoff_page(request, ctx, 422, field_form=form)
    messages.success(request, f"Handlungsfeld „{form.cleaned_data['label']}“ angelegt.")
    return redirect(back, slug=slug)


@login_required
@require_POST
def handlungsfeld_delete(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    field = get_object_or_404(Handlungsfeld, process=ctx.process, pk=pk)
    back = "werkstatt:plan" if request.POST.get("back") == "plan" else "werkstatt:kickoff"
    return _post_action(
        request,
        lambda: services.handlungsfeld_delete(actor=request.user, field=field),
        f"Handlungsfeld „{field.label}“ gelöscht.",
        back,
        slug,
    )


@login_required
@require_POST
def document_upload(request, slug: str):
    ctx = _ctx(request, slug, "kickoff")
    form = forms.DocumentForm(request.POST, request.FILES)
    result = _attempt(
        form,
        lambda: services.document_upload(
            actor=request.user,
            process=ctx.process,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["upload"],
        ),
    )
    if result is None:
        return _kickoff_page(request, ctx, 422, document_form=form)
    messages.success(request, f"Dokument „{result.title}“ hochgeladen.")
    return redirect("werkstatt:kickoff", slug=slug)


@login_required
def document_download(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
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
    ctx = _ctx(request, slug)
    document = get_object_or_404(Document, process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.document_delete(actor=request.user, document=document),
        f"Dokument „{document.title}“ gelöscht.",
        "werkstatt:kickoff",
        slug,
    )


# -------------------------------------------------------------------------- Resilienz-Check
def _radar(rows: list[dict]) -> str:
    return charts.radar_chart(
        [(r["label"], r["score"]) for r in rows],
        markers=[r["dimension"] == "saeule" for r in rows],
        title="Resilienz-Check: Einschätzung von 1 (sehr schwach) bis 5 (sehr stark)",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resilience(request, slug: str):
    ctx = _ctx(request, slug, "resilience")
    process = ctx.process
    items = services.resilience_items()
    check, rows = selectors.latest_resilience(process)
    status = 200
    if request.method == "POST":
        form = forms.ResilienceForm(request.POST, items=items)
        if _attempt(
            form,
            lambda: services.resilience_check_save(
                actor=request.user,
                process=process,
                taken_on=form.cleaned_data["taken_on"],
                note=form.cleaned_data["note"],
                answers=form.answers(),
            ),
        ):
            messages.success(request, "Resilienz-Check gespeichert.")
            return redirect("werkstatt:resilience", slug=slug)
        status = 422
    else:
        initial = {"taken_on": timezone.localdate()}
        for r in rows:
            initial[f"{r['dimension']}-{r['key']}"] = str(r["score"] or "")
            initial[f"{r['dimension']}-{r['key']}-note"] = r["note"]
        form = forms.ResilienceForm(items=items, initial=initial)
    ctx.update(
        form=form,
        check=check,
        rows=rows,
        radar=_radar(rows) if rows else "",
        weak=[r["label"] for r in rows if r["score"] is not None and r["score"] <= 2],
        has_previous=any(r["previous"] is not None for r in rows),
        history=list(process.resilience_checks.all()[:10]),
        pillar_count=len(taxonomy.RESILIENCE_PILLARS),
    )
    return render(request, "werkstatt/resilience.html", ctx, status=status)


# ---------------------------------------------------------------------------- Kommunalprofil
def _frozen_projection(projection: dict | None) -> dict:
    """Every fifth year ({year, total, range80}), base year and note of a frozen projection.

    Snapshots hold what `leuchtfeuer project <AGS> --json` printed when they were taken: the
    current projection with English keys, or (older snapshots) the German keys of before."""
    if not projection:
        return {"projection_years": []}
    if "years" in projection:
        rows = [
            {"year": y["year"], "total": y["total"], "range80": y.get("range80")} for y in projection["years"]
        ]
        note = " ".join(filter(None, [projection.get("method", "") + ".", projection.get("drivers", "")]))
        base = projection.get("base_year")
    else:
        rows = [
            {"year": y["jahr"], "total": y["insgesamt"], "range80": y.get("bereich80")}
            for y in projection.get("jahre", [])
        ]
        note = f"{projection.get('methode', '')}. {projection.get('hinweis', '')}"
        base = projection.get("basisjahr")
    return {"projection_years": rows[::5], "projection_base_year": base, "projection_note": note}


def _profile_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    snapshot = selectors.latest_snapshot(process)
    rows = selectors.profile_comparison(process)
    findings = defaultdict(list)
    for f in process.findings.select_related("created_by"):
        findings[f.kind].append(f)
    ctx.update(
        stage_key="kommunalprofil",
        snapshot=snapshot,
        snapshot_rows=rows,
        snapshot_count=process.profile_snapshots.count(),
        **_frozen_projection(snapshot.projection if snapshot else None),
        findings=[(value, label, findings.get(value, [])) for value, label in Finding.Kind.choices],
        finding_form=bound.get("finding_form") or forms.FindingForm(),
        comments=_comments(process, "kommunalprofil"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/kommunalprofil.html", ctx, status=status)


@login_required
def kommunalprofil(request, slug: str):
    return _profile_page(request, _ctx(request, slug, "kommunalprofil"))


@login_required
@require_POST
def snapshot_take(request, slug: str):
    ctx = _ctx(request, slug)
    return _post_action(
        request,
        lambda: services.profile_snapshot_take(
            actor=request.user, process=ctx.process, with_projection=request.POST.get("projection") == "1"
        ),
        "Der Stand des Kommunalprofils ist gesichert.",
        "werkstatt:kommunalprofil",
        slug,
    )


@login_required
@require_POST
def finding_add(request, slug: str):
    ctx = _ctx(request, slug, "kommunalprofil")
    form = forms.FindingForm(request.POST)
    if (
        _attempt(
            form, lambda: services.finding_add(actor=request.user, process=ctx.process, **form.cleaned_data)
        )
        is None
    ):
        return _profile_page(request, ctx, 422, finding_form=form)
    messages.success(request, "Befund gespeichert.")
    return redirect("werkstatt:kommunalprofil", slug=slug)


@login_required
@require_POST
def finding_delete(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    finding = get_object_or_404(Finding, process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.finding_delete(actor=request.user, finding=finding),
        "Befund gelöscht.",
        "werkstatt:kommunalprofil",
        slug,
    )


# -------------------------------------------------------------------------- Zukunftswerkstatt
def _zw_page(request, ctx: Ctx, status: int = 200, **bound):
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
        comments=_comments(process, "zukunftswerkstatt"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/zukunftswerkstatt.html", ctx, status=status)


@login_required
def zukunftswerkstatt(request, slug: str):
    return _zw_page(request, _ctx(request, slug, "zukunftswerkstatt"))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request, slug: str, pk: int | None = None):
    ctx = _ctx(request, slug, "zukunftswerkstatt")
    workshop = get_object_or_404(Workshop, process=ctx.process, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.WorkshopForm(request.POST)
        saved = _attempt(
            form,
            lambda: services.workshop_save(
                actor=request.user, process=ctx.process, workshop=workshop, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"Zukunftswerkstatt „{saved.title}“ gespeichert.")
            return redirect("werkstatt:zukunftswerkstatt", slug=slug)
        status = 422
    else:
        initial = {f: getattr(workshop, f) for f in services.WORKSHOP_FIELDS} if workshop else {}
        form, status = forms.WorkshopForm(initial=initial), 200
    ctx.update(form=form, workshop=workshop)
    return render(request, "werkstatt/workshop_form.html", ctx, status=status)


@login_required
@require_POST
def idea_add(request, slug: str):
    ctx = _ctx(request, slug, "zukunftswerkstatt")
    form = forms.IdeaForm(request.POST, process=ctx.process)
    if (
        _attempt(
            form, lambda: services.idea_add(actor=request.user, process=ctx.process, **form.cleaned_data)
        )
        is None
    ):
        return _zw_page(request, ctx, 422, idea_form=form)
    messages.success(request, f"Idee „{form.cleaned_data['title']}“ eingetragen.")
    return redirect("werkstatt:zukunftswerkstatt", slug=slug)


@login_required
@require_POST
def idea_assign(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    idea = get_object_or_404(Idea, process=ctx.process, pk=pk)
    key = request.POST.get("handlungsfeld", "")
    field = get_object_or_404(Handlungsfeld, process=ctx.process, pk=key) if key else None
    return _post_action(
        request,
        lambda: services.idea_assign(actor=request.user, idea=idea, handlungsfeld=field),
        f"Idee „{idea.title}“ zugeordnet.",
        "werkstatt:zukunftswerkstatt",
        slug,
    )


@login_required
@require_POST
def idea_to_measure(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    idea = get_object_or_404(Idea, process=ctx.process, pk=pk)
    try:
        measure = services.idea_to_measure(actor=request.user, idea=idea)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("werkstatt:zukunftswerkstatt", slug=slug)
    messages.success(
        request, f"Aus der Idee ist die Maßnahme „{measure.title}“ geworden. Bitte ergänzen Sie die Angaben."
    )
    return redirect("werkstatt:measure-edit", slug=slug, pk=measure.pk)


# -------------------------------------------------------------------------------- Werkstattplan
def _bars(tree) -> list[charts.Bar]:
    return [
        charts.Bar(m.title, f.label, m.start, m.end, m.status, m.get_status_display())
        for f in tree
        for m in f.measures.all()
    ]


def _plan_page(request, ctx: Ctx, status: int = 200, **bound):
    process = ctx.process
    tree = selectors.plan_tree(process)
    versions = selectors.plan_versions(process)
    has_changes = selectors.plan_has_unadopted_changes(process)
    progress = {p.indicator.pk: p for p in selectors.indicator_progress(process)}
    for f in tree:
        for m in f.measures.all():
            m.total = sum((b.amount for b in m.budget_lines.all()), Decimal("0"))
            m.progress = [progress[i.pk] for i in m.indicators.all() if i.pk in progress]
    life = dict(taxonomy.choices(taxonomy.LIFE_PHASES))
    ctx.update(
        stage_key="werkstattplan",
        tree=[f for f in tree if f.goals.all() or f.measures.all()],
        empty_fields=[f for f in tree if not (f.goals.all() or f.measures.all())],
        life_labels=life,
        gantt=charts.gantt_chart(_bars(tree), today=timezone.localdate())
        if any(f.measures.all() for f in tree)
        else "",
        bars=_bars(tree),
        versions=versions,
        has_changes=has_changes,
        goal_form=bound.get("goal_form") or forms.GoalForm(process=process),
        field_form=bound.get("field_form") or forms.HandlungsfeldForm(),
        adopt_form=bound.get("adopt_form") or forms.AdoptForm(initial={"adopted_on": timezone.localdate()}),
        plan_indicators=[p for p in progress.values() if p.indicator.measure_id is None],
        budget_total=selectors.budget_total(process),
        comments=_comments(process, "werkstattplan"),
        comment_form=forms.CommentForm(),
        recommendations=_recommendations(process.municipality),
    )
    return render(request, "werkstatt/plan.html", ctx, status=status)


def _recommendations(municipality) -> list:
    """Praxisbeispiele for towns like this one (knowledge part), shown beside the plan."""
    from leuchtfeuer.knowledge.recommend import recommendations_for_municipality

    return recommendations_for_municipality(municipality, limit=5)


@login_required
def plan(request, slug: str):
    return _plan_page(request, _ctx(request, slug, "werkstattplan"))


@login_required
@require_POST
def goal_add(request, slug: str):
    ctx = _ctx(request, slug, "werkstattplan")
    form = forms.GoalForm(request.POST, process=ctx.process)
    if (
        _attempt(
            form, lambda: services.goal_add(actor=request.user, process=ctx.process, **form.cleaned_data)
        )
        is None
    ):
        return _plan_page(request, ctx, 422, goal_form=form)
    messages.success(request, "Ziel gespeichert.")
    return redirect("werkstatt:plan", slug=slug)


@login_required
@require_POST
def goal_delete(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    goal = get_object_or_404(Goal, process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.goal_delete(actor=request.user, goal=goal),
        "Ziel gelöscht.",
        "werkstatt:plan",
        slug,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, slug: str, pk: int | None = None):
    ctx = _ctx(request, slug, "werkstattplan")
    process = ctx.process
    measure = (
        get_object_or_404(Measure.objects.select_related("handlungsfeld"), process=process, pk=pk)
        if pk
        else None
    )
    status = 200
    if request.method == "POST":
        form = forms.MeasureForm(request.POST, process=process)
        if measure is None:
            saved = _attempt(
                form,
                lambda: services.measure_create(actor=request.user, process=process, **form.cleaned_data),
            )
        else:
            saved = _attempt(
                form,
                lambda: services.measure_update(actor=request.user, measure=measure, **form.cleaned_data),
            )
        if saved:
            messages.success(request, f"Maßnahme „{saved.title}“ gespeichert.")
            return redirect("werkstatt:measure-edit", slug=slug, pk=saved.pk)
        status = 422
    else:
        initial = {}
        if measure:
            initial = {
                f: getattr(measure, f)
                for f in (
                    "handlungsfeld",
                    "goal",
                    "title",
                    "description",
                    "target_groups",
                    "responsible",
                    "partners",
                    "start",
                    "end",
                    "status",
                    "scenario",
                )
            }
        elif request.GET.get("feld"):
            initial["handlungsfeld"] = request.GET["feld"]
        form = forms.MeasureForm(process=process, initial=initial)
    ctx.update(form=form, measure=measure)
    if measure:
        ctx.update(
            budget_lines=list(measure.budget_lines.all()),
            budget_sum=measure.budget_lines.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
            budget_form=forms.BudgetLineForm(),
            progress=selectors.indicator_progress(process, measure.indicators.prefetch_related("readings")),
            ideas=list(measure.ideas.all()),
        )
    return render(request, "werkstatt/measure_form.html", ctx, status=status)


@login_required
@require_POST
def measure_delete(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.measure_delete(actor=request.user, measure=measure),
        f"Maßnahme „{measure.title}“ gelöscht.",
        "werkstatt:plan",
        slug,
    )


@login_required
@require_POST
def budget_add(request, slug: str, pk: int):
    ctx = _ctx(request, slug, "werkstattplan")
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    form = forms.BudgetLineForm(request.POST)
    if (
        _attempt(
            form, lambda: services.budget_line_add(actor=request.user, measure=measure, **form.cleaned_data)
        )
        is None
    ):
        for _field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"Kostenposten: {error}")
    else:
        messages.success(request, "Kostenposten gespeichert.")
    return redirect("werkstatt:measure-edit", slug=slug, pk=pk)


@login_required
@require_POST
def budget_delete(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    line = get_object_or_404(BudgetLine, measure__process=ctx.process, pk=pk)
    return _post_action(
        request,
        lambda: services.budget_line_delete(actor=request.user, line=line),
        "Kostenposten gelöscht.",
        "werkstatt:measure-edit",
        slug,
        pk=line.measure_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, slug: str):
    ctx = _ctx(request, slug, "werkstattplan")
    process = ctx.process
    measure_id = request.POST.get("measure") or request.GET.get("massnahme")
    measure = get_object_or_404(Measure, process=process, pk=measure_id) if measure_id else None
    choices = selectors.official_indicator_choices(process)
    status = 200
    if request.method == "POST":
        form = forms.IndicatorForm(request.POST, official_choices=choices)
        saved = _attempt(
            form,
            lambda: services.indicator_create(
                actor=request.user, process=process, measure=measure, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"Indikator „{saved.label}“ angelegt.")
            if measure:
                return redirect("werkstatt:measure-edit", slug=slug, pk=measure.pk)
            return redirect("werkstatt:plan", slug=slug)
        status = 422
    else:
        form = forms.IndicatorForm(official_choices=choices, initial={"kind": Indicator.Kind.OFFICIAL})
    ctx.update(form=form, measure=measure)
    return render(request, "werkstatt/indicator_form.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_detail(request, slug: str, pk: int):
    ctx = _ctx(request, slug, "werkstattplan")
    process = ctx.process
    indicator = get_object_or_404(Indicator.objects.select_related("measure"), process=process, pk=pk)
    target_form = forms.IndicatorTargetForm(
        initial={k: getattr(indicator, k) for k in ("target_value", "target_year", "direction", "note")}
    )
    reading_form = forms.ReadingForm(initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "reading":
            reading_form = forms.ReadingForm(request.POST)
            ok = _attempt(
                reading_form,
                lambda: services.indicator_reading_add(
                    actor=request.user, indicator=indicator, **reading_form.cleaned_data
                ),
            )
        else:
            target_form = forms.IndicatorTargetForm(request.POST)
            ok = _attempt(
                target_form,
                lambda: services.indicator_update(
                    actor=request.user, indicator=indicator, **target_form.cleaned_data
                ),
            )
        if ok:
            messages.success(request, "Gespeichert.")
            return redirect("werkstatt:indicator-detail", slug=slug, pk=pk)
        status = 422
    ctx.update(
        indicator=indicator,
        progress=selectors.indicator_progress(process, [indicator])[0],
        readings=list(indicator.readings.select_related("entered_by")),
        target_form=target_form,
        reading_form=reading_form,
    )
    return render(request, "werkstatt/indicator_detail.html", ctx, status=status)


@login_required
@require_POST
def plan_adopt(request, slug: str):
    ctx = _ctx(request, slug, "werkstattplan")
    form = forms.AdoptForm(request.POST)
    version = _attempt(
        form, lambda: services.plan_adopt(actor=request.user, process=ctx.process, **form.cleaned_data)
    )
    if version is None:
        return _plan_page(request, ctx, 422, adopt_form=form)
    messages.success(request, f"Werkstattplan Version {version.number} ist beschlossen und festgehalten.")
    return redirect("werkstatt:plan", slug=slug)


@login_required
def plan_version(request, slug: str, number: int):
    ctx = _ctx(request, slug, "werkstattplan")
    process = ctx.process
    version = get_object_or_404(process.plan_versions.select_related("adopted_by"), number=number)
    compare = request.GET.get("mit", "")
    if compare == "aktuell":
        other, other_label = selectors.plan_snapshot(process), "aktueller Entwurf"
        diff = selectors.plan_diff(version.snapshot, other)
        direction = f"Von Version {version.number} zum aktuellen Entwurf"
    else:
        previous = process.plan_versions.filter(number__lt=number).order_by("-number").first()
        other_label = f"Version {previous.number}" if previous else ""
        diff = selectors.plan_diff(previous.snapshot, version.snapshot) if previous else []
        direction = f"Von Version {previous.number} zu Version {version.number}" if previous else ""
    ctx.update(
        version=version,
        diff=diff,
        direction=direction,
        other_label=other_label,
        snapshot=version.snapshot,
        life_labels=dict(taxonomy.choices(taxonomy.LIFE_PHASES)),
        status_labels=dict(Measure.Status.choices),
    )
    return render(request, "werkstatt/plan_version.html", ctx)


# ------------------------------------------------------------------------------ Zwischenbilanz
# Kommunalprofil figures the Zwischenbilanz compares with the start (the demographic core).
ZWISCHENBILANZ_KEYS = [
    "population",
    "share_under_18",
    "share_65_plus",
    "old_age_ratio",
    "births",
    "migration_balance",
    "migration_family",
    "migration_education",
    "migration_career_start",
]


@login_required
@require_http_methods(["GET", "POST"])
def zwischenbilanz(request, slug: str):
    ctx = _ctx(request, slug, "zwischenbilanz")
    process = ctx.process
    review = Review.objects.filter(process=process).first()
    status = 200
    if request.method == "POST":
        form = forms.ReviewForm(request.POST)
        if _attempt(
            form, lambda: services.review_save(actor=request.user, process=process, **form.cleaned_data)
        ):
            messages.success(request, "Zwischenbilanz gespeichert.")
            return redirect("werkstatt:zwischenbilanz", slug=slug)
        status = 422
    else:
        form = forms.ReviewForm(
            initial={"narrative": review.narrative, "lessons_learned": review.lessons_learned}
            if review
            else {}
        )
    tree = selectors.plan_tree(process)
    progress = {p.indicator.pk: p for p in selectors.indicator_progress(process)}
    measures = []
    for f in tree:
        for m in f.measures.all():
            m.field_label = f.label
            m.progress = [progress[i.pk] for i in m.indicators.all() if i.pk in progress]

            measures.append(m)
    ctx.update(
        stage_key="zwischenbilanz",
        status_choices=Measure.Status.choices,
        form=form,
        review=review,
        measures=measures,
        plan_indicators=[p for p in progress.values() if p.indicator.measure_id is None],
        snapshot=selectors.latest_snapshot(process),
        comparison=selectors.profile_comparison(process, keys=ZWISCHENBILANZ_KEYS),
        comments=_comments(process, "zwischenbilanz"),
        comment_form=forms.CommentForm(),
    )
    return render(request, "werkstatt/zwischenbilanz.html", ctx, status=status)


@login_required
@require_POST
def measure_progress(request, slug: str, pk: int):
    ctx = _ctx(request, slug)
    measure = get_object_or_404(Measure, process=ctx.process, pk=pk)
    form = forms.ProgressForm(request.POST, prefix=f"stand-{pk}")
    if (
        _attempt(
            form, lambda: services.measure_update(actor=request.user, measure=measure, **form.cleaned_data)
        )
        is None
    ):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"„{measure.title}“: {error}")
    else:
        messages.success(request, f"Stand von „{measure.title}“ gespeichert.")
    return redirect(reverse("werkstatt:zwischenbilanz", kwargs={"slug": slug}) + f"#massnahme-{pk}")


# ------------------------------------------------------------------------------------ tasks
@login_required
@require_http_methods(["GET", "POST"])
def tasks(request, slug: str):
    ctx = _ctx(request, slug, "tasks")
    process = ctx.process
    status = 200
    form = forms.TaskForm(people=_people(process))
    if request.method == "POST":
        form = forms.TaskForm(request.POST, people=_people(process))
        if _attempt(
            form,
            lambda: services.task_create(
                actor=request.user, process=process, base_url=_base_url(request), **form.cleaned_data
            ),
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
    ctx = _ctx(request, slug)
    task = get_object_or_404(Task, process=ctx.process, pk=pk)
    done = request.POST.get("done", "1") == "1"
    return _post_action(
        request,
        lambda: services.task_complete(actor=request.user, task=task, done=done),
        f"Aufgabe „{task.title}“ {'erledigt' if done else 'wieder offen'}.",
        "werkstatt:tasks",
        slug,
    )


# ------------------------------------------------------------------------- small edit pages
def _edit_page(
    request, ctx: Ctx, *, form, heading: str, back_url: str, delete_url: str = "", status: int = 200
):
    ctx.update(form=form, heading=heading, back_url=back_url, delete_url=delete_url)
    return render(request, "werkstatt/edit_form.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def handlungsfeld_edit(request, slug: str, pk: int):
    ctx = _ctx(request, slug, "werkstattplan")
    field = get_object_or_404(Handlungsfeld, process=ctx.process, pk=pk)
    back = reverse("werkstatt:plan", kwargs={"slug": slug})
    delete = reverse("werkstatt:handlungsfeld-delete", kwargs={"slug": slug, "pk": pk})
    if request.method == "POST":
        form = forms.HandlungsfeldEditForm(request.POST)
        if _attempt(
            form, lambda: services.handlungsfeld_update(actor=request.user, field=field, **form.cleaned_data)
        ):
            messages.success(request, f"Handlungsfeld „{form.cleaned_data['label']}“ gespeichert.")
            return redirect(back)
        return _edit_page(
            request,
            ctx,
            form=form,
            heading="Handlungsfeld bearbeiten",
            back_url=back,
            delete_url=delete,
            status=422,
        )
    form = forms.HandlungsfeldEditForm(initial={"label": field.label, "description": field.description})
    return _edit_page(
        request, ctx, form=form, heading="Handlungsfeld bearbeiten", back_url=back, delete_url=delete
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, slug: str, pk: int):
    ctx = _ctx(request, slug, "werkstattplan")
    goal = get_object_or_404(Goal, process=ctx.process, pk=pk)
    back = reverse("werkstatt:plan", kwargs={"slug": slug})
    delete = reverse("werkstatt:goal-delete", kwargs={"slug": slug, "pk": pk})
    heading = f"Ziel im Handlungsfeld {goal.handlungsfeld.label} bearbeiten"
    if request.method == "POST":
        form = forms.GoalEditForm(request.POST)
        if _attempt(form, lambda: services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)):
            messages.success(request, "Ziel gespeichert.")
            return redirect(back)
        return _edit_page(
            request, ctx, form=form, heading=heading, back_url=back, delete_url=delete, status=422
        )
    form = forms.GoalEditForm(initial={"title": goal.title, "description": goal.description})
    return _edit_page(request, ctx, form=form, heading=heading, back_url=back, delete_url=delete)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, slug: str, pk: int):
    ctx = _ctx(request, slug, "tasks")
    if not ctx["can_tasks"]:
        raise PermissionDenied("Aufgaben bearbeiten Koordination und Team.")
    task = get_object_or_404(Task, process=ctx.process, pk=pk)
    back = reverse("werkstatt:tasks", kwargs={"slug": slug})
    people = _people(ctx.process)
    if request.method == "POST":
        form = forms.TaskEditForm(request.POST, people=people)
        if _attempt(
            form,
            lambda: services.task_update(
                actor=request.user, task=task, base_url=_base_url(request), **form.cleaned_data
            ),
        ):
            messages.success(request, f"Aufgabe „{form.cleaned_data['title']}“ gespeichert.")
            return redirect(back)
        return _edit_page(request, ctx, form=form, heading="Aufgabe bearbeiten", back_url=back, status=422)
    form = forms.TaskEditForm(
        people=people,
        initial={
            "title": task.title,
            "description": task.description,
            "due_date": task.due_date,
            "assignee": task.assignee_id,
        },
    )
    return _edit_page(request, ctx, form=form, heading="Aufgabe bearbeiten", back_url=back)
