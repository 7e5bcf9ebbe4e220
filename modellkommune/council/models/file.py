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

    def save(self, *args, **kwargs):
        # Size, checksum, MIME type and text come from the stored bytes whoever stores them (a
        # service, the importer, an upload in the admin), never from what somebody typed.
        if self.content and not self.content._committed:
            self._describe_content()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "content", "size", "sha512", "mime_type", "text"}
        super().save(*args, **kwargs)

    def _describe_content(self) -> None:
        import filetype

        from ..files import pdf_extract_text, sha512_hex

        upload = self.content.file
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        self.size = len(data)
        self.sha512 = sha512_hex(data)
        kind = filetype.guess(data)
        self.mime_type = kind.mime if kind else (self.mime_type or "application/octet-stream")
        if not self.file_name:
            self.file_name = self.content.name.rsplit("/", 1)[-1][:255]
        if not self.text and self.mime_type == "application/pdf":
            self.text = pdf_extract_text(data)
