"""The dataArray extension (STA 1.1, section 14.3): POST …/CreateObservations with many observations of
one or more datastreams, each group inserted in bulk. All or nothing: any bad row refuses the request."""

from django.core.exceptions import ValidationError

from modellkommune.core.parsing import parse_id

from .. import services
from ..models import FeatureOfInterest
from .resolve import stream_queryset
from .spec import SPECS
from .writes import NotFound, Writer, get_entity

COMPONENTS = {
    "id": None,  # FROST's client may list it; the server assigns ids
    "phenomenonTime": "phenomenon_time",
    "resultTime": "result_time",
    "result": "result",
    "resultQuality": "result_quality",
    "validTime": "valid_time",
    "parameters": "parameters",
    "FeatureOfInterest/id": "feature_of_interest",
}


def create_observations(body, *, writer: Writer, base: str) -> list[str]:
    if not isinstance(body, list):
        raise ValidationError("CreateObservations: the body must be a JSON array of dataArray groups.")
    links: list[str] = []
    for number, group in enumerate(body):
        if not isinstance(group, dict):
            raise ValidationError(f"CreateObservations[{number}]: a JSON object is required.")
        unknown = set(group) - {"Datastream", "MultiDatastream", "components", "dataArray", "dataArray@iot.count"}
        if unknown:
            raise ValidationError(f"CreateObservations[{number}]: unknown key(s) {', '.join(sorted(unknown))}.")
        nav = "Datastream" if "Datastream" in group else "MultiDatastream"
        ref = group.get(nav)
        if not isinstance(ref, dict) or "@iot.id" not in ref:
            raise ValidationError(f'CreateObservations[{number}]: link a Datastream with {{"@iot.id": …}}.')
        try:
            # with its sector and generated FeatureOfInterest (no queries for them per group)
            spec = SPECS[nav + "s"]
            stream = get_entity(spec, ref["@iot.id"], stream_queryset(spec, observations_next=True))
        except NotFound as exc:
            raise ValidationError(f"CreateObservations[{number}]: {exc}") from exc
        writer.guard.check_stream(stream)
        components = group.get("components")
        if not isinstance(components, list) or not components or any(c not in COMPONENTS for c in components):
            raise ValidationError(
                f"CreateObservations[{number}]: components must list some of {', '.join(COMPONENTS)}."
            )
        if "result" not in components:
            raise ValidationError(f"CreateObservations[{number}]: components must include 'result'.")
        rows_in = group.get("dataArray")
        if not isinstance(rows_in, list):
            raise ValidationError(f"CreateObservations[{number}]: dataArray must be an array of arrays.")
        features: dict = {}
        rows = []
        keys = [COMPONENTS[c] for c in components]
        width, plain = len(components), None not in keys  # "id" (None) is left out of the row
        with_foi = "feature_of_interest" in keys
        for index, values in enumerate(rows_in):
            if type(values) is not list or len(values) != width:
                raise ValidationError(
                    f"CreateObservations[{number}].dataArray[{index}]: needs {len(components)} values."
                )
            # the length was checked above
            row = (
                dict(zip(keys, values, strict=True))
                if plain
                else {k: v for k, v in zip(keys, values, strict=True) if k}
            )
            if with_foi and row["feature_of_interest"] is not None:
                foi_id = row["feature_of_interest"]
                if foi_id not in features:
                    foi_pk = parse_id(str(foi_id))  # ASCII digits only: "²".isdigit() is True
                    features[foi_id] = FeatureOfInterest.objects.filter(pk=foi_pk).first() if foi_pk else None
                if features[foi_id] is None:
                    raise ValidationError(
                        f"CreateObservations[{number}].dataArray[{index}]: FeatureOfInterest({foi_id}) does not exist."
                    )
                row["feature_of_interest"] = features[foi_id]
            rows.append(row)
        key = "datastream" if nav == "Datastream" else "multi_datastream"
        try:
            ids = services.observation_bulk_create(**{key: stream}, rows=rows)
        except ValidationError as exc:
            raise ValidationError(f"CreateObservations[{number}].{'; '.join(exc.messages)}") from exc
        links.extend(f"{base}/Observations({pk})" for pk in ids)
    return links
