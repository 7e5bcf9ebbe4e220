"""Explicit mapping of our models onto the GeoReport v2 fields (one function per resource)."""

from __future__ import annotations

from django.utils import timezone

from ..constants import OPEN311_STATUS
from ..models import Category, CategoryAttribute, Report, ReportUpdate

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def w3(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": bool(category.attributes.all()),
        "type": "realtime",
        "keywords": category.keywords or None,
        "group": category.group or None,
    }


def attribute(attr: CategoryAttribute) -> dict:
    data = {
        "variable": attr.variable,
        "code": attr.code,
        "datatype": attr.datatype,
        "required": attr.required,
        "datatype_description": attr.datatype_description or None,
        "order": attr.order,
        "description": attr.description,
    }
    if attr.values:
        data["values"] = [{"key": str(v["key"]), "name": str(v["name"])} for v in attr.values]
    return data


def service_definition(category: Category) -> dict:
    return {"service_code": category.code, "attributes": [attribute(a) for a in category.attributes.all()]}


def _media_urls(report: Report, absolute) -> list[str]:
    photos = getattr(report, "public_photos", None)
    if photos is None:
        photos = list(report.photos.filter(is_public=True))
    urls = [absolute(p.image.url) for p in photos]
    if report.media_url:
        urls.append(report.media_url)
    return urls


def service_request_update(update: ReportUpdate) -> dict:
    """One entry of the servicerequestupdates extension (as FixMyStreet and Mark-a-Spot read it)."""
    return {
        "update_id": str(update.pk),
        "service_request_id": str(update.report_id),
        "status": OPEN311_STATUS[update.status],
        "updated_datetime": w3(update.created),
        "description": update.comment or update.get_status_display(),
        "media_url": None,
    }


def service_request(report: Report, *, absolute, extensions: bool = False) -> dict:
    """`absolute` turns a path into an absolute URL (request.build_absolute_uri)."""
    media = _media_urls(report, absolute)
    data = {
        "service_request_id": str(report.pk),
        "status": report.open311_status,
        "status_notes": report.status_notes or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.department.name,
        "service_notice": report.category.service_notice or None,
        "requested_datetime": w3(report.requested),
        "updated_datetime": w3(report.updated),
        "expected_datetime": w3(report.expected),
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": report.lat,
        "long": report.lon,
        "media_url": media[0] if media else None,
    }
    if extensions:
        updates = getattr(report, "public_updates", None)
        if updates is None:
            updates = list(report.updates.filter(is_public=True))
        data["extended_attributes"] = {
            "title": report.category.name,
            "status_descriptive": report.get_status_display(),
            "detailed_status": report.status.upper(),
            "media_urls": media,
            "attributes": dict(report.attributes or {}),
            "status_history": [
                {
                    "status": "closed" if u.status in ("solved", "rejected") else "open",
                    "detailed_status": u.status.upper(),
                    "status_descriptive": u.get_status_display(),
                    "status_notes": u.comment or None,
                    "updated_datetime": w3(u.created),
                }
                for u in updates
            ],
        }
    return data
