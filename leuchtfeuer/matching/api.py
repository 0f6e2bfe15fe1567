"""API of the matching agency (django-ninja router mounted at /api/v1/; paths here are complete below it)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Matching-Agentur"])
