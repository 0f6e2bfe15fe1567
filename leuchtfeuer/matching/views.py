"""Pages of the matching agency. Views are thin: parse a form, call a service or selector, render.
Permissions come from rules.py; every write goes through core.actions (form_action/button_action).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import uploads
from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import get_permitted, require
from leuchtfeuer.matching import selectors, services, services_proposals
from leuchtfeuer.matching.forms import (
    CloseForm,
    ConsentForm,
    DecideForm,
    ModerateForm,
    PhotoForm,
    SeekerForm,
    SpaceEditForm,
    SpaceForm,
    TownFactsForm,
    VerbundSearchForm,
)
from leuchtfeuer.matching.models import Proposal, RegisterStatus, Seeker, Space, SpacePhoto
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.places.profile import ATTRIBUTION


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# ------------------------------------------------------------------------------ public


def index(request):
    user = request.user
    towns = []
    if user.is_authenticated:
        towns = [
            m for m in Municipality.objects.order_by("display_name") if user.has_perm("matching.view_town", m)
        ]
        if user.has_perm("matching.manage"):
            towns = []  # the agency works from its own overview
    counts = selectors.public_counts()
    return render(
        request,
        "matching/index.html",
        {
            "counts": counts,
            "map_svg": selectors.public_counts_map(counts),
            "min_cell": selectors.MIN_CELL,
            "towns": towns,
            "attribution": ATTRIBUTION,
        },
    )


# ------------------------------------------------------------------------------ registering


@login_required
@require_http_methods(["GET", "POST"])
def space_create(request):
    require(request.user, "matching.add_space")
    initial = {}
    own = [
        m
        for m in Municipality.objects.order_by("display_name")
        if request.user.has_perm("matching.edit_town", m)
    ]
    if own and not request.user.has_perm("matching.manage"):
        initial = {
            "entered_as": "kommune",
            "municipality": own[0].pk,
        }  # town staff usually enter for the town
    form = SpaceForm(request.POST or None, request.FILES or None, initial=initial)

    def page(f):
        return render(request, "matching/space_form.html", {"form": f})

    if request.method == "GET":
        return page(form)

    def call():
        d = form.cleaned_data
        space = services.space_register(
            actor=request.user,
            municipality=d["municipality"],
            data=form.space_data(),
            entered_as=d["entered_as"],
            owner_consent=d["owner_consent"],
            consent_note=d["consent_note"],
            share=d["share"],
        )
        if d.get("photo"):
            services.space_photo_add(
                actor=request.user, space=space, upload=d["photo"], alt_text=d["photo_alt"]
            )
        return space

    return form_action(
        request,
        form=form,
        call=call,
        success_url=lambda space: reverse("matching:space-detail", args=[space.pk]),
        error_page=page,
        success_message=lambda space: (
            "Danke – der Raum ist eingetragen."
            + (
                " Die Agentur prüft den Eintrag, bevor er vermittelt wird."
                if space.status == RegisterStatus.REVIEW
                else ""
            )
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def seeker_create(request):
    require(request.user, "matching.add_seeker")
    form = SeekerForm(request.POST or None)

    def page(f):
        return render(request, "matching/seeker_form.html", {"form": f})

    if request.method == "GET":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.seeker_register(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            data=form.seeker_data(),
            consent=form.cleaned_data["consent"],
        ),
        success_url=reverse("matching:mine"),
        error_page=page,
        success_message="Danke – Ihre Suche ist eingetragen. Die Agentur prüft sie und meldet sich mit Vorschlägen.",
    )


@login_required
def mine(request):
    user = request.user
    return render(
        request,
        "matching/mine.html",
        {
            "spaces": selectors.spaces_entered_by(user),
            "seekers": selectors.seekers_of(user),
            "proposals": selectors.proposals_for(user),
        },
    )


# ------------------------------------------------------------------------------ one space


def _space(request, pk: int) -> Space:
    return get_permitted(
        request.user,
        Space.objects.select_related("municipality__region", "ortsteil"),
        "matching.view_space",
        message="Diesen Raum dürfen Sie nicht sehen.",
        pk=pk,
    )


@login_required
def space_detail(request, pk: int, consent_form=None, photo_form=None, status=200):
    space = _space(request, pk)
    lat, lon, exact = selectors.location(space)
    can_change = request.user.has_perm("matching.change_space", space)
    return render(
        request,
        "matching/space_detail.html",
        {
            "space": space,
            "lat": lat,
            "lon": lon,
            "exact": exact,
            "photos": space.photos.all(),
            "can_change": can_change,
            "can_moderate": request.user.has_perm("matching.moderate")
            and space.status == RegisterStatus.REVIEW,
            "consent_form": consent_form
            or (
                ConsentForm(initial={"given": "1" if space.owner_consent_at else "0"}) if can_change else None
            ),
            "photo_form": photo_form or (PhotoForm() if can_change else None),
            "moderate_form": ModerateForm(),
            "proposals": space.proposals.select_related("seeker")
            if request.user.has_perm("matching.manage") or can_change
            else [],
        },
        status=status,
    )


@login_required
@require_POST
def space_consent(request, pk: int):
    space = get_permitted(request.user, Space, "matching.change_space", pk=pk)
    form = ConsentForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.space_consent(
            actor=request.user,
            space=space,
            given=form.cleaned_data["given"],
            note=form.cleaned_data["note"],
            share=form.cleaned_data["share"],
        ),
        success_url=reverse("matching:space-detail", args=[pk]),
        error_page=lambda f: space_detail(request, pk, consent_form=f),
        success_message="Die Einwilligung ist festgehalten.",
    )


@login_required
@require_POST
def space_photo(request, pk: int):
    space = get_permitted(request.user, Space, "matching.change_space", pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    return form_action(
        request,
        form=form,
        call=lambda: services.space_photo_add(
            actor=request.user,
            space=space,
            upload=form.cleaned_data["file"],
            alt_text=form.cleaned_data["alt_text"],
        ),
        success_url=reverse("matching:space-detail", args=[pk]),
        error_page=lambda f: space_detail(request, pk, photo_form=f),
        success_message="Das Foto ist gespeichert.",
    )


@login_required
def photo_file(request, pk: int, photo_pk: int):
    space = _space(request, pk)
    photo = get_object_or_404(SpacePhoto, pk=photo_pk, space=space)
    return uploads.stored_file_response(photo.file, types=services.PHOTO_TYPES.values())


@login_required
@require_http_methods(["GET", "POST"])
def space_edit(request, pk: int):
    space = get_permitted(
        request.user, Space.objects.select_related("municipality"), "matching.change_space", pk=pk
    )
    initial = {f: getattr(space, f) for f in services.SPACE_FIELDS}
    form = SpaceEditForm(request.POST or None, initial=initial)

    def page(f):
        return render(request, "matching/space_edit.html", {"form": f, "space": space})

    if request.method == "GET":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.space_update(actor=request.user, space=space, data=form.space_data()),
        success_url=reverse("matching:space-detail", args=[pk]),
        error_page=page,
        success_message="Die Angaben sind gespeichert.",
    )


@login_required
@require_POST
def entry_renew(request, kind: str, pk: int):
    if kind not in ("raum", "suche"):
        raise Http404
    obj: Space | Seeker = (
        get_object_or_404(Space, pk=pk) if kind == "raum" else get_object_or_404(Seeker, pk=pk)
    )
    back = reverse("matching:space-detail", args=[pk]) if kind == "raum" else reverse("matching:mine")
    return button_action(
        request,
        call=lambda: services.entry_renew(actor=request.user, obj=obj),
        redirect_to=back,
        success_message=lambda o: f"„{o.title}“ bleibt bis {o.expires_on:%d.%m.%Y} im Register.",
    )


@login_required
@require_POST
def seeker_close(request, pk: int):
    seeker = get_object_or_404(Seeker, pk=pk)
    return button_action(
        request,
        call=lambda: services.entry_close(actor=request.user, obj=seeker),
        redirect_to=reverse("matching:mine"),
        success_message="Die Suche ist beendet und wird nicht mehr vermittelt.",
    )


@login_required
@require_POST
def space_close(request, pk: int):
    space = get_object_or_404(Space, pk=pk)
    return button_action(
        request,
        call=lambda: services.entry_close(actor=request.user, obj=space),
        redirect_to=reverse("matching:mine"),
        success_message="Der Eintrag ist beendet und wird nicht mehr vermittelt.",
    )


# ------------------------------------------------------------------------------ proposals


def _proposal(request, pk: int) -> Proposal:
    return get_permitted(
        request.user,
        Proposal.objects.select_related("space__municipality", "seeker"),
        "matching.view_proposal",
        message="Dieser Vorschlag ist nicht an Sie gerichtet.",
        pk=pk,
    )


@login_required
def proposal_detail(request, pk: int, decide_form=None, close_form=None, status=200):
    proposal = _proposal(request, pk)
    user = request.user
    sides = []
    if user.has_perm("matching.decide_space_side", proposal) and proposal.space_decision == "offen":
        sides.append(("space", "für den Raum"))
    if user.has_perm("matching.decide_seeker_side", proposal) and proposal.seeker_decision == "offen":
        sides.append(("seeker", "für die Suche"))
    if proposal.status != Proposal.Status.SENT:
        sides = []
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "sides": sides,
            "decide_form": decide_form or DecideForm(),
            "can_contacts": user.has_perm("matching.view_contacts", proposal),
            "can_close": user.has_perm("matching.close_proposal", proposal)
            and proposal.status == Proposal.Status.CONTACT,
            "close_form": close_form or CloseForm(),
            "is_agency": user.has_perm("matching.manage"),
        },
        status=status,
    )


@login_required
@require_POST
def proposal_decide(request, pk: int, side: str):
    if side not in ("space", "seeker"):
        raise Http404
    proposal = get_permitted(request.user, Proposal, f"matching.decide_{side}_side", pk=pk)
    form = DecideForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services_proposals.proposal_decide(
            actor=request.user,
            proposal=proposal,
            side=side,
            accept=form.cleaned_data["accept"],
            reason=form.cleaned_data["reason"],
            base_url=_base_url(request),
        ),
        success_url=reverse("matching:proposal-detail", args=[pk]),
        error_page=lambda f: proposal_detail(request, pk, decide_form=f),
        success_message=lambda p: (
            "Danke für Ihre Antwort."
            + (" Beide Seiten sind einverstanden – die Kontaktdaten stehen unten." if p.contact_open else "")
        ),
    )


@login_required
@require_POST
def proposal_close(request, pk: int):
    proposal = get_permitted(request.user, Proposal, "matching.close_proposal", pk=pk)
    form = CloseForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services_proposals.proposal_close(
            actor=request.user,
            proposal=proposal,
            agreed=form.cleaned_data["agreed"],
            reason=form.cleaned_data["reason"],
        ),
        success_url=reverse("matching:proposal-detail", args=[pk]),
        error_page=lambda f: proposal_detail(request, pk, close_form=f),
        success_message="Das Ergebnis ist festgehalten.",
    )


# ------------------------------------------------------------------------------ a town


def _town(request, slug: str, perm: str) -> Municipality:
    return get_permitted(
        request.user,
        Municipality.objects.select_related("region"),
        perm,
        message="Sie haben keinen Zugriff auf den Matching-Bereich dieser Kommune.",
        slug=slug,
    )


@login_required
def town(request, slug: str, facts_form=None, verbund_form=None, status=200):
    municipality = _town(request, slug, "matching.view_town")
    facts = getattr(municipality, "matching_facts", None)
    can_edit = request.user.has_perm("matching.edit_town", municipality)
    initial = {}
    if facts is not None:
        initial = {
            "rail_station": facts.rail_station,
            "motorway_km": facts.motorway_km,
            "gigabit": facts.gigabit,
            "note": facts.note,
        }
    return render(
        request,
        "matching/town.html",
        {
            "municipality": municipality,
            # The agency sees a town's spaces only with the owner's consent (rules: view_space).
            "spaces": [
                s
                for s in selectors.spaces_of_town(municipality)
                if request.user.has_perm("matching.view_space", s)
            ],
            "proposals": selectors.proposals_of_town(municipality),
            "offers": selectors.neighbour_offers(municipality),
            "facts": facts,
            "can_edit": can_edit,
            "facts_form": facts_form or (TownFactsForm(initial=initial) if can_edit else None),
            "verbund_form": verbund_form or (VerbundSearchForm() if can_edit else None),
            "verbund_searches": Seeker.objects.filter(municipality=municipality, kind=Seeker.Kind.VERBUND),
        },
        status=status,
    )


@login_required
@require_POST
def town_facts(request, slug: str):
    municipality = _town(request, slug, "matching.edit_town")
    form = TownFactsForm(request.POST)
    return form_action(
        request,
        form=form,
        call=lambda: services.town_facts_set(
            actor=request.user, municipality=municipality, **form.cleaned_data
        ),
        success_url=reverse("matching:town", args=[slug]),
        error_page=lambda f: town(request, slug, facts_form=f),
        success_message="Die Standortangaben sind gespeichert.",
    )


@login_required
@require_POST
def town_verbund(request, slug: str):
    municipality = _town(request, slug, "matching.edit_town")
    form = VerbundSearchForm(request.POST)

    def call():
        d = form.cleaned_data
        title = f"{municipality.display_name} sucht Partner für {Seeker.Post(d['post']).label}"
        data = {"title": title, "description": d["description"], "contact_name": d["contact_name"],
                "contact_email": d["contact_email"], "post": d["post"]}  # fmt: skip
        return services.seeker_register(
            actor=request.user,
            kind=Seeker.Kind.VERBUND,
            data=data,
            consent=d["consent"],
            municipality=municipality,
        )

    return form_action(
        request,
        form=form,
        call=call,
        success_url=reverse("matching:town", args=[slug]) + "#verbund",
        error_page=lambda f: town(request, slug, verbund_form=f),
        success_message="Die Suche nach Partnern ist eingetragen; die Agentur prüft sie.",
    )
