"""Praxisbeispiele: writing them (with their versions, terms and images) and the Redaktion's
review (submit, request changes, publish, reject, comment). Keyword-only, authorised, validated,
atomic, audited; e-mails after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.core.permissions import require
from leuchtfeuer.core.uploads import check_upload, delete_after_commit, stored_bytes
from leuchtfeuer.knowledge import search
from leuchtfeuer.knowledge.mail import office_emails, send_after_commit, town_staff_emails
from leuchtfeuer.knowledge.models import (
    VOCABULARY_TERMS,
    Example,
    ExampleComment,
    ExampleImage,
    ExampleTerm,
    ExampleVersion,
    Vocabulary,
)
from leuchtfeuer.knowledge.uploads import IMAGE_MAX_BYTES, IMAGE_TYPES
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


# --- Praxisbeispiele: content -----------------------------------------------------------------


def _clean_terms(terms: Mapping[str, Iterable[str]] | None) -> dict[str, list[str]]:
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


def _clean_links(value: str | Iterable[Any] | None) -> list[dict[str, str]]:
    if isinstance(value, str):
        value = [line.strip() for line in value.splitlines() if line.strip()]
    links: list[dict[str, str]] = []
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


def _clean_example_data(data: dict[str, Any], *, consent: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name in EXAMPLE_FIELDS:
        if name not in data:
            continue
        value: Any = data[name]
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


def apply_region(example: Example, region: Region | None) -> None:
    example.region = region
    if region is None:
        example.land_code, example.size_class, example.population = "", "", None
        return
    example.land_code = region.land_code or region.ars[:2]
    example.population = region.population
    example.size_class = region.size_class if region.level == Region.Level.GEMEINDE else ""


def set_terms(example: Example, terms: dict[str, list[str]]) -> None:
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


def _snapshot(example: Example) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(example, name) for name in EXAMPLE_FIELDS}
    data["region"] = (
        cast(Region, example.region).key if example.region_id else None
    )  # region_id set: region is there
    data["terms"] = example_terms(example)
    data["state"] = example.state
    return data


def record_version(example: Example, actor: Actor | None, note: str) -> None:
    ExampleVersion.objects.create(
        example=example,
        number=example.version,
        data=_snapshot(example),
        note=note[:200],
        created_by=cast(User, actor)
        if getattr(actor, "is_authenticated", False)
        else None,  # signed in: a User
    )


@transaction.atomic
def example_create(
    *,
    actor: Actor,
    municipality: Municipality | None,
    data: dict[str, Any],
    terms: dict[str, list[str]] | None = None,
    region: Region | None = None,
    contact_consent: bool = False,
) -> Example:
    """A new example as a draft of `municipality` (or of the programme office when None)."""
    if municipality is None:
        require(actor, "knowledge.review_example")
    else:
        require(actor, "knowledge.add_example", municipality)
    for name in REQUIRED:
        data.setdefault(name, "")
    clean = _clean_example_data(data, consent=contact_consent)
    clean_terms = _clean_terms(terms)
    if region is None and municipality is not None:
        region = municipality.region
    example = Example(
        municipality=municipality,
        created_by=cast(
            User, actor
        ),  # safe: only signed-in users hold knowledge.add/review_example (require above)
        state=Example.State.DRAFT,
        contact_consent_at=timezone.now() if clean.get("contact_email") else None,
        **clean,
    )
    apply_region(example, region)
    example.slug = _unique_slug(example.title, example.place if (example.place_label or region) else "")
    example.save()
    set_terms(example, clean_terms)
    record_version(example, actor, "angelegt")
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
    actor: Actor,
    example: Example,
    data: dict[str, Any],
    terms: dict[str, list[str]] | None = None,
    region: Region | bool | None = False,
    contact_consent: bool = False,
    note: str = "",
) -> Example:
    """Change the content; every change is a new version. `region=False` keeps the region."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    require(actor, "knowledge.change_example", example)
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
    # past `region is not False`, region is a Region or None (True is never passed): the casts say so
    if region is not False and (cast(Region, region).pk if region else None) != example.region_id:
        changes["region"] = [
            cast(Region, example.region).key if example.region_id else None,  # region_id set: region is there
            cast(Region, region).key if region else None,
        ]
        apply_region(example, cast("Region | None", region))
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
        set_terms(example, clean_terms)
    record_version(example, actor, note or "bearbeitet")
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


AUDIT_ACTIONS: dict[str, str] = {
    ExampleComment.Kind.SUBMIT: "submit",
    ExampleComment.Kind.REQUEST_CHANGES: "request_changes",
    ExampleComment.Kind.PUBLISH: "publish",
    ExampleComment.Kind.REJECT: "reject",
}


def _transition(example: Example, *, actor: Actor, to: str, kind: str, body: str) -> Example:
    example.state = to
    now = timezone.now()
    if to == Example.State.SUBMITTED:
        example.submitted_at = now
    if to == Example.State.PUBLISHED:
        example.published_at = example.published_at or now
    example.save(update_fields=["state", "submitted_at", "published_at", "updated_at"])
    ExampleComment.objects.create(
        example=example,
        author=cast(
            User, actor
        ),  # safe: every caller has require()d a knowledge permission of a signed-in user
        kind=kind,
        body=body,
        version=example.version,
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
def example_submit(*, actor: Actor, example: Example, body: str = "") -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    require(actor, "knowledge.submit_example", example)
    _transition(
        example, actor=actor, to=Example.State.SUBMITTED, kind=ExampleComment.Kind.SUBMIT, body=body.strip()
    )
    send_after_commit(
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
def example_request_changes(*, actor: Actor, example: Example, body: str) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    require(actor, "knowledge.review_example", example)
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
    send_after_commit(
        f"Bitte überarbeiten: {example.title}",
        f"Die Geschäftsstelle bittet um eine Überarbeitung des Praxisbeispiels „{example.title}“:\n\n{body.strip()}",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_publish(*, actor: Actor, example: Example, body: str = "") -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    require(actor, "knowledge.review_example", example)
    _review_target(
        example,
        (Example.State.SUBMITTED, Example.State.DRAFT if example.municipality_id is None else "-"),
        "Veröffentlichen",
    )
    _transition(
        example, actor=actor, to=Example.State.PUBLISHED, kind=ExampleComment.Kind.PUBLISH, body=body.strip()
    )
    send_after_commit(
        f"Veröffentlicht: {example.title}",
        f"Das Praxisbeispiel „{example.title}“ ist jetzt öffentlich: /wissen/beispiele/{example.slug}/",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_reject(*, actor: Actor, example: Example, body: str) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    require(actor, "knowledge.review_example", example)
    if not body.strip():
        raise ValidationError({"body": "Bitte begründen Sie die Ablehnung."})
    _review_target(example, (Example.State.SUBMITTED,), "Ablehnen")
    _transition(
        example, actor=actor, to=Example.State.REJECTED, kind=ExampleComment.Kind.REJECT, body=body.strip()
    )
    send_after_commit(
        f"Nicht veröffentlicht: {example.title}",
        f"Die Geschäftsstelle hat das Praxisbeispiel „{example.title}“ nicht veröffentlicht:\n\n{body.strip()}",
        town_staff_emails(example.municipality),
    )
    return example


@transaction.atomic
def example_comment(*, actor: Actor, example: Example, body: str) -> ExampleComment:
    require(actor, "knowledge.comment_example", example)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Der Kommentar ist leer."})
    if len(body) > 5000:
        raise ValidationError({"body": "Der Kommentar ist zu lang (höchstens 5.000 Zeichen)."})
    comment = ExampleComment.objects.create(
        example=example,
        author=cast(User, actor),  # safe: only signed-in users hold knowledge.comment_example (require above)
        kind=ExampleComment.Kind.COMMENT,
        body=body,
        version=example.version,
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
def example_image_add(
    *, actor: Actor, example: Example, upload: UploadedFile, alt_text: str, credit: str = ""
) -> ExampleImage:
    require(actor, "knowledge.change_example", example)
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
        uploaded_by=cast(
            User, actor
        ),  # safe: only signed-in users hold knowledge.change_example (require above)
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
def example_image_delete(*, actor: Actor, image: ExampleImage) -> None:
    require(actor, "knowledge.change_example", image.example)
    audit_record(
        actor=actor,
        action="example.image_delete",
        target=image.example,
        municipality=image.example.municipality,
        summary=f"Bild „{image.alt_text[:80]}“ entfernt",
    )
    delete_after_commit(image.file)
    image.delete()
