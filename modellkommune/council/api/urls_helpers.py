"""Canonical OParl URLs. Every object's id is its absolute URL under settings.SITE_URL."""

from functools import lru_cache

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


def object_url(oparl_type: str, pk: int) -> str:
    key = (settings.SITE_URL, get_script_prefix(), oparl_type)
    parts = _OBJECT_PREFIX.get(key)
    if parts is None:
        url = absolute(_template("council:oparl_object", key[1], kind=PATH[oparl_type]))
        before, _, after = url.partition("{pk}")
        parts = _OBJECT_PREFIX[key] = (before, after)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def body_list_url(body_id: int, kind: str) -> str:
    return absolute(_template("council:oparl_body_list", get_script_prefix(), kind=kind).format(pk=int(body_id)))


def file_access_url(pk: int) -> str:
    return absolute(_template("council:oparl_file_access", get_script_prefix()).format(pk=int(pk)))


def file_download_url(pk: int, file_name: str) -> str:
    return absolute(reverse("council:oparl_file_download", kwargs={"pk": pk, "file_name": file_name}))
