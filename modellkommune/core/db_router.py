"""Reads from a PostgreSQL streaming replica where that is safe, everything else on the primary.

Enabled by DATABASE_REPLICA_URL (alias "replica"). A request may read from the replica only when all hold:
- it is GET/HEAD/OPTIONS,
- it carries no session cookie and no Authorization header (anonymous: nothing personal, nothing that
  must reflect the visitor's own changes; staff, citizens and API token holders always use the primary),
- the client has not written in the last DATABASE_REPLICA_PIN_SECONDS (the pin cookie set after every
  unsafe request: read-your-own-writes for e.g. an anonymous defect report and its confirmation page),
- the path is not one of the account/admin areas.
Inside a transaction on the primary every read uses the primary (select_for_update, read-modify-write);
a read-only view that wants a savepoint opens it on `read_alias()` instead (the SensorThings GETs do). Writes, Celery
tasks, the MQTT listener and management commands never see the replica: the decision lives in a context
variable that only this middleware sets. Replication lag of public pages is bounded by the replica's
apply delay (normally well under a second); a replica outage answers 503 like a primary outage
(core/middleware_db.py) until the operator empties DATABASE_REPLICA_URL.
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "mk_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_ONLY_PREFIXES = ("/admin/", "/konto/", "/mein-bereich/", "/healthz")

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("modellkommune_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and any(r.endswith("PrimaryReplicaRouter") for r in settings.DATABASE_ROUTERS)


def request_may_use_replica(request) -> bool:
    if request.method not in SAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.path.startswith(PRIMARY_ONLY_PREFIXES):
        return False
    try:
        pinned_until = float(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        pinned_until = 0.0
    return pinned_until <= time.time()


def read_alias() -> str:
    """The alias this request reads from: for a read-only block that wants its own savepoint
    (`transaction.atomic(using=read_alias())`) without pinning the request to the primary."""
    return REPLICA if _use_replica.get() and replica_configured() else "default"


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaRoutingMiddleware:
    """Sets the per-request routing decision and pins a client to the primary after it wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        token = _use_replica.set(request_may_use_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
