from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import MessageDirection


class Message(models.Model):
    """A message in a citizen's personal mailbox (Postfach), or a citizen's reply to an application."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Postfach von"), on_delete=models.CASCADE, related_name="egov_messages"
    )
    application = models.ForeignKey(
        "egov.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(
        _("Richtung"), max_length=3, choices=MessageDirection.choices, default=MessageDirection.TO_CITIZEN
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"))
    sender_repr = models.CharField(_("Absender"), max_length=200, blank=True)
    created = models.DateTimeField(_("gesendet"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    # Set when the notification e-mail is claimed for sending (or not needed): the recovery job
    # sends what a crash left unsent, and nothing is sent twice.
    notified_at = models.DateTimeField(_("E-Mail-Hinweis erledigt"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self) -> str:
        return self.subject
