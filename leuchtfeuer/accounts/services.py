"""Writes on accounts and roles. Every function authorises, validates, writes and audits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse

from leuchtfeuer.accounts.models import Membership, PartnerOrganisation, Role, User
from leuchtfeuer.accounts.roles import forget_roles
from leuchtfeuer.core.audit import audit_record

if TYPE_CHECKING:  # annotations only: allauth.mfa is imported where it is used
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

# Roles a coordinator may hand out herself; the others need the programme office.
TEAM_ROLES = frozenset({Role.TEAM, Role.PARTNER, Role.LOTSE})


def _permission_for_role(role: str) -> str:
    return "accounts.manage_team" if role in TEAM_ROLES else "accounts.appoint_staff"


def _send_invitation(*, membership_id: int, base_url: str) -> None:
    membership = Membership.objects.select_related("user", "municipality").get(pk=membership_id)
    user, municipality = membership.user, membership.municipality
    role_label = Role(membership.role).label
    if user.has_usable_password():
        link = base_url + reverse("account_login")
        action = f"Melden Sie sich mit Ihrem bestehenden Konto an: {link}"
    else:
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
        )
        action = f"Legen Sie hier Ihr Passwort fest: {base_url}{path}"
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Einladung: {role_label} in {municipality}",
        message=(
            f"Guten Tag,\n\nSie wurden bei Leuchtfeuer als {role_label} für {municipality} eingetragen.\n"
            f"{action}\n\nFalls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def membership_grant(
    *,
    actor: User,
    municipality: Any,  # places.Municipality (accounts imports no part)
    email: str,
    role: str,
    name: str = "",
    organisation_name: str = "",
    base_url: str = "http://127.0.0.1:8000",
) -> Membership:
    """Give a person (existing or invited by e-mail) a role in a municipality."""
    if role not in Role.values:
        raise ValidationError({"role": "Bitte wählen Sie eine gültige Rolle."})
    if not actor.has_perm(_permission_for_role(role), municipality):
        raise PermissionDenied("Sie dürfen diese Rolle in dieser Kommune nicht vergeben.")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": "Bitte geben Sie eine gültige E-Mail-Adresse an."}) from exc
    organisation = None
    if role == Role.PARTNER:
        if not organisation_name.strip():
            raise ValidationError({"organisation_name": "Für Partner ist der Name der Organisation nötig."})
        organisation, _ = PartnerOrganisation.objects.get_or_create(
            municipality=municipality, name=organisation_name.strip()
        )
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name.strip())
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, municipality=municipality, role=role, organisation=organisation, created_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"email": f"{email} hat die Rolle „{Role(role).label}“ in {municipality} bereits."}
        ) from exc
    forget_roles(user)
    audit_record(
        actor=actor,
        action="membership.grant",
        target=membership,
        municipality=municipality,
        summary=f"{email} als {Role(role).label} eingetragen",
        changes={"email": email, "role": role},
    )
    transaction.on_commit(lambda: _send_invitation(membership_id=membership.pk, base_url=base_url))
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership) -> None:
    if not actor.has_perm(_permission_for_role(membership.role), membership.municipality):
        raise PermissionDenied("Sie dürfen diese Rolle in dieser Kommune nicht entziehen.")
    if membership.user_id == actor.pk and membership.role == Role.KOORDINATION:
        raise ValidationError("Sie können sich die Koordinationsrolle nicht selbst entziehen.")
    audit_record(
        actor=actor,
        action="membership.revoke",
        target=membership,
        municipality=membership.municipality,
        summary=f"{membership.user.email}: Rolle {membership.get_role_display()} entzogen",
        changes={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()
    forget_roles(membership.user)


def record_second_factor_on_setup(
    *, request: HttpRequest | None, user: User, authenticator: Authenticator, **_kwargs: Any
) -> None:
    """After a TOTP device is set up in this session, the session counts as two-factor verified.

    Receiver of allauth's `authenticator_added` signal (allauth offers no other hook). Without it a
    staff member who just set up TOTP would be sent to log in again at once.
    """
    from allauth.mfa.models import Authenticator

    from leuchtfeuer.accounts.middleware import mark_second_factor

    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    if getattr(request, "user", None) is None or request.user.pk != user.pk:
        return
    mark_second_factor(request, user)
