"""Ideas, comments, ratings, moderation with reasons and appeals, official answers, Werkstatt hand-over."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.participation import services
from leuchtfeuer.participation.models import Comment, Idea, Moderation, Rating

pytestmark = pytest.mark.django_db


def test_idea_only_in_ideas_phase(make_project, resident):
    project = make_project(running="information")
    with pytest.raises(ValidationError, match=r"gerade nicht Vorschläge einreichen\. Das ist möglich vom"):
        services.idea_submit(actor=resident, project=project, title="Bank", text="Eine Bank am Markt")
    open_project = make_project(running="ideas")
    idea = services.idea_submit(
        actor=resident,
        project=open_project,
        title="Bank",
        text="Eine Bank am Markt",
        handlungsfeld="generationen",
    )
    assert idea.status == Idea.Status.SUBMITTED


def test_anonymous_cannot_submit(make_project):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="melden Sie sich"):
        services.idea_submit(actor=AnonymousUser(), project=make_project(), title="x", text="y")


def test_image_needs_alt_text(make_project, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leuchtfeuer.participation.tests.test_uploads import image_bytes

    # a real PNG (since the upload check a PNG signature with junk behind it is refused as broken)
    image = SimpleUploadedFile("bild.png", image_bytes(), content_type="image/png")
    with pytest.raises(ValidationError, match="was auf dem Bild zu sehen ist"):
        services.idea_submit(actor=resident, project=make_project(), title="x", text="y", image=image)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(project=make_project(), title="t", text="t", image="x.png", image_alt="")


def test_comments_one_level_and_ratings(make_project, resident, user_factory):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Bank", text="…")
    other = user_factory()
    first = services.comment_add(actor=other, idea=idea, text="Gute Idee")
    reply = services.comment_add(actor=resident, idea=idea, text="Danke", parent=first)
    reply_to_reply = services.comment_add(actor=other, idea=idea, text="Gern", parent=reply)
    assert reply.parent == first and reply_to_reply.parent == first
    services.idea_rate(actor=other, idea=idea, value=1)
    services.idea_rate(actor=other, idea=idea, value=-1)
    assert list(Rating.objects.values_list("value", flat=True)) == [-1]
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(idea=idea, user=other, value=1)


def test_moderation_reason_appeal_by_other_moderator(make_project, resident, coordinator, team):
    project = make_project(running="commenting")
    idea = Idea.objects.create(project=project, author=resident, title="Bank", text="…")
    comment = services.comment_add(actor=resident, idea=idea, text="Beleidigung")
    services.content_report(actor=team, comment=comment, reason="beleidigend")
    with pytest.raises(ValidationError, match="Grund"):
        services.content_moderate(actor=team, comment=comment, hide=True, reason="")
    mail.outbox.clear()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(moderation="hidden", moderation_reason="")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.content_moderate(
            actor=team, comment=comment, hide=True, reason="Beleidigung (Netiquette Nr. 2)"
        )
    assert "Netiquette Nr. 2" in mail.outbox[0].body and mail.outbox[0].to == [resident.email]
    appeal = services.appeal_submit(actor=resident, comment=comment, text="War ironisch gemeint.")
    with pytest.raises(ValidationError, match="offenen Einspruch"):
        services.appeal_submit(actor=resident, comment=comment, text="nochmal")
    with pytest.raises(ValidationError, match="andere Person"):
        services.appeal_decide(actor=team, appeal=appeal, restore=True, reason="ok")
    services.appeal_decide(actor=coordinator, appeal=appeal, restore=True, reason="Ironie erkennbar.")
    comment.refresh_from_db()
    assert comment.moderation == Moderation.VISIBLE


def test_only_author_appeals(make_project, resident, team, user_factory):
    idea = Idea.objects.create(project=make_project(), author=resident, title="Bank", text="…")
    services.content_moderate(actor=team, idea=idea, hide=True, reason="Werbung")
    with pytest.raises(PermissionDenied):
        services.appeal_submit(actor=user_factory(), idea=idea, text="…")


def test_official_answer_notifies_author(make_project, resident, team):
    from django.test import TestCase

    idea = Idea.objects.create(project=make_project(), author=resident, title="Bank am Markt", text="…")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.idea_answer(actor=team, idea=idea, status="wird_geprueft", answer="Wir prüfen den Standort.")
    idea.refresh_from_db()
    assert idea.get_status_display() == "wird geprüft"
    assert mail.outbox[-1].to == [resident.email] and "Wir prüfen den Standort." in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.KOORDINATION, True),
        (Role.TEAM, True),
        (Role.BERATUNG, False),
        (Role.MENTORING, False),
        (Role.PARTNER, False),
        (Role.LOTSE, False),
        (None, False),
    ],
)
def test_moderation_role_matrix(make_project, resident, role_user, user_factory, municipality, role, allowed):
    idea = Idea.objects.create(project=make_project(), author=resident, title="Bank", text="…")
    actor = role_user(role, municipality) if role else user_factory()
    for call in (
        lambda: services.content_moderate(actor=actor, idea=idea, hide=True, reason="Werbung"),
        lambda: services.idea_answer(actor=actor, idea=idea, status="angenommen", answer="Machen wir."),
    ):
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()


def test_moderation_other_municipality_refused(make_project, resident, role_user, other_municipality):
    idea = Idea.objects.create(project=make_project(), author=resident, title="Bank", text="…")
    with pytest.raises(PermissionDenied):
        services.content_moderate(
            actor=role_user(Role.KOORDINATION, other_municipality), idea=idea, hide=True, reason="x"
        )


def test_werkstatt_transfer(make_project, resident, coordinator, monkeypatch):
    import sys
    import types

    received = {}

    def fake_ideas_receive(*, actor, municipality, ideas):
        received.update(actor=actor, municipality=municipality, ideas=ideas)
        return ideas

    module = types.ModuleType("leuchtfeuer.werkstatt.services")
    module.ideas_receive = fake_ideas_receive
    monkeypatch.setitem(sys.modules, "leuchtfeuer.werkstatt.services", module)
    project = make_project(kind="zukunftswerkstatt")
    Idea.objects.create(
        project=project, author=resident, title="Jugendtreff", text="…", handlungsfeld="teilhabe"
    )
    Idea.objects.create(
        project=project,
        author=resident,
        title="Spam",
        text="…",
        moderation="hidden",
        moderation_reason="Werbung",
    )
    assert services.project_transfer_to_werkstatt(actor=coordinator, project=project) == 1
    assert received["ideas"][0]["title"] == "Jugendtreff"
    assert received["ideas"][0]["handlungsfeld"] == "teilhabe"
    assert received["ideas"][0]["source_url"].startswith("/beteiligung/")
    with pytest.raises(ValidationError, match="Nur Ideen einer Zukunftswerkstatt"):
        services.project_transfer_to_werkstatt(actor=coordinator, project=make_project(kind="dialog"))
