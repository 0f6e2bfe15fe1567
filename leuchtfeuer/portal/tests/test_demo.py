"""Demo content: idempotent, everything fictional is marked, no invented statistics; vocabularies."""

from __future__ import annotations

from leuchtfeuer.core.taxonomy import LIFE_PHASES
from leuchtfeuer.places.tests.factories import MunicipalityFactory
from leuchtfeuer.portal import demo
from leuchtfeuer.portal.models import Case, Event, InquiryStat, Offer, Portal, Story, TrialApartment
from leuchtfeuer.portal.vocab import LIFE_PHASE_CHOICES


def test_demo_load_is_idempotent_and_marks_everything_fictional(db):
    towns = {slug: MunicipalityFactory(slug=slug) for slug in ("bad-berleburg", "malchin")}
    demo.load(municipalities=towns, users={})
    counts = [
        Portal.objects.count(),
        Offer.objects.count(),
        Event.objects.count(),
        Story.objects.count(),
        Case.objects.count(),
    ]
    demo.load(municipalities=towns, users={})
    assert counts == [
        Portal.objects.count(),
        Offer.objects.count(),
        Event.objects.count(),
        Story.objects.count(),
        Case.objects.count(),
    ]
    assert Portal.objects.get(municipality=towns["bad-berleburg"]).title == "Einfach Ankommen"
    assert all(o.is_demo and "(Demo)" in o.title for o in Offer.objects.all())
    assert all(a.is_demo for a in TrialApartment.objects.all())
    assert all(e.is_demo for e in Event.objects.all())
    assert all(s.is_fictional and s.is_published for s in Story.objects.all())
    assert all(p.contact_photo and p.contact_photo_alt for p in Portal.objects.all())
    # The fictional demo case must not enter the anonymous statistics.
    assert Case.objects.count() == 1 and not InquiryStat.objects.exists()


def test_life_phase_labels_are_the_shared_taxonomy():
    assert [(k, str(v)) for k, v in LIFE_PHASE_CHOICES] == [(t.key, t.label) for t in LIFE_PHASES]
