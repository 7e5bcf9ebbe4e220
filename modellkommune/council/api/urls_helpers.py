"""Canonical OParl URLs. Every object's id is its absolute URL under settings.SITE_URL."""

import threading
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse

# OParl type name -> URL path segment of the object and list endpoints.
PATH = {
    "Body": "body",
    "LegislativeTerm": "legislativeterm",
    "Organization": "organization",
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agendaitem",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
    "Location": "location",
}


# A list page asks for the script prefix and the time zone thousands of times; each asks asgiref's
# Local (~10 µs). `pinned()` reads both once for the page, and with them the URL parts of every object
# type and of the file URLs, so that a URL costs one dict lookup; outside it, nothing changes.
_pinned = threading.local()


@contextmanager
def pinned():
    from django.utils import timezone

    _pinned.prefix, _pinned.tz = get_script_prefix(), timezone.get_current_timezone()
    _pinned.objects = {oparl_type: _object_parts(oparl_type) for oparl_type in PATH}
    _pinned.files = (_file_parts("council:oparl_file_access"), _download_parts())
    try:
        yield
    finally:
        _pinned.prefix = _pinned.tz = _pinned.objects = _pinned.files = None


def script_prefix() -> str:
    return getattr(_pinned, "prefix", None) or get_script_prefix()


def current_timezone():
    from django.utils import timezone

    return getattr(_pinned, "tz", None) or timezone.get_current_timezone()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def system_url() -> str:
    return absolute(reverse("council:oparl_system"))


# A page of 100 papers needs over a thousand URLs; reverse() costs tens of microseconds each. So each
# route is reversed once (per script prefix) with a marker id, and ids are filled in by formatting.
_MARK = 987654321


@lru_cache(maxsize=256)
def _template(name: str, script_prefix: str, **fixed: str) -> str:
    return reverse(name, kwargs={**fixed, "pk": _MARK}).replace(str(_MARK), "{pk}")


# (SITE_URL, script prefix, type) -> the object URL before and after the id: the hot path of every
# list page is then one dict lookup and a concatenation.
_OBJECT_PREFIX: dict[tuple[str, str, str], tuple[str, str]] = {}


def _object_parts(oparl_type: str) -> tuple[str, str]:
    key = (settings.SITE_URL, script_prefix(), oparl_type)
    parts = _OBJECT_PREFIX.get(key)
    if parts is None:
        url = absolute(_template("council:oparl_object", key[1], kind=PATH[oparl_type]))
        before, _, after = url.partition("{pk}")
        parts = _OBJECT_PREFIX[key] = (before, after)
    return parts


def object_url(oparl_type: str, pk: int) -> str:
    objects = getattr(_pinned, "objects", None)
    parts = objects[oparl_type] if objects else _object_parts(oparl_type)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def body_list_url(body_id: int, kind: str) -> str:
    return absolute(_template("council:oparl_body_list", script_prefix(), kind=kind).format(pk=int(body_id)))


# (SITE_URL, script prefix, route) -> the URL around the id (and the file name): built once.
_FILE_PARTS: dict[tuple[str, str, str], tuple[str, ...]] = {}


def _file_parts(name: str, **fixed: str) -> tuple[str, ...]:
    key = (settings.SITE_URL, script_prefix(), name)
    parts = _FILE_PARTS.get(key)
    if parts is None:
        before, _, rest = absolute(_template(name, key[1], **fixed)).partition("{pk}")
        parts = _FILE_PARTS[key] = (before, *rest.partition("FILENAME")[::2])
    return parts


def _download_parts() -> tuple[str, ...]:
    return _file_parts("council:oparl_file_download", file_name="FILENAME")


def file_access_url(pk: int) -> str:
    files = getattr(_pinned, "files", None)
    before, after, _ = files[0] if files else _file_parts("council:oparl_file_access")
    return f"{before}{int(pk)}{after}"


# reverse() quotes the path with these safe characters (django.urls.resolvers); quote() leaves these and
# ASCII letters, digits and "_.-~" alone, so a name of only those is its own quoted form.
_SAFE = "!$&'()*+,;=/~:@"
_UNQUOTED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~" + _SAFE


def file_download_url(pk: int, file_name: str) -> str:
    if not file_name or "/" in file_name:  # not a <str:file_name>: reverse() decides (NoReverseMatch)
        return absolute(reverse("council:oparl_file_download", kwargs={"pk": pk, "file_name": file_name}))
    files = getattr(_pinned, "files", None)
    before, middle, after = files[1] if files else _download_parts()
    quoted = file_name if not file_name.strip(_UNQUOTED) else quote(file_name, safe=_SAFE)
    return f"{before}{int(pk)}{middle}{quoted}{after}"
