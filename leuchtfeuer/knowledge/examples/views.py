"""Praxisbeispiele: search, detail, writing (with images and versions), the Redaktion's review,
and the recommendations for one town."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.knowledge.examples import services
from leuchtfeuer.knowledge.forms import CommentForm, ExampleForm, ImageForm, ReviewForm
from leuchtfeuer.knowledge.models import Example, ExampleImage, Vocabulary
from leuchtfeuer.knowledge.pages import my_municipalities, status_of
from leuchtfeuer.knowledge.recommend import recommendations_for_municipality
from leuchtfeuer.knowledge.search import FACET_LABELS, FACETS, SORTS, search_examples
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.places.selectors import region_by_key

VOCAB_LABELS = {
    Vocabulary.HANDLUNGSFELD: taxonomy.HANDLUNGSFELDER,
    Vocabulary.ZIELGRUPPE: taxonomy.LIFE_PHASES,
    Vocabulary.HERAUSFORDERUNG: taxonomy.CHALLENGE_FIELDS,
    Vocabulary.PFEILER: taxonomy.RESILIENCE_PILLARS,
}


def _example_for(request, slug: str, perm: str = "knowledge.view_example") -> Example:
    example = get_object_or_404(Example.objects.select_related("region", "municipality"), slug=slug)
    if not request.user.has_perm(perm, example):
        if perm == "knowledge.view_example":
            raise Http404("Dieses Praxisbeispiel gibt es nicht oder es ist nicht veröffentlicht.")
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")
    return example


def _region_from(form, default=False):
    """The region named in the form (AGS/ARS), `default` when the field is empty, or None with
    a form error when the key is unknown."""
    key = (form.cleaned_data.get("region_key") or "").strip()
    if not key:
        return default
    region = region_by_key(key)
    if region is None:
        form.add_error(
            "region_key", f"Zum Schlüssel „{key}“ gibt es keine Gebietseinheit in den amtlichen Daten."
        )
    return region


def _term_labels(example: Example) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {v.value: [] for v in Vocabulary}
    for term in example.terms.all():
        result[term.vocabulary].append(taxonomy.label(VOCAB_LABELS[term.vocabulary], term.key))
    return result


def _detail_url(example: Example) -> str:
    return reverse("knowledge:example-detail", kwargs={"slug": example.slug})


# --- search and detail ------------------------------------------------------------------------


def example_search(request):
    query = request.GET.get("q", "")[:200]
    filters = {name: request.GET.getlist(name) for name in FACETS}
    try:
        page = int(request.GET.get("seite", "1"))
    except ValueError:
        page = 1
    # An explicit choice only: the start page must not send "neueste" with the first search, or
    # the results of a search would not come by relevance.
    chosen_sort = request.GET.get("sortierung", "")
    chosen_sort = chosen_sort if chosen_sort in SORTS else ""
    result = search_examples(query, filters=filters, sort=chosen_sort, page=page)
    params = request.GET.copy()
    params.pop("seite", None)
    context = {
        "result": result,
        "query": query,
        "sorts": SORTS,
        "chosen_sort": chosen_sort,
        "facet_labels": FACET_LABELS,
        "base_query": params.urlencode(),
    }
    template = "knowledge/_search_results.html" if request.htmx else "knowledge/example_search.html"
    return render(request, template, context)


def example_detail(request, slug: str):
    example = _example_for(request, slug)
    user = request.user
    context = {
        "example": example,
        "terms": _term_labels(example),
        "images": list(example.images.all()),
        "can_change": user.has_perm("knowledge.change_example", example),
        "can_submit": user.has_perm("knowledge.submit_example", example),
        "can_review": user.has_perm("knowledge.review_example", example),
        "can_comment": user.has_perm("knowledge.comment_example", example),
        "show_contact": bool(example.contact_email and example.contact_consent_at),
    }
    if context["can_comment"] or context["can_review"]:
        context["comments"] = list(example.comments.select_related("author"))
        context["comment_form"] = CommentForm()
    if context["can_review"]:
        context["review_form"] = ReviewForm()
    return render(request, "knowledge/example_detail.html", context)


def example_image(request, slug: str, pk: int):
    example = _example_for(request, slug)
    image = get_object_or_404(ExampleImage, example=example, pk=pk)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- editing and workflow ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def example_create(request):
    towns = my_municipalities(request.user)
    slug = request.GET.get("kommune") or request.POST.get("kommune")
    municipality = None
    if slug:
        municipality = get_object_or_404(
            towns if not request.user.has_perm("knowledge.review_example") else Municipality.objects,
            slug=slug,
        )
    elif towns.count() == 1:
        municipality = towns.first()
    elif not request.user.has_perm("knowledge.review_example"):
        if not towns:
            raise PermissionDenied("Praxisbeispiele reichen Koordinator:innen und Teams einer Kommune ein.")
        return render(request, "knowledge/example_choose_town.html", {"towns": towns})
    form = ExampleForm(request.POST or None, initial={"cost_range": "unbekannt", "phase": "laufend"})
    if municipality is not None:
        form.initial["place_label"] = municipality.display_name

    def page(form):
        return render(
            request,
            "knowledge/example_form.html",
            {"form": form, "municipality": municipality, "example": None},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    # An unknown region key is a form error, so the service is not called.
    region = _region_from(form, default=None) if form.is_valid() else None
    return form_action(
        request,
        form=form,
        call=lambda: services.example_create(
            actor=request.user, municipality=municipality, region=region, **form.service_args()
        ),
        success_url=_detail_url,
        error_page=page,
        success_message=lambda example: (
            f"Entwurf „{example.title}“ gespeichert. Sie können ihn jetzt einreichen."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def example_update(request, slug: str):
    example = _example_for(request, slug, "knowledge.change_example")
    terms = services.example_terms(example)
    form = ExampleForm(request.POST or None, initial=ExampleForm.initial_from(example, terms))

    def page(form):
        return render(
            request,
            "knowledge/example_form.html",
            {"form": form, "municipality": example.municipality, "example": example},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    region = _region_from(form) if form.is_valid() else False
    return form_action(
        request,
        form=form,
        call=lambda: services.example_update(
            actor=request.user, example=example, region=region, **form.service_args()
        ),
        success_url=_detail_url(example),
        error_page=page,
        success_message="Änderungen gespeichert (neue Version).",
    )


@login_required
@require_POST
def example_submit(request, slug: str):
    example = _example_for(request, slug, "knowledge.submit_example")
    return button_action(
        request,
        call=lambda: services.example_submit(actor=request.user, example=example),
        redirect_to=_detail_url(example),
        success_message="Eingereicht. Die Geschäftsstelle prüft das Beispiel und meldet sich.",
    )


@login_required
@require_POST
def example_review(request, slug: str):
    example = _example_for(request, slug, "knowledge.review_example")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie eine Entscheidung.")
        return redirect(_detail_url(example))
    action, body = form.cleaned_data["action"], form.cleaned_data["body"]
    decisions = {
        "comment": (services.example_comment, "Kommentar gespeichert."),
        "request_changes": (
            services.example_request_changes,
            "Die Kommune wurde um eine Überarbeitung gebeten.",
        ),
        "publish": (services.example_publish, f"„{example.title}“ ist veröffentlicht."),
    }
    service, done = decisions.get(action, (services.example_reject, "Das Beispiel wurde abgelehnt."))
    return button_action(
        request,
        call=lambda: service(actor=request.user, example=example, body=body),
        redirect_to=_detail_url(example),
        success_message=done,
    )


@login_required
@require_POST
def example_comment(request, slug: str):
    example = _example_for(request, slug, "knowledge.comment_example")
    back = _detail_url(example) + "#redaktion"
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Der Kommentar ist leer.")
        return redirect(back)
    return button_action(
        request,
        call=lambda: services.example_comment(
            actor=request.user, example=example, body=form.cleaned_data["body"]
        ),
        redirect_to=back,
        success_message="Kommentar gespeichert.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def example_images(request, slug: str):
    example = _example_for(request, slug, "knowledge.change_example")
    back = reverse("knowledge:example-images", kwargs={"slug": example.slug})
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "delete" in request.POST:
        image = get_object_or_404(ExampleImage, example=example, pk=request.POST.get("delete"))
        return button_action(
            request,
            call=lambda: services.example_image_delete(actor=request.user, image=image),
            redirect_to=back,
            success_message="Bild entfernt.",
        )

    def page(form):
        return render(
            request,
            "knowledge/example_images.html",
            {"example": example, "form": form, "images": list(example.images.all())},
            status=status_of(request, form),
        )

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.example_image_add(
            actor=request.user,
            example=example,
            upload=form.cleaned_data["file"],
            alt_text=form.cleaned_data["alt_text"],
            credit=form.cleaned_data["credit"],
        ),
        success_url=back,
        error_page=page,
        success_message="Bild hochgeladen.",
    )


@login_required
def example_versions(request, slug: str):
    example = _example_for(request, slug, "knowledge.comment_example")
    versions = list(example.versions.select_related("created_by"))
    labels = {name: field.label for name, field in ExampleForm.base_fields.items()}
    labels.update({"region": "Ort", "terms": "Einordnung", "state": "Redaktionsstatus"})
    rows = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        changed = (
            [labels.get(k, k) for k in newer.data if older is None or newer.data.get(k) != older.data.get(k)]
            if older is not None
            else ["erste Fassung"]
        )
        rows.append({"version": newer, "changed": changed})
    return render(request, "knowledge/example_versions.html", {"example": example, "rows": rows})


@login_required
def example_mine(request):
    towns = list(my_municipalities(request.user))
    examples = (
        Example.objects.filter(municipality__in=towns).select_related("municipality").order_by("-updated_at")
    )
    return render(request, "knowledge/example_mine.html", {"towns": towns, "examples": examples[:200]})


@login_required
def review_queue(request):
    if not request.user.has_perm("knowledge.review_example"):
        raise PermissionDenied("Die Redaktion ist der Geschäftsstelle vorbehalten.")
    examples = (
        Example.objects.exclude(state=Example.State.PUBLISHED)
        .select_related("municipality")
        .order_by("state", "-submitted_at", "-updated_at")[:300]
    )
    return render(request, "knowledge/review_queue.html", {"examples": examples})


# --- recommendations --------------------------------------------------------------------------


@login_required
def recommendations(request, slug: str):
    municipality = get_permitted(
        request.user,
        Municipality.objects.select_related("region"),
        "knowledge.view_recommendations",
        message="Sie haben keinen Zugriff auf diese Kommune.",
        slug=slug,
    )
    items = recommendations_for_municipality(municipality, limit=20)
    return render(
        request, "knowledge/recommendations.html", {"municipality": municipality, "recommendations": items}
    )
