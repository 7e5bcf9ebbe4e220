"""Rendered PDFs (portfolio export, gap report) kept in the Django cache, keyed by their content.

WeasyPrint needs more than a second of CPU per PDF, so an anonymous visitor must not be able to start one
per request. The key is a hash of the Markdown the PDF is made from (plus title and language): any change
to the programme data that the PDF shows, made anywhere (back office, admin, shell, import), gives new
Markdown and so a new key, while an unchanged portfolio is rendered once and then served from the cache.
Query variations that select the same projects share one entry. Only a render counts against the rate
limits (per client and for all clients together); cache hits and conditional requests (304) are cheap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

CACHE_PREFIX = "programme:pdf:v1"


@dataclass(frozen=True)
class CachedPdf:
    content: bytes
    etag: str  # quoted, as sent in the ETag header
    rendered_at: float  # POSIX time of the render: the Last-Modified of this representation
    rendered_now: bool


def pdf_version(*, kind: str, title: str, markdown: str) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    source = "\x00".join([kind, language, title, markdown])
    return hashlib.sha256(source.encode()).hexdigest()[:40]


def pdf_lookup(*, kind: str, title: str, markdown: str) -> tuple[str, tuple[float, bytes] | None]:
    """(version, (rendered_at, pdf) or None when it has not been rendered yet)."""
    version = pdf_version(kind=kind, title=title, markdown=markdown)
    return version, cache.get(f"{CACHE_PREFIX}:{version}")


def pdf_get_or_render(
    *, kind: str, title: str, markdown: str, render: Callable[[], bytes], may_render: Callable[[], bool]
) -> CachedPdf | None:
    """The PDF for this Markdown, from the cache or rendered now; None when a render is needed but
    `may_render()` (the rate limits) refuses it."""
    version, hit = pdf_lookup(kind=kind, title=title, markdown=markdown)
    if hit is not None:
        rendered_at, content = hit
        return CachedPdf(content=content, etag=f'"{version}"', rendered_at=rendered_at, rendered_now=False)
    if not may_render():
        return None
    content = render()
    rendered_at = float(int(timezone.now().timestamp()))  # HTTP dates have whole seconds
    cache.set(f"{CACHE_PREFIX}:{version}", (rendered_at, content), timeout=settings.PROGRAMME_PDF_CACHE_SECONDS)
    return CachedPdf(content=content, etag=f'"{version}"', rendered_at=rendered_at, rendered_now=True)
