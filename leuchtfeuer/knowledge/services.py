"""Every change in the knowledge and network part (HackSoft style: keyword-only, authorised,
validated, atomic, audited; e-mails after commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.core import taxonomy
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.uploads import check_upload, delete_after_commit, stored_bytes
from leuchtfeuer.knowledge import search
from leuchtfeuer.knowledge.models import (
    VOCABULARY_TERMS,
    Document,
    Event,
    EventRegistration,
    Example,
    ExampleComment,
    ExampleImage,
    ExampleTerm,
    ExampleVersion,
    HospitationRequest,
    NetworkContact,
    NetworkProfile,
    Tandem,
    Vocabulary,
)
from leuchtfeuer.knowledge.uploads import DOCUMENT_MAX_BYTES, DOCUMENT_TYPES, IMAGE_MAX_BYTES, IMAGE_TYPES
from leuchtfeuer.places.models import Municipality, Region

EXAMPLE_FIELDS = (
    "title",
    "place_label",
    "period_start",
    "period_end",
    "summary",
    "description",
    "costs",
    "funding",
    "cost_range",
    "success_factors",
    "obstacles",
    "contact_name",
    "contact_email",
    "links",
    "phase",
    "source",
)
REQUIRED = {"title": "Titel", "summary": "Kurzbeschreibung", "description": "Beschreibung"}


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


def _send_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    to = sorted({r for r in recipients if r})
    if not to:
        return
    transaction.on_commit(
        lambda: send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            to,
            fail_silently=True,
        )
    )


def town_staff_emails(municipality: Municipality | None) -> list[str]:
    """Coordinators and team of a town, plus its contact address."""
    if municipality is None:
        return []
    emails = list(
        Membership.objects.filter(municipality=municipality, role__in=[Role.KOORDINATION, Role.TEAM])
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if municipality.contact_email:
        emails.append(municipality.contact_email)
    return emails


def office_emails() -> list[str]:
    return list(User.objects.filter(is_programme_office=True, is_active=True).values_list("email", flat=True))


# --- Praxisbeispiele: content -----------------------------------------------------------------


def _clean_terms(terms: dict[str, Iterable[str]] | None) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for vocab in Vocabulary:
        keys = sorted(set((terms or {}).get(vocab.value, []) or []))
        allowed = {t.key for t in VOCABULARY_TERMS[vocab]}
        unknown = [k for k in keys if k not in allowed]
        if unknown:
            raise ValidationError(
                {vocab.value: f"Unbekannte Auswahl bei {vocab.label}: {', '.join(unknown)}."}
            )
        result[vocab.value] = keys
    return result


def _clean_links(value) -> list[dict]:
    if isinstance(value, str):
        value = [line.strip() for line in value.splitlines() if line.strip()]
    links = []
    validator = URLValidator(schemes=["https", "http"])
    for n, item in enumerate(value or [], start=1):
        if isinstance(item, dict):
            url, label = (item.get("url") or "").strip(), (item.get("label") or "").strip()
        else:
            url, _, label = str(item).partition(" ")
            url, label = url.strip(), label.strip()
        try:
            validator(url)
        except ValidationError as exc:
            raise ValidationError(
                {"links": f"Link {n} („{url[:60]}“) ist keine gültige Web-Adresse."}
            ) from exc
        links.append({"url": url, "label": label or url})
    return links


def _clean_example_data(data: dict, *, consent: bool) -> dict:
    clean = {}
    for name in EXAMPLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        clean[name] = value
    for name, label in REQUIRED.items():
        if name in clean and not clean[name]:
            raise ValidationError({name: f"Bitte füllen Sie das Feld „{label}“ aus."})
    for name in ("period_start", "period_end"):
        value = clean.get(name)
        if value in ("", None):
            clean[name] = None if name in clean else clean.get(name)
            continue
        try:
            year = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError({name: "Bitte geben Sie ein Jahr an, z. B. 2021."}) from exc
        if not 1949 <= year <= timezone.now().year + 10:
            raise ValidationError({name: f"{year} ist kein plausibles Jahr."})
        clean[name] = year
    if clean.get("period_start") and clean.get("period_end") and clean["period_end"] < clean["period_start"]:
        raise ValidationError({"period_end": "Das Ende liegt vor dem Beginn."})
    if "cost_range" in clean and clean["cost_range"] not in Example.CostRange.values:
        raise ValidationError({"cost_range": "Bitte wählen Sie einen Kostenrahmen aus der Liste."})
    if "phase" in clean and clean["phase"] not in Example.Phase.values:
        raise ValidationError({"phase": "Bitte wählen Sie einen Stand aus der Liste."})
    if "links" in clean:
        clean["links"] = _clean_links(clean["links"])
    email = clean.get("contact_email") or ""
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError(
                {"contact_email": "Bitte geben Sie eine gültige E-Mail-Adresse an."}
            ) from exc
        if not consent:
            raise ValidationError(
                {
                    "contact_consent": "Eine Ansprechperson wird nur mit ihrer Einwilligung veröffentlicht – "
                    "bitte bestätigen Sie die Einwilligung oder lassen Sie die E-Mail-Adresse leer."
                }
            )
    return clean


def _unique_slug(title: str, place: str, exclude_pk: int | None = None) -> str:
    base = slugify(f"{title} {place}".replace("ß", "ss"))[:100] or "beispiel"
    candidate, n = base, 2
    qs = Example.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _apply_region(example: Example, region: Region | None) -> None:
    example.region = region
    if region is None:
        example.land_code, example.size_class, example.population = "", "", None
        return
    example.land_code = region.land_code or region.ars[:2]
    example.population = region.population
    example.size_class = region.size_class if region.level == Region.Level.GEMEINDE else ""


def _set_terms(example: Example, terms: dict[str, list[str]]) -> None:
    ExampleTerm.objects.filter(example=example).delete()
    ExampleTerm.objects.bulk_create(
        [
            ExampleTerm(example=example, vocabulary=vocab, key=key)
            for vocab, keys in terms.items()
            for key in keys
        ]
    )


def example_terms(example: Example) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {v.value: [] for v in Vocabulary}
    for term in example.terms.all():
        result[term.vocabulary].append(term.key)
    return {vocab: sorted(keys) for vocab, keys in result.items()}


def _snapshot(example: Example) -> dict:
    data = {name: getattr(example, name) for name in EXAMPLE_FIELDS}
    data["region"] = example.region.key if example.region_id else None
    data["terms"] = example_terms(example)
    data["state"] = example.state
    return data


def _record_version(example: Example, actor, note: str) -> None:
    ExampleVersion.objects.create(
        example=example,
        number=example.version,
        data=_snapshot(example),
        note=note[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def example_create(
    *,
    actor,
    municipality: Municipality | None,
    data: dict,
    terms: dict[str, list[str]] | None = None,
    region: Region | None = None,
    contact_consent: bool = False,
) -> Example:
    """A new example as a draft of `municipality` (or of the programme office when None)."""
    if municipality is None:
        _require(actor, "knowledge.review_example")
    else:
        _require(actor, "knowledge.add_example", municipality)
    for name in REQUIRED:
        data.setdefault(name, "")
    clean = _clean_example_data(data, consent=contact_consent)
    clean_terms = _clean_terms(terms)
    if region is None and municipality is not None:
        region = municipality.region
    example = Example(
        municipality=municipality,
        created_by=actor,
        state=Example.State.DRAFT,
        contact_consent_at=timezone.now() if clean.get("contact_email") else None,
        **clean,
    )
    _apply_region(example, region)
    example.slug = _unique_slug(example.title, example.place if (example.place_label or region) else "")
    example.save()
    _set_terms(example, clean_terms)
    _record_version(example, actor, "angelegt")
    audit_record(
        actor=actor,
        action="example.create",
        target=example,
        municipality=municipality,
        summary=f"Praxisbeispiel „{example.title}“ angelegt",
    )
    return example


@transaction.atomic
def example_update(
    *,
    actor,
    example: Example,
    data: dict,
    terms: dict[str, list[str]] | None = None,
    region: Region | bool | None = False,
    contact_consent: bool = False,
    note: str = "",
) -> Example:
    """Change the content; every change is a new version. `region=False` keeps the region."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    _require(actor, "knowledge.change_example", example)
    consent = contact_consent or (
        example.contact_consent_at is not None
        and data.get("contact_email", example.contact_email) == example.contact_email
    )
    clean = _clean_example_data(data, consent=consent)
    changes = field_changes(example, {k: v for k, v in clean.items() if k != "links"})
    if "links" in clean and clean["links"] != example.links:
        changes["links"] = [len(example.links), len(clean["links"])]
    clean_terms = _clean_terms(terms) if terms is not None else None
    if clean_terms is not None and clean_terms != example_terms(example):
        changes["terms"] = [example_terms(example), clean_terms]
    if region is not False and (region.pk if region else None) != example.region_id:
        changes["region"] = [
            example.region.key if example.region_id else None,
            region.key if region else None,
        ]
        _apply_region(example, region)
    if not changes:
        return example
    for name, value in clean.items():
        setattr(example, name, value)
    if example.contact_email and (contact_consent or not example.contact_consent_at):
        example.contact_consent_at = timezone.now()
    if not example.contact_email:
        example.contact_consent_at = None
    example.version = F("version") + 1
    example.save()
    example.refresh_from_db()
    if clean_terms is not None:
        _set_terms(example, clean_terms)
    _record_version(example, actor, note or "bearbeitet")
    audit_record(
        actor=actor,
        action="example.update",
        target=example,
        municipality=example.municipality,
        summary=f"Praxisbeispiel „{example.title}“ bearbeitet (Version {example.version})",
        changes={k: v for k, v in changes.items() if k != "terms"},
    )
    search.index_example(
        Example.objects.prefetch_related("terms").select_related("region").get(pk=example.pk)
    )
    return example


AUDIT_ACTIONS = {
    ExampleComment.Kind.SUBMIT: "submit",
    ExampleComment.Kind.REQUEST_CHANGES: "request_changes",
    ExampleComment.Kind.PUBLISH: "publish",
    ExampleComment.Kind.REJECT: "reject",
}


def _transition(example: Example, *, actor, to: str, kind: str, body: str) -> Example:
    example.state = to
    now = timezone.now()
    if to == Example.State.SUBMITTED:
        example.submitted_at = now
    if to == Example.State.PUBLISHED:
        example.published_at = example.published_at or now
    example.save(update_fields=["state", "submitted_at", "published_at", "updated_at"])
    ExampleComment.objects.create(
        example=example, author=actor, kind=kind, body=body, version=example.version
    )
    audit_record(
        actor=actor,
        action=f"example.{AUDIT_ACTIONS[kind]}",
        target=example,
        municipality=example.municipality,
        summary=f"Praxisbeispiel „{example.title}“: {ExampleComment.Kind(kind).label}",
    )
    search.index_example(
        Example.objects.prefetch_related("terms").select_related("region").get(pk=example.pk)
    )
    return example


@transaction.atomic
def example_submit(*, actor, example: Example, body: str = "") -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    _require(actor, "knowledge.submit_example", example)
    _transition(
        example, actor=actor, to=Example.State.SUBMITTED, kind=ExampleComment.Kind.SUBMIT, body=body.strip()
    )
    _send_after_commit(
        f"Neues Praxisbeispiel zur Prüfung: {example.title}",
        f"{example.municipality or 'Eine Kommune'} hat das Praxisbeispiel „{example.title}“ eingereicht.\n"
        f"Bitte prüfen Sie es in der Redaktion: /wissen/redaktion/",
        office_emails(),
    )
    return example


def _review_target(example: Example, allowed: tuple[str, ...], action: str) -> Example:
    if example.state not in allowed:
        raise ValidationError(
            f"„{example.title}“ ist {example.get_state_display()} – {action} ist in diesem Status nicht möglich."
        )
    return example


@transaction.atomic
def example_request_changes(*, actor, example: Example, body: str) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    _require(actor, "knowledge.review_example", example)
    if not body.strip():
        raise ValidationError({"body": "Bitte schreiben Sie, was überarbeitet werden soll."})
    _review_target(example, (Example.State.SUBMITTED, Example.State.PUBLISHED), "Überarbeitung erbitten")
    _transition(
        example,
        actor=actor,
        to=Example.State.CHANGES_REQUESTED,
        kind=ExampleComment.Kind.REQUEST_CHANGES,
        body=body.strip(),
    )
    _send_after_commit(
        f"Bitte überarbeiten: {example.title}",
        f"Die Geschäftsstelle bittet um eine Überarbeitung des Praxisbeispiels „{example.title}“:\n\n{body.strip()}",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_publish(*, actor, example: Example, body: str = "") -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    _require(actor, "knowledge.review_example", example)
    _review_target(
        example,
        (Example.State.SUBMITTED, Example.State.DRAFT if example.municipality_id is None else "-"),
        "Veröffentlichen",
    )
    _transition(
        example, actor=actor, to=Example.State.PUBLISHED, kind=ExampleComment.Kind.PUBLISH, body=body.strip()
    )
    _send_after_commit(
        f"Veröffentlicht: {example.title}",
        f"Das Praxisbeispiel „{example.title}“ ist jetzt öffentlich: /wissen/beispiele/{example.slug}/",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_reject(*, actor, example: Example, body: str) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    _require(actor, "knowledge.review_example", example)
    if not body.strip():
        raise ValidationError({"body": "Bitte begründen Sie die Ablehnung."})
    _review_target(example, (Example.State.SUBMITTED,), "Ablehnen")
    _transition(
        example, actor=actor, to=Example.State.REJECTED, kind=ExampleComment.Kind.REJECT, body=body.strip()
    )
    _send_after_commit(
        f"Nicht veröffentlicht: {example.title}",
        f"Die Geschäftsstelle hat das Praxisbeispiel „{example.title}“ nicht veröffentlicht:\n\n{body.strip()}",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_comment(*, actor, example: Example, body: str) -> ExampleComment:
    _require(actor, "knowledge.comment_example", example)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Der Kommentar ist leer."})
    if len(body) > 5000:
        raise ValidationError({"body": "Der Kommentar ist zu lang (höchstens 5.000 Zeichen)."})
    comment = ExampleComment.objects.create(
        example=example, author=actor, kind=ExampleComment.Kind.COMMENT, body=body, version=example.version
    )
    audit_record(
        actor=actor,
        action="example.comment",
        target=example,
        municipality=example.municipality,
        summary=f"Kommentar zu „{example.title}“",
    )
    return comment


@transaction.atomic
def example_image_add(*, actor, example: Example, upload, alt_text: str, credit: str = "") -> ExampleImage:
    _require(actor, "knowledge.change_example", example)
    alt_text = " ".join((alt_text or "").split())
    if not alt_text:
        raise ValidationError(
            {
                "alt_text": "Bitte beschreiben Sie das Bild in einem Alternativtext (für Menschen, die es nicht sehen)."
            }
        )
    if len(alt_text) > 300:
        raise ValidationError({"alt_text": "Der Alternativtext ist zu lang (höchstens 300 Zeichen)."})
    file_type, name = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES, field="file")
    data = stored_bytes(upload, file_type)  # without EXIF/GPS
    image = ExampleImage(
        example=example,
        alt_text=alt_text,
        credit=credit.strip()[:200],
        content_type=file_type.content_type,
        size=len(data),
        uploaded_by=actor,
    )
    image.file.save(name, ContentFile(data), save=False)
    image.save()
    audit_record(
        actor=actor,
        action="example.image_add",
        target=example,
        municipality=example.municipality,
        summary=f"Bild zu „{example.title}“ hochgeladen ({name})",
    )
    return image


@transaction.atomic
def example_image_delete(*, actor, image: ExampleImage) -> None:
    _require(actor, "knowledge.change_example", image.example)
    audit_record(
        actor=actor,
        action="example.image_delete",
        target=image.example,
        municipality=image.example.municipality,
        summary=f"Bild „{image.alt_text[:80]}“ entfernt",
    )
    delete_after_commit(image.file)
    image.delete()


# --- Umsetzungshilfen --------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *, actor, upload, title: str, kind: str, description: str, handlungsfeld: str = "", source: str = ""
) -> Document:
    _require(actor, "knowledge.manage_documents")
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    if not description:
        raise ValidationError({"description": "Bitte beschreiben Sie kurz, wofür die Vorlage dient."})
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie eine Art aus der Liste."})
    if handlungsfeld and handlungsfeld not in {t.key for t in taxonomy.HANDLUNGSFELDER}:
        raise ValidationError({"handlungsfeld": "Unbekanntes Handlungsfeld."})
    file_type, name = check_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=DOCUMENT_MAX_BYTES, field="file")
    upload.seek(0)
    content = upload.read()
    slug_base = slugify(title.replace("ß", "ss"))[:100] or "vorlage"
    slug, n = slug_base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, n = f"{slug_base}-{n}", n + 1
    document = Document(
        slug=slug,
        title=title,
        kind=kind,
        description=description,
        handlungsfeld=handlungsfeld,
        file_name=name,
        content_type=file_type.content_type,
        size=len(content),
        source=source.strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="document.upload",
        target=document,
        summary=f"Umsetzungshilfe „{title}“ hochgeladen",
    )
    return document


def document_count_download(*, document: Document) -> None:
    """One more download (atomic increment, no lost updates under concurrency)."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    _require(actor, "knowledge.manage_documents")
    audit_record(
        actor=actor,
        action="document.delete",
        target=document,
        summary=f"Umsetzungshilfe „{document.title}“ gelöscht",
    )
    delete_after_commit(document.file)
    document.delete()


# --- Network: directory -----------------------------------------------------------------------


@transaction.atomic
def network_profile_update(
    *,
    actor,
    municipality: Municipality,
    listed: bool,
    description: str = "",
    topics: list[str] | None = None,
    offers_mentoring: bool = False,
    seeks_mentoring: bool = False,
    offers_hospitation: bool = False,
) -> NetworkProfile:
    _require(actor, "knowledge.edit_network_profile", municipality)
    topics = list(dict.fromkeys(topics or []))
    unknown = [t for t in topics if t not in {term.key for term in taxonomy.HANDLUNGSFELDER}]
    if unknown:
        raise ValidationError({"topics": f"Unbekannte Handlungsfelder: {', '.join(unknown)}."})
    if offers_mentoring and seeks_mentoring:
        raise ValidationError(
            {"seeks_mentoring": "Eine Kommune bietet Mentoring an oder sucht es – nicht beides zugleich."}
        )
    profile, _ = NetworkProfile.objects.select_for_update().get_or_create(municipality=municipality)
    data = {
        "listed": bool(listed),
        "description": (description or "").strip(),
        "topics": topics,
        "offers_mentoring": bool(offers_mentoring),
        "seeks_mentoring": bool(seeks_mentoring),
        "offers_hospitation": bool(offers_hospitation),
    }
    changes = field_changes(profile, data)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.save()
    if changes:
        audit_record(
            actor=actor,
            action="network.profile_update",
            target=profile,
            municipality=municipality,
            summary="Eintrag im Netzwerk-Verzeichnis geändert",
            changes=changes,
        )
    return profile


@transaction.atomic
def network_contact_opt_in(*, actor, municipality: Municipality, function: str = "") -> NetworkContact:
    """The person herself agrees to be shown as contact of her town (never someone else)."""
    _require(actor, "knowledge.join_directory", municipality)
    contact, _created = NetworkContact.objects.update_or_create(
        municipality=municipality,
        user=actor,
        defaults={"function": function.strip()[:150], "consent_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="network.contact_opt_in",
        target=contact,
        municipality=municipality,
        summary=f"{actor} als Ansprechperson im Netzwerk eingetragen (Einwilligung)",
    )
    return contact


@transaction.atomic
def network_contact_opt_out(*, actor, municipality: Municipality) -> None:
    deleted, _ = NetworkContact.objects.filter(municipality=municipality, user=actor).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="network.contact_opt_out",
            target=municipality,
            municipality=municipality,
            summary=f"{actor} hat die Einwilligung als Ansprechperson widerrufen",
        )


# --- Network: tandems -------------------------------------------------------------------------


@transaction.atomic
def tandem_propose(*, actor, mentor: Municipality, mentee: Municipality) -> Tandem:
    _require(actor, "knowledge.propose_tandem", mentee)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": "Eine Kommune kann nicht ihr eigenes Tandem sein."})
    from leuchtfeuer.knowledge.network import tandem_fit

    fit = tandem_fit(mentor, mentee)
    try:
        with transaction.atomic():
            tandem = Tandem.objects.create(
                mentor=mentor, mentee=mentee, score=fit.score, explanation=fit.explanation, proposed_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"mentor": f"Ein Tandem {mentor} → {mentee} ist bereits vorgeschlagen oder bestätigt."}
        ) from exc
    audit_record(
        actor=actor,
        action="tandem.propose",
        target=tandem,
        municipality=mentee,
        summary=f"Tandem {mentor} → {mentee} vorgeschlagen",
    )
    _send_after_commit(
        f"Tandem-Vorschlag: {mentor} und {mentee}",
        f"Vorgeschlagen wurde ein Tandem: {mentor} begleitet {mentee}.\n{fit.explanation}\n"
        "Die Geschäftsstelle bestätigt Tandems unter /netzwerk/tandems/.",
        office_emails(),
    )
    return tandem


def _tandem_decide(*, actor, tandem: Tandem, to: str, verb: str) -> Tandem:
    _require(actor, "knowledge.manage_tandems")
    tandem = Tandem.objects.select_for_update().select_related("mentor", "mentee").get(pk=tandem.pk)
    if tandem.state != Tandem.State.PROPOSED:
        raise ValidationError(f"Das Tandem {tandem} ist bereits {tandem.get_state_display()}.")
    tandem.state, tandem.decided_by, tandem.decided_at = to, actor, timezone.now()
    tandem.save(update_fields=["state", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"tandem.{verb}",
        target=tandem,
        municipality=tandem.mentee,
        summary=f"Tandem {tandem.mentor} → {tandem.mentee} {tandem.get_state_display()}",
    )
    _send_after_commit(
        f"Tandem {tandem.get_state_display()}: {tandem.mentor} und {tandem.mentee}",
        f"Die Geschäftsstelle hat das Tandem {tandem.mentor} → {tandem.mentee} {tandem.get_state_display()}.",
        town_staff_emails(tandem.mentor) + town_staff_emails(tandem.mentee),
    )
    return tandem


@transaction.atomic
def tandem_confirm(*, actor, tandem: Tandem) -> Tandem:
    return _tandem_decide(actor=actor, tandem=tandem, to=Tandem.State.CONFIRMED, verb="confirm")


@transaction.atomic
def tandem_decline(*, actor, tandem: Tandem) -> Tandem:
    return _tandem_decide(actor=actor, tandem=tandem, to=Tandem.State.DECLINED, verb="decline")


# --- Network: Hospitation ---------------------------------------------------------------------


@transaction.atomic
def hospitation_request(
    *, actor, guest: Municipality, host: Municipality, topic: str, message: str
) -> HospitationRequest:
    _require(actor, "knowledge.request_hospitation", guest)
    topic, message = (topic or "").strip(), (message or "").strip()
    if guest.pk == host.pk:
        raise ValidationError({"host": "Bitte wählen Sie eine andere Kommune als Ihre eigene."})
    if not topic:
        raise ValidationError({"topic": "Bitte nennen Sie das Thema der Hospitation."})
    if len(message) < 20:
        raise ValidationError(
            {"message": "Bitte beschreiben Sie in ein, zwei Sätzen, was Sie sehen und lernen möchten."}
        )
    if HospitationRequest.objects.filter(
        guest=guest, host=host, state=HospitationRequest.State.REQUESTED
    ).exists():
        raise ValidationError({"host": f"Es gibt bereits eine offene Anfrage von {guest} an {host}."})
    request = HospitationRequest.objects.create(
        guest=guest, host=host, topic=topic[:200], message=message, requested_by=actor
    )
    audit_record(
        actor=actor,
        action="hospitation.request",
        target=request,
        municipality=guest,
        summary=f"Hospitation bei {host} angefragt: {topic[:80]}",
    )
    _send_after_commit(
        f"Hospitationsanfrage aus {guest}",
        f"{guest} möchte bei Ihnen hospitieren.\nThema: {topic}\n\n{message}\n\n"
        "Antworten und Termine vorschlagen: /netzwerk/hospitationen/",
        town_staff_emails(host),
    )
    _send_after_commit(
        f"Ihre Hospitationsanfrage an {host}",
        f"Ihre Anfrage an {host} (Thema: {topic}) ist verschickt. Sie erhalten eine E-Mail, sobald {host} antwortet.",
        [actor.email],
    )
    return request


def _parse_dates(dates: Iterable) -> list[dt.date]:
    parsed = []
    for n, value in enumerate(dates, start=1):
        if not value:
            continue
        if isinstance(value, dt.date):
            parsed.append(value)
            continue
        try:
            parsed.append(dt.date.fromisoformat(str(value).strip()))
        except ValueError as exc:
            raise ValidationError({"dates": f"Termin {n} („{value}“) ist kein gültiges Datum."}) from exc
    return sorted(set(parsed))


@transaction.atomic
def hospitation_accept(
    *, actor, request: HospitationRequest, dates: Iterable, message: str = ""
) -> HospitationRequest:
    request = (
        HospitationRequest.objects.select_for_update().select_related("guest", "host").get(pk=request.pk)
    )
    _require(actor, "knowledge.answer_hospitation", request.host)
    if request.state != HospitationRequest.State.REQUESTED:
        raise ValidationError(f"Die Anfrage ist bereits {request.get_state_display()}.")
    parsed = _parse_dates(dates)
    if not parsed:
        raise ValidationError({"dates": "Bitte schlagen Sie mindestens einen Termin vor."})
    today = timezone.localdate()
    past = [d for d in parsed if d <= today]
    if past:
        raise ValidationError({"dates": f"Der Termin {past[0]:%d.%m.%Y} liegt nicht in der Zukunft."})
    request.state = HospitationRequest.State.ACCEPTED
    request.proposed_dates = [d.isoformat() for d in parsed]
    request.host_message = (message or "").strip()
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="hospitation.accept",
        target=request,
        municipality=request.host,
        summary=f"Hospitation von {request.guest} angenommen, {len(parsed)} Termin(e) vorgeschlagen",
    )
    date_lines = "\n".join(f"- {d:%d.%m.%Y}" for d in parsed)
    body = (
        f"{request.host} nimmt die Hospitation von {request.guest} an (Thema: {request.topic}).\n"
        f"Vorgeschlagene Termine:\n{date_lines}\n\n{request.host_message}"
    )
    recipients = town_staff_emails(request.guest) + town_staff_emails(request.host)
    if request.requested_by_id:
        recipients.append(request.requested_by.email)
    _send_after_commit(f"Hospitation {request.guest} bei {request.host}: Terminvorschläge", body, recipients)
    return request


@transaction.atomic
def hospitation_decline(*, actor, request: HospitationRequest, message: str = "") -> HospitationRequest:
    request = (
        HospitationRequest.objects.select_for_update().select_related("guest", "host").get(pk=request.pk)
    )
    _require(actor, "knowledge.answer_hospitation", request.host)
    if request.state != HospitationRequest.State.REQUESTED:
        raise ValidationError(f"Die Anfrage ist bereits {request.get_state_display()}.")
    request.state = HospitationRequest.State.DECLINED
    request.host_message = (message or "").strip()
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="hospitation.decline",
        target=request,
        municipality=request.host,
        summary=f"Hospitation von {request.guest} abgelehnt",
    )
    recipients = town_staff_emails(request.guest)
    if request.requested_by_id:
        recipients.append(request.requested_by.email)
    _send_after_commit(
        f"Hospitation bei {request.host}: leider nicht möglich",
        f"{request.host} kann die Hospitation (Thema: {request.topic}) nicht anbieten.\n\n{request.host_message}",
        recipients,
    )
    return request


# --- Network: events --------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor,
    title: str,
    kind: str,
    description: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    capacity: int,
) -> Event:
    _require(actor, "knowledge.manage_events")
    title, location = (title or "").strip(), (location or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte geben Sie einen Titel an."})
    if kind not in Event.Kind.values:
        raise ValidationError({"kind": "Bitte wählen Sie ein Format aus der Liste."})
    if not location:
        raise ValidationError({"location": "Bitte geben Sie einen Ort oder den Zugang (online) an."})
    if capacity is None or int(capacity) < 1:
        raise ValidationError({"capacity": "Eine Veranstaltung braucht mindestens einen Platz."})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "Das Ende muss nach dem Beginn liegen."})
    event = Event.objects.create(
        title=title,
        kind=kind,
        description=(description or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        capacity=int(capacity),
        created_by=actor,
    )
    audit_record(
        actor=actor, action="event.create", target=event, summary=f"Veranstaltung „{title}“ angelegt"
    )
    return event


@transaction.atomic
def event_register(*, actor, event: Event, municipality: Municipality | None = None) -> EventRegistration:
    """One seat for `actor`. The database refuses a second registration of the same person
    (unique constraint) and any registration beyond the capacity (check constraint on the
    counter, incremented in the same transaction)."""
    _require(actor, "knowledge.register_event")
    if event.ends_at <= timezone.now():
        raise ValidationError(f"„{event.title}“ ist bereits vorbei.")
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=event, user=actor, municipality=municipality
            )
    except IntegrityError as exc:
        raise ValidationError(f"Sie sind für „{event.title}“ bereits angemeldet.") from exc
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
    except IntegrityError as exc:
        raise ValidationError(
            f"„{event.title}“ ist ausgebucht – alle {event.capacity} Plätze sind vergeben."
        ) from exc
    audit_record(
        actor=actor,
        action="event.register",
        target=event,
        municipality=municipality,
        summary=f"Anmeldung zu „{event.title}“",
    )
    _send_after_commit(
        f"Anmeldung bestätigt: {event.title}",
        f"Sie sind angemeldet: {event.title}\n{timezone.localtime(event.starts_at):%d.%m.%Y, %H:%M} Uhr, {event.location}",
        [actor.email],
    )
    return registration


@transaction.atomic
def event_cancel(*, actor, event: Event) -> None:
    deleted, _ = EventRegistration.objects.filter(event=event, user=actor).delete()
    if not deleted:
        raise ValidationError(f"Sie sind für „{event.title}“ nicht angemeldet.")
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    audit_record(actor=actor, action="event.cancel", target=event, summary=f"Abmeldung von „{event.title}“")
