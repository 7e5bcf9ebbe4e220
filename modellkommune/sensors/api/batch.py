"""Batch requests (STA 1.1, section 11.2): the OData JSON batch format here, the multipart format in
batch_multipart.py, both executed by execute_requests(). Requests in one
atomicityGroup share a transaction: if one fails, the whole group is rolled back and every request in it
answers with the error. `$<id>` at the start of a URL refers to an entity created earlier in the batch."""

import re
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from .serializers import Ctx
from .writes import NotFound


class _Rollback(Exception):
    def __init__(self, result):
        self.result = result


def _path(url: str, ctx: Ctx, created: dict) -> tuple[str, dict]:
    if url.startswith("$"):
        ref, _, rest = url[1:].partition("/")
        if ref not in created:
            raise ValidationError(f"$batch: '${ref}' does not name an earlier request that created an entity.")
        url = created[ref] + ("/" + rest if rest else "")
    parts = urlsplit(url)
    path = parts.path
    base_path = urlsplit(ctx.base).path
    for prefix in (base_path, base_path.lstrip("/"), "v1.1", "/v1.1"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    return path.strip("/"), dict(parse_qsl(parts.query))


def run_batch(body, *, ctx: Ctx):
    from .views import Result, error

    if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        return error(400, '$batch: the body must be {"requests": [...]}.')
    requests = body["requests"]
    too_many = check_size(requests)
    if too_many is not None:
        return too_many
    return Result(200, {"responses": [_response(item, result) for item, result in execute_requests(requests, ctx=ctx)]})


def check_size(requests: list):
    from .views import error

    limit = int(getattr(settings, "STA_BATCH_MAX_REQUESTS", 100))
    if len(requests) > limit:
        return error(400, f"$batch: at most {limit} requests per batch (this one has {len(requests)}).")
    return None


def execute_requests(requests: list, *, ctx: Ctx) -> list[tuple[object, object]]:
    """Run the requests in order; consecutive requests of one atomicityGroup (a multipart changeset) share a
    transaction and all answer with the first error when one fails. Returns (request, Result) pairs."""
    created: dict[str, str] = {}
    results: list[tuple[object, object]] = []
    index = 0
    while index < len(requests):
        group = requests[index].get("atomicityGroup") if isinstance(requests[index], dict) else None
        members = [requests[index]]
        index += 1
        while (
            group is not None
            and index < len(requests)
            and isinstance(requests[index], dict)
            and (requests[index].get("atomicityGroup") == group)
        ):
            members.append(requests[index])
            index += 1
        try:
            with transaction.atomic():
                group_results = []
                for item in members:
                    result = _one(item, ctx, created)
                    group_results.append((item, result))
                    if result.status >= 400:
                        raise _Rollback(result)
        except _Rollback as failed:
            for item in members:
                created.pop(str(item.get("id")), None)
            group_results = [(item, failed.result) for item in members]
        results.extend(group_results)
    return results


_CREATED_ID = re.compile(r"\((\d+)\)$")


def _bind_created(value, created: dict):
    """{"@iot.id": "$sensor1"} in a body names the entity an earlier request of the batch created (STA 1.1,
    11.2.2 "Referencing new entities in a change set")."""
    if isinstance(value, list):
        return [_bind_created(item, created) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _bind_created(item, created) for key, item in value.items()}
    ref = out.get("@iot.id")
    if isinstance(ref, str) and ref.startswith("$"):
        location = created.get(ref[1:])
        match = _CREATED_ID.search(location or "")
        if match is None:
            raise ValidationError(f"$batch: '{ref}' does not name an earlier request that created an entity.")
        out["@iot.id"] = int(match.group(1))
    return out


def _one(item, ctx: Ctx, created: dict):
    from .views import TOO_COMPLEX, error, execute, reraise_unavailable

    if not isinstance(item, dict) or "method" not in item or "url" not in item:
        return error(400, "$batch: every request needs 'id', 'method' and 'url'.")
    method = str(item["method"]).upper()
    if method != "GET" and ctx.guard.token is None:
        return error(401, "Writing needs an API token: send 'Authorization: Bearer TOKEN'.")
    try:
        path, params = _path(str(item["url"]), ctx, created)
        result = execute(method, path, params, _bind_created(item.get("body"), created), ctx=ctx)
    except NotFound as exc:
        return error(404, str(exc))
    except ValidationError as exc:
        return error(400, "; ".join(exc.messages))
    except PermissionDenied as exc:
        return error(403, str(exc))
    except RecursionError:
        return error(400, TOO_COMPLEX)
    except DatabaseError as exc:
        reraise_unavailable(exc)  # the whole batch answers 503 and stores nothing
        return error(400, "$batch: the request cannot be evaluated or stored.")
    if result.location and item.get("id") is not None:
        created[str(item["id"])] = result.location
    return result


def _response(item, result) -> dict:
    out = {"id": item.get("id") if isinstance(item, dict) else None, "status": result.status}
    if result.location:
        out["headers"] = {"location": result.location}
    if result.body is not None:
        out["body"] = result.body
    elif result.text is not None:
        out["body"] = result.text
    return out
