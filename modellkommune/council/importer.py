"""Mirror a foreign OParl 1.0/1.1 server into our council tables (`manage.py oparl_import URL`).

Incremental (modified_since of the last complete run), resumable (the next page of every list is
saved after each page), and careful: only an object that says `deleted: true` is deleted (softly,
like every deletion of council data); errors never delete anything. An object is saved only when
something in it changed, so `modified` in our own API moves only with real changes."""

from __future__ import annotations

import logging
import re
import urllib.parse
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from modellkommune.contrib.oparl.client import OParlClient, as_list

from .constants import OrganizationType
from .files import pdf_extract_text, sha512_hex
from .models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    ImportState,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from .services import paper_refresh_search_text

log = logging.getLogger(__name__)
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
LIST_ORDER = [("organization", "Organization"), ("person", "Person"), ("meeting", "Meeting"), ("paper", "Paper")]


def _dt(value):
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date(value):
    if not isinstance(value, str):
        return None
    return parse_date(value[:10])


def _differs(obj, values: dict) -> bool:
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.is_relation:
            if getattr(obj, field.attname) != (value.pk if value is not None else None):
                return True
        elif getattr(obj, name) != value:
            return True
    return False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _s(value, limit: int) -> str:
    """A string field, without the control characters some vendors' servers emit (escaped or raw)."""
    return _CONTROL.sub("", str(value or ""))[:limit]


class OParlImporter:
    def __init__(
        self,
        *,
        client: OParlClient,
        download_files: bool = True,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        progress: Callable[[str], None] | None = None,
    ):
        self.client = client
        self.download_files = download_files
        self.max_file_bytes = max_file_bytes
        self.progress = progress or (lambda message: None)
        self.counts: dict[str, int] = {}

    # --- entry point ---
    def run(self, system_url: str) -> dict[str, int]:
        system = self.client.get_json(system_url)
        if not system:
            raise ValueError(f"no OParl system at {system_url}")
        body_list_url = system.get("body")
        bodies = []
        for page, _next in self.client.iter_list(body_list_url):
            bodies += [self.import_body(data) for data in page]
        for body, data in bodies:
            for key, oparl_type in LIST_ORDER:
                url = data.get(key)
                if isinstance(url, str):
                    self.import_list(url, oparl_type, body)
        return self.counts

    def import_list(self, list_url: str, oparl_type: str, body: Body) -> None:
        state, _ = ImportState.objects.get_or_create(list_url=list_url)
        if state.next_url:
            start_url = state.next_url  # resume an interrupted run
            self.progress(f"{oparl_type}: setze unterbrochenen Import fort")
        else:
            state.run_started = timezone.now()
            state.objects_seen = 0
            start_url = list_url
            if state.last_completed:
                separator = "&" if "?" in list_url else "?"
                since = urllib.parse.quote(state.last_completed.isoformat(timespec="seconds"))
                start_url = f"{list_url}{separator}modified_since={since}"
            state.save()
        handler = getattr(self, f"import_{oparl_type.lower()}")
        for page, next_url in self.client.iter_list(start_url):
            with transaction.atomic():
                for data in page:
                    if not isinstance(data, dict):
                        log.warning("oparl.vendor_fault.non_object_in_list list=%s", list_url)
                        continue
                    data.setdefault("type", f"https://schema.oparl.org/1.1/{oparl_type}")
                    handler(data, body)
                    self.counts[oparl_type] = self.counts.get(oparl_type, 0) + 1
                state.objects_seen += len(page)
                state.next_url = next_url or ""
                state.save(update_fields=["next_url", "objects_seen"])
            self.progress(f"{oparl_type}: {state.objects_seen} Objekte")
        state.last_completed = state.run_started
        state.next_url = ""
        state.save(update_fields=["last_completed", "next_url"])

    # --- helpers ---
    def _common(self, data: dict) -> dict:
        # `modified` is ours (set on save): our clients must see when *we* changed, not the source.
        common = {"deleted": False, "keyword": [str(k) for k in as_list(data.get("keyword"))]}
        created = _dt(data.get("created"))
        if created is not None:
            common["created"] = created
        return common

    def _tombstone(self, model, data: dict):
        """The source deleted the object: delete ours (softly, with what it embeds); unknown ones need nothing."""
        existing = model.objects.filter(external_id=_s(data.get("id"), 500)).first()
        if existing is not None and not existing.deleted:
            existing.delete()
            self.counts["deleted"] = self.counts.get("deleted", 0) + 1
        return existing

    def _upsert(self, model, data: dict, fields: dict):
        external_id = _s(data.get("id"), 500)
        if not external_id:
            log.warning("oparl.vendor_fault.missing_id type=%s", model.__name__)
            return None
        if data.get("deleted"):
            return self._tombstone(model, data)
        values = {**self._common(data), **fields}
        existing = model.objects.filter(external_id=external_id).first()
        if existing is None:
            return model.objects.create(external_id=external_id, **values)
        if _differs(existing, values):
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
        return existing

    def _ref(self, model, url):
        if not isinstance(url, str) or not url:
            return None
        return model.objects.filter(external_id=url).first()

    def _refs(self, model, urls) -> list:
        wanted = [u for u in as_list(urls) if isinstance(u, str)]
        return list(model.objects.filter(external_id__in=wanted)) if wanted else []

    def _location(self, data) -> Location | None:
        if isinstance(data, str):
            return self._ref(Location, data)
        if not isinstance(data, dict):
            return None
        return self._upsert(
            Location,
            data,
            {
                "description": _s(data.get("description"), 500),
                "street_address": _s(data.get("streetAddress"), 200),
                "room": _s(data.get("room"), 100),
                "postal_code": _s(data.get("postalCode"), 10),
                "sub_locality": _s(data.get("subLocality"), 100),
                "locality": _s(data.get("locality"), 100),
                "geojson": data.get("geojson") if isinstance(data.get("geojson"), dict) else None,
            },
        )

    def _file(self, data) -> File | None:
        if isinstance(data, str):
            return self._ref(File, data)
        if not isinstance(data, dict):
            return None
        access_url = data.get("accessUrl") or data.get("downloadUrl") or ""
        obj = self._upsert(
            File,
            data,
            {
                "name": _s(data.get("name") or data.get("fileName"), 300),
                "file_name": _s(data.get("fileName") or "datei", 255),
                "mime_type": _s(data.get("mimeType") or "application/octet-stream", 100),
                "size": int(data.get("size") or 0),
                "date": _date(data.get("date")),
                "text": str(data.get("text") or ""),
                "external_access_url": _s(access_url, 500),
                "sha512": _s(data.get("sha512Checksum"), 128),
            },
        )
        if obj and self.download_files and access_url and not obj.content and not obj.deleted:
            content = self.client.download(access_url, max_bytes=self.max_file_bytes)
            if content is None:
                log.warning("oparl.file_skipped_too_large_or_missing url=%s", access_url)
            else:
                obj.sha512 = sha512_hex(content)
                obj.size = len(content)
                if not obj.text and obj.mime_type == "application/pdf":
                    obj.text = pdf_extract_text(content)
                obj.content.save(obj.file_name or "datei", ContentFile(content), save=False)
                obj.save()
        return obj

    # --- one method per OParl type ---
    def import_body(self, data: dict) -> tuple[Body, dict]:
        body = self._upsert(
            Body,
            data,
            {
                "name": _s(data.get("name"), 200),
                "short_name": _s(data.get("shortName"), 100),
                "website": _s(data.get("website"), 200),
                "license": _s(data.get("license"), 200),
                "ags": _s(data.get("ags"), 8),
                "rgs": _s(data.get("rgs"), 12),
                "contact_email": _s(data.get("contactEmail"), 254),
                "contact_name": _s(data.get("contactName"), 200),
                "classification": _s(data.get("classification"), 100),
                "location": self._location(data.get("location")),
            },
        )
        for term in as_list(data.get("legislativeTerm")):
            if isinstance(term, dict):
                self._upsert(
                    LegislativeTerm,
                    term,
                    {
                        "body": body,
                        "name": _s(term.get("name"), 200),
                        "start_date": _date(term.get("startDate")),
                        "end_date": _date(term.get("endDate")),
                    },
                )
        return body, data

    def import_organization(self, data: dict, body: Body) -> None:
        org_type = data.get("organizationType") or OrganizationType.SONSTIGES
        self._upsert(
            Organization,
            data,
            {
                "body": body,
                "name": _s(data.get("name") or data.get("shortName") or "?", 200),
                "short_name": _s(data.get("shortName"), 100),
                "organization_type": org_type if org_type in OrganizationType.values else OrganizationType.SONSTIGES,
                "classification": _s(data.get("classification"), 100),
                "post": [str(p) for p in as_list(data.get("post"))],
                "start_date": _date(data.get("startDate")),
                "end_date": _date(data.get("endDate")),
                "website": _s(data.get("website"), 200),
                "location": self._location(data.get("location")),
            },
        )

    def import_person(self, data: dict, body: Body) -> None:
        person = self._upsert(
            Person,
            data,
            {
                "body": body,
                "family_name": _s(data.get("familyName") or data.get("name"), 100),
                "given_name": _s(data.get("givenName"), 100),
                "form_of_address": _s(data.get("formOfAddress"), 50),
                "affix": _s(data.get("affix"), 50),
                "title": [str(t) for t in as_list(data.get("title"))],
                "gender": _s(data.get("gender"), 20),
                "phone": [str(t) for t in as_list(data.get("phone"))],
                "email": [str(t) for t in as_list(data.get("email"))],
                "status": [str(t) for t in as_list(data.get("status"))],
                "life": str(data.get("life") or ""),
            },
        )
        if person is None or person.deleted:
            return
        for membership in as_list(data.get("membership")):
            if not isinstance(membership, dict):
                continue
            organization = self._ref(Organization, membership.get("organization"))
            if organization is None:
                log.warning("oparl.membership_without_known_organization person=%s", data.get("id"))
                continue
            self._upsert(
                Membership,
                membership,
                {
                    "person": person,
                    "organization": organization,
                    "role": _s(membership.get("role"), 100),
                    "voting_right": bool(membership.get("votingRight", True)),
                    "start_date": _date(membership.get("startDate")),
                    "end_date": _date(membership.get("endDate")),
                    "on_behalf_of": self._ref(Organization, membership.get("onBehalfOf")),
                },
            )

    def import_meeting(self, data: dict, body: Body) -> None:
        if data.get("deleted"):  # a tombstone has no `start`; it must not be skipped
            self._tombstone(Meeting, data)
            return
        start = _dt(data.get("start"))
        if start is None:
            log.warning("oparl.meeting_without_start id=%s", data.get("id"))
            return
        meeting = self._upsert(
            Meeting,
            data,
            {
                "name": _s(data.get("name") or "Sitzung", 300),
                "meeting_state": _s(data.get("meetingState") or "terminiert", 30),
                "cancelled": bool(data.get("cancelled", False)),
                "start": start,
                "end": _dt(data.get("end")),
                "location": self._location(data.get("location")),
                "invitation": self._file(data.get("invitation")),
                "results_protocol": self._file(data.get("resultsProtocol")),
                "verbatim_protocol": self._file(data.get("verbatimProtocol")),
            },
        )
        if meeting is None or meeting.deleted:
            return
        meeting.organizations.set(self._refs(Organization, data.get("organization")))
        meeting.participants.set(self._refs(Person, data.get("participant")))
        meeting.auxiliary_files.set([f for f in (self._file(x) for x in as_list(data.get("auxiliaryFile"))) if f])
        for position, item in enumerate(as_list(data.get("agendaItem")), start=1):
            if not isinstance(item, dict):
                continue
            order = item.get("order") if isinstance(item.get("order"), int) else position
            existing = (
                AgendaItem.objects.filter(meeting=meeting, order=order)
                .exclude(external_id=_s(item.get("id"), 500))
                .first()
            )
            if existing:  # the source renumbered its agenda: keep ours unique
                order = (AgendaItem.objects.filter(meeting=meeting).order_by("-order").first().order or 0) + 1
            agenda_item = self._upsert(
                AgendaItem,
                item,
                {
                    "meeting": meeting,
                    "number": _s(item.get("number"), 20),
                    "order": order,
                    "name": _s(item.get("name") or "?", 500),
                    "public": bool(item.get("public", True)),
                    "result": _s(item.get("result"), 100),
                    "resolution_text": str(item.get("resolutionText") or ""),
                    "resolution_file": self._file(item.get("resolutionFile")),
                    "start": _dt(item.get("start")),
                    "end": _dt(item.get("end")),
                },
            )
            if agenda_item is not None:
                agenda_item.auxiliary_files.set(
                    [f for f in (self._file(x) for x in as_list(item.get("auxiliaryFile"))) if f]
                )

    def import_paper(self, data: dict, body: Body) -> None:
        paper = self._upsert(
            Paper,
            data,
            {
                "body": body,
                "name": _s(data.get("name") or "?", 500),
                "reference": _s(data.get("reference"), 50),
                "date": _date(data.get("date")),
                "paper_type": _s(data.get("paperType") or "Sonstiges", 30),
                "main_file": self._file(data.get("mainFile")),
                "public": True,
            },
        )
        if paper is None or paper.deleted:
            return
        paper.auxiliary_files.set([f for f in (self._file(x) for x in as_list(data.get("auxiliaryFile"))) if f])
        paper.locations.set([loc for loc in (self._location(x) for x in as_list(data.get("location"))) if loc])
        paper.originator_persons.set(self._refs(Person, data.get("originatorPerson")))
        paper.originator_organizations.set(self._refs(Organization, data.get("originatorOrganization")))
        # Federführung: as the source says; many servers leave it out, then the administration among
        # the originators is the best answer we have.
        directing = self._refs(Organization, data.get("underDirectionOf")) or [
            o
            for o in self._refs(Organization, data.get("originatorOrganization"))
            if o.organization_type == OrganizationType.VERWALTUNG
        ]
        paper.under_direction_of.set(directing)
        related = self._refs(Paper, data.get("relatedPaper"))
        if related:
            paper.related_papers.add(*related)
        for item in as_list(data.get("consultation")):
            if not isinstance(item, dict):
                continue
            consultation = self._upsert(
                Consultation,
                item,
                {
                    "paper": paper,
                    "meeting": self._ref(Meeting, item.get("meeting")),
                    "agenda_item": self._ref(AgendaItem, item.get("agendaItem")),
                    "authoritative": bool(item.get("authoritative", False)),
                    "role": _s(item.get("role"), 30),
                },
            )
            if consultation is not None:
                consultation.organizations.set(self._refs(Organization, item.get("organization")))
        paper_refresh_search_text(paper=paper)
