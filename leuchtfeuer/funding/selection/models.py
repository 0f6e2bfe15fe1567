"""Auswahl: a computed selection run of a call (ILP beside greedy) and whether it was adopted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from leuchtfeuer.funding.calls.models import Call


class SelectionRun(models.Model):
    """One run of the selection (kept so the office can compare re-runs and see who decided)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="selection_runs")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    feasible = models.BooleanField()
    result = models.JSONField()
    is_final = models.BooleanField("als Förderentscheidung übernommen", default=False)

    class Meta:
        verbose_name = "Auswahllauf"
        verbose_name_plural = "Auswahlläufe"
        ordering = ["-run_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(is_final=True), name="funding_selection_one_final"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.run_at:%d.%m.%Y %H:%M}"
