import factory

from modellkommune.core.tests.factories import DepartmentFactory

from ..constants import AttributeDatatype, Moderation, ReportStatus, Source
from ..models import Category, CategoryAttribute, Report


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kategorie-{n}")
    name = factory.Sequence(lambda n: f"Kategorie {n}")
    description = "Testkategorie"
    department = factory.SubFactory(DepartmentFactory)
    service_notice = "Übliche Bearbeitungszeit: 14 Tage."
    expected_days = 14


class CategoryAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryAttribute

    category = factory.SubFactory(CategoryFactory)
    code = "groesse"
    description = "Wie groß ist das Schlagloch?"
    datatype = AttributeDatatype.SINGLEVALUELIST
    required = True
    values = factory.LazyFunction(lambda: [{"key": "klein", "name": "klein"}, {"key": "gross", "name": "groß"}])


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    category = factory.SubFactory(CategoryFactory)
    department = factory.LazyAttribute(lambda o: o.category.department)
    description = "Tiefes Loch in der Fahrbahn"
    lat = 51.3759
    lon = 7.6949
    address = "Schillerplatz 7, 58636 Iserlohn"
    email = factory.Sequence(lambda n: f"melder{n}@example.org")
    source = Source.WEB
    status = ReportStatus.RECEIVED
    moderation = Moderation.PUBLISHED
