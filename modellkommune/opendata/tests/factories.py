import factory

from modellkommune.opendata.constants import (
    GEOCODING_LEVEL_MUNICIPALITY,
    GEOCODING_MUNICIPALITY_BASE,
    FileType,
    Frequency,
    Licence,
    Theme,
)
from modellkommune.opendata.models import Dataset, Distribution


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset

    slug = factory.Sequence(lambda n: f"datensatz-{n}")
    title = factory.Sequence(lambda n: f"Datensatz {n}")
    description = "Ein Testdatensatz."
    publisher_name = "Stadt Iserlohn"
    publisher_url = "https://www.iserlohn.example"
    contact_name = "Open-Data-Stelle"
    contact_email = "opendata@iserlohn.example"
    licence = Licence.DL_BY_DE_2
    themes = factory.LazyFunction(lambda: [Theme.GOVE])
    keywords = factory.LazyFunction(lambda: ["Test"])
    political_geocoding_uri = GEOCODING_MUNICIPALITY_BASE + "05962024"
    political_geocoding_level_uri = GEOCODING_LEVEL_MUNICIPALITY
    accrual_periodicity = Frequency.IRREG


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    dataset = factory.SubFactory(DatasetFactory)
    title = "Daten (CSV)"
    format = FileType.CSV
    media_type = "text/csv"
    access_url = "https://daten.iserlohn.example/test.csv"
    download_url = "https://daten.iserlohn.example/test.csv"
