"""API tokens: creation, lookup from `Authorization: Bearer …`, and scope checks for writes and for
reading internal datastreams. A token's scope is global (`scope_all`) or lists Thing ids and/or sector codes;
an empty scope allows nothing. The authorization model for shared entities is written down in docs/sensors.md
("Berechtigungen / authorization model"); `footprint.py` finds who uses an entity."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Value
from django.utils import timezone

from .models import ApiToken, Datastream, MultiDatastream
from .models.token import token_hash

MAX_NAMED_USERS = 5  # foreign users listed in a 403 message


def api_token_create(
    *, name: str, things: list[int] = (), sectors: list[str] = (), everything: bool = False
) -> tuple[ApiToken, str]:
    """Returns the token and its clear text (shown once, never stored)."""
    from modellkommune.core.models import Sector

    raw = "sta_" + secrets.token_urlsafe(32)
    known = set(Sector.objects.values_list("code", flat=True))
    unknown = [code for code in sectors if code not in known]
    if unknown:
        raise ValidationError(f"scope: unknown sector(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}.")
    token = ApiToken.objects.create(
        name=name,
        token_hash=token_hash(raw),
        prefix=raw[:8],
        scope_all=everything,
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
    token_touch(token)
    return token


def token_touch(token: ApiToken) -> None:
    """Remember when the token was last used: one write a minute at most."""
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)


def describe_stream(stream) -> str:
    return f"{type(stream).__name__}({stream.pk}) (Thing {stream.thing_id}, sector {stream.sector.code})"


class Guard:
    """Scope checks of one request. `token` None means an anonymous caller."""

    def __init__(self, token: ApiToken | None):
        self.token = token
        self.everything = bool(token and token.scope_all)
        self.things = set(token.scope_things) if token else set()
        self.sectors = set(token.scope_sectors) if token else set()

    @property
    def name(self) -> str:
        return self.token.name if self.token else "-"

    def require_token(self) -> None:
        if self.token is None:
            raise PermissionDenied("Writing needs an API token: send 'Authorization: Bearer TOKEN'.")
        if not (self.everything or self.things or self.sectors):
            raise PermissionDenied(f"The token '{self.token.name}' has an empty scope and may not write anything.")

    # ---- streams and Things ------------------------------------------------------------------
    def stream_allowed(self, stream) -> bool:
        return self.everything or stream.thing_id in self.things or stream.sector.code in self.sectors

    def check_stream(self, stream) -> None:
        self.require_token()
        if not self.stream_allowed(stream):
            raise PermissionDenied(f"The token '{self.token.name}' may not write to {describe_stream(stream)}.")

    def foreign_streams_of_things(self, thing_ids) -> list:
        """The (multi)datastreams of these Things outside a sector token's scope (thing scope aside)."""
        out = []
        for model in (Datastream, MultiDatastream):
            rows = model.objects.filter(thing_id__in=thing_ids).select_related("sector").order_by("id")
            out.extend(stream for stream in rows if not self.stream_allowed(stream))
        return out

    def thing_allowed(self, thing_id: int) -> bool:
        """A Thing is in scope if the token is global or names it, or if the token has a sector scope and every
        (multi)datastream of the Thing lies in it (a Thing without datastreams belongs to no sector yet)."""
        if self.everything or thing_id in self.things:
            return True
        return bool(self.sectors) and not self.foreign_streams_of_things([thing_id])

    def check_thing(self, thing) -> None:
        self.require_token()
        if self.everything or thing.pk in self.things:
            return
        if not self.sectors:
            raise PermissionDenied(f"The token '{self.token.name}' may not change Thing({thing.pk}).")
        foreign = self.foreign_streams_of_things([thing.pk])
        if foreign:
            raise PermissionDenied(
                f"The token '{self.token.name}' may not change or link Thing({thing.pk}): "
                f"it is also used by {self._names([describe_stream(s) for s in foreign])}."
            )

    def check_create_shared(self, label: str) -> None:
        """Creating a new, unused Sensor, ObservedProperty, Location or FeatureOfInterest: any writing token."""
        self.require_token()

    def check_footprint(self, label: str, footprint) -> None:
        """PATCH/PUT/DELETE of an entity: every datastream and Thing that uses it (or that a delete would
        cascade into) must lie in the token's scope; otherwise 403 naming the foreign users."""
        self.require_token()
        if self.everything:
            return
        foreign = [describe_stream(s) for s in footprint.streams if not self.stream_allowed(s)]
        outside = [pk for pk in sorted(footprint.thing_ids) if pk not in self.things]
        if outside:
            foreign += [describe_stream(s) for s in self.foreign_streams_of_things(outside)]
            if not self.sectors:  # a thing:ID token reaches no other Thing, not even one without datastreams
                foreign += [f"Thing({pk})" for pk in outside]
        foreign += [f"{name} (not an STA entity)" for name in footprint.unknown]
        if foreign:
            raise PermissionDenied(
                f"The token '{self.token.name}' may not change or delete {label}: "
                f"it is used outside the token's scope by {self._names(sorted(set(foreign)))}. "
                "Only a token whose scope covers every user may do so."
            )

    @staticmethod
    def _names(names: list[str]) -> str:
        shown = ", ".join(names[:MAX_NAMED_USERS])
        more = len(names) - MAX_NAMED_USERS
        return f"{shown} and {more} more" if more > 0 else shown

    # ---- reading ---------------------------------------------------------------------------------
    def hidden_stream_ids_all(self) -> dict:
        """hidden_stream_ids of Datastream and MultiDatastream in one query ({model: ids})."""
        out: dict = {Datastream: [], MultiDatastream: []}
        if self.everything:
            return out
        fields = ("pk", "thing_id", "sector__code")
        streams = (
            Datastream.objects.filter(internal=True).order_by().annotate(kind=Value(0)).values_list(*fields, "kind")
        )
        multi = MultiDatastream.objects.filter(internal=True).order_by().annotate(kind=Value(1))
        multi = multi.values_list(*fields, "kind")
        for pk, thing_id, sector, kind in streams.union(multi, all=True):
            if thing_id not in self.things and sector not in self.sectors:
                out[MultiDatastream if kind else Datastream].append(pk)
        for ids in out.values():
            ids.sort()
        return out

    def hidden_stream_ids(self, model) -> list[int]:
        """Ids of internal (multi)datastreams this caller may not read."""
        if self.everything:
            return []
        rows = model.objects.filter(internal=True).values_list("pk", "thing_id", "sector__code")
        return [pk for pk, thing_id, sector in rows if thing_id not in self.things and sector not in self.sectors]
