"""The explicit mapping between SensorThings names and our models: one table per entity set.

Each property says which model field(s) hold it and how it is written out; each navigation property
says which relation it follows and whether it leads to one entity or a collection."""

from dataclasses import dataclass, field

from ..models import (
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


@dataclass(frozen=True)
class Prop:
    column: str  # model field used for $filter/$orderby (the start of an interval)
    kind: str = "plain"  # plain | json | time | interval | geo | result
    end_column: str | None = None  # for intervals
    required: bool = False
    writable: bool = True


@dataclass(frozen=True)
class Nav:
    target: str  # entity set name
    relation: str  # Django relation name on the model
    many: bool


@dataclass(frozen=True)
class EntitySpec:
    name: str  # entity set, e.g. "Things"
    singular: str  # entity type, e.g. "Thing"
    model: type
    props: dict[str, Prop]
    navs: dict[str, Nav] = field(default_factory=dict)

    def nav_by_relation(self, relation: str) -> str | None:
        for key, nav in self.navs.items():
            if nav.relation == relation:
                return key
        return None


NAME = Prop("name", required=True)
DESCRIPTION = Prop("description", required=True)
PROPERTIES = Prop("properties", kind="json")

STREAM_PROPS = {
    "name": NAME,
    "description": DESCRIPTION,
    "observationType": Prop("observation_type", required=True),
    "observedArea": Prop("observed_area", kind="geo", writable=False),
    "phenomenonTime": Prop("phenomenon_time_start", kind="interval", end_column="phenomenon_time_end", writable=False),
    "resultTime": Prop("result_time_start", kind="interval", end_column="result_time_end", writable=False),
    "properties": PROPERTIES,
}

SPECS: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in [
        EntitySpec(
            "Things",
            "Thing",
            Thing,
            {"name": NAME, "description": DESCRIPTION, "properties": PROPERTIES},
            {
                "Locations": Nav("Locations", "locations", True),
                "HistoricalLocations": Nav("HistoricalLocations", "historical_locations", True),
                "Datastreams": Nav("Datastreams", "datastreams", True),
                "MultiDatastreams": Nav("MultiDatastreams", "multi_datastreams", True),
            },
        ),
        EntitySpec(
            "Locations",
            "Location",
            Location,
            {
                "name": NAME,
                "description": DESCRIPTION,
                "encodingType": Prop("encoding_type", required=True),
                "location": Prop("location", kind="geo", required=True),
                "properties": PROPERTIES,
            },
            {
                "Things": Nav("Things", "things", True),
                "HistoricalLocations": Nav("HistoricalLocations", "historical_locations", True),
            },
        ),
        EntitySpec(
            "HistoricalLocations",
            "HistoricalLocation",
            HistoricalLocation,
            {"time": Prop("time", kind="time", required=True)},
            {"Thing": Nav("Things", "thing", False), "Locations": Nav("Locations", "locations", True)},
        ),
        EntitySpec(
            "Sensors",
            "Sensor",
            Sensor,
            {
                "name": NAME,
                "description": DESCRIPTION,
                "encodingType": Prop("encoding_type", required=True),
                "metadata": Prop("metadata", required=True),
                "properties": PROPERTIES,
            },
            {
                "Datastreams": Nav("Datastreams", "datastreams", True),
                "MultiDatastreams": Nav("MultiDatastreams", "multi_datastreams", True),
            },
        ),
        EntitySpec(
            "ObservedProperties",
            "ObservedProperty",
            ObservedProperty,
            {
                "name": NAME,
                "definition": Prop("definition", required=True),
                "description": DESCRIPTION,
                "properties": PROPERTIES,
            },
            {
                "Datastreams": Nav("Datastreams", "datastreams", True),
                "MultiDatastreams": Nav("MultiDatastreams", "multi_datastreams", True),
            },
        ),
        EntitySpec(
            "Datastreams",
            "Datastream",
            Datastream,
            {"unitOfMeasurement": Prop("unit_of_measurement", kind="json", required=True), **STREAM_PROPS},
            {
                "Thing": Nav("Things", "thing", False),
                "Sensor": Nav("Sensors", "sensor", False),
                "ObservedProperty": Nav("ObservedProperties", "observed_property", False),
                "Observations": Nav("Observations", "observations", True),
            },
        ),
        EntitySpec(
            "MultiDatastreams",
            "MultiDatastream",
            MultiDatastream,
            {
                "unitOfMeasurements": Prop("unit_of_measurements", kind="json", required=True),
                "multiObservationDataTypes": Prop("multi_observation_data_types", kind="json", required=True),
                **STREAM_PROPS,
            },
            {
                "Thing": Nav("Things", "thing", False),
                "Sensor": Nav("Sensors", "sensor", False),
                "ObservedProperties": Nav("ObservedProperties", "observed_properties", True),
                "Observations": Nav("Observations", "observations", True),
            },
        ),
        EntitySpec(
            "Observations",
            "Observation",
            Observation,
            {
                "phenomenonTime": Prop("phenomenon_time_start", kind="interval", end_column="phenomenon_time_end"),
                "resultTime": Prop("result_time", kind="time"),
                "result": Prop("result", kind="result", required=True),
                "resultQuality": Prop("result_quality", kind="json"),
                "validTime": Prop("valid_time_start", kind="interval", end_column="valid_time_end"),
                "parameters": Prop("parameters", kind="json"),
            },
            {
                "Datastream": Nav("Datastreams", "datastream", False),
                "MultiDatastream": Nav("MultiDatastreams", "multi_datastream", False),
                "FeatureOfInterest": Nav("FeaturesOfInterest", "feature_of_interest", False),
            },
        ),
        EntitySpec(
            "FeaturesOfInterest",
            "FeatureOfInterest",
            FeatureOfInterest,
            {
                "name": NAME,
                "description": DESCRIPTION,
                "encodingType": Prop("encoding_type", required=True),
                "feature": Prop("feature", kind="geo", required=True),
                "properties": PROPERTIES,
            },
            {"Observations": Nav("Observations", "observations", True)},
        ),
    ]
}

SINGULAR_TO_SET = {spec.singular: spec.name for spec in SPECS.values()}
