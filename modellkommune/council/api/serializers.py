"""OParl 1.1 objects, written out field by field.

Rules from the specification that shape this module:
- `id` is the canonical URL; `type` is https://schema.oparl.org/1.1/<Type>.
- Optional fields without a value are left out, never null.
- Embedded objects (e.g. AgendaItem in Meeting, Consultation in Paper, Membership in Person,
  File in Meeting/Paper/AgendaItem, Location in Body/Meeting/Organization/Paper) omit the
  back-reference to the object that embeds them.
- Deleted objects are reduced to id, type, created, modified and deleted: true. An object that was
  published and then withdrawn (`public` off) is shown the same way (OParl: it stays reachable).
- References to objects a client cannot see (deleted or withdrawn) are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..constants import OPARL_VERSION
from ..models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from .urls_helpers import (
    PATH,
    body_list_url,
    current_timezone,
    file_access_url,
    file_download_url,
    object_url,
    system_url,
)


def datetime_str(value: dt.datetime | str) -> str:
    """ISO 8601 with offset, seconds precision: 2026-11-24T10:00:00+01:00. List pages on PostgreSQL bring
    the timestamp printed this way by the database (printed.py)."""
    if value.__class__ is str:
        return value
    return value.astimezone(current_timezone()).isoformat(timespec="seconds")


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out optional fields without a value (OParl: no null, no empty strings, no empty lists).
    A true value is kept after one test; False, 0 and {} are kept too."""
    return {k: v for k, v in data.items() if v or (v is not None and v != "" and v != [])}


def _common(obj, oparl_type: str) -> dict[str, Any]:
    return {"id": object_url(oparl_type, obj.pk), "type": OPARL_VERSION + oparl_type}


# The `type` of each object: a list page prints tens of thousands of them.
TYPE = {oparl_type: OPARL_VERSION + oparl_type for oparl_type in PATH}


def _finish(data: dict[str, Any], obj, web: str | None = None) -> dict[str, Any]:
    """`_compact(data)` followed by the fields every object ends with: keyword, web, created, modified,
    deleted, each left out without a value as `_compact` leaves it out. One pass and no merged dict (a list
    page finishes hundreds of objects)."""
    result = {k: v for k, v in data.items() if v or (v is not None and v != "" and v != [])}
    keyword = obj.keyword
    if keyword:
        result["keyword"] = list(keyword)
    if web:
        result["web"] = web
    result["created"] = datetime_str(obj.created)
    result["modified"] = datetime_str(obj.modified)
    if obj.deleted:
        result["deleted"] = True
    return result


def _deleted(obj, oparl_type: str) -> dict[str, Any]:
    return {
        **_common(obj, oparl_type),
        "created": datetime_str(obj.created),
        "modified": datetime_str(obj.modified),
        "deleted": True,
    }


def _date(value: dt.date | str | None) -> str | None:
    if value.__class__ is str:  # printed by the database (printed.py)
        return value
    return value.isoformat() if value else None


def _gone(obj) -> bool:
    """Deleted, or withdrawn from the public: a client sees `deleted: true`."""
    return obj.deleted or not obj.public


def _urls(oparl_type: str, objects) -> list[str]:
    return [object_url(oparl_type, o.pk) for o in objects if not _gone(o)]


def _embedded_location(loc: Location | None):
    return location(loc, embedded=True) if loc is not None and not _gone(loc) else None


# omit_internal=true: embedded lists left out of list pages, because each of those objects is in
# its own external list with the back-reference (AgendaItem.meeting, Consultation.paper,
# Membership.person), so a client that syncs all lists gets nothing twice.
OMIT_INTERNAL = {"Meeting": ["agendaItem"], "Paper": ["consultation"], "Person": ["membership"]}


def system(*, body_count_url: str, name: str, contact_email: str, website: str) -> dict[str, Any]:
    from .urls_helpers import absolute

    return _compact(
        {
            "id": system_url(),
            "type": OPARL_VERSION + "System",
            "oparlVersion": OPARL_VERSION,
            "body": body_count_url,
            "name": name,
            "contactEmail": contact_email,
            "website": website,
            "product": "https://github.com/modellkommune/modellkommune",
            "web": absolute("/rat/"),
        }
    )


def location(obj: Location, *, embedded: bool = False) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Location")
    data = {
        "id": object_url("Location", obj.pk),
        "type": TYPE["Location"],
        "description": obj.description,
        "geojson": obj.geojson,
        "streetAddress": obj.street_address,
        "room": obj.room,
        "postalCode": obj.postal_code,
        "subLocality": obj.sub_locality,
        "locality": obj.locality,
    }
    if not embedded:
        data |= {
            "bodies": _urls("Body", obj.bodies.all()),
            "organizations": _urls("Organization", obj.organizations.all()),
            "persons": _urls("Person", obj.persons.all()),
            "meetings": _urls("Meeting", obj.meetings.all()),
            "papers": _urls("Paper", obj.papers.all()),
        }
    return _finish(data, obj)


def file(obj: File, *, embedded: bool = False) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "File")
    data = {
        "id": object_url("File", obj.pk),
        "type": TYPE["File"],
        "name": obj.name,
        "fileName": obj.file_name,
        "mimeType": obj.mime_type,
        "date": _date(obj.date),
        "size": obj.size,
        "sha512Checksum": obj.sha512 or None,
        "text": obj.text,
        "accessUrl": file_access_url(obj.pk),
        "downloadUrl": file_download_url(obj.pk, obj.file_name),
    }
    if not embedded:
        data |= {
            "meeting": _urls("Meeting", obj.meetings_auxiliary.all()),
            "agendaItem": _urls("AgendaItem", obj.agenda_items_auxiliary.all()),
            # The papers it is the main file of, then those it is attached to.
            "paper": list(
                dict.fromkeys([*_urls("Paper", obj.papers_main.all()), *_urls("Paper", obj.papers_auxiliary.all())])
            ),
        }
    return _finish(data, obj)


def legislative_term(obj: LegislativeTerm, *, embedded: bool = False) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "LegislativeTerm")
    data = {
        "id": object_url("LegislativeTerm", obj.pk),
        "type": TYPE["LegislativeTerm"],
        "body": None if embedded else object_url("Body", obj.body_id),
        "name": obj.name,
        "startDate": _date(obj.start_date),
        "endDate": _date(obj.end_date),
    }
    return _finish(data, obj)


def body(obj: Body) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Body")
    data = {
        "id": object_url("Body", obj.pk),
        "type": TYPE["Body"],
        "system": system_url(),
        "shortName": obj.short_name,
        "name": obj.name,
        "website": obj.website,
        "license": obj.license,
        "ags": obj.ags,
        "rgs": obj.rgs,
        "contactEmail": obj.contact_email,
        "contactName": obj.contact_name,
        "classification": obj.classification,
        "organization": body_list_url(obj.pk, "organization"),
        "person": body_list_url(obj.pk, "person"),
        "meeting": body_list_url(obj.pk, "meeting"),
        "paper": body_list_url(obj.pk, "paper"),
        "agendaItem": body_list_url(obj.pk, "agendaitem"),
        "consultation": body_list_url(obj.pk, "consultation"),
        "file": body_list_url(obj.pk, "file"),
        "locationList": body_list_url(obj.pk, "location"),
        "legislativeTermList": body_list_url(obj.pk, "legislativeterm"),
        "membership": body_list_url(obj.pk, "membership"),
        "legislativeTerm": [legislative_term(t, embedded=True) for t in obj.legislative_terms.all() if not _gone(t)],
        "location": _embedded_location(obj.location),
    }
    # legislativeTerm is required even when empty.
    result = _finish(data, obj)
    result.setdefault("legislativeTerm", [])
    return result


def membership(obj: Membership, *, embedded: bool = False) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Membership")
    data = {
        "id": object_url("Membership", obj.pk),
        "type": TYPE["Membership"],
        "person": None if embedded else object_url("Person", obj.person_id),
        "organization": object_url("Organization", obj.organization_id),
        "role": obj.role,
        "votingRight": obj.voting_right,
        "startDate": _date(obj.start_date),
        "endDate": _date(obj.end_date),
        "onBehalfOf": object_url("Organization", obj.on_behalf_of_id) if obj.on_behalf_of_id else None,
    }
    return _finish(data, obj)


def organization(obj: Organization) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Organization")
    from .urls_helpers import absolute

    data = {
        "id": object_url("Organization", obj.pk),
        "type": TYPE["Organization"],
        "body": object_url("Body", obj.body_id),
        "name": obj.name,
        "membership": _urls("Membership", obj.memberships.all()),
        "meeting": body_list_url(obj.body_id, "meeting") + f"?organization={obj.pk}",
        "shortName": obj.short_name,
        "post": list(obj.post or []),
        "subOrganizationOf": object_url("Organization", obj.sub_organization_of_id)
        if obj.sub_organization_of_id
        else None,
        "organizationType": obj.organization_type,
        "classification": obj.classification,
        "startDate": _date(obj.start_date),
        "endDate": _date(obj.end_date),
        "website": obj.website,
        "location": _embedded_location(obj.location),
    }
    return _finish(data, obj, absolute(f"/rat/gremien/{obj.pk}/"))


def person(obj: Person) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Person")
    from .urls_helpers import absolute

    data = {
        "id": object_url("Person", obj.pk),
        "type": TYPE["Person"],
        "body": object_url("Body", obj.body_id),
        "name": obj.name,
        "familyName": obj.family_name,
        "givenName": obj.given_name,
        "formOfAddress": obj.form_of_address,
        "affix": obj.affix,
        "title": list(obj.title or []),
        "gender": obj.gender,
        "phone": list(obj.phone or []),
        "email": list(obj.email or []),
        "location": object_url("Location", obj.location_id) if obj.location_id else None,
        "status": list(obj.status or []),
        "membership": [membership(m, embedded=True) for m in obj.memberships.all() if not _gone(m)],
        "life": obj.life,
    }
    return _finish(data, obj, absolute(f"/rat/personen/{obj.pk}/"))


def agenda_item(obj: AgendaItem, *, embedded: bool = False) -> dict[str, Any]:
    # Standalone, an item is gone with its meeting; embedded, its meeting is visible anyway.
    if _gone(obj) or (not embedded and _gone(obj.meeting)):
        return _deleted(obj, "AgendaItem")
    consultation_obj = next((c for c in obj.consultations.all() if not _gone(c) and not _gone(c.paper)), None)
    data = {
        "id": object_url("AgendaItem", obj.pk),
        "type": TYPE["AgendaItem"],
        "meeting": None if embedded else object_url("Meeting", obj.meeting_id),
        "number": obj.number,
        "order": obj.order,
        "name": obj.name,
        "public": obj.public,
        "consultation": object_url("Consultation", consultation_obj.pk) if consultation_obj else None,
        "result": obj.result,
        "resolutionText": obj.resolution_text,
        "resolutionFile": file(obj.resolution_file, embedded=True) if _visible_file(obj.resolution_file) else None,
        "auxiliaryFile": [file(f, embedded=True) for f in obj.auxiliary_files.all() if _visible_file(f)],
        "start": datetime_str(obj.start) if obj.start else None,
        "end": datetime_str(obj.end) if obj.end else None,
    }
    return _finish(data, obj)


def _visible_file(f: File | None) -> bool:
    return f is not None and f.public and not f.deleted


def meeting(obj: Meeting) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Meeting")
    from .urls_helpers import absolute

    data = {
        "id": object_url("Meeting", obj.pk),
        "type": TYPE["Meeting"],
        "name": obj.name,
        "meetingState": obj.meeting_state,
        "cancelled": obj.cancelled or None,
        "start": datetime_str(obj.start),
        "end": datetime_str(obj.end) if obj.end else None,
        "location": _embedded_location(obj.location),
        "organization": _urls("Organization", obj.organizations.all()),
        "participant": _urls("Person", obj.participants.all()),
        "invitation": file(obj.invitation, embedded=True) if _visible_file(obj.invitation) else None,
        "resultsProtocol": file(obj.results_protocol, embedded=True) if _visible_file(obj.results_protocol) else None,
        "verbatimProtocol": file(obj.verbatim_protocol, embedded=True)
        if _visible_file(obj.verbatim_protocol)
        else None,
        "auxiliaryFile": [file(f, embedded=True) for f in obj.auxiliary_files.all() if _visible_file(f)],
        "agendaItem": [agenda_item(a, embedded=True) for a in obj.agenda_items.all() if not _gone(a)],
    }
    return _finish(data, obj, absolute(f"/rat/sitzungen/{obj.pk}/"))


def consultation(obj: Consultation, *, embedded: bool = False) -> dict[str, Any]:
    # Standalone, a consultation is gone with its paper; embedded, its paper is visible anyway.
    if _gone(obj) or (not embedded and _gone(obj.paper)):
        return _deleted(obj, "Consultation")
    data = {
        "id": object_url("Consultation", obj.pk),
        "type": TYPE["Consultation"],
        "paper": None if embedded else object_url("Paper", obj.paper_id),
        "agendaItem": object_url("AgendaItem", obj.agenda_item_id)
        if obj.agenda_item_id and not _gone(obj.agenda_item)
        else None,
        "meeting": object_url("Meeting", obj.meeting_id) if obj.meeting_id and not _gone(obj.meeting) else None,
        "organization": _urls("Organization", obj.organizations.all()),
        "authoritative": obj.authoritative,
        "role": obj.role,
    }
    return _finish(data, obj)


def paper(obj: Paper) -> dict[str, Any]:
    if _gone(obj):
        return _deleted(obj, "Paper")
    from .urls_helpers import absolute

    data = {
        "id": object_url("Paper", obj.pk),
        "type": TYPE["Paper"],
        "body": object_url("Body", obj.body_id),
        "name": obj.name,
        "reference": obj.reference,
        "date": _date(obj.date),
        "paperType": obj.paper_type,
        "relatedPaper": _urls("Paper", obj.related_papers.all()),
        "superordinatedPaper": _urls("Paper", obj.superordinated_papers.all()),
        "subordinatedPaper": _urls("Paper", obj.subordinated_papers.all()),
        "mainFile": file(obj.main_file, embedded=True) if _visible_file(obj.main_file) else None,
        "auxiliaryFile": [file(f, embedded=True) for f in obj.auxiliary_files.all() if _visible_file(f)],
        "location": [location(loc, embedded=True) for loc in obj.locations.all() if not _gone(loc)],
        "originatorPerson": _urls("Person", obj.originator_persons.all()),
        "underDirectionOf": _urls("Organization", obj.under_direction_of.all()),
        "originatorOrganization": _urls("Organization", obj.originator_organizations.all()),
        "consultation": [consultation(c, embedded=True) for c in obj.consultations.all() if not _gone(c)],
    }
    return _finish(data, obj, absolute(f"/rat/vorlagen/{obj.pk}/"))


# OParl type -> (serializer, is it embedded-only by default?)
SERIALIZERS = {
    "Body": body,
    "LegislativeTerm": legislative_term,
    "Organization": organization,
    "Person": person,
    "Membership": membership,
    "Meeting": meeting,
    "AgendaItem": agenda_item,
    "Paper": paper,
    "Consultation": consultation,
    "File": file,
    "Location": location,
}
