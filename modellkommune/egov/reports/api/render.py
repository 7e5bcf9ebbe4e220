"""JSON and XML output of the Open311 API; both carry the same content.

XML follows the element names of the GeoReport v2 examples: a root element per resource
and one child element per list item (explicit table below, no guessing)."""

import json
import re
from xml.etree import ElementTree as ET

from django.http import HttpResponse

# Characters XML 1.0 forbids; stripped so every response stays well-formed whatever was stored.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# list key → element name of one item in XML
XML_ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "media_urls": "media_url",
    "status_history": "update",
    "keywords": "keyword",
    "service_request_updates": "request_update",
}


def _xml_fill(parent: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_fill(ET.SubElement(parent, key), item)
    elif isinstance(value, list):
        tag = XML_ITEM.get(parent.tag, "item")
        for item in value:
            _xml_fill(ET.SubElement(parent, tag), item)
    elif value is None:
        return
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    else:
        parent.text = _XML_INVALID.sub("", str(value))


def xml_bytes(root: str, value) -> bytes:
    element = ET.Element(root)
    _xml_fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, *, root: str, value, status: int = 200) -> HttpResponse:
    """`root` names the XML root (the list key for lists, e.g. "services"); JSON is the bare value."""
    if fmt == "xml":
        return HttpResponse(xml_bytes(root, value), content_type="text/xml; charset=utf-8", status=status)
    return HttpResponse(
        json.dumps(value, ensure_ascii=False), content_type="application/json; charset=utf-8", status=status
    )


def error(fmt: str, code: int, description: str) -> HttpResponse:
    """The GeoReport v2 error format: a list of {code, description}."""
    return respond(fmt, root="errors", value=[{"code": code, "description": description}], status=code)
