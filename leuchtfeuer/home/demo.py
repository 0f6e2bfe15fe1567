"""Demo content for `make run`: real towns from the seeds, demo accounts with known passwords.

Only allowed where settings.DEMO_CONTENT_ALLOWED is True (dev, test) — never in production.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Membership, PartnerOrganisation, Role, User
from leuchtfeuer.places.models import Municipality, Region

DEMO_PASSWORD = "leuchtfeuer-demo"  # noqa: S105 — printed on purpose, demo database only
DEMO_DOMAIN = "demo.leuchtfeuer.example"

# Towns named in the seeds (AGS from the Gemeindeverzeichnis 2024-Q4).
DEMO_TOWNS = [
    ("13071092", "malchin", "Malchin"),
    ("12071372", "spremberg", "Spremberg"),
    ("05970004", "bad-berleburg", "Bad Berleburg"),
    ("14626110", "goerlitz", "Görlitz"),
    ("12062224", "herzberg-elster", "Herzberg (Elster)"),
    ("16066063", "schmalkalden", "Schmalkalden"),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    totp: bool
    superuser: bool = False
    office: bool = False
    matching_agent: bool = False
    roles: tuple[tuple[str, str], ...] = ()  # (municipality slug, role)


DEMO_ACCOUNTS = [
    DemoAccount(f"admin@{DEMO_DOMAIN}", "Plattform-Administration", True, superuser=True),
    DemoAccount(f"geschaeftsstelle@{DEMO_DOMAIN}", "Geschäftsstelle", True, office=True),
    DemoAccount(f"agentur@{DEMO_DOMAIN}", "Matching-Agentur", True, matching_agent=True),
    DemoAccount(
        f"koordination.malchin@{DEMO_DOMAIN}",
        "Koordinatorin Malchin",
        True,
        roles=(("malchin", Role.KOORDINATION),),
    ),
    DemoAccount(f"team.malchin@{DEMO_DOMAIN}", "Team Malchin", True, roles=(("malchin", Role.TEAM),)),
    DemoAccount(
        f"koordination.spremberg@{DEMO_DOMAIN}",
        "Koordinator Spremberg",
        True,
        roles=(("spremberg", Role.KOORDINATION),),
    ),
    DemoAccount(
        f"beratung@{DEMO_DOMAIN}",
        "Beraterin für Malchin und Spremberg",
        True,
        roles=(("malchin", Role.BERATUNG), ("spremberg", Role.BERATUNG)),
    ),
    DemoAccount(
        f"mentoring@{DEMO_DOMAIN}",
        "Mentor aus Bad Berleburg für Malchin",
        True,
        roles=(("bad-berleburg", Role.KOORDINATION), ("malchin", Role.MENTORING)),
    ),
    DemoAccount(
        f"partner.malchin@{DEMO_DOMAIN}",
        "Partnerorganisation in Malchin",
        False,
        roles=(("malchin", Role.PARTNER),),
    ),
    DemoAccount(
        f"lotse.malchin@{DEMO_DOMAIN}",
        "Lotsin für Rückkehrende in Malchin",
        True,
        roles=(("malchin", Role.LOTSE),),
    ),
    DemoAccount(
        f"lotse.bad-berleburg@{DEMO_DOMAIN}",
        "Lotse „Einfach Ankommen“ in Bad Berleburg",
        True,
        roles=(("bad-berleburg", Role.LOTSE),),
    ),
    DemoAccount(f"gutachter@{DEMO_DOMAIN}", "Gutachterin für Förderaufrufe", True),
    DemoAccount(f"buergerin@{DEMO_DOMAIN}", "Bürgerin", False),
]

# Each part's demo content, loaded after the towns and accounts, in this order (later parts may use
# earlier ones' content, e.g. funding uses the Werkstatt process). Each module has
# load(municipalities={slug: Municipality}, users={email: User}) and is idempotent.
DEMO_MODULES = [
    "leuchtfeuer.projections.demo",
    "leuchtfeuer.werkstatt.demo",
    "leuchtfeuer.knowledge.demo",
    "leuchtfeuer.portal.demo",
    "leuchtfeuer.participation.demo",
    "leuchtfeuer.funding.demo",
    "leuchtfeuer.matching.demo",
]
DEMO_PARTNER_ORGANISATION = "Demo-Partnerorganisation (fiktiv)"


def _require_demo_allowed() -> None:
    if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
        raise ImproperlyConfigured("Demo-Inhalte sind in dieser Umgebung (Produktion) nicht erlaubt.")


@transaction.atomic
def demo_load() -> list[tuple[DemoAccount, User]]:
    """Create the demo municipalities and accounts; running it again changes nothing."""
    _require_demo_allowed()
    municipalities = {}
    for ags, slug, name in DEMO_TOWNS:
        region = Region.objects.filter(level=Region.Level.GEMEINDE, ags=ags).first()
        if region is None:
            raise ImproperlyConfigured(
                f"Gemeinde {ags} ({name}) fehlt in den amtlichen Daten – zuerst `leuchtfeuer import-official`."
            )
        municipalities[slug], _ = Municipality.objects.get_or_create(
            region=region, defaults={"slug": slug, "display_name": name}
        )
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        municipality=municipalities["malchin"],
        name=DEMO_PARTNER_ORGANISATION,
        defaults={"kind": PartnerOrganisation.Kind.OTHER},
    )
    result = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                name=account.label,
                is_superuser=account.superuser,
                is_staff=account.superuser,
                is_programme_office=account.office,
                is_matching_agent=account.matching_agent,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if (
            account.totp
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            totp.activate(user, totp.generate_totp_secret())
        for slug, role in account.roles:
            Membership.objects.get_or_create(
                user=user,
                municipality=municipalities[slug],
                role=role,
                defaults={"organisation": organisation if role == Role.PARTNER else None},
            )
        result.append((account, user))
    users = {user.email: user for _account, user in result}
    for module in DEMO_MODULES:
        importlib.import_module(module).load(municipalities=municipalities, users=users)
    return result


def demo_totp_secret(email: str) -> str:
    """The TOTP secret of a demo account (to compute its current one-time code)."""
    _require_demo_allowed()
    if not email.endswith("@" + DEMO_DOMAIN):
        raise ImproperlyConfigured(f"Kein Demo-Konto – Codes gibt es nur für Adressen @{DEMO_DOMAIN}.")
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    secret = totp.secret_of(authenticator.user)
    assert secret is not None
    return secret
