from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import OParlObject


def file_upload_to(instance, filename: str) -> str:
    return f"council/files/{instance.sha512[:2]}/{instance.sha512[:32]}/{filename}"


class File(OParlObject):
    """A stored document (PDF etc.) with its checksum and extracted text for full-text search."""

    name = models.CharField(_("Name"), max_length=300)
    file_name = models.CharField(_("Dateiname"), max_length=255)
    mime_type = models.CharField(_("MIME-Typ"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Byte"), default=0)
    sha512 = models.CharField(_("SHA-512"), max_length=128, db_index=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    text = models.TextField(_("extrahierter Text"), blank=True)
    content = models.FileField(_("Datei"), upload_to=file_upload_to, max_length=400, blank=True)
    external_access_url = models.URLField(_("externe Zugriffs-URL"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")

    def __str__(self) -> str:
        return self.name
