from __future__ import annotations

from django import template

from leuchtfeuer.portal.phone import tel_uri

register = template.Library()


@register.filter
def tel_href(phone: str | None) -> str:
    """`{{ phone|tel_href }}`: a robust `tel:` URI, or "" when the text holds no dialable number."""
    return tel_uri(phone)
