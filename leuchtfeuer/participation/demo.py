"""Demo content of this part, loaded by `leuchtfeuer load-demo` (dev/test only). Idempotent."""

from __future__ import annotations


def load(municipalities: dict, users: dict) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
