"""Create (with deep insert and links by @iot.id), update (PATCH, PUT) and delete of STA entities
(STA 1.1, section 10). Everything a request writes happens in the caller's transaction: an error anywhere
leaves nothing behind. Observations go through services.observation_create (result types, FOI, ranges)."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone

from modellkommune.core.models import Sector

from .. import services
from ..auth import Guard
from ..constants import GEOJSON_ENCODINGS, ObservationType
from ..footprint import footprint
from ..models import Datastream, HistoricalLocation, Location, MultiDatastream, Observation, Thing
from .spec import SPECS, EntitySpec
from .values import check_geojson, parse_instant

SHARED = {"Sensors", "ObservedProperties", "Locations", "FeaturesOfInterest"}


class NotFound(Exception):
    pass


def _ignored(key: str) -> bool:
    return key in {"@iot.selfLink", "@iot.id"} or "@iot." in key


def back_nav(child: EntitySpec, parent: EntitySpec) -> str | None:
    """The navigation property of `child` that points back to `parent` (Datastream → Thing)."""
    for name, nav in child.navs.items():
        if nav.target == parent.name:
            return name
    return None


def link_data(child: EntitySpec, parent: EntitySpec, parent_pk) -> tuple[str, object] | None:
    name = back_nav(child, parent)
    if name is None:
        return None
    ref = {"@iot.id": parent_pk}
    return name, [ref] if child.navs[name].many else ref


def get_entity(spec: EntitySpec, pk, queryset=None):
    try:
        return (spec.model.objects if queryset is None else queryset).get(pk=int(pk))
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"{spec.singular}({pk}) does not exist.") from exc


class Writer:
    def __init__(self, guard: Guard):
        self.guard = guard
        # Entities the request has loaded already (the parent of POST /Datastreams(1)/Observations), by
        # (entity set, id): a link to one of them needs no second query.
        self.known: dict[tuple[str, object], object] = {}

    # ---- values ------------------------------------------------------------------------------------
    def _fields(self, spec: EntitySpec, data: dict, *, partial: bool) -> dict:
        """Model field values for the writable properties in `data`; unknown keys are refused."""
        for key in data:
            if _ignored(key) or key in spec.navs:
                continue
            if key not in spec.props:
                raise ValidationError(f"{spec.singular}: unknown property '{key}'.")
        fields = {}
        for name, prop in spec.props.items():
            if not prop.writable or prop.kind == "result" or spec.name == "Observations":
                continue
            if name not in data:
                if not partial and prop.required:
                    raise ValidationError(f"{spec.singular}: the property '{name}' is required.")
                if not partial:
                    fields[prop.column] = None if prop.kind in {"json", "geo"} else ""
                continue
            value = data[name]
            if prop.kind == "plain" and not isinstance(value, str):
                raise ValidationError(f"{spec.singular}: '{name}' must be a string.")
            if prop.kind == "time":
                value = parse_instant(value, field=name)
            if name in {"properties", "unitOfMeasurement"} and value is not None and not isinstance(value, dict):
                raise ValidationError(f"{spec.singular}: '{name}' must be a JSON object.")
            if name in {"unitOfMeasurements", "multiObservationDataTypes"} and not isinstance(value, list):
                raise ValidationError(f"{spec.singular}: '{name}' must be a JSON array.")
            fields[prop.column] = value
        geo_entity = spec.name in {"Locations", "FeaturesOfInterest"}
        if geo_entity and "encoding_type" in fields and fields["encoding_type"] not in GEOJSON_ENCODINGS:
            raise ValidationError(
                f"{spec.singular}: encodingType must be application/geo+json (or application/vnd.geo+json)."
            )
        for geo_prop in ("location", "feature", "observed_area"):
            if fields.get(geo_prop) is not None:
                check_geojson(fields[geo_prop], encoding_type="application/geo+json", field=geo_prop)
        kind = fields.get("observation_type")
        bad_kind = kind not in ObservationType.values or kind == ObservationType.COMPLEX_OBSERVATION
        if spec.name == "Datastreams" and kind is not None and bad_kind:
            raise ValidationError(f"Datastream: observationType '{fields['observation_type']}' is not supported.")
        if spec.name == "MultiDatastreams":
            if "observation_type" in fields and fields["observation_type"] != ObservationType.COMPLEX_OBSERVATION:
                raise ValidationError("MultiDatastream: observationType must be OM_ComplexObservation.")
            fields.pop("observation_type", None)
            for kind in fields.get("multi_observation_data_types") or []:
                if kind not in ObservationType.values or kind == ObservationType.COMPLEX_OBSERVATION:
                    raise ValidationError(f"MultiDatastream: multiObservationDataTypes has unknown type '{kind}'.")
        return fields

    def _one(self, spec: EntitySpec, nav_name: str, value):
        """A to-one navigation value: a link (any object with @iot.id) or a new entity (deep insert)."""
        target = SPECS[spec.navs[nav_name].target]
        if not isinstance(value, dict):
            raise ValidationError(f"{spec.singular}: '{nav_name}' must be an object.")
        return self.create(target, value)

    def _many(self, spec: EntitySpec, nav_name: str, value) -> list:
        if not isinstance(value, list):
            raise ValidationError(f"{spec.singular}: '{nav_name}' must be an array.")
        return value

    def _sector(self, data: dict, thing: Thing) -> Sector:
        props = data.get("properties") or {}
        code = props.get("sector") if isinstance(props, dict) else None
        if not code and len(self.guard.sectors) == 1:
            code = next(iter(self.guard.sectors))
        if not code and isinstance(thing.properties, dict):
            code = thing.properties.get("sector")
        code = code or getattr(settings, "STA_DEFAULT_SECTOR", "lebensqualitaet")
        sector = Sector.objects.filter(code=code).first()
        if sector is None:
            known = ", ".join(Sector.objects.values_list("code", flat=True))
            raise ValidationError(f"Datastream: properties/sector '{code}' is not a sector (known: {known}).")
        return sector

    # ---- create ------------------------------------------------------------------------------------
    def create(self, spec: EntitySpec, data):
        if not isinstance(data, dict):
            raise ValidationError(f"{spec.singular}: a JSON object is required.")
        if "@iot.id" in data:  # a link to an existing entity, whatever else the client sent along
            key = data["@iot.id"]
            known = self.known.get((spec.name, key)) if isinstance(key, int | str) else None
            if known is not None:
                return known
            try:
                return get_entity(spec, data["@iot.id"])
            except NotFound as exc:
                raise ValidationError(f"Link: {exc}") from exc
        handler = getattr(self, f"_create_{spec.singular.lower()}", None)
        obj = handler(spec, data) if handler else self._create_simple(spec, data)
        if spec.name != "Observations":  # observation_create publishes its own event
            services.entity_event_publish(entity_set=spec.name, obj=obj)
        return obj

    def _create_simple(self, spec: EntitySpec, data: dict):
        if spec.name in SHARED:
            self.guard.check_create_shared(spec.name)
        fields = self._fields(spec, data, partial=False)
        obj = spec.model.objects.create(**fields)
        self._create_children(spec, obj, data)
        return obj

    def _create_children(self, spec: EntitySpec, obj, data: dict) -> None:
        for nav_name, nav in spec.navs.items():
            if nav_name not in data or not nav.many:
                continue
            target = SPECS[nav.target]
            for item in self._many(spec, nav_name, data[nav_name]):
                if isinstance(item, dict) and "@iot.id" not in item:
                    linked = link_data(target, spec, obj.pk)
                    if linked is None:
                        raise ValidationError(f"{spec.singular}: '{nav_name}' cannot be created here.")
                    item = {**item, linked[0]: linked[1]}
                    self.create(target, item)
                else:
                    self._link(spec, obj, nav_name, self.create(target, item))

    def _link(self, spec: EntitySpec, obj, nav_name: str, other) -> None:
        if spec.name == "Things" and nav_name == "Locations":
            self.guard.check_thing(obj)
            services.location_link_things(location=other, things=[obj])
        elif spec.name == "Locations" and nav_name == "Things":
            self.guard.check_thing(other)
            services.location_link_things(location=obj, things=[other])
        elif spec.name == "HistoricalLocations" and nav_name == "Locations":
            obj.locations.add(other)
        elif spec.name == "MultiDatastreams" and nav_name == "ObservedProperties":
            obj.observed_properties.add(other)
        else:
            raise ValidationError(f"{spec.singular}: existing {nav_name} cannot be linked here; create them instead.")

    def _create_thing(self, spec: EntitySpec, data: dict) -> Thing:
        self.guard.require_token()
        if not (self.guard.sectors or self.guard.everything):
            raise PermissionDenied(
                f"The token '{self.guard.token.name}' has no sector scope and may not create Things."
            )
        thing = Thing.objects.create(**self._fields(spec, data, partial=False))
        self._create_children(spec, thing, data)
        return thing

    def _create_location(self, spec: EntitySpec, data: dict) -> Location:
        fields = self._fields(spec, data, partial=False)
        self.guard.check_create_shared("Locations")  # linked Things are checked one by one in _link
        location = Location.objects.create(**fields)
        self._create_children(spec, location, data)
        return location

    def _create_historicallocation(self, spec: EntitySpec, data: dict) -> HistoricalLocation:
        fields = self._fields(spec, data, partial=False)
        if "Thing" not in data:
            raise ValidationError("HistoricalLocation: 'Thing' is required.")
        thing = self._one(spec, "Thing", data["Thing"])
        self.guard.check_thing(thing)
        hist = HistoricalLocation.objects.create(thing=thing, **fields)
        self._create_children(spec, hist, data)
        return hist

    def _stream_links(self, spec: EntitySpec, data: dict) -> dict:
        links = {}
        for nav_name in ("Thing", "Sensor", "ObservedProperty"):
            if nav_name not in spec.navs:
                continue
            if nav_name not in data:
                raise ValidationError(f"{spec.singular}: '{nav_name}' is required (a link with @iot.id or a new one).")
            links[spec.navs[nav_name].relation] = self._one(spec, nav_name, data[nav_name])
        return links

    def _stream_extra(self, data: dict, thing: Thing) -> dict:
        props = data.get("properties") if isinstance(data.get("properties"), dict) else {}
        internal = props.get("internal", False)
        if not isinstance(internal, bool):
            raise ValidationError("Datastream: properties/internal must be true or false.")
        project = props.get("project", "")
        if not isinstance(project, str) or len(project) > 100:
            raise ValidationError("Datastream: properties/project must be a short text (pilot project slug).")
        return {"sector": self._sector(data, thing), "internal": internal, "project_ref": project}

    def _create_datastream(self, spec: EntitySpec, data: dict) -> Datastream:
        fields = self._fields(spec, data, partial=False)
        links = self._stream_links(spec, data)
        stream = Datastream(**fields, **links, **self._stream_extra(data, links["thing"]))
        self.guard.check_stream(stream)
        self.guard.check_thing(links["thing"])  # never attach a datastream to another scope's Thing
        stream.save()
        self._create_children(spec, stream, data)
        return stream

    def _create_multidatastream(self, spec: EntitySpec, data: dict) -> MultiDatastream:
        fields = self._fields(spec, data, partial=False)
        links = self._stream_links(spec, data)
        stream = MultiDatastream(**fields, **links, **self._stream_extra(data, links["thing"]))
        self.guard.check_stream(stream)
        self.guard.check_thing(links["thing"])
        stream.save()
        properties = [
            self.create(SPECS["ObservedProperties"], item)
            for item in self._many(spec, "ObservedProperties", data.get("ObservedProperties", []))
        ]
        n = len(stream.multi_observation_data_types)
        if not (n == len(stream.unit_of_measurements) == len(properties)) or n == 0:
            raise ValidationError(
                "MultiDatastream: multiObservationDataTypes, unitOfMeasurements and ObservedProperties "
                "must have the same, non-zero length."
            )
        stream.observed_properties.add(*properties)
        data = {k: v for k, v in data.items() if k != "ObservedProperties"}
        self._create_children(spec, stream, data)
        return stream

    def _create_featureofinterest(self, spec: EntitySpec, data: dict):
        self.guard.check_create_shared("FeaturesOfInterest")  # observations below check their stream
        return self._create_simple_unchecked(spec, data)

    def _create_simple_unchecked(self, spec: EntitySpec, data: dict):
        obj = spec.model.objects.create(**self._fields(spec, data, partial=False))
        self._create_children(spec, obj, data)
        return obj

    def _create_sensor(self, spec: EntitySpec, data: dict):
        return self._create_simple(spec, data)

    def _create_observedproperty(self, spec: EntitySpec, data: dict):
        return self._create_simple(spec, data)

    def observation_fields(self, spec: EntitySpec, data: dict) -> dict:
        self._fields(spec, data, partial=True)  # refuses unknown keys
        if "result" not in data:
            raise ValidationError("Observation: the property 'result' is required.")
        return {
            "result": data["result"],
            "phenomenon_time": data.get("phenomenonTime"),
            "result_time": data.get("resultTime"),
            "result_quality": data.get("resultQuality"),
            "valid_time": data.get("validTime"),
            "parameters": data.get("parameters"),
        }

    def _create_observation(self, spec: EntitySpec, data: dict) -> Observation:
        fields = self.observation_fields(spec, data)
        has_ds, has_mds = "Datastream" in data, "MultiDatastream" in data
        if has_ds == has_mds:
            raise ValidationError("Observation: link exactly one Datastream or MultiDatastream.")
        stream = self._one(
            spec, "Datastream" if has_ds else "MultiDatastream", data["Datastream" if has_ds else "MultiDatastream"]
        )
        self.guard.check_stream(stream)
        foi = None
        if data.get("FeatureOfInterest") is not None:
            foi_data = data["FeatureOfInterest"]
            if isinstance(foi_data, dict) and "@iot.id" not in foi_data:
                foi = self._create_simple_unchecked(SPECS["FeaturesOfInterest"], foi_data)
                services.entity_event_publish(entity_set="FeaturesOfInterest", obj=foi)
            else:
                foi = self._one(spec, "FeatureOfInterest", foi_data)
        key = "datastream" if has_ds else "multi_datastream"
        return services.observation_create(**{key: stream}, feature_of_interest=foi, **fields)

    # ---- update ------------------------------------------------------------------------------------
    def update(self, spec: EntitySpec, obj, data, *, partial: bool):
        if not isinstance(data, dict):
            raise ValidationError(f"{spec.singular}: a JSON object is required.")
        self._check_owner(spec, obj)
        if spec.name == "Observations":
            return self._update_observation(obj, data, partial=partial)
        fields = self._fields(spec, data, partial=partial)
        if spec.name in {"Datastreams", "MultiDatastreams"} and isinstance(data.get("properties"), dict):
            extra = self._stream_extra(data, obj.thing)
            fields.update(extra)
        for key, value in fields.items():
            setattr(obj, key, value)
        for nav_name, nav in spec.navs.items():
            if nav_name not in data:
                continue
            self._links_only(spec, nav_name, data[nav_name], many=nav.many)
            if not nav.many:
                linked = self._one(spec, nav_name, data[nav_name])
                if nav.target == "Things":  # moving a datastream (or history) to a Thing: that Thing too
                    self.guard.check_thing(linked)
                setattr(obj, nav.relation, linked)
            elif spec.name == "Things" and nav_name == "Locations":
                locations = [
                    self.create(SPECS["Locations"], item) for item in self._many(spec, nav_name, data[nav_name])
                ]
                obj.locations.clear()
                hist = HistoricalLocation.objects.create(thing=obj, time=timezone.now())
                for location in locations:
                    obj.locations.add(location)
                    hist.locations.add(location)
                services.entity_event_publish(entity_set="HistoricalLocations", obj=hist)
            else:
                raise ValidationError(f"{spec.singular}: '{nav_name}' cannot be changed by an update.")
        if spec.name in {"Datastreams", "MultiDatastreams"}:
            self.guard.check_stream(obj)
        obj.save()
        services.entity_event_publish(entity_set=spec.name, obj=obj, changed=data.keys())
        return obj

    def _links_only(self, spec: EntitySpec, nav_name: str, value, *, many: bool) -> None:
        """An update may bind existing entities but never create them inline (STA 1.1, 10.3.1; OData 4.0 Part 1,
        11.4.3: "The entity MUST NOT contain related entities as inline content")."""
        items = value if many and isinstance(value, list) else [value]
        if not all(isinstance(item, dict) and "@iot.id" in item for item in items):
            raise ValidationError(
                f'{spec.singular}: an update may link existing {nav_name} with {{"@iot.id": …}} but cannot '
                "create them inline; create them first (POST) and link them."
            )

    def _update_observation(self, obj: Observation, data: dict, *, partial: bool) -> Observation:
        merged = (
            {}
            if partial is False
            else {
                "result": obj.result,
                "phenomenonTime": obj.phenomenon_time_start
                if obj.phenomenon_time_end is None
                else f"{obj.phenomenon_time_start.isoformat()}/{obj.phenomenon_time_end.isoformat()}",
                "resultTime": obj.result_time,
                "resultQuality": obj.result_quality,
                "validTime": None
                if obj.valid_time_start is None
                else (
                    obj.valid_time_start
                    if obj.valid_time_end is None
                    else f"{obj.valid_time_start.isoformat()}/{obj.valid_time_end.isoformat()}"
                ),
                "parameters": obj.parameters,
            }
        )
        merged.update({k: v for k, v in data.items() if k in SPECS["Observations"].props})
        self._fields(SPECS["Observations"], data, partial=True)  # unknown keys
        stream = obj.datastream or obj.multi_datastream
        for nav_name in ("FeatureOfInterest", "Datastream", "MultiDatastream"):
            if nav_name in data:
                self._links_only(SPECS["Observations"], nav_name, data[nav_name], many=False)
        if "FeatureOfInterest" in data:
            obj.feature_of_interest = self._one(SPECS["Observations"], "FeatureOfInterest", data["FeatureOfInterest"])
        fields = self.observation_fields(SPECS["Observations"], merged)
        built, _ = services._observation_build(
            stream=stream, row={**fields, "feature_of_interest": obj.feature_of_interest}, default_foi=None
        )
        built.pk = obj.pk
        built.save()
        services.stream_ranges_recompute(stream=stream)
        services.entity_event_publish(entity_set="Observations", obj=built, changed=data.keys())
        return built

    def _check_owner(self, spec: EntitySpec, obj, *, deleting: bool = False) -> None:
        """Datastreams and Observations belong to one stream; Things, HistoricalLocations and the shared
        entities may be changed only if every stream and Thing that uses them (or that a delete would
        cascade into) lies in the token's scope (docs/sensors.md, authorization model)."""
        if spec.name == "Observations":
            self.guard.check_stream(obj.datastream or obj.multi_datastream)
            return
        if spec.name in {"Datastreams", "MultiDatastreams"}:
            self.guard.check_stream(obj)
            if not deleting:
                return
        self.guard.require_token()
        self.guard.check_footprint(f"{spec.singular}({obj.pk})", footprint(obj))

    # ---- delete ------------------------------------------------------------------------------------
    def delete(self, spec: EntitySpec, obj) -> None:
        self._check_owner(spec, obj, deleting=True)
        stream = (obj.datastream or obj.multi_datastream) if spec.name == "Observations" else None
        history = list(obj.historical_locations.all()) if spec.name == "Locations" else []
        pk = obj.pk
        obj.delete()
        obj.pk = pk
        for hist in history:
            # A HistoricalLocation says where a Thing was; without any Location it says nothing (STA 1.1 lets
            # it have 1..* Locations), so it goes with its last Location, as in FROST.
            if not hist.locations.exists():
                hist_pk = hist.pk
                hist.delete()
                hist.pk = hist_pk
                services.entity_event_publish(entity_set="HistoricalLocations", obj=hist, deleted=True)
        if stream is not None:
            services.stream_ranges_recompute(stream=stream)
        services.entity_event_publish(entity_set=spec.name, obj=obj, deleted=True)
