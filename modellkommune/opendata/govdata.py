"""GovData conventions of DCAT-AP.de: the data provider's contributor ID (Konvention 12/13).

dcat-ap.de has no rule that derives a contributor ID from the municipality key: GovData assigns the IDs
(`http://dcat-ap.de/def/contributors/<id>`, list at https://www.dcat-ap.de/def/contributors/). A town
without its own ID delivers through its Land's open-data portal, whose ID is therefore the default here,
chosen by the Land key (first two digits of the AGS). Only Land portals whose ID we could confirm are listed;
elsewhere OPENDATA_CONTRIBUTOR_ID must be set, and the catalogue refuses to publish RDF until it is."""

from __future__ import annotations

from django.conf import settings

from .constants import CONTRIBUTORS_BASE

# Land key (AGS digits 1-2) -> contributor ID of the Land's open-data portal that harvests its towns.
LAND_PORTAL_CONTRIBUTORS = {
    "01": "schleswigHolstein",  # Open-Data-Portal Schleswig-Holstein
    "02": "transparenzportalHamburg",  # Transparenzportal Hamburg
    "05": "openNRW",  # Open.NRW
    "12": "landBrandenburg",  # Datenadler Brandenburg
}


def contributor_id() -> str:
    """The setting, else the Land portal of the installation's municipality, else ""."""
    configured = (getattr(settings, "OPENDATA_CONTRIBUTOR_ID", "") or "").strip()
    if configured:
        return configured
    from modellkommune.core.selectors import municipality_current

    town = municipality_current()
    land = (town.ags or "")[:2] if town else ""
    name = LAND_PORTAL_CONTRIBUTORS.get(land)
    return CONTRIBUTORS_BASE + name if name else ""


def contributor_id_problem(value: str) -> str:
    """Why a contributor ID cannot be published ("" when it can)."""
    if not value:
        return (
            "No GovData contributor ID: set OPENDATA_CONTRIBUTOR_ID to the URI GovData assigned "
            f"({CONTRIBUTORS_BASE}…); the municipality's Land has no default."
        )
    if not value.startswith(CONTRIBUTORS_BASE) or len(value) == len(CONTRIBUTORS_BASE):
        return f"OPENDATA_CONTRIBUTOR_ID must be a URI of the form {CONTRIBUTORS_BASE}<id>, not '{value}'."
    return ""
