"""Whether the database answered the last time this process asked: outage start/end logged once each.

Per process, no shared state: each worker notices the outage on its next query and the recovery on the
next query that succeeds. Django closes a broken connection at the end of the request
(close_if_unusable_or_obsolete), so the next request reconnects by itself once the database is back.
"""

from __future__ import annotations

import threading
import time

from django.db import InterfaceError, OperationalError

from .logging import get_logger

log = get_logger(__name__)

# psycopg and sqlite3 errors are wrapped by Django into these two when the server is gone.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)

_lock = threading.Lock()
_state = {"down_since": None, "failures": 0}


def is_outage(exc: BaseException | None) -> bool:
    """True for errors that mean "the database is unreachable", including ones raised while handling one."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def record_failure(exc: BaseException) -> None:
    with _lock:
        _state["failures"] += 1
        first = _state["down_since"] is None
        if first:
            _state["down_since"] = time.monotonic()
    if first:
        log.error("db.outage.start", error=str(exc)[:300], error_type=type(exc).__name__)


def record_success() -> None:
    with _lock:
        down_since = _state["down_since"]
        failures = _state["failures"]
        _state["down_since"] = None
        _state["failures"] = 0
    if down_since is not None:
        log.warning("db.outage.end", seconds=round(time.monotonic() - down_since, 1), failed_requests=failures)


def is_down() -> bool:
    return _state["down_since"] is not None


def failed_requests() -> int:
    return _state["failures"]
