"""Meine Daten (see, export, delete through a signed, expiring link) and the retention purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leuchtfeuer.core.audit import audit_record
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal.belonging.buddies import privacy as buddy_privacy
from leuchtfeuer.portal.models import (
    Case,
    Consent,
    EventRegistration,
    Inquiry,
    Story,
    TrialApplication,
    WelcomeBoxRequest,
)
from leuchtfeuer.portal.selectors import person_records
from leuchtfeuer.portal.shared import add_months, clean_email, load_signed, send

MY_DATA_SALT = "leuchtfeuer.portal.my-data"
MY_DATA_MAX_AGE = timedelta(hours=24)
UNCONFIRMED_RETENTION = timedelta(days=7)

# ---------------------------------------------------------------------------------------------
# Meine Daten: see, export, delete (signed, expiring link)
# ---------------------------------------------------------------------------------------------


def my_data_token(email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=MY_DATA_SALT, compress=True)


def my_data_email(token: str) -> str:
    payload = load_signed(
        token,
        salt=MY_DATA_SALT,
        max_age=MY_DATA_MAX_AGE,
        expired=_("Der Link ist abgelaufen (gültig 24 Stunden). Bitte fordern Sie einen neuen an."),
        invalid=_("Der Link ist ungültig. Bitte kopieren Sie ihn vollständig aus der E-Mail."),
    )
    return cast(str, payload["e"])


def my_data_request_link(*, email: str, base_url: str) -> None:
    """Mail a link to the address. The answer on the page is the same whether data exists or not."""
    email = clean_email(email)
    link = base_url + reverse("portal:my-data-view", args=[my_data_token(email)])
    transaction.on_commit(
        lambda: send(
            translation.gettext("Ihre Daten im Rückkehr- und Zuzugsportal"),
            translation.gettext(
                "Guten Tag,\n\nüber diesen Link sehen Sie alle Daten, die zu dieser E-Mail-Adresse im Portal "
                "gespeichert sind. Sie können sie dort herunterladen (JSON, PDF) oder löschen. Der Link gilt "
                "24 Stunden:\n\n%(link)s\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n"
            )
            % {"link": link},
            [email],
        )
    )


@transaction.atomic
def my_data_delete(*, email: str) -> dict[str, int]:
    """Delete everything stored about this e-mail address; only anonymous counts remain."""
    records = person_records(email)
    counts: dict[str, int] = {}
    touched: dict[int, Municipality] = {}
    for case in records["cases"]:
        touched[case.municipality_id] = case.municipality
    for inquiry in records["inquiries"]:
        touched[inquiry.municipality_id] = inquiry.municipality
    counts.update(buddy_privacy.delete(email))  # before consents (protected) and cases
    counts["Fälle"] = (
        Case.objects.filter(pk__in=[c.pk for c in records["cases"]]).delete()[1].get("portal.Case", 0)
    )
    counts["Erhebungsbögen"] = Inquiry.objects.filter(email=email).delete()[1].get("portal.Inquiry", 0)
    counts["Bewerbungen Probewohnen"] = (
        TrialApplication.objects.filter(email=email).delete()[1].get("portal.TrialApplication", 0)
    )
    counts["Anmeldungen"] = (
        EventRegistration.objects.filter(email=email).delete()[1].get("portal.EventRegistration", 0)
    )
    counts["Willkommensbox"] = (
        WelcomeBoxRequest.objects.filter(email=email).delete()[1].get("portal.WelcomeBoxRequest", 0)
    )
    # Story consents stay (they prove a publication was allowed); all others go.
    counts["Einwilligungen"] = (
        Consent.objects.filter(email=email).exclude(purpose="story").delete()[1].get("portal.Consent", 0)
    )
    summary = ", ".join(f"{v} {k}" for k, v in counts.items() if v) or "nichts gespeichert"
    for municipality in touched.values() or [None]:
        audit_record(
            actor=None,
            action="person.delete",
            target=municipality or Consent(),
            municipality=municipality,
            summary=f"Daten einer Person auf ihren Wunsch gelöscht: {summary}",
        )
    return counts


# ---------------------------------------------------------------------------------------------
# Retention: purge-expired
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expired:
    kind: str
    pk: int
    municipality: str
    reason: str


def expired_records(*, now: datetime | None = None) -> list[Expired]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result: list[Expired] = []
    for case in Case.objects.filter(retain_until__lt=now).select_related("municipality").order_by("pk"):
        result.append(
            Expired(
                "Fall",
                case.pk,
                case.municipality.display_name,
                f"Speicherfrist abgelaufen am {date_format(timezone.localtime(case.retain_until), 'd.m.Y')}",
            )
        )
    for inquiry in (
        Inquiry.objects.filter(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_RETENTION)
        .select_related("municipality")
        .order_by("pk")
    ):
        result.append(
            Expired(
                "Erhebungsbogen (unbestätigt)",
                inquiry.pk,
                inquiry.municipality.display_name,
                "nicht innerhalb von 7 Tagen bestätigt",
            )
        )
    for app in TrialApplication.objects.select_related("apartment__municipality", "consent").order_by("pk"):
        end = max(app.departure, timezone.localdate(app.created_at))
        limit = add_months(datetime(end.year, end.month, end.day), app.consent.retention_months).date()
        if limit < today:
            result.append(
                Expired(
                    "Bewerbung Probewohnen",
                    app.pk,
                    app.apartment.municipality.display_name,
                    f"Speicherfrist abgelaufen am {date_format(limit, 'd.m.Y')}",
                )
            )
    for reg in EventRegistration.objects.select_related("event__municipality", "consent").order_by("pk"):
        limit = add_months(reg.event.ends_at or reg.event.starts_at, reg.consent.retention_months)
        if limit < now:
            result.append(
                Expired(
                    "Anmeldung",
                    reg.pk,
                    reg.event.municipality.display_name,
                    f"Speicherfrist abgelaufen am {date_format(timezone.localtime(limit), 'd.m.Y')}",
                )
            )
    for box in WelcomeBoxRequest.objects.select_related("municipality", "consent").order_by("pk"):
        limit = add_months(box.created_at, box.consent.retention_months)
        if limit < now:
            result.append(
                Expired(
                    "Willkommensbox-Anfrage",
                    box.pk,
                    box.municipality.display_name,
                    f"Speicherfrist abgelaufen am {date_format(timezone.localtime(limit), 'd.m.Y')}",
                )
            )
    result.extend(Expired(*item) for item in buddy_privacy.expired(now))
    return result


@transaction.atomic
def purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> list[Expired]:
    """Delete personal data past its retention period (anonymous counts remain). Idempotent."""
    items = expired_records(now=now)
    if dry_run or not items:
        return items
    by_kind: dict[str, list[int]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.pk)
    case_ids = by_kind.get("Fall", [])
    inquiry_ids = list(Case.objects.filter(pk__in=case_ids).values_list("inquiry_id", flat=True))
    Case.objects.filter(pk__in=case_ids).delete()
    Inquiry.objects.filter(pk__in=inquiry_ids + by_kind.get("Erhebungsbogen (unbestätigt)", [])).delete()
    TrialApplication.objects.filter(pk__in=by_kind.get("Bewerbung Probewohnen", [])).delete()
    EventRegistration.objects.filter(pk__in=by_kind.get("Anmeldung", [])).delete()
    WelcomeBoxRequest.objects.filter(pk__in=by_kind.get("Willkommensbox-Anfrage", [])).delete()
    buddy_privacy.purge(by_kind)
    # Consents no longer backing any record (and not a story's) are deleted too.
    used: set[int] = set()
    for model in (Inquiry, TrialApplication, EventRegistration, WelcomeBoxRequest, Story):
        used.update(model.objects.exclude(consent__isnull=True).values_list("consent_id", flat=True))
    used.update(buddy_privacy.consent_ids_in_use())
    Consent.objects.exclude(pk__in=used).exclude(purpose="story").delete()
    municipalities = {
        m.display_name: m
        for m in Municipality.objects.filter(display_name__in={i.municipality for i in items})
    }
    for name, municipality in municipalities.items():
        n = sum(1 for i in items if i.municipality == name)
        audit_record(
            actor=None,
            action="privacy.purge",
            target=municipality,
            municipality=municipality,
            summary=f"Speicherfrist abgelaufen: {n} Datensätze gelöscht (purge-expired)",
        )
    return items
