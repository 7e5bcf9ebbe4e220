"""JSON Patch (RFC 6902) for PATCH on one entity (STA 1.1, section 10.3.2), applied by the maintained `jsonpatch`
library - all six operations, including the move and copy that jsonpatch.make_patch() emits.

The patch runs on the entity's properties as the client reads them; what changed is turned into an ordinary
partial update, so Writer.update() checks the result exactly like a JSON merge PATCH (the shared-entity
authorization model in docs/sensors.md: owner scope, the sector a datastream moves to, shared entities)."""

import jsonpatch
from django.core.exceptions import ValidationError

from .options import QueryOptions
from .spec import EntitySpec

MAX_OPERATIONS = 1000
_MISSING = object()


def json_patch_to_update(spec: EntitySpec, obj, operations, ctx) -> dict:
    """The PATCH body (changed top-level properties only) that the JSON Patch `operations` amount to."""
    from .serializers import OBJECT_MAPS, entity_json

    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise ValidationError("JSON Patch: the body must be an array of operation objects (RFC 6902).")
    if len(operations) > MAX_OPERATIONS:
        raise ValidationError(f"JSON Patch: at most {MAX_OPERATIONS} operations.")
    current = {k: v for k, v in entity_json(spec, obj, QueryOptions(), ctx).items() if k in spec.props}
    for name in OBJECT_MAPS & spec.props.keys():  # an unset map reads as {} here, so "add /properties/x" works
        current.setdefault(name, {})
    try:
        patched = jsonpatch.JsonPatch(operations).apply(current, in_place=False)
    except jsonpatch.JsonPatchTestFailed as exc:
        raise ValidationError(f"JSON Patch: a test operation failed ({exc}).") from exc
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as exc:
        raise ValidationError(f"JSON Patch: {exc}") from exc
    except (TypeError, ValueError, KeyError, IndexError) as exc:  # malformed operations the library lets through
        raise ValidationError(f"JSON Patch: cannot apply the operations ({exc}).") from exc
    if not isinstance(patched, dict):
        raise ValidationError(f"JSON Patch: the result must stay a {spec.singular} object.")
    changed = {}
    for key in current.keys() | patched.keys():
        if key not in spec.props:
            raise ValidationError(f"JSON Patch: '/{key}' is not a property of {spec.singular}.")
        before, after = current.get(key, _MISSING), patched.get(key, _MISSING)
        if before == after:
            continue
        if not spec.props[key].writable:
            raise ValidationError(f"JSON Patch: '/{key}' of {spec.singular} is read-only.")
        changed[key] = None if after is _MISSING else after
    return changed
