"""Every write of the funding part: keyword-only `<noun>_<verb>(*, actor, …)`, authorised, validated,
atomic and audited. Errors are German ValidationErrors that say what and where; nothing changes then.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from leuchtfeuer.core import uploads
from leuchtfeuer.core.audit import audit_record, field_changes
from leuchtfeuer.funding import selectors
from leuchtfeuer.funding.engine.selection import format_money, select
from leuchtfeuer.funding.models import (
    ApplicantType,
    Application,
    Attachment,
    BudgetLine,
    Call,
    CallItem,
    ConflictDeclaration,
    Criterion,
    ExpenseClaim,
    FundingProfile,
    Grant,
    Programme,
    ReportReminder,
    Review,
    ReviewerAssignment,
    Score,
    SelectionRun,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = {"pdf": uploads.PDF, "png": uploads.PNG, "jpg": uploads.JPEG, "jpeg": uploads.JPEG}
SEED_001 = "Bekanntmachung „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“, Abschnitt 4 Leistungen"
RULE_CONSTRUCTION = f"„Bau und Investitionsvorhaben sind nicht förderfähig.“ ({SEED_001})"
RULE_STAFF = (
    "„Personalkosten, die bereits aus dem öffentlichen Haushalt gedeckt sind, werden ebenfalls nicht "
    f"übernommen.“ ({SEED_001})"
)
LINE_COST_TYPES = {
    BudgetLine.Category.CONSULTING: {ExpenseClaim.CostType.CONSULTING},
    BudgetLine.Category.MATERIAL: {
        ExpenseClaim.CostType.PUBLICITY,
        ExpenseClaim.CostType.EVENT,
        ExpenseClaim.CostType.MATERIAL,
    },
    BudgetLine.Category.PROJECT: {
        ExpenseClaim.CostType.CONSULTING,
        ExpenseClaim.CostType.PUBLICITY,
        ExpenseClaim.CostType.EVENT,
        ExpenseClaim.CostType.MATERIAL,
        ExpenseClaim.CostType.STAFF,
    },
}


def _require(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Dafür fehlt Ihnen die Berechtigung.")


def _money(value: Any, field: str, label: str, *, allow_none: bool = False) -> Decimal | None:
    if value in (None, ""):
        if allow_none:
            return None
        raise ValidationError({field: f"{label}: bitte einen Betrag angeben."})
    try:
        amount = value if isinstance(value, Decimal) else parse_decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({field: f"{label}: „{value}“ ist kein Betrag."}) from exc
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: f"{label}: der Betrag muss größer als 0 € sein."})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: f"{label}: höchstens zwei Nachkommastellen (Cent)."})
    if amount >= Decimal("1e10"):
        raise ValidationError({field: f"{label}: der Betrag ist zu groß."})
    return amount  # fmt: skip


def parse_decimal(text: str) -> Decimal:
    """German or plain number text → Decimal: '1.234,56', '1234,56', '1234.56', '7.231' (thousands)."""
    text = text.strip().replace(" ", "").replace("€", "").replace("\u00a0", "").replace("%", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%d.%m.%Y, %H:%M Uhr")


def _mail_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))


# ============================================================================ catalogue

PROGRAMME_FIELDS = (
    "name", "sponsor", "summary", "facts", "source", "url", "needs_completion", "is_active", "lands",
    "size_classes", "min_population", "max_population", "degurba", "applicant_types",
    "own_contribution_percent", "deadline", "topics", "max_amount",
)  # fmt: skip


@transaction.atomic
def programme_save(*, actor, data: dict, programme: Programme | None = None) -> Programme:
    _require(actor, "funding.manage")
    data = {k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ValidationError({"name": "Bitte einen Namen für das Programm angeben."})
    data["name"] = name
    lo, hi = data.get("min_population"), data.get("max_population")
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(
            {"max_population": "Die Höchstzahl liegt unter der Mindestzahl der Einwohner:innen."}
        )
    share = data.get("own_contribution_percent")
    if share is not None and not (ZERO <= share <= 100):
        raise ValidationError(
            {"own_contribution_percent": "Der Eigenanteil muss zwischen 0 und 100 % liegen."}
        )
    if programme is None:
        base = slugify(name.replace("ß", "ss"))[:70] or "programm"
        slug, n = base, 2
        while Programme.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        programme = Programme.objects.create(slug=slug, **data)
        audit_record(
            actor=actor,
            action="funding.programme.create",
            target=programme,
            summary=f"Förderprogramm {name} angelegt",
        )
        return programme
    changes = field_changes(programme, data)
    for key, value in data.items():
        setattr(programme, key, value)
    programme.save()
    if changes:
        audit_record(
            actor=actor,
            action="funding.programme.update",
            target=programme,
            summary=f"Förderprogramm {name} geändert",
            changes=changes,
        )
    return programme  # fmt: skip


@transaction.atomic
def funding_profile_set(*, actor, municipality, own_contribution_percent) -> FundingProfile:
    """The own contribution a town can afford (used by the fit check); empty = not stated."""
    _require(actor, "funding.edit_application", municipality)
    value = own_contribution_percent
    if value in ("", None):
        value = None
    else:
        try:
            value = parse_decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(
                {"own_contribution_percent": f"„{own_contribution_percent}“ ist keine Zahl."}
            ) from exc
        if not ZERO <= value <= 100:
            raise ValidationError(
                {"own_contribution_percent": "Der Eigenanteil muss zwischen 0 und 100 % liegen."}
            )
        value = value.quantize(CENT)
    profile, _ = FundingProfile.objects.select_for_update().get_or_create(municipality=municipality)
    changes = field_changes(profile, {"own_contribution_percent": value})
    profile.own_contribution_percent = value
    profile.updated_by = actor
    profile.save()
    if changes:
        audit_record(actor=actor, action="funding.profile.update", target=profile, municipality=municipality,
                     summary="Eigenanteil für den Förderabgleich geändert", changes=changes)  # fmt: skip
    return profile


# ============================================================================ calls

CALL_FIELDS = (
    "programme", "title", "description", "status", "applicant_types", "short_form", "budget", "max_request",
    "deadline", "consulting_cap", "material_cap", "first_year", "last_year", "carry_over", "report_required",
    "report_due_month", "report_due_day", "land_groups", "min_per_land_group", "min_grw_share",
    "min_per_size_class", "max_per_kreis", "max_selected",
)  # fmt: skip


def parse_land_groups(text: str) -> dict[str, list[str]]:
    """'Ost: 12, 13, 14' per line → {"Ost": ["12", "13", "14"]}; keys are Land (2) or Kreis (5) codes."""
    groups: dict[str, list[str]] = {}
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if ":" not in line:
            raise ValidationError(
                {"land_groups": f"Zeile {n}: Format „Name: Schlüssel, Schlüssel“ erwartet."}
            )
        name, keys = line.split(":", 1)
        name = name.strip()
        codes = [k.strip() for k in keys.replace(";", ",").split(",") if k.strip()]
        if not name or not codes:
            raise ValidationError({"land_groups": f"Zeile {n}: Name und mindestens ein Schlüssel nötig."})
        bad = [c for c in codes if not (c.isdigit() and len(c) in (2, 5))]
        if bad:
            raise ValidationError(
                {
                    "land_groups": f"Zeile {n}: „{', '.join(bad)}“ – erwartet werden Landesschlüssel (2 Ziffern) oder Kreisschlüssel (5 Ziffern)."
                }
            )
        if name in groups:
            raise ValidationError({"land_groups": f"Zeile {n}: die Gruppe „{name}“ gibt es schon."})
        groups[name] = codes
    return groups  # fmt: skip


@transaction.atomic
def call_save(*, actor, data: dict, call: Call | None = None) -> Call:
    _require(actor, "funding.manage")
    data = {k: v for k, v in data.items() if k in CALL_FIELDS}
    title = " ".join((data.get("title") or "").split())
    if not title:
        raise ValidationError({"title": "Bitte einen Titel für den Aufruf angeben."})
    data["title"] = title
    data["budget"] = _money(data.get("budget"), "budget", "Gesamtbudget")
    for key, label in (
        ("max_request", "Höchstbetrag je Antrag"),
        ("consulting_cap", "Beratung je Jahr"),
        ("material_cap", "Sachmittel je Jahr"),
    ):
        data[key] = _money(data.get(key), key, label, allow_none=True)
    deadline = data.get("deadline")
    if deadline is None:
        raise ValidationError({"deadline": "Bitte eine Einreichungsfrist angeben."})
    if timezone.is_naive(deadline):
        raise ValidationError({"deadline": "Die Frist braucht eine Zeitzone (Serverzeit)."})
    types = [t for t in data.get("applicant_types") or [] if t in ApplicantType.values]
    if not types:
        raise ValidationError(
            {"applicant_types": "Bitte mindestens eine Gruppe von Antragsberechtigten wählen."}
        )
    data["applicant_types"] = types
    if data.get("short_form") is False and any(t != "kommune" for t in types):
        raise ValidationError(
            {
                "short_form": "Vereine und Einzelpersonen können nur in Aufrufen mit Kurzantrag (Mikroförderung) antragen."
            }
        )
    first, last = data.get("first_year"), data.get("last_year")
    if first is None or last is None or first > last:
        raise ValidationError({"last_year": "Das letzte Förderjahr darf nicht vor dem ersten liegen."})
    if data.get("max_request") and data["max_request"] > data["budget"]:
        raise ValidationError({"max_request": "Der Höchstbetrag je Antrag ist größer als das Gesamtbudget."})
    share = data.get("min_grw_share")
    if share is not None and not (ZERO <= share <= 100):
        raise ValidationError({"min_grw_share": "Der GRW-Anteil muss zwischen 0 und 100 % liegen."})
    if isinstance(data.get("land_groups"), str):
        data["land_groups"] = parse_land_groups(data["land_groups"])
    if data.get("min_per_land_group") and not data.get("land_groups"):
        raise ValidationError(
            {"land_groups": "Für „mindestens je Ländergruppe“ bitte die Ländergruppen angeben."}
        )
    if call is None:
        base = slugify(title.replace("ß", "ss"))[:70] or "aufruf"
        slug, n = base, 2
        while Call.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        call = Call(slug=data.pop("slug", None) or slug)
        for key, value in data.items():
            setattr(call, key, value)
        call.save()
        audit_record(
            actor=actor, action="funding.call.create", target=call, summary=f"Förderaufruf {title} angelegt"
        )
        return call
    changes = field_changes(call, data)
    for key, value in data.items():
        setattr(call, key, value)
    call.save()
    if changes:
        audit_record(
            actor=actor,
            action="funding.call.update",
            target=call,
            summary=f"Förderaufruf {title} geändert",
            changes=changes,
        )
    return call  # fmt: skip


@transaction.atomic
def call_item_add(
    *, actor, call: Call, kind: str, label: str, help_text: str = "", required: bool = True,
    field_type: str = CallItem.FieldType.TEXT, profile_key: str = "", order: int | None = None,
) -> CallItem:  # fmt: skip
    _require(actor, "funding.manage")
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte eine Bezeichnung angeben."})
    if kind not in CallItem.Kind.values:
        raise ValidationError({"kind": "Unbekannte Art des Elements."})
    if profile_key and profile_key not in selectors.PROFILE_FIELDS:
        raise ValidationError({"profile_key": f"„{profile_key}“ ist keine Kennzahl des Kommunalprofils."})
    if profile_key and kind != CallItem.Kind.DATASHEET:
        raise ValidationError(
            {"profile_key": "Nur Datenblatt-Felder können aus dem Kommunalprofil vorausgefüllt werden."}
        )
    if kind == CallItem.Kind.PREREQUISITE and not help_text.strip():
        raise ValidationError(
            {"help_text": "Bitte angeben, welcher Nachweis für diese Voraussetzung verlangt wird."}
        )
    if order is None:
        order = call.items.filter(kind=kind).count() + 1
    try:
        with transaction.atomic():
            item = CallItem.objects.create(
                call=call, kind=kind, label=label, help_text=help_text.strip(), required=required,
                field_type=field_type, profile_key=profile_key, order=order,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"label": f"„{label}“ gibt es in diesem Aufruf schon."}) from exc
    audit_record(
        actor=actor,
        action="funding.call.item_add",
        target=call,
        summary=f"{item.get_kind_display()}: {label}",
    )
    return item


@transaction.atomic
def call_item_update(
    *, actor, item: CallItem, label: str, help_text: str = "", required: bool = True,
    field_type: str = CallItem.FieldType.TEXT, profile_key: str = "", kind: str | None = None, order: int | None = None,
) -> CallItem:  # fmt: skip
    """Change an element's text, evidence, obligation or pre-fill (its kind stays: answers hang on it)."""
    _require(actor, "funding.manage")
    if kind is not None and kind != item.kind:
        raise ValidationError({"kind": "Die Art eines Elements lässt sich nicht ändern – bitte neu anlegen."})
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte eine Bezeichnung angeben."})
    if profile_key and profile_key not in selectors.PROFILE_FIELDS:
        raise ValidationError({"profile_key": f"„{profile_key}“ ist keine Kennzahl des Kommunalprofils."})
    if profile_key and item.kind != CallItem.Kind.DATASHEET:
        raise ValidationError(
            {"profile_key": "Nur Datenblatt-Felder können aus dem Kommunalprofil vorausgefüllt werden."}
        )
    if item.kind == CallItem.Kind.PREREQUISITE and not (help_text or "").strip():
        raise ValidationError(
            {"help_text": "Bitte angeben, welcher Nachweis für diese Voraussetzung verlangt wird."}
        )
    data = {"label": label, "help_text": (help_text or "").strip(), "required": required, "field_type": field_type,
            "profile_key": profile_key or ""}  # fmt: skip
    changes = field_changes(item, data)
    for key, value in data.items():
        setattr(item, key, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError({"label": f"„{label}“ gibt es in diesem Aufruf schon."}) from exc
    if changes:
        audit_record(actor=actor, action="funding.call.item_update", target=item.call,
                     summary=f"{item.get_kind_display()} geändert: {label}", changes=changes)  # fmt: skip
    return item


@transaction.atomic
def call_item_delete(*, actor, item: CallItem) -> None:
    _require(actor, "funding.manage")
    call = item.call
    if item.kind == CallItem.Kind.ATTACHMENT and Attachment.objects.filter(item=item).exists():
        raise ValidationError(
            "Zu dieser Anlage wurden schon Dateien hochgeladen – sie kann nicht mehr entfernt werden."
        )
    audit_record(
        actor=actor,
        action="funding.call.item_delete",
        target=call,
        summary=f"{item.get_kind_display()} entfernt: {item.label}",
    )
    item.delete()


@transaction.atomic
def criterion_add(
    *, actor, call: Call, label: str, weight, max_points: int = 5, description: str = ""
) -> Criterion:
    _require(actor, "funding.manage")
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": "Bitte das Kriterium benennen."})
    try:
        weight = Decimal(str(weight).replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError({"weight": f"„{weight}“ ist keine Zahl."}) from exc
    if not weight.is_finite() or weight <= 0 or weight >= 1000:
        raise ValidationError({"weight": "Das Gewicht muss größer als 0 (und kleiner als 1.000) sein."})
    if not 1 <= int(max_points) <= 100:
        raise ValidationError({"max_points": "Die höchste Punktzahl muss zwischen 1 und 100 liegen."})
    if Score.objects.filter(criterion__call=call).exists():
        raise ValidationError("Es wurde schon bewertet – die Kriterien lassen sich nicht mehr ändern.")
    try:
        with transaction.atomic():
            criterion = Criterion.objects.create(
                call=call, label=label, weight=weight.quantize(CENT), max_points=int(max_points),
                description=description.strip(), order=call.criteria.count() + 1,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"label": f"Das Kriterium „{label}“ gibt es schon."}) from exc
    audit_record(
        actor=actor,
        action="funding.call.criterion_add",
        target=call,
        summary=f"Kriterium {label} (Gewicht {weight})",
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    _require(actor, "funding.manage")
    if criterion.scores.exists():
        raise ValidationError(
            "Zu diesem Kriterium gibt es schon Bewertungen – es kann nicht entfernt werden."
        )
    audit_record(
        actor=actor,
        action="funding.call.criterion_delete",
        target=criterion.call,
        summary=f"Kriterium {criterion.label} entfernt",
    )
    criterion.delete()


@transaction.atomic
def reviewer_assign(*, actor, call: Call, email: str) -> ReviewerAssignment:
    from leuchtfeuer.accounts.models import User

    _require(actor, "funding.manage")
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError({"email": f"Es gibt kein aktives Konto mit der Adresse {email or '(leer)'}."})
    assignment, created = ReviewerAssignment.objects.get_or_create(
        call=call, reviewer=user, defaults={"assigned_by": actor}
    )
    if not created:
        raise ValidationError({"email": f"{email} begutachtet diesen Aufruf bereits."})
    audit_record(
        actor=actor, action="funding.reviewer.assign", target=call, summary=f"Gutachter:in {email} zugeordnet"
    )
    _mail_on_commit(
        f"Begutachtung: {call.title}",
        f"Guten Tag,\n\nSie wurden als Gutachter:in für den Förderaufruf „{call.title}“ eingetragen. "
        "Ihre Anträge finden Sie nach der Anmeldung unter „Begutachtung“ (/foerderung/begutachtung/).\n",
        [user.email],
    )
    return assignment  # fmt: skip


@transaction.atomic
def reviewer_remove(*, actor, assignment: ReviewerAssignment) -> None:
    _require(actor, "funding.manage")
    if Review.objects.filter(application__call=assignment.call, reviewer=assignment.reviewer).exists():
        raise ValidationError("Diese Person hat schon bewertet – die Zuordnung bleibt erhalten.")
    audit_record(
        actor=actor,
        action="funding.reviewer.remove",
        target=assignment.call,
        summary=f"Gutachter:in {assignment.reviewer.email} entfernt",
    )
    assignment.delete()


# ============================================================================ applications


def _call_open(call: Call, now=None) -> None:
    now = now or timezone.now()
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(
            f"Der Aufruf „{call.title}“ nimmt keine Anträge an (Status: {call.get_status_display()})."
        )
    if now > call.deadline:
        raise ValidationError(
            f"Die Einreichungsfrist für „{call.title}“ endete am {_local(call.deadline)} (Serverzeit). "
            "Anträge können nicht mehr gestellt oder eingereicht werden."
        )


@transaction.atomic
def application_start(*, actor, call: Call, municipality) -> Application:
    """A town's draft application; the data sheet is pre-filled from the Kommunalprofil."""
    _require(actor, "funding.edit_application", municipality)
    if ApplicantType.KOMMUNE not in call.applicant_types:
        raise ValidationError(f"Kommunen sind in „{call.title}“ nicht antragsberechtigt.")
    _call_open(call)
    existing = Application.objects.filter(call=call, municipality=municipality).first()
    if existing is not None:
        return existing
    datasheet = selectors.datasheet_prefill(call, municipality.region)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant_type=ApplicantType.KOMMUNE, municipality=municipality, region=municipality.region,
                applicant_name=municipality.display_name, contact_email=municipality.contact_email or actor.email,
                title="", created_by=actor, datasheet=datasheet,
            )  # fmt: skip
    except IntegrityError:
        # A colleague started the same application a moment ago (one application per town and call).
        return Application.objects.get(call=call, municipality=municipality)
    audit_record(
        actor=actor, action="funding.application.start", target=application, municipality=municipality,
        summary=f"Antrag für {call.title} begonnen (Datenblatt aus dem Kommunalprofil vorausgefüllt)",
    )  # fmt: skip
    return application


@transaction.atomic
def application_start_short(
    *, actor, call: Call, applicant_type: str, applicant_name: str, region, contact_email: str,
    title: str, summary: str, requested_amount,
) -> Application:  # fmt: skip
    """A short-form application by an association or a person (micro-funding calls)."""
    _require(actor, "funding.apply_short")
    if not call.short_form:
        raise ValidationError("Dieser Aufruf hat keinen Kurzantrag – Anträge stellt hier die Kommune.")
    if applicant_type not in call.applicant_types or applicant_type == ApplicantType.KOMMUNE:
        raise ValidationError(
            {"applicant_type": "Diese Gruppe ist in diesem Aufruf nicht antragsberechtigt."}
        )
    _call_open(call)
    name = " ".join((applicant_name or "").split())
    if not name:
        raise ValidationError({"applicant_name": "Bitte den Namen des Vereins oder Ihren Namen angeben."})
    if region is None or region.level != "gemeinde":
        raise ValidationError({"place": "Bitte den Ort (Gemeinde) des Vorhabens angeben."})
    if not (title or "").strip():
        raise ValidationError({"title": "Bitte einen Titel für das Vorhaben angeben."})
    amount = _money(requested_amount, "requested_amount", "Beantragte Summe")
    if call.max_request is not None and amount > call.max_request:
        raise ValidationError({"requested_amount": f"Höchstens {format_money(call.max_request)} je Antrag."})
    application = Application.objects.create(
        call=call, applicant_type=applicant_type, region=region, applicant_name=name,
        contact_email=(contact_email or actor.email).strip().lower(), title=title.strip(), summary=(summary or "").strip(),
        requested_amount=amount, created_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="funding.application.start",
        target=application,
        summary=f"Kurzantrag für {call.title} angelegt",
    )
    return application


def _editable(actor, application: Application) -> None:
    if application.municipality_id is not None:
        _require(actor, "funding.edit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status != Application.Status.DRAFT:
        raise ValidationError("Der Antrag ist bereits eingereicht und kann nicht mehr geändert werden.")


@transaction.atomic
def application_update(*, actor, application: Application, data: dict) -> Application:
    """Save a draft (nothing is required yet; the 'what is missing' list tells what is left)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _editable(actor, application)
    call = application.call
    items = {str(i.pk): i for i in call.items.all()}
    update: dict[str, Any] = {}
    for key in ("title", "summary"):
        if key in data:
            update[key] = (data[key] or "").strip()
    if "title" in update and len(update["title"]) > 200:
        raise ValidationError({"title": "Der Titel ist zu lang (höchstens 200 Zeichen)."})
    if data.get("contact_email"):
        update["contact_email"] = data["contact_email"].strip().lower()
    if "requested_amount" in data:
        update["requested_amount"] = _money(
            data["requested_amount"], "requested_amount", "Beantragte Summe", allow_none=True
        )
        if update["requested_amount"] and call.max_request and update["requested_amount"] > call.max_request:
            raise ValidationError(
                {"requested_amount": f"Höchstens {format_money(call.max_request)} je Antrag."}
            )
    if "grw_area" in data:
        update["grw_area"] = bool(data["grw_area"])
    for key, kind in (
        ("answers", CallItem.Kind.QUESTION),
        ("favourable", CallItem.Kind.FAVOURABLE),
        ("prerequisites", CallItem.Kind.PREREQUISITE),
        ("datasheet", CallItem.Kind.DATASHEET),
    ):
        if key not in data:
            continue
        unknown = [k for k in data[key] if k not in items or items[k].kind != kind]
        if unknown:
            raise ValidationError(f"Unbekannte Felder im Antrag: {', '.join(unknown)}.")
        merged = dict(getattr(application, key) or {})
        for item_id, value in data[key].items():
            if key == "datasheet":
                old = merged.get(item_id) or {}
                value = str(value if value is not None else "").strip()
                item = items[item_id]
                if value and item.field_type == CallItem.FieldType.NUMBER:
                    try:
                        parse_decimal(value)
                    except InvalidOperation as exc:
                        raise ValidationError(
                            f"Datenblatt „{item.label}“: „{value}“ ist keine Zahl."
                        ) from exc
                if value != old.get("value"):
                    merged[item_id] = {
                        "value": value,
                        "source": "Angabe der Antragstellenden",
                        "prefilled": False,
                    }
            else:
                merged[item_id] = value
        update[key] = merged  # fmt: skip
    changes = field_changes(
        application,
        {k: v for k, v in update.items() if k not in ("answers", "datasheet", "prerequisites", "favourable")},
    )
    for key, value in update.items():
        setattr(application, key, value)
    application.save()
    audit_record(
        actor=actor, action="funding.application.update", target=application, municipality=application.municipality,
        summary=f"Antragsentwurf „{application.title or call.title}“ gespeichert", changes=changes,
    )  # fmt: skip
    return application


@transaction.atomic
def attachment_add(*, actor, application: Application, item: CallItem, upload) -> Attachment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _editable(actor, application)
    if item.call_id != application.call_id or item.kind != CallItem.Kind.ATTACHMENT:
        raise ValidationError({"item": "Diese Anlage gehört nicht zu diesem Aufruf."})
    file_type, name = uploads.check_upload(
        upload, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="file"
    )
    attachment = Attachment(
        application=application,
        item=item,
        original_name=name,
        content_type=file_type.content_type,
        size=upload.size,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", upload, save=False)
    attachment.save()
    audit_record(actor=actor, action="funding.application.attach", target=application, municipality=application.municipality,
                 summary=f"Anlage „{item.label}“ hochgeladen: {attachment.original_name}")  # fmt: skip
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    _editable(actor, Application.objects.select_for_update().get(pk=attachment.application_id))
    audit_record(actor=actor, action="funding.application.detach", target=attachment.application,
                 municipality=attachment.application.municipality, summary=f"Anlage entfernt: {attachment.original_name}")  # fmt: skip
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def application_submit(*, actor, application: Application, now=None) -> Application:
    """Submit before the deadline (server time); late or incomplete applications are refused."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.municipality_id is not None:
        _require(actor, "funding.submit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status != Application.Status.DRAFT:
        raise ValidationError("Der Antrag ist bereits eingereicht.")
    call = application.call
    if now > call.deadline:
        raise ValidationError(
            f"Zu spät: Die Einreichungsfrist endete am {_local(call.deadline)} (Serverzeit). Es ist jetzt {_local(now)}. "
            "Ihr Antrag wurde nicht eingereicht und bleibt als Entwurf gespeichert."
        )
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(f"Der Aufruf nimmt keine Anträge an (Status: {call.get_status_display()}).")
    missing = selectors.application_missing(application)
    if missing:
        raise ValidationError(["Der Antrag ist noch nicht vollständig:", *missing])
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="funding.application.submit", target=application, municipality=application.municipality,
                 summary=f"Antrag „{application.title}“ für {call.title} eingereicht")  # fmt: skip
    _mail_on_commit(
        f"Eingangsbestätigung: {call.title}",
        f"Guten Tag,\n\nIhr Antrag „{application.title}“ ({application.applicant_name}) ist am {_local(now)} "
        f"fristgerecht eingegangen.\n\nIhre Geschäftsstelle",
        [application.contact_email],
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.municipality_id is not None:
        _require(actor, "funding.submit_application", application)
    elif application.created_by_id != actor.pk:
        raise PermissionDenied("Dieser Antrag gehört nicht zu Ihrem Konto.")
    if application.status not in (Application.Status.DRAFT, Application.Status.SUBMITTED):
        raise ValidationError(
            "Über den Antrag ist schon entschieden – er kann nicht mehr zurückgezogen werden."
        )
    application.status = Application.Status.WITHDRAWN
    application.submitted_at = application.submitted_at or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="funding.application.withdraw", target=application, municipality=application.municipality,
                 summary=f"Antrag „{application.title}“ zurückgezogen")  # fmt: skip
    return application


@transaction.atomic
def application_check_prerequisites(
    *, actor, application: Application, checks: dict[str, dict]
) -> Application:
    """The office records, per mandatory prerequisite, whether the evidence shows it is met."""
    _require(actor, "funding.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    valid = {str(i.pk) for i in application.call.items.filter(kind=CallItem.Kind.PREREQUISITE)}
    unknown = set(checks) - valid
    if unknown:
        raise ValidationError("Unbekannte Voraussetzungen in der Prüfung.")
    merged = dict(application.prerequisite_check or {})
    for key, value in checks.items():
        met = value.get("met")
        if met is False and not (value.get("note") or "").strip():
            raise ValidationError("Bitte begründen Sie, warum eine Voraussetzung nicht erfüllt ist.")
        merged[key] = {"met": met, "note": (value.get("note") or "").strip(), "by": actor.email}
    application.prerequisite_check = merged
    application.save(update_fields=["prerequisite_check", "updated_at"])
    audit_record(actor=actor, action="funding.application.check", target=application, municipality=application.municipality,
                 summary="Voraussetzungen geprüft", changes={"prerequisite_check": [None, str(merged)]})  # fmt: skip
    return application


@transaction.atomic
def application_set_lock(*, actor, application: Application, lock: str, reason: str = "") -> Application:
    _require(actor, "funding.manage")
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if lock not in Application.Lock.values:
        raise ValidationError({"lock": "Unbekannte Auswahl."})
    if lock and not reason.strip():
        raise ValidationError(
            {"reason": "Bitte begründen Sie, warum der Antrag fest ausgewählt oder ausgeschlossen wird."}
        )
    if application.call.status == Call.Status.DECIDED:
        raise ValidationError("Über den Aufruf ist schon entschieden.")
    changes = field_changes(application, {"lock": lock, "lock_reason": reason.strip()})
    application.lock = lock
    application.lock_reason = reason.strip() if lock else ""
    application.save(update_fields=["lock", "lock_reason", "updated_at"])
    audit_record(actor=actor, action="funding.application.lock", target=application, municipality=application.municipality,
                 summary=f"Auswahl für {application.applicant_name}: {application.get_lock_display()}", changes=changes)  # fmt: skip
    return application


# ============================================================================ review


@transaction.atomic
def conflict_declare(*, actor, application: Application, reason: str) -> ConflictDeclaration:
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=actor).exists():
        raise PermissionDenied("Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte nennen Sie kurz den Grund der Befangenheit."})
    declaration, _ = ConflictDeclaration.objects.get_or_create(
        application=application, reviewer=actor, defaults={"reason": reason[:300]}
    )
    Review.objects.filter(application=application, reviewer=actor).delete()
    audit_record(actor=actor, action="funding.review.conflict", target=application, municipality=application.municipality,
                 summary=f"Befangenheit erklärt: {reason[:200]}")  # fmt: skip
    return declaration


@transaction.atomic
def review_save(
    *, actor, application: Application, scores: dict[int, tuple[int, str]], comment: str = ""
) -> Review:
    """Score every criterion (0 … max points) with a comment. Conflicts are enforced here."""
    application = Application.objects.select_related("call", "region", "municipality").get(pk=application.pk)
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=actor).exists():
        raise PermissionDenied("Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen.")
    conflict = selectors.reviewer_conflict(actor, application)
    if conflict:
        raise PermissionDenied(f"Befangenheit: {conflict} Sie können diesen Antrag nicht begutachten.")
    if application.status not in (Application.Status.SUBMITTED,):
        raise ValidationError("Nur eingereichte Anträge ohne Förderentscheidung können bewertet werden.")
    criteria = {c.pk: c for c in application.call.criteria.all()}
    if not criteria:
        raise ValidationError("Für diesen Aufruf sind noch keine Bewertungskriterien festgelegt.")
    missing = [c.label for pk, c in criteria.items() if pk not in scores]
    if missing:
        raise ValidationError(f"Bitte bewerten Sie jedes Kriterium; es fehlt: {', '.join(missing)}.")
    for pk, (points, _comment) in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError("Unbekanntes Kriterium in der Bewertung.")
        if not isinstance(points, int) or not 0 <= points <= criterion.max_points:
            raise ValidationError(
                {f"points_{pk}": f"„{criterion.label}“: 0 bis {criterion.max_points} Punkte."}
            )
    review, _ = Review.objects.select_for_update().get_or_create(application=application, reviewer=actor)
    review.comment = (comment or "").strip()
    review.save()
    for pk, (points, text) in scores.items():
        Score.objects.update_or_create(
            review=review, criterion_id=pk, defaults={"points": points, "comment": (text or "").strip()}
        )
    audit_record(actor=actor, action="funding.review.save", target=application, municipality=application.municipality,
                 summary=f"Bewertung gespeichert ({sum(p for p, _ in scores.values())} Punkte)")  # fmt: skip
    return review


# ============================================================================ selection


def selection_compute(call: Call) -> dict:
    """The selection as a JSON-ready dict (ILP beside greedy, binding rules, differences, notes)."""
    candidates, notes = selectors.selection_candidates(call)
    rules = selectors.selection_rules(call)
    result = select(candidates, rules)
    labels = {c.key: c for c in candidates}

    def entries(keys: list[str]) -> list[dict]:
        return [
            {"id": int(k), "name": labels[k].label, "cost": str(labels[k].cost), "score": round(labels[k].score, 2),
             "kreis": labels[k].kreis_name, "land_group": labels[k].land_group, "size_class": labels[k].size_class,
             "grw": labels[k].grw}
            for k in sorted(keys, key=lambda k: (-labels[k].score, k))
        ]  # fmt: skip

    return {
        "call": call.slug,
        "feasible": result.optimal.feasible,
        "message": result.optimal.message,
        "budget": str(call.budget),
        "selected": entries(result.optimal.selected),
        "total_cost": str(result.optimal.total_cost),
        "total_score": round(result.optimal.total_score, 4),
        "binding": result.binding,
        "rules": result.rule_status,
        "greedy": {
            "selected": entries(result.greedy.selected),
            "total_cost": str(result.greedy.total_cost),
            "total_score": round(result.greedy.total_score, 4),
            "violations": result.greedy_violations,
            "feasible": not result.greedy_violations,
        },
        "differences": [
            {"id": int(d.key), "name": d.label, "chosen_by": "optimierung" if d.in_optimal else "rangfolge", "explanation": d.explanation}
            for d in result.differences
        ],
        "notes": notes,
        "candidates": len(candidates),
    }  # fmt: skip


@transaction.atomic
def selection_run(*, actor, call: Call) -> SelectionRun:
    _require(actor, "funding.manage")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == Call.Status.DECIDED:
        raise ValidationError("Über diesen Aufruf ist schon entschieden.")
    data = selection_compute(call)
    run = SelectionRun.objects.create(call=call, run_by=actor, feasible=data["feasible"], result=data)
    audit_record(actor=actor, action="funding.selection.run", target=call,
                 summary=f"Auswahl berechnet: {len(data['selected'])} Anträge, {data['total_cost']} €, {data['total_score']} Punkte")  # fmt: skip
    return run


def _budget_lines_for(call: Call, amount: Decimal) -> list[tuple[int, str, Decimal]]:
    """Lines (year, category, amount) for a granted amount: year by year, consulting then material,
    each up to the call's yearly cap; without caps one project line in the first year."""
    if call.consulting_cap is None and call.material_cap is None:
        return [(call.first_year, BudgetLine.Category.PROJECT, amount)]
    rest = amount
    lines = []
    for year in range(call.first_year, call.last_year + 1):
        for category, cap in (
            (BudgetLine.Category.CONSULTING, call.consulting_cap),
            (BudgetLine.Category.MATERIAL, call.material_cap),
        ):
            if cap is None or rest <= 0:
                continue
            part = min(cap, rest)
            lines.append((year, category, part))
            rest -= part
    return lines  # fmt: skip


@transaction.atomic
def selection_finalise(*, actor, run: SelectionRun) -> list[Grant]:
    """Adopt a feasible run as the funding decision: grants and budget lines for the chosen."""
    _require(actor, "funding.manage")
    call = Call.objects.select_for_update().get(pk=run.call_id)
    if call.status == Call.Status.DECIDED:
        raise ValidationError("Über diesen Aufruf ist schon entschieden.")
    if run.result.get("candidates") == 0:
        raise ValidationError("Es liegen keine eingereichten Anträge vor – es gibt nichts zu übernehmen.")
    if not run.feasible:
        raise ValidationError(
            "Dieser Auswahllauf hat keine zulässige Auswahl – bitte Regeln anpassen und neu berechnen."
        )
    latest = call.selection_runs.first()
    if latest is None or latest.pk != run.pk:
        raise ValidationError("Es gibt einen neueren Auswahllauf – bitte den aktuellen übernehmen.")
    fresh = selection_compute(call)
    if [e["id"] for e in fresh["selected"]] != [e["id"] for e in run.result["selected"]]:
        raise ValidationError(
            "Bewertungen oder Sperren haben sich seit der Berechnung geändert – bitte neu berechnen."
        )
    chosen = {e["id"] for e in run.result["selected"]}
    grants = []
    for application in call.applications.select_for_update().filter(status=Application.Status.SUBMITTED):
        if application.pk in chosen:
            application.status = Application.Status.SELECTED
            grant = Grant.objects.create(
                application=application, call=call, municipality=application.municipality,
                recipient_name=application.applicant_name, created_by=actor,
            )  # fmt: skip
            for year, category, amount in _budget_lines_for(call, application.requested_amount):
                BudgetLine.objects.create(grant=grant, year=year, category=category, amount=amount)
            grants.append(grant)
            _mail_on_commit(
                f"Förderzusage: {call.title}",
                f"Guten Tag,\n\nIhr Antrag „{application.title}“ wurde zur Förderung ausgewählt "
                f"({format_money(application.requested_amount)}). Budget und Mittelabruf finden Sie in Leuchtfeuer.\n",
                [application.contact_email],
            )
        else:
            application.status = Application.Status.NOT_SELECTED
        application.save(update_fields=["status", "updated_at"])
    run.is_final = True
    run.save(update_fields=["is_final"])
    call.status = Call.Status.DECIDED
    call.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="funding.selection.finalise", target=call,
                 summary=f"Förderentscheidung: {len(grants)} Zuwendungen, {run.result['total_cost']} €")  # fmt: skip
    return grants


# ============================================================================ budgets and claims


@transaction.atomic
def budget_line_set(*, actor, grant: Grant, year: int, category: str, amount) -> BudgetLine:
    _require(actor, "funding.manage")
    call = grant.call
    amount = _money(amount, "amount", "Budgetposten")
    if not call.first_year <= year <= call.last_year:
        raise ValidationError({"year": f"Gefördert wird von {call.first_year} bis {call.last_year}."})
    cap = {
        BudgetLine.Category.CONSULTING: call.consulting_cap,
        BudgetLine.Category.MATERIAL: call.material_cap,
    }.get(category)
    if category not in BudgetLine.Category.values:
        raise ValidationError({"category": "Unbekannter Budgetposten."})
    line = BudgetLine.objects.select_for_update().filter(grant=grant, year=year, category=category).first()
    carried = line.carried_over if line else ZERO
    if cap is not None and amount - carried > cap:
        raise ValidationError(
            {
                "amount": f"{BudgetLine.Category(category).label}: höchstens {format_money(cap)} je Jahr (laut Aufruf)."
            }
        )
    if line is not None:
        if line.closed_at:
            raise ValidationError(f"Das Jahr {year} ist abgeschlossen.")
        used = (
            line.claims.exclude(status=ExpenseClaim.Status.REJECTED).aggregate(s=Sum("amount"))["s"] or ZERO
        )
        if amount < used:
            raise ValidationError(
                {
                    "amount": f"Es sind schon {format_money(used)} abgerufen – der Posten kann nicht kleiner werden."
                }
            )
        old = line.amount
        line.amount = amount
        line.save(update_fields=["amount"])
    else:
        old = None
        line = BudgetLine.objects.create(grant=grant, year=year, category=category, amount=amount)
    audit_record(actor=actor, action="funding.budget.set", target=grant, municipality=grant.municipality,
                 summary=f"{line} auf {format_money(amount)} gesetzt", changes={"amount": [str(old) if old is not None else None, str(amount)]})  # fmt: skip
    return line


def _remaining(line: BudgetLine) -> Decimal:
    used = line.claims.exclude(status=ExpenseClaim.Status.REJECTED).aggregate(s=Sum("amount"))["s"] or ZERO
    return line.amount - used - line.lapsed - line.transferred


@transaction.atomic
def claim_submit(
    *, actor, line: BudgetLine, amount, cost_type: str, description: str, spent_on: date, receipt,
    staff_publicly_funded: bool = False,
) -> ExpenseClaim:  # fmt: skip
    """An expense claim with its receipt; refused with the rule for ineligible categories."""
    grant = line.grant
    if grant.municipality_id is not None:
        _require(actor, "funding.claim_expense", grant)
    elif grant.application.created_by_id != actor.pk:
        raise PermissionDenied("Diese Zuwendung gehört nicht zu Ihrem Konto.")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if cost_type in (ExpenseClaim.CostType.CONSTRUCTION, ExpenseClaim.CostType.INVESTMENT):
        raise ValidationError({"cost_type": f"Nicht förderfähig: {RULE_CONSTRUCTION}"})
    if cost_type == ExpenseClaim.CostType.STAFF and staff_publicly_funded:
        raise ValidationError({"cost_type": f"Nicht förderfähig: {RULE_STAFF}"})
    if cost_type not in ExpenseClaim.CostType.values:
        raise ValidationError({"cost_type": "Bitte eine Kostenart wählen."})
    if cost_type not in LINE_COST_TYPES[line.category]:
        allowed = ", ".join(ExpenseClaim.CostType(c).label for c in sorted(LINE_COST_TYPES[line.category]))
        raise ValidationError(
            {"cost_type": f"Aus dem Posten „{line.get_category_display()}“ sind nur abrechenbar: {allowed}."}
        )
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError({"description": "Bitte beschreiben Sie, wofür das Geld ausgegeben wurde."})
    if line.closed_at:
        raise ValidationError(
            f"Das Förderjahr {line.year} ist abgeschlossen – es können keine Belege mehr eingereicht werden."
        )
    if spent_on is None or spent_on.year != line.year:
        raise ValidationError({"spent_on": f"Das Rechnungsdatum muss im Förderjahr {line.year} liegen."})
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": "Das Rechnungsdatum liegt in der Zukunft."})
    amount = _money(amount, "amount", "Betrag")
    remaining = _remaining(line)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": f"Im Posten „{line}“ sind nur noch {format_money(remaining)} frei (beantragt: {format_money(amount)})."
            }
        )
    file_type, name = uploads.check_upload(
        receipt, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, field="receipt"
    )
    claim = ExpenseClaim(
        budget_line=line, amount=amount, cost_type=cost_type, description=description[:300], spent_on=spent_on,
        staff_publicly_funded=bool(staff_publicly_funded), receipt_name=name, receipt_type=file_type.content_type,
        receipt_size=receipt.size, submitted_by=actor,
    )  # fmt: skip
    claim.receipt.save(f"{uuid.uuid4().hex}.{file_type.extension}", receipt, save=False)
    claim.save()
    audit_record(actor=actor, action="funding.claim.submit", target=claim, municipality=grant.municipality,
                 summary=f"Mittelabruf {format_money(amount)} aus {line}: {description[:120]}")  # fmt: skip
    return claim


@transaction.atomic
def claim_decide(*, actor, claim: ExpenseClaim, approve: bool, note: str = "") -> ExpenseClaim:
    _require(actor, "funding.approve_claim")
    claim = (
        ExpenseClaim.objects.select_for_update()
        .select_related("budget_line", "budget_line__grant")
        .get(pk=claim.pk)
    )
    if claim.status != ExpenseClaim.Status.SUBMITTED:
        raise ValidationError("Über diesen Mittelabruf ist schon entschieden.")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "Bitte begründen Sie die Ablehnung."})
    if claim.budget_line.closed_at:
        raise ValidationError("Das Förderjahr ist abgeschlossen.")
    claim.status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = note[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    grant = claim.budget_line.grant
    audit_record(actor=actor, action="funding.claim.decide", target=claim, municipality=grant.municipality,
                 summary=f"Mittelabruf {format_money(claim.amount)} {claim.get_status_display()}")  # fmt: skip
    if claim.submitted_by is not None:
        _mail_on_commit(
            f"Mittelabruf {claim.get_status_display()}",
            f"Guten Tag,\n\nIhr Mittelabruf „{claim.description}“ über {format_money(claim.amount)} wurde "
            f"{claim.get_status_display()}.{' Begründung: ' + note if note else ''}\n",
            [claim.submitted_by.email],
        )
    return claim


@transaction.atomic
def budget_year_close(*, actor, grant: Grant, year: int) -> list[BudgetLine]:
    """Year-end: every claim must be decided; what is left lapses or (if the call allows) carries over."""
    _require(actor, "funding.manage")
    lines = list(BudgetLine.objects.select_for_update().filter(grant=grant, year=year))
    if not lines:
        raise ValidationError(f"Für {year} gibt es keine Budgetposten.")
    if any(line.closed_at for line in lines):
        raise ValidationError(f"Das Jahr {year} ist bereits abgeschlossen.")
    pending = ExpenseClaim.objects.filter(budget_line__in=lines, status=ExpenseClaim.Status.SUBMITTED).count()
    if pending:
        raise ValidationError(
            f"Es sind noch {pending} Mittelabrufe aus {year} offen – bitte zuerst entscheiden."
        )
    call = grant.call
    now = timezone.now()
    for line in lines:
        rest = _remaining(line)
        if rest > 0 and call.carry_over and year < call.last_year:
            nxt = (
                BudgetLine.objects.select_for_update()
                .filter(grant=grant, year=year + 1, category=line.category)
                .first()
            )
            if nxt is None:
                BudgetLine.objects.create(
                    grant=grant, year=year + 1, category=line.category, amount=rest, carried_over=rest
                )
            else:
                nxt.amount += rest
                nxt.carried_over += rest
                nxt.save(update_fields=["amount", "carried_over"])
            line.lapsed = ZERO
            line.transferred = rest
        else:
            line.lapsed = max(rest, ZERO)
        line.closed_at = now
        line.save(update_fields=["lapsed", "transferred", "closed_at"])
    audit_record(actor=actor, action="funding.budget.close_year", target=grant, municipality=grant.municipality,
                 summary=f"Jahresabschluss {year}: " + ", ".join(f"{line.get_category_display()} verfallen {format_money(line.lapsed)}" for line in lines))  # fmt: skip
    return lines


# ============================================================================ reports


def report_reminders_send(*, today: date | None = None, days_before: int = 14) -> int:
    """E-mail the coordinators of funded towns before the Kurzbericht is due and when it is overdue.
    Each reminder is sent once (recorded); returns how many were sent. Reports the Werkstatt part
    already schedules are left to its own reminders (no double e-mails)."""
    from leuchtfeuer.accounts.models import Membership, Role

    today = today or timezone.localdate()
    sent = 0
    for row in selectors.report_rows(today=today):
        if row.submitted is not None or row.tracked_by_werkstatt:
            continue  # submitted, or the Werkstatt part reminds of its own scheduled report
        days = (row.due - today).days
        if 0 <= days <= days_before:
            kind = ReportReminder.Kind.UPCOMING
        elif days < 0:
            kind = ReportReminder.Kind.OVERDUE
        else:
            continue
        with transaction.atomic():
            reminder, created = ReportReminder.objects.get_or_create(
                grant=row.grant, year=row.year, kind=kind
            )
            if not created:
                continue
            emails = list(
                Membership.objects.filter(
                    municipality=row.grant.municipality, role=Role.KOORDINATION
                ).values_list("user__email", flat=True)
            )
            reminder.recipients = len(emails)
            reminder.save(update_fields=["recipients"])
            when = (
                f"ist am {row.due:%d.%m.%Y} fällig"
                if kind == ReportReminder.Kind.UPCOMING
                else f"war am {row.due:%d.%m.%Y} fällig und fehlt noch"
            )
            _mail_on_commit(
                f"Kurzbericht {row.year}: {row.grant.call.title}",
                f"Guten Tag,\n\nder jährliche Kurzbericht {row.year} für „{row.grant.call.title}“ {when}. "
                "Sie schreiben ihn in Leuchtfeuer im Bereich Werkstatt.\n\nIhre Geschäftsstelle",
                emails,
            )
            sent += 1
    return sent  # fmt: skip
