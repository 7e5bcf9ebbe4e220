"""Real sensors data for the integration test (only imported when the sensors app exists)."""

from django.utils import timezone


def make_datastream_with_observation():
    from modellkommune.sensors.services import observation_create
    from modellkommune.sensors.tests.factories import DatastreamFactory

    datastream = DatastreamFactory(name="CO₂ Klassenraum 1a")
    observation_create(datastream=datastream, result=742.0, phenomenon_time=timezone.now())
    return datastream, 742.0
