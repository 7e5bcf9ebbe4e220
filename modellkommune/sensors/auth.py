"""API tokens: creation, lookup from `Authorization: Bearer …`, and scope checks for writes and for
reading internal datastreams. A token's scope lists Thing ids and/or sector codes; an empty scope allows nothing."""

import secrets

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import ApiToken
from .models.token import token_hash


def api_token_create(*, name: str, things: list[int] = (), sectors: list[str] = ()) -> tuple[ApiToken, str]:
    """Returns the token and its clear text (shown once, never stored)."""
    from modellkommune.core.models import Sector

    raw = "sta_" + secrets.token_urlsafe(32)
    known = set(Sector.objects.values_list("code", flat=True))
    unknown = [code for code in sectors if code not in known]
    if unknown:
        from django.core.exceptions import ValidationError

        raise ValidationError(f"scope: unknown sector(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}.")
    token = ApiToken.objects.create(
        name=name,
        token_hash=token_hash(raw),
        prefix=raw[:8],
        scope_things=sorted({int(t) for t in things}),
        scope_sectors=sorted(set(sectors)),
    )
    broker_client_sync(token=token, raw=raw)
    return token, raw


def broker_client_sync(*, token: ApiToken, raw: str | None = None) -> None:
    """MQTT hook: the token's client and roles in Mosquitto's dynamic security (no-op without it, see dynsec.py)."""
    from .dynsec import token_client_remove, token_client_sync

    if token.active:
        token_client_sync(token=token, raw=raw)
    else:
        token_client_remove(token=token)


def api_token_rotate(*, token: ApiToken) -> str:
    """A new secret for the same token (name, scope, broker client): the old one stops working at once."""
    raw = "sta_" + secrets.token_urlsafe(32)
    token.token_hash = token_hash(raw)
    token.prefix = raw[:8]
    token.save(update_fields=["token_hash", "prefix"])
    broker_client_sync(token=token, raw=raw)
    return raw


def api_token_revoke(*, token: ApiToken) -> None:
    """Deactivate the token; its broker client is deleted (and a connected device disconnected)."""
    token.active = False
    token.save(update_fields=["active"])
    broker_client_sync(token=token)


def token_from_request(request) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    token = ApiToken.objects.filter(token_hash=token_hash(raw.strip()), active=True).first()
    if token is None:
        raise PermissionDenied("The API token is unknown or no longer active.")
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:  # one write a minute at most
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token


class Guard:
    """Scope checks of one request. `token` None means an anonymous caller."""

    def __init__(self, token: ApiToken | None):
        self.token = token
        self.things = set(token.scope_things) if token else set()
        self.sectors = set(token.scope_sectors) if token else set()

    def require_token(self) -> None:
        if self.token is None:
            raise PermissionDenied("Writing needs an API token: send 'Authorization: Bearer TOKEN'.")

    def stream_allowed(self, stream) -> bool:
        return stream.thing_id in self.things or stream.sector.code in self.sectors

    def check_stream(self, stream) -> None:
        self.require_token()
        if not self.stream_allowed(stream):
            raise PermissionDenied(
                f"The token '{self.token.name}' may not write to {type(stream).__name__}({stream.pk}) "
                f"(Thing {stream.thing_id}, sector {stream.sector.code})."
            )

    def check_thing(self, thing) -> None:
        self.require_token()
        if thing.pk in self.things:
            return
        if self.sectors and (
            thing.datastreams.filter(sector__code__in=self.sectors).exists()
            or thing.multi_datastreams.filter(sector__code__in=self.sectors).exists()
            or not (thing.datastreams.exists() or thing.multi_datastreams.exists())
        ):
            return
        raise PermissionDenied(f"The token '{self.token.name}' may not change Thing({thing.pk}).")

    def check_shared(self, label: str) -> None:
        """Sensors, ObservedProperties, Locations, FeaturesOfInterest are shared: any sector token may write."""
        self.require_token()
        if not self.sectors and not self.things:
            raise PermissionDenied(f"The token '{self.token.name}' has an empty scope and may not write {label}.")

    def hidden_stream_ids(self, model) -> list[int]:
        """Ids of internal (multi)datastreams this caller may not read."""
        rows = model.objects.filter(internal=True).values_list("pk", "thing_id", "sector__code")
        return [pk for pk, thing_id, sector in rows if thing_id not in self.things and sector not in self.sectors]
