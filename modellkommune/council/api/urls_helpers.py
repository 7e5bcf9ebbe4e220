"""Canonical OParl URLs. Every object's id is its absolute URL under settings.SITE_URL."""

from django.conf import settings
from django.urls import reverse

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


def object_url(oparl_type: str, pk: int) -> str:
    return absolute(reverse("council:oparl_object", kwargs={"kind": PATH[oparl_type], "pk": pk}))


def body_list_url(body_id: int, kind: str) -> str:
    return absolute(reverse("council:oparl_body_list", kwargs={"pk": body_id, "kind": kind}))


def file_access_url(pk: int) -> str:
    return absolute(reverse("council:oparl_file_access", kwargs={"pk": pk}))


def file_download_url(pk: int, file_name: str) -> str:
    return absolute(reverse("council:oparl_file_download", kwargs={"pk": pk, "file_name": file_name}))
