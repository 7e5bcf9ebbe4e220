"""Multipart batch requests (STA 1.1, section 11.2; OData 4.0 Part 1, 11.7): a multipart/mixed body whose parts
are single requests (application/http) or change sets (a nested multipart/mixed whose requests succeed or fail
together). MIME is parsed by the standard library's email package; the requests run through the same
execute_requests() as the JSON batch format, so `$<Content-ID>` works in URLs and in `{"@iot.id": "$…"}`."""

import json
import uuid
from email import policy
from email.parser import BytesParser
from http import HTTPStatus

from django.core.exceptions import ValidationError

from .batch import check_size, execute_requests
from .serializers import Ctx

CRLF = "\r\n"


def parse_multipart(content_type: str, body: bytes) -> list[dict]:
    """The batch as JSON-batch request dicts: id (Content-ID), method, url, body, atomicityGroup (change set)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not message.is_multipart() or not message.get_boundary():
        raise ValidationError(
            "$batch: a multipart/mixed body needs a boundary (Content-Type: multipart/mixed; boundary=…)."
        )
    requests: list[dict] = []
    for number, part in enumerate(message.iter_parts()):
        kind = part.get_content_type()
        if kind == "multipart/mixed":
            group = part.get_boundary() or f"changeset-{number}"
            for sub in part.iter_parts():
                request = _http_request(sub, group=group)
                if request["method"] == "GET":
                    raise ValidationError("$batch: a change set may hold only POST, PATCH, PUT and DELETE requests.")
                requests.append(request)
        elif kind == "application/http":
            requests.append(_http_request(part, group=None))
        else:
            raise ValidationError(f"$batch: part {number + 1} is {kind}; parts are application/http or change sets.")
    return requests


def _http_request(part, *, group: str | None) -> dict:
    if part.get_content_type() != "application/http":
        raise ValidationError("$batch: every request of a change set is an application/http part.")
    raw = part.get_payload(decode=True) or b""
    raw = raw.replace(b"\r\n", b"\n").lstrip(b"\n")
    head, _, content = raw.partition(b"\n\n")
    lines = head.decode("utf-8", "replace").split("\n")
    words = lines[0].split()
    if len(words) < 2 or words[0].upper() not in {"GET", "POST", "PATCH", "PUT", "DELETE"}:
        raise ValidationError(
            f"$batch: cannot read the request line '{lines[0][:100]}' (e.g. 'GET Things(1) HTTP/1.1')."
        )
    content = content.strip()
    try:
        body = json.loads(content) if content else None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f"$batch: the body of '{lines[0][:100]}' is not valid JSON: {exc}") from exc
    request = {"id": part.get("Content-ID"), "method": words[0].upper(), "url": words[1], "body": body}
    if group is not None:
        request["atomicityGroup"] = group
    return request


def _http_response(result) -> str:
    reason = HTTPStatus(result.status).phrase if result.status in HTTPStatus._value2member_map_ else ""
    lines = [f"HTTP/1.1 {result.status} {reason}".rstrip()]
    if result.location:
        lines.append(f"Location: {result.location}")
    payload = ""
    if result.body is not None:
        lines.append("Content-Type: application/json; charset=utf-8")
        payload = json.dumps(result.body, ensure_ascii=False)
    elif result.text is not None:
        lines.append("Content-Type: text/plain; charset=utf-8")
        payload = result.text
    return CRLF.join(lines) + CRLF + CRLF + payload + CRLF


def _part(result, content_id=None) -> str:
    headers = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id is not None:
        headers.append(f"Content-ID: {content_id}")
    return CRLF.join(headers) + CRLF + CRLF + _http_response(result)


def render(pairs: list[tuple[dict, object]], boundary: str) -> str:
    """The multipart/mixed response: one part per request, one nested multipart per successful change set; a
    failed change set answers with its single error (OData 4.0 Part 1, 11.7.4)."""
    chunks: list[str] = []
    index = 0
    while index < len(pairs):
        item, result = pairs[index]
        group = item.get("atomicityGroup")
        if group is None:
            chunks.append(f"--{boundary}{CRLF}{_part(result, item.get('id'))}")
            index += 1
            continue
        members = [pairs[index]]
        index += 1
        while index < len(pairs) and pairs[index][0].get("atomicityGroup") == group:
            members.append(pairs[index])
            index += 1
        if any(result.status >= 400 for _, result in members):
            chunks.append(f"--{boundary}{CRLF}{_part(members[0][1])}")
            continue
        inner = f"changesetresponse_{uuid.uuid4()}"
        body = "".join(f"--{inner}{CRLF}{_part(result, member.get('id'))}" for member, result in members)
        chunks.append(
            f"--{boundary}{CRLF}Content-Type: multipart/mixed; boundary={inner}{CRLF}{CRLF}{body}--{inner}--{CRLF}"
        )
    return "".join(chunks) + f"--{boundary}--{CRLF}"


def run_multipart_batch(content_type: str, body: bytes, *, ctx: Ctx):
    """(status, content, content type) of a multipart batch; errors in the envelope itself are STA errors."""
    from .views import error

    try:
        requests = parse_multipart(content_type, body)
    except ValidationError as exc:
        return error(400, "; ".join(exc.messages)), None
    too_many = check_size(requests)
    if too_many is not None:
        return too_many, None
    boundary = f"batchresponse_{uuid.uuid4()}"
    return render(execute_requests(requests, ctx=ctx), boundary), boundary
