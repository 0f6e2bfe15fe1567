"""Demo content of belonging/public (fictional, marked as demo); called by portal.belonging.demo.

The "Mitmachen" page shows what other parts load: engagement offers (belonging/engagement/demo.py)
and the Rückkehrertag series (belonging/gatherings/demo.py). Nothing of its own to load.
"""

from __future__ import annotations

from typing import Any


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    """municipalities: {slug: Municipality}; users: {email: User} of the demo accounts."""
