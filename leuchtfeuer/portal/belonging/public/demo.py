"""Demo content of belonging/public (fictional, marked as demo); called by portal.belonging.demo."""

from __future__ import annotations

from typing import Any


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
