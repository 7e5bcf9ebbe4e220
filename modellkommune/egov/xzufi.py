"""Export of the service catalogue in a form that follows XZuFi 2.2 where feasible.

Full XZuFi needs the state's Redaktionssystem ids and code lists we do not hold. We write the core of
a `leistung` element with XZuFi's element names (one explicit mapping, see docs/egov.md) in our own
namespace, so nobody mistakes it for a schema-valid XZuFi transfer message."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.conf import settings

NS = "urn:modellkommune:xzufi-light:1"
XZUFI_VERSION = "2.2.0"


def service_record(service) -> dict:
    """One service as a dict; keys are XZuFi element names."""
    return {
        "id": service.slug,
        "referenzLeiKa": service.leika_key,
        "bezeichnung": service.name,
        "kurztext": service.summary,
        "volltext": service.description,
        "zustaendigeStelle": service.department.name,
        "kosten": {"betrag": str(service.fee), "waehrung": "EUR", "beschreibung": service.fee_note},
        "bearbeitungsdauer": {"wert": service.processing_days, "einheit": "Arbeitstage"},
        "dokumentanforderungen": service.required_documents_list,
        "rechtsgrundlage": service.legal_basis,
        "lebenslagen": [ls.name for ls in service.life_situations.all()],
        "onlinedienst": {
            "verfuegbar": service.can_apply_online,
            "link": settings.SITE_URL + service.get_absolute_url() if service.can_apply_online else "",
            "vertrauensniveau": service.assurance_level,
        },
        "sprache": "de",
    }


def catalogue_json(services) -> dict:
    return {
        "xzufiVersion": XZUFI_VERSION,
        "herausgeber": settings.SITE_URL,
        "leistungen": [service_record(s) for s in services],
    }


def _add(parent: ET.Element, tag: str, text) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text not in (None, ""):
        el.text = str(text).lower() if isinstance(text, bool) else str(text)
    return el


def catalogue_xml(services) -> bytes:
    ET.register_namespace("xzl", NS)
    root = ET.Element(f"{{{NS}}}leistungen", {"xzufiVersion": XZUFI_VERSION})
    for service in services:
        rec = service_record(service)
        el = _add(root, "leistung", None)
        for tag in ("id", "referenzLeiKa", "bezeichnung", "kurztext", "volltext", "zustaendigeStelle"):
            _add(el, tag, rec[tag])
        kosten = _add(el, "kosten", None)
        for tag, value in rec["kosten"].items():
            _add(kosten, tag, value)
        dauer = _add(el, "bearbeitungsdauer", None)
        _add(dauer, "wert", rec["bearbeitungsdauer"]["wert"])
        _add(dauer, "einheit", rec["bearbeitungsdauer"]["einheit"])
        docs = _add(el, "dokumentanforderungen", None)
        for doc in rec["dokumentanforderungen"]:
            _add(docs, "dokument", doc)
        _add(el, "rechtsgrundlage", rec["rechtsgrundlage"])
        situations = _add(el, "lebenslagen", None)
        for name in rec["lebenslagen"]:
            _add(situations, "lebenslage", name)
        online = _add(el, "onlinedienst", None)
        for tag, value in rec["onlinedienst"].items():
            _add(online, tag, value)
        _add(el, "sprache", "de")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
