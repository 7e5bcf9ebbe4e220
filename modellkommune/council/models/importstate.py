from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.Model):
    """Progress of `oparl_import` per list URL: where to resume, and since when to ask for changes."""

    list_url = models.URLField(_("Listen-URL"), max_length=500, unique=True)
    next_url = models.URLField(_("nächste Seite"), max_length=1000, blank=True)
    run_started = models.DateTimeField(_("Beginn des laufenden Imports"), null=True, blank=True)
    last_completed = models.DateTimeField(_("Beginn des letzten vollständigen Imports"), null=True, blank=True)
    objects_seen = models.PositiveIntegerField(_("Objekte im laufenden Import"), default=0)

    class Meta:
        verbose_name = _("OParl-Importstand")
        verbose_name_plural = _("OParl-Importstände")

    def __str__(self) -> str:
        return self.list_url
