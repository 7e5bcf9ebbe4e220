import factory

from modellkommune.core.models import Department, Sector


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Fachbereich {n}")
    short_name = factory.Sequence(lambda n: f"FB{n}")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = "energie"
    name = "Energie"
