"""The citizen's mailbox."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, Message

# Mailbox ------------------------------------------------------------------------------------------


def message_send(
    *, recipient, subject: str, body: str, application: Application | None = None, sender: str = ""
) -> Message:
    """Put a message into the citizen's mailbox and send a notification e-mail (background task)."""
    message = Message.objects.create(
        recipient=recipient,
        application=application,
        subject=subject[:200],
        body=body,
        sender_repr=(sender or _("Stadtverwaltung"))[:200],
    )
    from ..tasks import message_email_send

    transaction.on_commit(lambda: message_email_send.delay(message.pk))
    return message


def message_mark_read(*, user, message: Message) -> Message:
    if message.recipient_id != user.pk:
        raise PermissionDenied
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message
