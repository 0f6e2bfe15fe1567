import factory

from leuchtfeuer.places.models import Municipality, Region


class RegionFactory(factory.django.DjangoModelFactory):
    """A Gemeinde with a synthetic key (tests that need real figures import the official data)."""

    class Meta:
        model = Region

    level = Region.Level.GEMEINDE
    ags = factory.Sequence(lambda n: f"99{n:06d}")
    ars = factory.LazyAttribute(lambda o: f"{o.ags[:5]}0000{o.ags[5:]}")
    name = factory.Sequence(lambda n: f"Teststadt {n}, Stadt")
    land_code = factory.LazyAttribute(lambda o: o.ags[:2])
    kreis_code = factory.LazyAttribute(lambda o: o.ags[:5])
    population = 7000


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"teststadt-{n}")
    display_name = factory.Sequence(lambda n: f"Teststadt {n}")
