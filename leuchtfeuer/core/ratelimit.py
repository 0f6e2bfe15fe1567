"""Counters that limit how often one client or one e-mail address may trigger an action.

Counters live in the shared cache (the database cache in production), so the limit holds across
all server processes. Keys are stored as keyed hashes (HMAC with the secret key), never in plain
text: an e-mail address used as a key must not survive in the cache after the person's data were
deleted, and a short hash alone could be reversed by trying known addresses.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def hashed_key(value: str) -> str:
    """A stable, irreversible stand-in for `value` (an e-mail address, an IP address)."""
    secret = settings.SECRET_KEY.encode("utf-8")
    normalised = value.strip().lower().encode("utf-8")
    return hmac.new(secret, b"leuchtfeuer-ratelimit:" + normalised, hashlib.sha256).hexdigest()[:32]


def throttled(scope: str, key: str, *, limit: int, window: int = 3600) -> bool:
    """Count one attempt; True once more than `limit` attempts for `key` came within `window` s."""
    cache_key = f"leuchtfeuer:rate:{scope}:{hashed_key(key)}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit


def cache_key(key: str, key_prefix: str, version: int) -> str:
    """Django cache KEY_FUNCTION: allauth's rate-limit keys end in the client's IP address or a
    plain SHA-256 of the e-mail address; that last part is stored as a keyed hash instead."""
    if key.startswith("allauth:rl:"):
        suffix = ":lock" if key.endswith(":lock") else ""
        key = key.removesuffix(suffix)
        if ":ip:" in key:  # IPv6 addresses contain colons: split at the marker
            head, _, source = key.partition(":ip:")
            head += ":ip"
        else:
            head, _, source = key.rpartition(":")
        key = f"{head}:{hashed_key(source)}{suffix}"
    return f"{key_prefix}:{version}:{key}"
