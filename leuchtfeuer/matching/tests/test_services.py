"""Registers and the proposal workflow through the services (German refusals change nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.matching import selectors, services, services_proposals
from leuchtfeuer.matching.models import Proposal, RegisterStatus, Space
from leuchtfeuer.matching.tests.conftest import space_data

pytestmark = pytest.mark.django_db


def test_owner_must_consent_and_nothing_is_stored_without(owner, town):
    with pytest.raises(ValidationError) as exc:
        services.space_register(actor=owner, municipality=town, data=space_data(), entered_as="eigentuemer")
    assert "willigen Sie ein" in str(exc.value)
    assert not Space.objects.exists()


def test_owner_entry_waits_for_review_and_is_audited(owner, town):
    space = services.space_register(
        actor=owner,
        municipality=town,
        data=space_data(),
        entered_as="eigentuemer",
        owner_consent=True,
        share=True,
    )
    assert space.status == RegisterStatus.REVIEW
    assert space.owner_consent_at is not None
    assert not selectors.shared_spaces().exists()  # not matched before the agency approved it
    assert AuditEntry.objects.filter(action="matching.space_register", target_id=str(space.pk)).exists()


def test_bad_input_is_refused_in_german(owner, town):
    cases = [
        ({"area_m2": 0}, "area_m2", "Fläche"),
        ({"rent_min": 500, "rent_max": 300}, "rent_min", "größer"),
        (
            {
                "available_from": timezone.localdate(),
                "available_until": timezone.localdate() - timedelta(days=1),
            },
            "available_until",
            "vor",
        ),
        ({"lat": 53.7, "lon": 12.7}, "lat", "zustimmt"),
        ({"kind": "schloss"}, "kind", "Liste"),
        ({"title": "  "}, "title", "Bezeichnung"),
    ]
    for overrides, field, word in cases:
        with pytest.raises(ValidationError) as exc:
            services.space_register(
                actor=owner,
                municipality=town,
                data=space_data(**overrides),
                entered_as="eigentuemer",
                owner_consent=True,
            )
        assert field in exc.value.message_dict, overrides
        assert word in " ".join(exc.value.message_dict[field])
    assert not Space.objects.exists()


def test_town_needs_the_owners_consent_to_share(coordinator, town):
    with pytest.raises(ValidationError) as exc:
        services.space_register(
            actor=coordinator, municipality=town, data=space_data(), entered_as="kommune", share=True
        )
    assert "Einwilligung" in str(exc.value)
    space = services.space_register(
        actor=coordinator, municipality=town, data=space_data(), entered_as="kommune"
    )
    assert space.status == RegisterStatus.OPEN and space.visibility == "kommune"
    assert not selectors.shared_spaces().exists()
    with pytest.raises(ValidationError):
        services.space_consent(
            actor=coordinator, space=space, given=True, note=""
        )  # how it was given is required
    services.space_consent(actor=coordinator, space=space, given=True, note="schriftlich am 1.12.")
    assert list(selectors.shared_spaces()) == [space]


def test_only_town_staff_enter_for_the_town(owner, town):
    with pytest.raises(PermissionDenied):
        services.space_register(actor=owner, municipality=town, data=space_data(), entered_as="kommune")


def test_database_refuses_shared_without_consent_and_exact_point_without_agreement(open_space):
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.objects.filter(pk=open_space.pk).update(owner_consent_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.objects.filter(pk=open_space.pk).update(lat=53.74, lon=12.76)


def test_location_is_the_gemeinde_centre_unless_agreed(open_space, town):
    assert selectors.location(open_space) == (town.region.lat, town.region.lon, False)


def test_score_matches_the_documented_formula(open_space, open_seeker):
    score, reasons = selectors.pair_score(open_space, open_seeker)
    # 85 m² free, 60–150 wanted (target 105): 85/105; rent 450 of 500: 1 − 0.5·0.9; same town: 1; free in time: 1.
    expected = (0.35 * 85 / 105 + 0.25 * (1 - 0.5 * 450 / 500) + 0.25 * 1 + 0.15 * 1) / 1.0
    assert score == pytest.approx(expected, abs=1e-4)
    assert "passt: 60–150 m² gesucht, 85 m² frei" in reasons


def test_journey_contact_only_after_both_accept(
    agent, open_space, open_seeker, owner, maker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    assert {r for m in mail.outbox for r in m.to} >= {"eigentuemerin@example.org", "projekt@example.org"}
    assert all("erika@example.org" not in m.body and "paul@example.org" not in m.body for m in mail.outbox)
    assert not maker.has_perm("matching.view_contacts", proposal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services_proposals.proposal_decide(
            actor=maker, proposal=proposal, side="seeker", accept=True
        )
    assert proposal.status == Proposal.Status.SENT and not mail.outbox
    with pytest.raises(PermissionDenied):
        services_proposals.proposal_decide(actor=maker, proposal=proposal, side="space", accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services_proposals.proposal_decide(
            actor=owner, proposal=proposal, side="space", accept=True
        )
    assert proposal.status == Proposal.Status.CONTACT
    assert maker.has_perm("matching.view_contacts", proposal) and owner.has_perm(
        "matching.view_contacts", proposal
    )
    to_maker = next(m for m in mail.outbox if "projekt@example.org" in m.to)
    assert "erika@example.org" in to_maker.body
    with pytest.raises(ValidationError) as exc:
        services_proposals.proposal_close(actor=agent, proposal=proposal, agreed=False, reason="")
    assert "Grund" in str(exc.value)
    proposal = services_proposals.proposal_close(actor=agent, proposal=proposal, agreed=True)
    assert proposal.status == Proposal.Status.AGREED
    open_space.refresh_from_db()
    assert open_space.status == RegisterStatus.MATCHED


def test_decline_ends_without_contact(agent, open_space, open_seeker, maker):
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    proposal = services_proposals.proposal_decide(
        actor=maker, proposal=proposal, side="seeker", accept=False, reason="zu klein"
    )
    assert proposal.status == Proposal.Status.DECLINED and proposal.outcome_reason == "zu klein"
    assert not maker.has_perm("matching.view_contacts", proposal)


def test_one_running_proposal_per_pair(agent, open_space, open_seeker):
    services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    with pytest.raises(ValidationError) as exc:
        services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    assert "läuft bereits" in str(exc.value)
    assert Proposal.objects.count() == 1


def test_database_refuses_contact_before_both_accepted(agent, open_space, open_seeker):
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.CONTACT)


def test_withdrawn_consent_stops_running_proposals(agent, open_space, open_seeker, owner):
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    services.space_consent(actor=owner, space=open_space, given=False, note="Verkauf")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert not selectors.shared_spaces().exists()


def test_only_the_agency_proposes_and_only_consented_spaces(coordinator, agent, town, open_seeker):
    space = services.space_register(
        actor=coordinator, municipality=town, data=space_data(), entered_as="kommune"
    )
    with pytest.raises(PermissionDenied):
        services_proposals.proposal_send(actor=coordinator, space=space, seeker=open_seeker)
    with pytest.raises(ValidationError) as exc:
        services_proposals.proposal_send(actor=agent, space=space, seeker=open_seeker)
    assert "eingewilligt" in str(exc.value)


def test_stale_proposals_get_one_reminder(agent, open_space, open_seeker, django_capture_on_commit_callbacks):
    proposal = services_proposals.proposal_send(actor=agent, space=open_space, seeker=open_seeker)
    Proposal.objects.filter(pk=proposal.pk).update(sent_at=timezone.now() - timedelta(days=15))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services_proposals.proposals_remind() == 1
    assert len(mail.outbox) == 1 and "Erinnerung" in mail.outbox[0].subject
    assert services_proposals.proposals_remind() == 0  # not again the next day


def test_public_counts_suppress_cells_under_five(owner, agent, town):
    for n in range(4):
        space = services.space_register(
            actor=owner,
            municipality=town,
            data=space_data(title=f"Raum {n}"),
            entered_as="eigentuemer",
            owner_consent=True,
            share=True,
        )
        services.space_moderate(actor=agent, space=space, approve=True)
    assert selectors.public_counts() == []  # 4 spaces: suppressed, and no row reveals them
    space = services.space_register(
        actor=owner,
        municipality=town,
        data=space_data(title="Raum 5"),
        entered_as="eigentuemer",
        owner_consent=True,
        share=True,
    )
    services.space_moderate(actor=agent, space=space, approve=True)
    [row] = selectors.public_counts()
    assert (row.kreis_code, row.spaces, row.seekers) == ("13071", 5, None)


def test_money_reads_open_calls_with_remaining_budget(db):
    from leuchtfeuer.funding.tests.factories import CallFactory

    call = CallFactory()
    calls, programmes = selectors.open_money()
    assert [(c.call.pk, c.remaining) for c in calls] == [(call.pk, call.budget)]
    assert programmes == []


def test_moderation_tells_the_person_who_entered_it(owner, agent, town, django_capture_on_commit_callbacks):
    space = services.space_register(
        actor=owner, municipality=town, data=space_data(), entered_as="eigentuemer", owner_consent=True
    )
    with pytest.raises(ValidationError) as exc:
        services.space_moderate(actor=agent, space=space, approve=False, note="")
    assert "Begründung" in str(exc.value)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.space_moderate(actor=agent, space=space, approve=False, note="Adresse fehlt")
    assert mail.outbox[0].to == ["eigentuemerin@example.org"] and "Adresse fehlt" in mail.outbox[0].body


def test_photos_go_through_the_one_upload_check(open_space, owner, user_factory, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
    png = SimpleUploadedFile("laden.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.space_photo_add(actor=owner, space=open_space, upload=png, alt_text=" ")
    assert "Alternativtext" in str(exc.value)
    fake = SimpleUploadedFile("laden.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.space_photo_add(actor=owner, space=open_space, upload=fake, alt_text="Schaufenster")
    assert "keine gültige JPEG-Datei" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.space_photo_add(actor=user_factory(), space=open_space, upload=png, alt_text="Schaufenster")
    photo = services.space_photo_add(
        actor=owner, space=open_space, upload=png, alt_text="Schaufenster zum Markt"
    )
    assert photo.content_type == "image/png" and open_space.photos.count() == 1


def test_public_map_highlights_only_kreise_with_shown_counts(region_factory):
    import json

    from leuchtfeuer.places.models import Region, RegionBoundary

    square = {"type": "Polygon", "coordinates": [[[12, 53], [13, 53], [13, 54], [12, 54], [12, 53]]]}
    # synthetic Kreis keys: other tests of the session may have loaded the real 13071/13072
    for code, name in (("99071", "Mecklenburgische Seenplatte"), ("99072", "Rostock")):
        kreis = region_factory(level=Region.Level.KREIS, ags=code, ars=code, kreis_code=code, name=name)
        RegionBoundary.objects.create(
            region=kreis,
            geometry=json.dumps(square),
            min_lon=12,
            min_lat=53,
            max_lon=13,
            max_lat=54,
            source="test",
        )
    row = selectors.KreisCount("99071", "Mecklenburgische Seenplatte", 6, None, None)
    svg = selectors.public_counts_map([row])
    assert "hervorgehoben: Mecklenburgische Seenplatte" in svg and "Rostock" not in svg
    assert selectors.public_counts_map([]) == ""
