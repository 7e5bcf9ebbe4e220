from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OParlObject


class Location(OParlObject):
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    room = models.CharField(_("Raum"), max_length=100, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    sub_locality = models.CharField(_("Ortsteil"), max_length=100, blank=True)
    locality = models.CharField(_("Ort"), max_length=100, blank=True)
    geojson = models.JSONField(_("GeoJSON"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")

    def __str__(self) -> str:
        return self.description or ", ".join(p for p in [self.street_address, self.room, self.locality] if p)
