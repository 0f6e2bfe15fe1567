"""Pages of the knowledge and network part (thin: parse → service/selector → render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.knowledge import services
from leuchtfeuer.knowledge.forms import (
    CommentForm,
    ContactOptInForm,
    DocumentForm,
    EventForm,
    ExampleForm,
    HospitationAnswerForm,
    HospitationRequestForm,
    ImageForm,
    NetworkProfileForm,
    ReviewForm,
    TandemProposeForm,
)
from leuchtfeuer.knowledge.models import (
    Document,
    Event,
    EventRegistration,
    Example,
    ExampleImage,
    HospitationRequest,
    NetworkContact,
    NetworkProfile,
    Tandem,
    Vocabulary,
)
from leuchtfeuer.knowledge.network import selectors as network
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


def _status(request, form) -> int:
    return 422 if request.method == "POST" and form.errors else 200


def _my_municipalities(user, roles=(Role.KOORDINATION, Role.TEAM)):
    ids = [mid for mid, rs in roles_by_municipality(user).items() if set(rs) & set(roles)]
    return Municipality.objects.filter(pk__in=ids).select_related("region").order_by("display_name")


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
    towns = _my_municipalities(request.user)
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
    region = _region_from(form, default=None) if request.method == "POST" and form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            example = services.example_create(
                actor=request.user, municipality=municipality, region=region, **form.service_args()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Entwurf „{example.title}“ gespeichert. Sie können ihn jetzt einreichen."
            )
            return redirect("knowledge:example-detail", slug=example.slug)
    return render(
        request,
        "knowledge/example_form.html",
        {"form": form, "municipality": municipality, "example": None},
        status=_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def example_update(request, slug: str):
    example = _example_for(request, slug, "knowledge.change_example")
    terms = services.example_terms(example)
    form = ExampleForm(request.POST or None, initial=ExampleForm.initial_from(example, terms))
    region = _region_from(form) if request.method == "POST" and form.is_valid() else False
    if request.method == "POST" and form.is_valid():
        try:
            services.example_update(actor=request.user, example=example, region=region, **form.service_args())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Änderungen gespeichert (neue Version).")
            return redirect("knowledge:example-detail", slug=example.slug)
    return render(
        request,
        "knowledge/example_form.html",
        {"form": form, "municipality": example.municipality, "example": example},
        status=_status(request, form),
    )


@login_required
@require_POST
def example_submit(request, slug: str):
    example = _example_for(request, slug, "knowledge.submit_example")
    services.example_submit(actor=request.user, example=example)
    messages.success(request, "Eingereicht. Die Geschäftsstelle prüft das Beispiel und meldet sich.")
    return redirect("knowledge:example-detail", slug=example.slug)


@login_required
@require_POST
def example_review(request, slug: str):
    example = _example_for(request, slug, "knowledge.review_example")
    form = ReviewForm(request.POST)
    if form.is_valid():
        action, body = form.cleaned_data["action"], form.cleaned_data["body"]
        try:
            if action == "comment":
                services.example_comment(actor=request.user, example=example, body=body)
                messages.success(request, "Kommentar gespeichert.")
            elif action == "request_changes":
                services.example_request_changes(actor=request.user, example=example, body=body)
                messages.success(request, "Die Kommune wurde um eine Überarbeitung gebeten.")
            elif action == "publish":
                services.example_publish(actor=request.user, example=example, body=body)
                messages.success(request, f"„{example.title}“ ist veröffentlicht.")
            else:
                services.example_reject(actor=request.user, example=example, body=body)
                messages.success(request, "Das Beispiel wurde abgelehnt.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Bitte wählen Sie eine Entscheidung.")
    return redirect("knowledge:example-detail", slug=example.slug)


@login_required
@require_POST
def example_comment(request, slug: str):
    example = _example_for(request, slug, "knowledge.comment_example")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.example_comment(actor=request.user, example=example, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Kommentar gespeichert.")
    else:
        messages.error(request, "Der Kommentar ist leer.")
    return redirect(reverse("knowledge:example-detail", args=[example.slug]) + "#redaktion")


@login_required
@require_http_methods(["GET", "POST"])
def example_images(request, slug: str):
    example = _example_for(request, slug, "knowledge.change_example")
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "delete" in request.POST:
        image = get_object_or_404(ExampleImage, example=example, pk=request.POST.get("delete"))
        services.example_image_delete(actor=request.user, image=image)
        messages.success(request, "Bild entfernt.")
        return redirect("knowledge:example-images", slug=example.slug)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.example_image_add(
                actor=request.user,
                example=example,
                upload=data["file"],
                alt_text=data["alt_text"],
                credit=data["credit"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Bild hochgeladen.")
            return redirect("knowledge:example-images", slug=example.slug)
    return render(
        request,
        "knowledge/example_images.html",
        {"example": example, "form": form, "images": list(example.images.all())},
        status=_status(request, form),
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
    towns = list(_my_municipalities(request.user))
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


# --- Umsetzungshilfen --------------------------------------------------------------------------


def document_list(request):
    documents = list(Document.objects.all())
    return render(
        request,
        "knowledge/document_list.html",
        {"documents": documents, "can_manage": request.user.has_perm("knowledge.manage_documents")},
    )


def document_download(request, slug: str):
    document = get_object_or_404(Document, slug=slug)
    services.document_count_download(document=document)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request):
    if not request.user.has_perm("knowledge.manage_documents"):
        raise PermissionDenied("Die Bibliothek pflegt die Geschäftsstelle.")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            document = services.document_upload(actor=request.user, upload=upload, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"„{document.title}“ ist in der Bibliothek.")
            return redirect("knowledge:document-list")
    return render(request, "knowledge/document_form.html", {"form": form}, status=_status(request, form))


# --- recommendations --------------------------------------------------------------------------


@login_required
def recommendations(request, slug: str):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    if not request.user.has_perm("knowledge.view_recommendations", municipality):
        raise PermissionDenied("Sie haben keinen Zugriff auf diese Kommune.")
    items = recommendations_for_municipality(municipality, limit=20)
    return render(
        request, "knowledge/recommendations.html", {"municipality": municipality, "recommendations": items}
    )


# --- network ----------------------------------------------------------------------------------


def network_directory(request):
    profiles = network.directory()
    can_see_contacts = request.user.has_perm("knowledge.view_network_contacts")
    return render(
        request,
        "knowledge/network_directory.html",
        {
            "profiles": profiles,
            "can_see_contacts": can_see_contacts,
            "my_towns": _my_municipalities(request.user, (Role.KOORDINATION,))
            if request.user.is_authenticated
            else [],
            "topic_labels": dict(taxonomy.choices(taxonomy.HANDLUNGSFELDER)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_profile_edit(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug)
    user = request.user
    can_edit = user.has_perm("knowledge.edit_network_profile", municipality)
    can_join = user.has_perm("knowledge.join_directory", municipality)
    if not (can_edit or can_join):
        raise PermissionDenied("Sie haben keinen Zugriff auf diese Kommune.")
    profile = NetworkProfile.objects.filter(municipality=municipality).first()
    initial = (
        {f: getattr(profile, f) for f in NetworkProfileForm.base_fields} if profile else {"listed": False}
    )
    form = NetworkProfileForm(request.POST if "profile" in request.POST else None, initial=initial)
    contact = NetworkContact.objects.filter(municipality=municipality, user=user).first()
    contact_form = ContactOptInForm(
        request.POST if "contact" in request.POST else None,
        initial={"function": contact.function if contact else ""},
    )
    if request.method == "POST":
        try:
            if "profile" in request.POST and can_edit and form.is_valid():
                services.network_profile_update(actor=user, municipality=municipality, **form.cleaned_data)
                messages.success(request, "Netzwerk-Eintrag gespeichert.")
                return redirect("knowledge:network-profile", slug=slug)
            if "contact" in request.POST and can_join and contact_form.is_valid():
                services.network_contact_opt_in(
                    actor=user, municipality=municipality, function=contact_form.cleaned_data["function"]
                )
                messages.success(request, "Sie sind jetzt als Ansprechperson eingetragen.")
                return redirect("knowledge:network-profile", slug=slug)
            if "opt_out" in request.POST:
                services.network_contact_opt_out(actor=user, municipality=municipality)
                messages.success(request, "Ihre Einwilligung ist widerrufen; Sie werden nicht mehr gezeigt.")
                return redirect("knowledge:network-profile", slug=slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "knowledge/network_profile_form.html",
        {
            "municipality": municipality,
            "form": form,
            "contact_form": contact_form,
            "contact": contact,
            "can_edit": can_edit,
            "can_join": can_join,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tandem_list(request):
    user = request.user
    if not user.has_perm("knowledge.open_tandems"):
        raise PermissionDenied("Tandems verwalten Koordinator:innen und die Geschäftsstelle.")
    is_office = user.has_perm("knowledge.manage_tandems")
    towns = list(_my_municipalities(user, (Role.KOORDINATION,)))
    mentors = Municipality.objects.filter(network_profile__offers_mentoring=True).order_by("display_name")
    mentees = (
        Municipality.objects.order_by("display_name")
        if is_office
        else Municipality.objects.filter(pk__in=[t.pk for t in towns])
    )
    form = TandemProposeForm(request.POST or None, mentors=mentors, mentees=mentees)
    if request.method == "POST":
        if "decide" in request.POST:
            tandem = get_object_or_404(Tandem, pk=request.POST.get("tandem"))
            try:
                if request.POST["decide"] == "confirm":
                    services.tandem_confirm(actor=user, tandem=tandem)
                    messages.success(request, f"Tandem {tandem} bestätigt.")
                else:
                    services.tandem_decline(actor=user, tandem=tandem)
                    messages.success(request, f"Tandem {tandem} abgelehnt.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("knowledge:tandem-list")
        if form.is_valid():
            try:
                services.tandem_propose(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Tandem vorgeschlagen; die Geschäftsstelle bestätigt es.")
                return redirect("knowledge:tandem-list")
    suggestions = (
        network.open_suggestions() if is_office else [f for t in towns for f in network.tandem_suggestions(t)]
    )
    tandems = network.tandems_for(None if is_office else [t.pk for t in towns])
    return render(
        request,
        "knowledge/tandem_list.html",
        {"form": form, "suggestions": suggestions, "tandems": tandems, "is_office": is_office},
        status=_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hospitation_list(request):
    user = request.user
    if not user.has_perm("knowledge.open_hospitations"):
        raise PermissionDenied("Hospitationen fragen Koordinator:innen und Teams einer Kommune an.")
    towns = _my_municipalities(user)
    is_office = user.has_perm("knowledge.manage_tandems")
    hosts = Municipality.objects.filter(network_profile__listed=True).order_by("display_name")
    form = HospitationRequestForm(request.POST or None, guests=towns, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        try:
            services.hospitation_request(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Anfrage verschickt. Die gastgebende Kommune erhält eine E-Mail.")
            return redirect("knowledge:hospitation-list")
    requests_ = network.hospitations_for(None if is_office else [t.pk for t in towns])
    my_ids = {t.pk for t in towns}
    return render(
        request,
        "knowledge/hospitation_list.html",
        {"form": form if towns else None, "requests": requests_, "my_ids": my_ids},
        status=_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hospitation_answer(request, pk: int):
    hospitation = get_object_or_404(HospitationRequest.objects.select_related("guest", "host"), pk=pk)
    if not request.user.has_perm("knowledge.answer_hospitation", hospitation.host):
        raise PermissionDenied("Nur die gastgebende Kommune kann antworten.")
    form = HospitationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "decline" in request.POST:
                services.hospitation_decline(actor=request.user, request=hospitation, message=data["message"])
                messages.success(request, "Abgesagt; die anfragende Kommune erhält eine E-Mail.")
            else:
                services.hospitation_accept(
                    actor=request.user,
                    request=hospitation,
                    dates=[data["date_1"], data["date_2"], data["date_3"]],
                    message=data["message"],
                )
                messages.success(
                    request, "Angenommen; beide Kommunen erhalten die Terminvorschläge per E-Mail."
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("knowledge:hospitation-list")
    return render(
        request,
        "knowledge/hospitation_answer.html",
        {"hospitation": hospitation, "form": form},
        status=_status(request, form),
    )


def event_list(request):
    events = network.upcoming_events()
    registered = set()
    if request.user.is_authenticated:
        registered = set(
            EventRegistration.objects.filter(user=request.user, event__in=events).values_list(
                "event_id", flat=True
            )
        )
    return render(
        request,
        "knowledge/event_list.html",
        {
            "events": events,
            "registered": registered,
            "can_manage": request.user.has_perm("knowledge.manage_events"),
        },
    )


@login_required
@require_POST
def event_register(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    try:
        if "cancel" in request.POST:
            services.event_cancel(actor=request.user, event=event)
            messages.success(request, f"Sie sind von „{event.title}“ abgemeldet.")
        else:
            services.event_register(actor=request.user, event=event)
            messages.success(
                request, f"Sie sind für „{event.title}“ angemeldet. Eine Bestätigung kommt per E-Mail."
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("knowledge:event-list")


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not request.user.has_perm("knowledge.manage_events"):
        raise PermissionDenied("Veranstaltungen legt die Geschäftsstelle an.")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Veranstaltung angelegt.")
            return redirect("knowledge:event-list")
    return render(request, "knowledge/event_form.html", {"form": form}, status=_status(request, form))
