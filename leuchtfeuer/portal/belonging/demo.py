"""Demo content of belonging (issue 21); called at the end of portal.demo.load."""

from __future__ import annotations

from typing import Any

from leuchtfeuer.portal.belonging.buddies import demo as buddies_demo
from leuchtfeuer.portal.belonging.engagement import demo as engagement_demo
from leuchtfeuer.portal.belonging.gatherings import demo as gatherings_demo
from leuchtfeuer.portal.belonging.public import demo as public_demo


def load(municipalities: dict[str, Any], users: dict[str, Any]) -> None:
    engagement_demo.load(municipalities, users)
    buddies_demo.load(municipalities, users)
    gatherings_demo.load(municipalities, users)
    public_demo.load(municipalities, users)
