from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OParlObject


class Body(OParlObject):
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)
    license = models.URLField(_("Lizenz"), blank=True)
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, blank=True)
    rgs = models.CharField(_("Regionalschlüssel"), max_length=12, blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_name = models.CharField(_("Kontaktname"), max_length=200, blank=True)
    classification = models.CharField(_("Art"), max_length=100, blank=True)
    location = models.ForeignKey(
        "council.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="bodies"
    )

    class Meta:
        verbose_name = _("Körperschaft")
        verbose_name_plural = _("Körperschaften")

    def __str__(self) -> str:
        return self.name


class LegislativeTerm(OParlObject):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(_("Name"), max_length=200)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")

    def __str__(self) -> str:
        return self.name
