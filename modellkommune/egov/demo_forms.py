"""JSON Schemas of the demo online forms (what staff would otherwise type in the back office)."""

from django.conf import settings

PERSON = {
    "vorname": {"type": "string", "title": "Vorname", "maxLength": 100, "x-group": "Antragstellerin / Antragsteller"},
    "nachname": {"type": "string", "title": "Nachname", "maxLength": 100, "x-group": "Antragstellerin / Antragsteller"},
    "anschrift": {
        "type": "string",
        "title": "Straße und Hausnummer in Iserlohn",
        "maxLength": 200,
        "x-group": "Antragstellerin / Antragsteller",
    },
    "telefon": {
        "type": "string",
        "title": "Telefon für Rückfragen",
        "maxLength": 40,
        "pattern": "^[0-9 +()/-]*$",
        "x-formatHint": "Nur Ziffern, Leerzeichen und + ( ) / -, zum Beispiel 02371 217-0.",
        "x-group": "Antragstellerin / Antragsteller",
    },
}
CONFIRM = {
    "richtigkeit": {
        "type": "boolean",
        "title": "Ich versichere, dass meine Angaben richtig und vollständig sind.",
        "const": True,
        "x-group": "Abschluss",
    }
}

PARKAUSWEIS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Anwohnerparkausweis",
    "properties": {
        **PERSON,
        "zone": {
            "type": "string",
            "title": "Bewohnerparkzone",
            "x-group": "Fahrzeug",
            "oneOf": [
                {"const": "A", "title": "Zone A – Altstadt"},
                {"const": "B", "title": "Zone B – Südengraben"},
                {"const": "C", "title": "Zone C – Bahnhof"},
            ],
        },
        "kennzeichen": {
            "type": "string",
            "title": "Kfz-Kennzeichen",
            "maxLength": 12,
            "pattern": "^[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?[0-9]{1,4}[EH]?$",
            "x-formatHint": "Ort, Buchstaben und Zahl in Großbuchstaben, zum Beispiel MK-AB 1234 oder MK LN 77.",
            "x-group": "Fahrzeug",
        },
        "halter": {
            "type": "string",
            "title": "Halterin / Halter des Fahrzeugs",
            "x-group": "Fahrzeug",
            "enum": ["selbst", "andere"],
            "x-enumNames": ["ich selbst", "eine andere Person / Firma"],
        },
        "fahrzeugschein": {
            "type": "string",
            "title": "Fahrzeugschein (Zulassungsbescheinigung Teil I)",
            "x-file": {"accept": ["application/pdf", "image/jpeg", "image/png"]},
            "x-group": "Nachweise",
        },
        "nutzungserlaubnis": {
            "type": "string",
            "title": "Erklärung der Halterin / des Halters zur dauernden Nutzung",
            "x-file": {"accept": ["application/pdf", "image/jpeg", "image/png"]},
            "x-group": "Nachweise",
        },
        **CONFIRM,
    },
    "required": ["vorname", "nachname", "anschrift", "zone", "kennzeichen", "halter", "fahrzeugschein", "richtigkeit"],
    "allOf": [
        {
            "if": {"properties": {"halter": {"const": "andere"}}, "required": ["halter"]},
            "then": {"required": ["nutzungserlaubnis"]},
        }
    ],
}

MELDEBESCHEINIGUNG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Meldebescheinigung",
    "properties": {
        **PERSON,
        "geburtsdatum": {
            "type": "string",
            "format": "date",
            "title": "Geburtsdatum",
            "x-group": "Antragstellerin / Antragsteller",
        },
        "art": {
            "type": "string",
            "title": "Art der Bescheinigung",
            "x-group": "Bescheinigung",
            "enum": ["einfach", "erweitert"],
            "x-enumNames": ["einfache Meldebescheinigung", "erweiterte Meldebescheinigung"],
        },
        "zweck": {
            "type": "string",
            "title": "Zweck der erweiterten Bescheinigung",
            "maxLength": 300,
            "x-widget": "textarea",
            "x-group": "Bescheinigung",
        },
        "anzahl": {
            "type": "integer",
            "title": "Anzahl der Ausfertigungen",
            "minimum": 1,
            "maximum": 5,
            "x-group": "Bescheinigung",
        },
        "zustellung": {
            "type": "array",
            "title": "Zustellung",
            "x-group": "Bescheinigung",
            "items": {"enum": ["post", "postfach"], "x-enumNames": ["per Post", "als PDF ins Postfach"]},
        },
        **CONFIRM,
    },
    "required": ["vorname", "nachname", "anschrift", "geburtsdatum", "art", "anzahl", "richtigkeit"],
    "allOf": [
        {"if": {"properties": {"art": {"const": "erweitert"}}, "required": ["art"]}, "then": {"required": ["zweck"]}}
    ],
}

SONDERNUTZUNG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Sondernutzungserlaubnis",
    "properties": {
        **PERSON,
        "firma": {
            "type": "string",
            "title": "Firma (falls gewerblich)",
            "maxLength": 200,
            "x-group": "Antragstellerin / Antragsteller",
        },
        "art": {
            "type": "string",
            "title": "Art der Nutzung",
            "x-group": "Nutzung",
            "enum": ["container", "geruest", "aussengastronomie", "info_stand"],
            "x-enumNames": ["Container / Mulde", "Gerüst", "Außengastronomie", "Informationsstand"],
        },
        "ort": {"type": "string", "title": "Genauer Ort (Straße, Hausnummer)", "maxLength": 200, "x-group": "Nutzung"},
        "beginn": {"type": "string", "format": "date", "title": "Beginn", "x-group": "Nutzung"},
        "ende": {"type": "string", "format": "date", "title": "Ende", "x-group": "Nutzung"},
        "flaeche": {"type": "number", "title": "Fläche in m²", "minimum": 0.5, "maximum": 500, "x-group": "Nutzung"},
        "beschreibung": {
            "type": "string",
            "title": "Beschreibung",
            "maxLength": 2000,
            "x-widget": "textarea",
            "x-group": "Nutzung",
        },
        "lageplan": {
            "type": "string",
            "title": "Lageplan oder Skizze",
            "x-file": {"accept": ["application/pdf", "image/jpeg", "image/png"]},
            "x-group": "Nutzung",
        },
        **CONFIRM,
    },
    "required": ["vorname", "nachname", "anschrift", "art", "ort", "beginn", "ende", "flaeche", "richtigkeit"],
    "dependentRequired": {"firma": ["telefon"]},
}

GEWERBE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Gewerbeanmeldung",
    "properties": {
        **PERSON,
        "taetigkeit": {
            "type": "string",
            "title": "Angemeldete Tätigkeit",
            "maxLength": 500,
            "x-widget": "textarea",
            "x-group": "Betrieb",
        },
        "betriebsstaette": {
            "type": "string",
            "title": "Anschrift der Betriebsstätte",
            "maxLength": 200,
            "x-group": "Betrieb",
        },
        "beginn": {"type": "string", "format": "date", "title": "Beginn der Tätigkeit", "x-group": "Betrieb"},
        "rechtsform": {
            "type": "string",
            "title": "Rechtsform",
            "x-group": "Betrieb",
            "enum": ["einzel", "gbr", "gmbh", "ug"],
            "x-enumNames": ["Einzelunternehmen", "GbR", "GmbH", "UG (haftungsbeschränkt)"],
        },
        "registernummer": {"type": "string", "title": "Handelsregisternummer", "maxLength": 30, "x-group": "Betrieb"},
        "beschaeftigte": {
            "type": "integer",
            "title": "Zahl der Beschäftigten",
            "minimum": 0,
            "maximum": 10000,
            "x-group": "Betrieb",
        },
        **CONFIRM,
    },
    "required": [
        "vorname",
        "nachname",
        "anschrift",
        "taetigkeit",
        "betriebsstaette",
        "beginn",
        "rechtsform",
        "richtigkeit",
    ],
    "allOf": [
        {
            "if": {"properties": {"rechtsform": {"enum": ["gmbh", "ug"]}}, "required": ["rechtsform"]},
            "then": {"required": ["registernummer"]},
        }
    ],
}


def hundesteuer_schema() -> dict:
    """The dog-tax form comes from the sample FIM schema, the way staff would import it."""
    import json

    from .fim import fim_to_form_schema

    path = settings.BASE_DIR / "testdata" / "fim" / "S00000092_hundesteuer.schema.json"
    return fim_to_form_schema(json.loads(path.read_text(encoding="utf-8")))
