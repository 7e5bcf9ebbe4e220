"""Save-time validation of DCAT-AP.de properties. Every message names the property it refuses."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from .constants import THEME_BASE, AccessRights, FileType, Frequency, Licence, Theme
from .musterdatenkatalog import musterdatensatz_clean

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")
_url = URLValidator(schemes=["http", "https"])


def licence_clean(value: str, *, field: str = "licence", blank: bool = False) -> str:
    value = (value or "").strip()
    if not value and blank:
        return ""
    if not value:
        raise ValidationError({field: _("dct:license fehlt: Bitte wählen Sie eine Lizenz.")})
    if value not in Licence.values:
        raise ValidationError(
            {field: _("dct:license: „%(v)s“ ist keine Lizenz aus dem dcat-ap.de-Lizenzvokabular.") % {"v": value}}
        )
    return value


def themes_clean(values) -> list[str]:
    """Accepts theme codes (ENVI) or their full URIs; returns codes."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[\s,]+", values) if v]
    codes = []
    for value in values or []:
        code = str(value).strip()
        code = code.removeprefix(THEME_BASE)
        if code not in Theme.values:
            raise ValidationError(
                {"themes": _("dcat:theme: „%(v)s“ ist kein Thema aus dem EU-Vokabular data-theme.") % {"v": value}}
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError({"themes": _("dcat:theme fehlt: Bitte wählen Sie mindestens eine Kategorie.")})
    return codes


def keywords_clean(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    keywords = []
    for value in values or []:
        word = str(value).strip()
        if len(word) > 100:
            raise ValidationError({"keywords": _("dcat:keyword: Ein Schlagwort darf höchstens 100 Zeichen haben.")})
        if word and word not in keywords:
            keywords.append(word)
    return keywords


def dataset_clean(data: dict) -> dict:
    """Validate a dataset's properties at once; raises one ValidationError naming every refused property."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)

    def check(field, func):
        try:
            cleaned[field] = func()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)

    required = {
        "title": _("dct:title fehlt: Bitte geben Sie einen Titel an."),
        "description": _("dct:description fehlt: Bitte beschreiben Sie den Datensatz."),
        "publisher_name": _("dct:publisher fehlt: Bitte nennen Sie den Herausgeber."),
        "contact_name": _("dcat:contactPoint fehlt: Bitte nennen Sie eine Ansprechstelle."),
        "contact_email": _("dcat:contactPoint (vcard:hasEmail) fehlt: Bitte geben Sie eine E-Mail-Adresse an."),
        "political_geocoding_uri": _("dcatde:politicalGeocodingURI fehlt."),
        "political_geocoding_level_uri": _("dcatde:politicalGeocodingLevelURI fehlt."),
    }
    for field, message in required.items():
        value = str(data.get(field) or "").strip()
        cleaned[field] = value
        if not value:
            errors.setdefault(field, []).append(message)
    if cleaned.get("contact_email"):
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            errors.setdefault("contact_email", []).append(
                _("dcat:contactPoint (vcard:hasEmail): Bitte geben Sie eine gültige E-Mail-Adresse an.")
            )
    for field, prop in (
        ("political_geocoding_uri", "dcatde:politicalGeocodingURI"),
        ("political_geocoding_level_uri", "dcatde:politicalGeocodingLevelURI"),
        ("spatial_uri", "dct:spatial"),
        ("publisher_url", "dct:publisher (foaf:homepage)"),
        ("conforms_to", "dct:conformsTo"),
    ):
        if cleaned.get(field):
            try:
                _url(cleaned[field])
            except ValidationError:
                errors.setdefault(field, []).append(_("%(p)s: Bitte geben Sie eine gültige URI an.") % {"p": prop})
    check("licence", lambda: licence_clean(data.get("licence", "")))
    check("themes", lambda: themes_clean(data.get("themes")))
    check("keywords", lambda: keywords_clean(data.get("keywords")))
    frequency = data.get("accrual_periodicity") or Frequency.IRREG
    if frequency not in Frequency.values:
        errors.setdefault("accrual_periodicity", []).append(
            _("dct:accrualPeriodicity: „%(v)s“ ist kein Wert des EU-Vokabulars frequency.") % {"v": frequency}
        )
    cleaned["accrual_periodicity"] = frequency
    access = data.get("access_rights") or AccessRights.PUBLIC
    if access not in AccessRights.values:
        errors.setdefault("access_rights", []).append(
            _("dct:accessRights: „%(v)s“ ist kein Wert des EU-Vokabulars access-right.") % {"v": access}
        )
    cleaned["access_rights"] = access
    cleaned["conforms_to"] = str(data.get("conforms_to") or "").strip()
    check("musterdatensatz", lambda: musterdatensatz_clean(data.get("musterdatensatz", "")))
    start, end = data.get("temporal_start"), data.get("temporal_end")
    if start and end and start > end:
        errors.setdefault("temporal_end", []).append(_("dct:temporal: Das Ende des Zeitraums liegt vor seinem Beginn."))
    slug = data.get("slug")
    if slug is not None and not _SLUG.match(slug):
        errors.setdefault("slug", []).append(
            _("Kurzname: nur Kleinbuchstaben, Ziffern und Bindestriche (2 bis 120 Zeichen).")
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def distribution_clean(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    if not str(data.get("title") or "").strip():
        errors.setdefault("title", []).append(_("dct:title der Distribution fehlt."))
    if data.get("format") not in FileType.values:
        errors.setdefault("format", []).append(
            _("dct:format: „%(v)s“ ist kein Dateityp des EU-Vokabulars file-type.") % {"v": data.get("format")}
        )
    for field, prop in (("access_url", "dcat:accessURL"), ("download_url", "dcat:downloadURL")):
        if data.get(field):
            try:
                _url(data[field])
            except ValidationError:
                errors.setdefault(field, []).append(_("%(p)s: Bitte geben Sie eine gültige URL an.") % {"p": prop})
    if not data.get("access_url") and not data.get("has_file"):
        errors.setdefault("access_url", []).append(
            _("dcat:accessURL fehlt: Bitte geben Sie eine URL an oder laden Sie eine Datei hoch.")
        )
    try:
        cleaned["licence"] = licence_clean(data.get("licence", ""), blank=True)
    except ValidationError as exc:
        errors.setdefault("licence", []).extend(exc.message_dict["licence"])
    if errors:
        raise ValidationError(errors)
    return cleaned
