"""Demo buddies: fictional, marked, idempotent; one proposed pairing on the demo case."""

from __future__ import annotations

from leuchtfeuer.places.tests.factories import MunicipalityFactory
from leuchtfeuer.portal import demo
from leuchtfeuer.portal.belonging.models import Buddy, BuddyPairing, PairingStat


def test_demo_buddies_are_marked_and_loading_twice_adds_nothing(db):
    towns = {slug: MunicipalityFactory(slug=slug) for slug in ("bad-berleburg", "malchin")}
    demo.load(municipalities=towns, users={})
    demo.load(municipalities=towns, users={})
    buddies = list(Buddy.objects.all())
    assert len(buddies) == 3
    assert all("(Demo)" in b.name and b.email.endswith("@demo.leuchtfeuer.example") for b in buddies)
    assert all(b.status == "aktiv" and b.consent.confirmed_at for b in buddies)
    assert {getattr(b.ortsteil, "name", None) for b in buddies} == {"Raumland", "Kernstadt", "Arfeld"}
    pairing = BuddyPairing.objects.get()
    assert pairing.status == "vorgeschlagen" and not pairing.contact_shared
    assert pairing.case.inquiry.name == "Fiktive Person (Demo)"
    assert not PairingStat.objects.exists()  # demo content never enters the statistics
