"""German number formatting for labels and explanation texts (7.231; 27,5 %; −4,1 %)."""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\N{MINUS SIGN}"


def format_number(value: float, decimals: int = 0, *, signed: bool = False) -> str:
    """Format ``value`` German style: ``.`` groups thousands, ``,`` is the decimal mark.

    ``signed`` prefixes a ``+`` for positive values; negative values always get a typographic minus.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    rounded_zero = float(f"{abs(value):.{decimals}f}") == 0.0
    if value < 0 and not rounded_zero:
        return MINUS + text
    if signed and value > 0 and not rounded_zero:
        return "+" + text
    return text


def format_percent(value: float, decimals: int = 1, *, signed: bool = False) -> str:
    """``value`` is already in percent: 27.46 → '27,5 %'."""
    return f"{format_number(value, decimals, signed=signed)} %"


def format_decimal(value: float | Decimal, decimals: int = 2) -> str:
    """A plain German decimal without thousands grouping, for form fields and CSV: 1234.5 → '1234,50'."""
    return f"{value:.{decimals}f}".replace(".", ",")


def format_euro(value: float | Decimal) -> str:
    """An amount in euros to the cent: Decimal('1234567.5') → '1.234.567,50 €'."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = MINUS if amount < 0 else ""
    whole, cents = f"{abs(amount):,.2f}".split(".")
    return f"{sign}{whole.replace(',', '.')},{cents} €"


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def fold_umlauts(text: str) -> str:
    """ä→ae, ö→oe, ü→ue, ß→ss (case kept: Ä→Ae), for search keys and file names."""
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """A search key: lower case, umlauts spelled out (ä→ae, ß→ss), other diacritics removed."""
    text = fold_umlauts(text).lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))
