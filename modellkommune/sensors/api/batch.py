"""JSON batch requests (STA 1.1, section 11.2; OData JSON batch format). Requests in one
atomicityGroup share a transaction: if one fails, the whole group is rolled back and every request in it
answers with the error. `$<id>` at the start of a URL refers to an entity created earlier in the batch."""

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
    limit = int(getattr(settings, "STA_BATCH_MAX_REQUESTS", 100))
    if len(requests) > limit:
        return error(400, f"$batch: at most {limit} requests per batch (this one has {len(requests)}).")
    created: dict[str, str] = {}
    responses = []
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
                group_responses = []
                for item in members:
                    result = _one(item, ctx, created)
                    group_responses.append(_response(item, result))
                    if result.status >= 400:
                        raise _Rollback(result)
        except _Rollback as failed:
            for item in members:
                created.pop(str(item.get("id")), None)
            group_responses = [_response(item, failed.result) for item in members]
        responses.extend(group_responses)
    return Result(200, {"responses": responses})


def _one(item, ctx: Ctx, created: dict):
    from .views import TOO_COMPLEX, error, execute, reraise_unavailable

    if not isinstance(item, dict) or "method" not in item or "url" not in item:
        return error(400, "$batch: every request needs 'id', 'method' and 'url'.")
    method = str(item["method"]).upper()
    if method != "GET" and ctx.guard.token is None:
        return error(401, "Writing needs an API token: send 'Authorization: Bearer TOKEN'.")
    try:
        path, params = _path(str(item["url"]), ctx, created)
        result = execute(method, path, params, item.get("body"), ctx=ctx)
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
