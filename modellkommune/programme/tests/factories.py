from decimal import Decimal

import factory

from modellkommune.programme.constants import SOURCE_MANUAL, MaturityArea, ProjectStatus
from modellkommune.programme.models import Indicator, Milestone, Project, ProjectKpi


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"projekt-{n}")
    title = factory.Sequence(lambda n: f"Testprojekt {n}")
    goal = "Ein Ziel, das man messen kann."
    status = ProjectStatus.RUNNING
    budget = Decimal("10000")
    egovernment = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    due_date = factory.Faker("date_between", start_date="-1y", end_date="+1y")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectKpi

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kennzahl {n}")
    source = SOURCE_MANUAL


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indikator-{n}")
    area = MaturityArea.VERWALTUNG
    name = factory.Sequence(lambda n: f"Indikator {n}")
    source = SOURCE_MANUAL
