import factory

from modellkommune.core.models import Sector
from modellkommune.sensors.models import (
    Datastream,
    Location,
    ObservedProperty,
    Sensor,
    Thing,
)


def sector(code: str = "verkehr") -> Sector:
    return Sector.objects.get_or_create(code=code, defaults={"name": code.title()})[0]


class ThingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thing

    name = factory.Sequence(lambda n: f"Zählstelle {n}")
    description = "Verkehrszählung"
    properties = factory.LazyFunction(dict)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Standort {n}")
    description = "Iserlohn"
    encoding_type = "application/geo+json"
    location = factory.LazyFunction(lambda: {"type": "Point", "coordinates": [7.6949, 51.3759]})


class SensorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sensor

    name = "Induktionsschleife"
    description = "Zählt Fahrzeuge"
    encoding_type = "application/pdf"
    metadata = "https://example.org/datenblatt.pdf"


class ObservedPropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservedProperty

    name = "Fahrzeuge"
    definition = "https://example.org/fahrzeuge"
    description = "Anzahl Fahrzeuge"


class DatastreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Datastream
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fahrzeuge {n}")
    description = "Fahrzeuge je Stunde"
    unit_of_measurement = factory.LazyFunction(
        lambda: {"name": "Anzahl", "symbol": "1", "definition": "http://qudt.org/vocab/unit/NUM"}
    )
    observation_type = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
    thing = factory.SubFactory(ThingFactory)
    sensor = factory.SubFactory(SensorFactory)
    observed_property = factory.SubFactory(ObservedPropertyFactory)
    sector = factory.LazyFunction(sector)

    @factory.post_generation
    def located(obj, create, extracted, **kwargs):
        if create and extracted is not False and not obj.thing.locations.exists():
            obj.thing.locations.add(LocationFactory())
