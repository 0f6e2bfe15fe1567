"""Users (e-mail login) and their roles in municipalities."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from leuchtfeuer.accounts.privacy import is_rule_only


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("Eine E-Mail-Adresse ist erforderlich.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Roles in municipalities are Memberships.

    Global roles: platform admin (`is_superuser`) and the programme office (Geschäftsstelle,
    `is_programme_office`). Everyone else with an account is a Bürger:in unless a Membership
    gives them a role in a municipality.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("E-Mail-Adresse", unique=True)
    name = models.CharField("Name", max_length=150, blank=True)
    is_programme_office = models.BooleanField(
        "Geschäftsstelle", default=False, help_text="Mitarbeiter:in der Programm-Geschäftsstelle"
    )
    is_matching_agent = models.BooleanField(
        "Matching-Agentur",
        default=False,
        help_text="Mitarbeiter:in der Matching-Agentur (Zwei-Faktor-Pflicht)",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "Konto"
        verbose_name_plural = "Konten"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Django's check, except for personal-data permissions (accounts.privacy): their rule alone."""
        if is_rule_only(perm):
            return bool(self.is_active and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def get_short_name(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    KOORDINATION = "koordination", "Koordinator:in"
    TEAM = "team", "Team"
    BERATUNG = "beratung", "Berater:in"
    MENTORING = "mentoring", "Mentor:in"
    PARTNER = "partner", "Partner"
    LOTSE = "lotse", "Lots:in"


# Roles whose holders see internal municipal content: they must use two-factor login.
STAFF_ROLES = frozenset({Role.KOORDINATION, Role.TEAM, Role.BERATUNG, Role.MENTORING, Role.LOTSE})


class PartnerOrganisation(models.Model):
    """An employer, housing company or association that posts offers for a municipality."""

    class Kind(models.TextChoices):
        EMPLOYER = "arbeitgeber", "Arbeitgeber:in"
        HOUSING = "wohnungswirtschaft", "Wohnungsunternehmen"
        ASSOCIATION = "verein", "Verein / Initiative"
        OTHER = "sonstige", "Sonstige"

    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name="Kommune",
        on_delete=models.CASCADE,
        related_name="partner_organisations",
    )
    name = models.CharField("Name", max_length=200)
    kind = models.CharField("Art", max_length=30, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = "Partnerorganisation"
        verbose_name_plural = "Partnerorganisationen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="accounts_partnerorg_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one municipality (coordinator, team, consultant, mentor, partner)."""

    user = models.ForeignKey(
        User, verbose_name="Person", on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        "places.Municipality", verbose_name="Kommune", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("Rolle", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name="Partnerorganisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField("seit", auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="eingetragen von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Rolle in einer Kommune"
        verbose_name_plural = "Rollen in Kommunen"
        ordering = ["municipality", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="accounts_membership_unique_role"
            ),
            # A partner account always belongs to a partner organisation, and only partners do.
            models.CheckConstraint(
                condition=(Q(role="partner") & Q(organisation__isnull=False))
                | (~Q(role="partner") & Q(organisation__isnull=True)),
                name="accounts_membership_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} in {self.municipality}"
