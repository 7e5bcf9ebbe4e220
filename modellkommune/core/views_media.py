"""Uploaded files at MEDIA_URL, after the owning app's permission check (see core/media.py).

In production nginx serves the bytes: the answer carries `X-Accel-Redirect: /_protected/<name>` and nginx's
internal location aliases MEDIA_ROOT (deploy/nginx/modellkommune.conf). Without nginx
(MEDIA_ACCEL_REDIRECT off) Django streams the file itself, so photos work with DEBUG off as well.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import media

# Types a browser may show inline; everything else is offered as a download (no HTML/SVG from uploads).
ACCEL_PREFIX = "/_protected/"  # nginx: location /_protected/ { internal; alias MEDIA_ROOT/; }
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


def _clean_name(name: str) -> str:
    """The storage name, or Http404 for anything that could leave MEDIA_ROOT."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        raise Http404
    normalised = posixpath.normpath(name)
    if normalised != name or normalised.startswith(("..", "/")) or "/../" in f"/{normalised}/":
        raise Http404
    return normalised


def _file_path(name: str) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return path


@require_safe
def media_serve(request, name: str):
    name = _clean_name(name)
    allowed = media.may_read(user=request.user, name=name)
    if allowed is None:
        raise Http404
    if not allowed:
        return render(request, "core/media_forbidden.html", status=403)
    path = _file_path(name)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = ACCEL_PREFIX + quote(name)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{quote(path.name)}"'
    # Permissions can change (a report is unpublished): browsers may keep a copy briefly, shared caches none.
    response["Cache-Control"] = "private, max-age=300"
    response["Vary"] = "Cookie"
    return response
