"""Turn a phone number as people write it in Germany into a dialable `tel:` URI (RFC 3966)."""

from __future__ import annotations

import re

# The first run that looks like a number: digits with spaces, slashes, dots, dashes, brackets.
_NUMBER = re.compile(r"\+?\d[\d\s/().\-]*")


def tel_uri(phone: str | None) -> str:
    """`tel:` URI of the first number in `phone` (digits and a leading + only), or "" if none.

    "+49 (0) 3994 12 34-5" -> "tel:+493994123455", "0049 3994 1234" -> "tel:+4939941234",
    "03994 / 1234 (Mo–Fr)" -> "tel:039941234". Text around it and placeholders such as
    "00000 000001 (Demo-Nummer)" give no link.
    """
    match = _NUMBER.search(phone or "")
    if not match:
        return ""
    raw = match.group(0)
    international = raw.startswith("+")
    if international:
        raw = raw.replace("(0)", "")  # "+49 (0) 3994": the trunk 0 is not dialled from abroad
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("00"):
        international, digits = True, digits[2:]
    if len(digits) < 5 or not digits.strip("0") or (international and digits.startswith("0")):
        # too short, all zeros, or a country code starting with 0 (none does): not dialable
        return ""
    return f"tel:{'+' if international else ''}{digits}"
