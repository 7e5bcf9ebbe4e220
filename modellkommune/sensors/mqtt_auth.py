"""Who may publish observations over MQTT: the same API tokens as for HTTP writes.

A device sends its token as MQTT username or password (the other field may hold anything). Only the broker
sees those fields, so the broker asks the platform: the two endpoints below speak the HTTP-auth protocol of
mosquitto-go-auth (``http`` backend, ``response_mode status``), EMQX and VerneMQ webhooks: 200 = allowed,
403 = denied. A subscriber (our listener) never learns who published, so when the broker does not check
tokens, each message must carry the token itself as MQTT 5 user property ``authorization: Bearer <token>``.
See docs/sensors.md, "MQTT".
"""

from __future__ import annotations

import json
import re

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import ApiToken, Datastream, MultiDatastream
from .models.token import token_hash

STREAM_TOPIC = re.compile(r"^v1\.1/(Datastreams|MultiDatastreams)\((\d+)\)/Observations$")
# MQTT access flags as sent by mosquitto-go-auth: 1 read, 2 write, 4 subscribe.
ACC_WRITE = 2


def token_lookup(raw: str | None) -> ApiToken | None:
    """The active token for a raw value (with or without "Bearer "), else None."""
    if not raw:
        return None
    raw = raw.strip()
    if raw.lower().startswith("bearer "):
        raw = raw[7:].strip()
    if not raw or len(raw) > 200:
        return None
    return ApiToken.objects.filter(token_hash=token_hash(raw), active=True).first()


def token_may_write(token: ApiToken, stream: Datastream | MultiDatastream) -> bool:
    """A token writes the streams of the Things and sectors in its scope (the same rule as over HTTP)."""
    from .auth import Guard

    return Guard(token).stream_allowed(stream)


def stream_for_topic(topic: str) -> Datastream | MultiDatastream | None:
    match = STREAM_TOPIC.match(topic or "")
    if not match:
        return None
    model = Datastream if match.group(1) == "Datastreams" else MultiDatastream
    return model.objects.select_related("sector").filter(pk=int(match.group(2))).first()


def _body(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _token_from(data: dict) -> ApiToken | None:
    return token_lookup(str(data.get("password") or "")) or token_lookup(str(data.get("username") or ""))


@csrf_exempt
@require_POST
def broker_user(request):
    """Broker hook: may this client connect? Anonymous read-only clients are the broker's own decision."""
    token = _token_from(_body(request))
    if token is None:
        return HttpResponse(status=403)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def broker_superuser(request):
    """Broker hook: no MQTT client is a superuser."""
    return HttpResponse(status=403)


@csrf_exempt
@require_POST
def broker_acl(request):
    """Broker hook: reading STA topics is public; publishing needs a token whose scope covers the stream."""
    data = _body(request)
    try:
        access = int(data.get("acc") or 0)
    except (TypeError, ValueError):
        return HttpResponse(status=400)
    topic = str(data.get("topic") or "")
    if not topic.startswith("v1.1/"):
        return HttpResponse(status=403)
    if not access & ACC_WRITE:
        return HttpResponse("ok")
    token = _token_from(data)
    stream = stream_for_topic(topic)
    if token is None or stream is None or not token_may_write(token, stream):
        return HttpResponse(status=403)
    return HttpResponse("ok")
