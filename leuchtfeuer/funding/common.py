"""Shared by the funding sub-domains: money amounts, German number input, upload types, time text."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from leuchtfeuer.core import uploads
from leuchtfeuer.core.engine.german import MINUS

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The German refusals the funding pages share.
OFFICE_ONLY = "Nur für die Geschäftsstelle."
NO_TOWN_ACCESS = "Sie haben keinen Zugriff auf den Förderbereich dieser Kommune."
UPLOAD_TYPES = {"pdf": uploads.PDF, "png": uploads.PNG, "jpg": uploads.JPEG, "jpeg": uploads.JPEG}


def money(value: Any, field: str, label: str, *, allow_none: bool = False) -> Decimal | None:
    """A positive amount in euros to the cent, or a German message naming ``field``."""
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
    text = text.replace(MINUS, "-")  # the typographic minus of format_number (pre-filled data sheet)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


def local_time(dt: datetime) -> str:
    """'31.03.2027, 23:59 Uhr' in the server's time zone (deadlines are stated in server time)."""
    return timezone.localtime(dt).strftime("%d.%m.%Y, %H:%M Uhr")
