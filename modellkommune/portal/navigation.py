"""The main navigation. Each entry names a URL; entries whose URL does not exist yet are left out,
so an app appears in the menu as soon as it ships its index page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = [
    (_("Bürgerservice"), "egov:index"),
    (_("Mängelmelder"), "reports:index"),
    (_("Termine"), "appointments:index"),
    (_("Rat und Ausschüsse"), "council:index"),
    (_("Stadtdaten"), "sensors:index"),
    (_("Offene Daten"), "opendata:index"),
    (_("Modellprojekte"), "programme:index"),
    (_("Beteiligung"), "participation:index"),
]


def main_navigation() -> list[tuple[str, str]]:
    items = []
    for label, name in MAIN_NAVIGATION:
        try:
            items.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return items
