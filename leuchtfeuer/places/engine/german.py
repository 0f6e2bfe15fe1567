"""German number formatting for labels and explanation texts (7.231; 27,5 %; −4,1 %)."""

from __future__ import annotations

import math

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
