"""One rule for characters that no document can hold.

XML 1.0 – and so DOCX, ODT, XLSX and the HTML that WeasyPrint turns into PDF – allows no C0 control
character except tab, line feed and carriage return, no lone surrogate and neither U+FFFE nor
U+FFFF. They reach the platform invisibly: a line break made with Shift+Enter in Word arrives as a
vertical tab (U+000B) when the text is copied, a page break as a form feed (U+000C). python-docx
and openpyxl refuse such text with an exception, odfpy writes a file no office suite opens.

:func:`clean_text` is applied to every submitted form value (``core.forms.Form``) so that such
text is never stored, and by every document and spreadsheet writer, for text that came in
another way (older data, imports, the API, the admin).
"""

from __future__ import annotations

import re

# Word's manual line break and page break become a line break: the author meant one.
_AS_LINE_BREAK = re.compile("[\x0b\x0c]")
# Everything else XML 1.0 cannot hold is dropped.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` without the characters XML cannot hold; a vertical tab or form feed becomes "\\n"."""
    if not value.isprintable():  # fast path: almost every text has none of them
        value = _NOT_XML.sub("", _AS_LINE_BREAK.sub("\n", value))
    return value
