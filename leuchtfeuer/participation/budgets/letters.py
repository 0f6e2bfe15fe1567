"""Letters with voting codes, built by a worker (up to 20,000 letters: minutes of WeasyPrint).

The codes exist in clear only inside the worker's transaction and in the letters' PDF: the request
checks the order at once (`codes_issue_check`, German errors) and stores what to build — budget,
number, batch, who ordered, the vote page's address — never a code. The worker creates the codes
and the PDF in one transaction: if the PDF fails, no code is stored (a retry creates new ones, and
no unprinted code can ever count). The PDF may be downloaded by the office (participation.
manage_budget) for `LETTERS_KEEP`; then it is refused (410) and removed by `purge-documents`.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.text import slugify

from leuchtfeuer.accounts.models import User
from leuchtfeuer.accounts.types import Actor
from leuchtfeuer.core import generated
from leuchtfeuer.core.documents import html_to_pdf
from leuchtfeuer.core.models import GeneratedDocument
from leuchtfeuer.participation.budgets.models import Budget
from leuchtfeuer.participation.budgets.services import codes_issue, codes_issue_check

KIND = "code-letters"
LETTERS_KEEP = timedelta(hours=24)


def letters_request(
    *, actor: Actor, budget: Budget, count: int, batch: str, vote_url: str
) -> GeneratedDocument:
    """Order `count` letters with new codes; the worker builds them (see the module's text)."""
    batch = codes_issue_check(actor=actor, budget=budget, count=count, batch=batch)
    order = uuid.uuid4().hex
    payload = {
        "budget": budget.pk,
        "count": count,
        "batch": batch,
        "actor": actor.pk,
        "vote_url": vote_url,
        "order": order,  # every order is a document of its own, never a cached one
    }
    return generated.document_request(
        kind=KIND,
        key=f"{budget.pk}-{order}",
        builder=KIND,
        payload=payload,
        title=f"Briefe mit {count} Abstimmungscodes (Stapel {batch})",
        filename=f"abstimmungscodes-{budget.project.slug}-{slugify(batch) or 'stapel'}.pdf",
        content_type="application/pdf",
    )


def letters_of(budget: Budget) -> QuerySet[GeneratedDocument]:
    """The budget's ordered letters, newest first (expired ones included; see `generated.expired`)."""
    return GeneratedDocument.objects.filter(kind=KIND, key__startswith=f"{budget.pk}-").order_by(
        "-requested_at"
    )


def letters_build(payload: dict[str, Any]) -> bytes:
    """The worker's builder: codes and PDF in one transaction (the permission is checked again)."""
    with transaction.atomic():
        budget = Budget.objects.select_related("project__municipality").get(pk=payload["budget"])
        actor = User.objects.get(pk=payload["actor"])
        codes = codes_issue(actor=actor, budget=budget, count=payload["count"], batch=payload["batch"])
        html = render_to_string(
            "participation/code_letters.html",
            {
                "project": budget.project,
                "budget": budget,
                "codes": codes,
                "vote_url": payload["vote_url"],
                "batch": payload["batch"],
            },
        )
        return html_to_pdf(html)
