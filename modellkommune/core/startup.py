"""What a server process does once it has loaded the app, before its first request.

`settle()` loads what the first request would otherwise load (the URLconf, and through it every view module),
then moves every object made so far into the cyclic garbage collector's permanent generation (`gc.freeze`).

Why: the app's own objects (modules, classes, functions, settings, URL patterns: about 160,000 tracked
objects) live as long as the process, yet every full collection walked all of them, about 100 ms on the
machines of docs/performance.md. A request that allocates many objects (a 5,000-row dataArray parses
5,000 lists and builds as many tuples) set off such a collection every few requests, which made it about a
third slower on average. Frozen objects are never walked; the collector still finds cycles among everything
made later. The Python documentation recommends the same before forking workers (copy-on-write pages
stay shared).

Called by modellkommune/wsgi.py and asgi.py (gunicorn and runserver import them in each worker process);
tests and management commands do not freeze."""

from __future__ import annotations

import gc


def settle() -> int:
    """Load the URLconf, collect what is garbage now, freeze the rest. Returns how many objects are frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every urls and views module now, not in a request
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
