"""Free text taken from a POST without a form (appeal, report and moderation reasons) is stored
without control characters, like the text of every form (core.text; issue 13, defect 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leuchtfeuer.participation.models import Appeal, Idea

pytestmark = pytest.mark.django_db


def test_appeal_and_moderation_reason_are_stored_cleaned(
    client, staff_client, make_project, resident, team, municipality
):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Bank", text="…")
    staff_client(team).post(
        reverse("participation:manage-moderate", args=[municipality.slug]),
        {"idea": idea.pk, "hide": "1", "reason": "Werbung\x0b(Netiquette 3)\x01"},
    )
    idea.refresh_from_db()
    assert idea.moderation_reason == "Werbung\n(Netiquette 3)"
    client.force_login(resident)
    client.post(
        reverse("participation:appeal-create", args=[municipality.slug, project.slug, idea.pk]),
        {"text": "Aus Word\x0bkopiert\x07"},
    )
    assert Appeal.objects.get().text == "Aus Word\nkopiert"
