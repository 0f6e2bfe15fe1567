"""API of this part (django-ninja router mounted at /api/v1/; paths here are relative to that)."""

from ninja import Router

router = Router(tags=["Prognose"])
