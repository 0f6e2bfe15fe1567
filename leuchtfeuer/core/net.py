"""The client's address, also behind the reverse proxies that the production settings assume.

`X-Forwarded-For` is written by every proxy on the way: each appends the address it received the
request from. Only the last `TRUSTED_PROXY_COUNT` entries were written by proxies we run; anything
before them came from the client and can be forged. With N trusted proxies the client is therefore
the N-th entry from the right. With 0 (the default) the header is ignored and `REMOTE_ADDR` is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the person's machine as far as our own proxies can vouch for it."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or "unknown"
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry for entry in header.split(",") if entry.strip()]
    if len(entries) < trusted:
        # The request did not pass all our proxies (e.g. a health check from the host itself):
        # the peer address is the truth.
        return remote
    return _valid_ip(entries[-trusted]) or remote
