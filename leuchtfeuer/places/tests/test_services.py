import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from leuchtfeuer.accounts.models import Membership, Role, User
from leuchtfeuer.accounts.services import membership_grant, membership_revoke
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.places.models import Municipality, Ortsteil, Region
from leuchtfeuer.places.services import (
    municipality_register,
    municipality_update_contact,
    ortsteil_create,
    ortsteil_delete,
)


@pytest.fixture
def coordinator(role_user, municipality):
    return role_user(Role.KOORDINATION, municipality)


def test_ortsteil_create_writes_audit_entry(coordinator, municipality):
    ortsteil = ortsteil_create(actor=coordinator, municipality=municipality, name="  Basepohl ")
    assert ortsteil.name == "Basepohl"
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.municipality, entry.action) == (coordinator, municipality, "ortsteil.create")
    assert "Basepohl" in entry.summary


def test_duplicate_ortsteil_gets_german_message_and_changes_nothing(coordinator, municipality):
    ortsteil_create(actor=coordinator, municipality=municipality, name="Nord")
    with pytest.raises(ValidationError) as excinfo:
        ortsteil_create(actor=coordinator, municipality=municipality, name="Nord")
    assert "gibt es in" in excinfo.value.message_dict["name"][0]
    assert Ortsteil.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_empty_ortsteil_name_is_rejected(coordinator, municipality):
    with pytest.raises(ValidationError) as excinfo:
        ortsteil_create(actor=coordinator, municipality=municipality, name="   ")
    assert excinfo.value.message_dict["name"] == ["Bitte geben Sie einen Namen für den Ortsteil an."]


def test_coordinator_cannot_touch_another_municipality(coordinator, other_municipality):
    with pytest.raises(PermissionDenied):
        ortsteil_create(actor=coordinator, municipality=other_municipality, name="Süd")
    assert not Ortsteil.objects.exists()


def test_ortsteil_delete_is_audited(coordinator, municipality):
    ortsteil = ortsteil_create(actor=coordinator, municipality=municipality, name="Ost")
    ortsteil_delete(actor=coordinator, ortsteil=ortsteil)
    assert not Ortsteil.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["ortsteil.delete", "ortsteil.create"]


def test_contact_update_records_old_and_new_value(coordinator, municipality):
    municipality_update_contact(
        actor=coordinator, municipality=municipality, contact_email="Demografie@Example.org", contact_phone=""
    )
    municipality.refresh_from_db()
    assert municipality.contact_email == "demografie@example.org"
    assert AuditEntry.objects.get().changes == {"contact_email": ["", "demografie@example.org"]}


def test_contact_update_rejects_bad_email(coordinator, municipality):
    with pytest.raises(ValidationError):
        municipality_update_contact(
            actor=coordinator, municipality=municipality, contact_email="kein-at", contact_phone=""
        )
    assert not AuditEntry.objects.exists()


def test_coordinator_invites_team_member_by_email(
    coordinator, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_grant(
            actor=coordinator, municipality=municipality, email="Neu@Example.org", role=Role.TEAM
        )
    assert membership.user.email == "neu@example.org"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "Passwort fest" in mail.outbox[0].body
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_invitation_is_sent_only_after_commit(coordinator, municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership_grant(actor=coordinator, municipality=municipality, email="a@example.org", role=Role.TEAM)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_coordinator_cannot_appoint_consultant(coordinator, municipality):
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=coordinator, municipality=municipality, email="b@example.org", role=Role.BERATUNG
        )
    assert not User.objects.filter(email="b@example.org").exists()


def test_granting_same_role_twice_is_a_clear_error(coordinator, municipality):
    membership_grant(actor=coordinator, municipality=municipality, email="c@example.org", role=Role.TEAM)
    with pytest.raises(ValidationError) as excinfo:
        membership_grant(actor=coordinator, municipality=municipality, email="C@example.org", role=Role.TEAM)
    assert "bereits" in excinfo.value.message_dict["email"][0]
    assert Membership.objects.filter(user__email="c@example.org").count() == 1


def test_partner_needs_organisation(coordinator, municipality):
    with pytest.raises(ValidationError) as excinfo:
        membership_grant(
            actor=coordinator, municipality=municipality, email="p@example.org", role=Role.PARTNER
        )
    assert "organisation_name" in excinfo.value.message_dict


def test_office_appoints_consultant_and_revokes(user_factory, municipality):
    office = user_factory(is_programme_office=True)
    membership = membership_grant(
        actor=office, municipality=municipality, email="berater@example.org", role=Role.BERATUNG
    )
    assert membership.user.has_perm("places.view_dashboard", municipality)
    membership_revoke(actor=office, membership=membership)
    fresh = User.objects.get(pk=membership.user.pk)
    assert not fresh.has_perm("places.view_dashboard", municipality)


def test_coordinator_role_is_revoked_only_by_the_office(coordinator, municipality):
    own = Membership.objects.get(user=coordinator)
    with pytest.raises(PermissionDenied):
        membership_revoke(actor=coordinator, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_office_member_cannot_revoke_own_coordinator_role(user_factory, membership_factory, municipality):
    office = user_factory(is_programme_office=True)
    own = membership_factory(user=office, municipality=municipality, role=Role.KOORDINATION)
    with pytest.raises(ValidationError):
        membership_revoke(actor=office, membership=own)


def test_register_municipality_by_ags(user_factory, region_factory):
    office = user_factory(is_programme_office=True)
    region = region_factory(ags="99071092", ars="990715153092", name="Groß Beispiel, Stadt")
    municipality = municipality_register(actor=office, key="99071092")
    assert municipality.region == region
    assert municipality.display_name == "Groß Beispiel"
    assert municipality.slug == "gross-beispiel"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("1307109", "kein gültiger Schlüssel"),
        ("1307109X", "kein gültiger Schlüssel"),
        ("99999999", "keine Gebietseinheit"),
    ],
)
def test_register_municipality_with_wrong_ags(user_factory, key, message):
    office = user_factory(is_programme_office=True)
    with pytest.raises(ValidationError) as excinfo:
        municipality_register(actor=office, key=key)
    assert message in excinfo.value.message_dict["key"][0]
    assert not Municipality.objects.exists()


def test_region_constraint_rejects_gemeinde_without_ags(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Region.objects.create(ars="130715153092", level=Region.Level.GEMEINDE, name="ohne AGS", ags="")
