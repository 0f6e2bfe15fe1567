"""Every PDF of the platform: a rendered template turned into PDF by WeasyPrint.

The HTML is cleaned with core.text.clean_text first: forms store no control characters, but
older data, imports and the API can still hold them, and a page that lists such text should
show it without stray glyphs (a lone surrogate would even stop WeasyPrint with an error).
"""

from __future__ import annotations

from leuchtfeuer.core.text import clean_text


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=clean_text(html), base_url=None).write_pdf()
