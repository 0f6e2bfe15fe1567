import factory
from allauth.account.models import EmailAddress

from leuchtfeuer.accounts.models import Membership, PartnerOrganisation, Role, User

PASSWORD = "ein-sicheres-passwort-123"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with a verified e-mail address and the password PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Partner {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory("leuchtfeuer.places.tests.factories.MunicipalityFactory")
    role = Role.KOORDINATION
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.PARTNER),
        yes_declaration=factory.SubFactory(
            PartnerOrganisationFactory, municipality=factory.SelfAttribute("..municipality")
        ),
        no_declaration=None,
    )
