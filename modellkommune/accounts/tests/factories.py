import factory
from allauth.account.models import EmailAddress

from modellkommune.accounts.constants import Role
from modellkommune.accounts.models import User
from modellkommune.core.tests.factories import DepartmentFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    role = Role.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", "Geheim-Passwort-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True
    department = factory.SubFactory(DepartmentFactory)


class CouncilMemberFactory(UserFactory):
    role = Role.COUNCIL_MEMBER
