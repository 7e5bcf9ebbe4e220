import factory

from modellkommune.core.tests.factories import DepartmentFactory
from modellkommune.egov.models import LifeSituation, Service

SIMPLE_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Name", "maxLength": 50},
        "art": {"type": "string", "title": "Art", "enum": ["a", "b"], "x-enumNames": ["Art A", "Art B"]},
        "grund": {"type": "string", "title": "Begründung", "maxLength": 200},
        "anzahl": {"type": "integer", "title": "Anzahl", "minimum": 1, "maximum": 3},
        "nachweis": {
            "type": "string",
            "title": "Nachweis",
            "x-file": {"accept": ["application/pdf"], "maxBytes": 2000},
        },
    },
    "required": ["name", "art"],
    "allOf": [{"if": {"properties": {"art": {"const": "b"}}, "required": ["art"]}, "then": {"required": ["grund"]}}],
}


class LifeSituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeSituation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Lebenslage {n}")
    slug = factory.Sequence(lambda n: f"lebenslage-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leistung {n}")
    slug = factory.Sequence(lambda n: f"leistung-{n}")
    leika_key = "99000000000000"
    summary = "Eine Beispielleistung."
    department = factory.SubFactory(DepartmentFactory)
    online = True
    form_schema = factory.LazyFunction(lambda: dict(SIMPLE_SCHEMA))
    processing_days = 5
