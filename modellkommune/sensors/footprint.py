"""Who an entity's change or delete reaches: the (multi)datastreams and Things that use it, and everything a
delete would cascade into. Django's own deletion Collector lists the cascade, so a new CASCADE in the models
is covered without touching this module; a model it does not know makes the check fail closed.

Observations are not listed row by row: an Observation is deleted only through its (multi)datastream or its
FeatureOfInterest (its only foreign keys), so their owners are the collected streams plus the streams that
have observations of a collected FeatureOfInterest."""

from dataclasses import dataclass, field

from django.db import router
from django.db.models.deletion import Collector

from .models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    MultiDatastream,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

# Entities that carry no owner of their own: their users are found through the relations below.
OWNERLESS = {Sensor, ObservedProperty, Location, FeatureOfInterest, Observation}
# Link tables of many-to-many relations: the column that names the owner, and the owner kind.
LINKS = {
    Thing.locations.through: ("thing_id", "thing"),
    HistoricalLocation.locations.through: ("historicallocation__thing_id", "thing"),
    MultiDatastream.observed_properties.through: ("multidatastream_id", "mds"),
}


@dataclass
class Footprint:
    streams: list = field(default_factory=list)  # Datastream and MultiDatastream instances
    thing_ids: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)  # models the check does not know: fail closed


def footprint(obj) -> Footprint:
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    groups: list[tuple[type, object]] = [(model, list(instances)) for model, instances in collector.data.items()]
    groups += [(qs.model, qs) for qs in collector.fast_deletes]
    ds_ids, mds_ids, foi_ids = set(), set(), set()
    out = Footprint()
    for model, rows in groups:
        pks = [row.pk for row in rows] if isinstance(rows, list) else None
        if model is Datastream:
            ds_ids.update(pks if pks is not None else rows.values_list("pk", flat=True))
        elif model is MultiDatastream:
            mds_ids.update(pks if pks is not None else rows.values_list("pk", flat=True))
        elif model is Thing:
            out.thing_ids.update(pks if pks is not None else rows.values_list("pk", flat=True))
        elif model is HistoricalLocation:
            qs = model.objects.filter(pk__in=pks) if pks is not None else rows
            out.thing_ids.update(qs.values_list("thing_id", flat=True))
        elif model in LINKS:
            column, kind = LINKS[model]
            qs = model.objects.filter(pk__in=pks) if pks is not None else rows
            values = set(qs.values_list(column, flat=True))
            (out.thing_ids if kind == "thing" else mds_ids).update(values)
        elif model is FeatureOfInterest:
            foi_ids.update(pks if pks is not None else rows.values_list("pk", flat=True))
        elif model not in OWNERLESS:
            out.unknown.append(model.__name__)
    if foi_ids:
        ds_ids.update(
            Observation.objects.filter(feature_of_interest_id__in=foi_ids, datastream__isnull=False)
            .values_list("datastream_id", flat=True)
            .distinct()
        )
        mds_ids.update(
            Observation.objects.filter(feature_of_interest_id__in=foi_ids, multi_datastream__isnull=False)
            .values_list("multi_datastream_id", flat=True)
            .distinct()
        )
    # The users of a Sensor/ObservedProperty are its streams: a delete collects them (CASCADE), a PATCH reaches
    # them the same way. Things used by a Location come from the link tables above.
    for model, ids in ((Datastream, ds_ids), (MultiDatastream, mds_ids)):
        if ids:
            out.streams.extend(model.objects.filter(pk__in=ids).select_related("sector").order_by("id"))
    return out
