"""Derived artefacts are recoverable: what a submission promises but leaves to background work.

`application_submit` commits the application (reference number, status "received") and the mailbox
message in one transaction, and only then queues the receipt PDF and the notification e-mail. A
worker killed in between (kill -9, OOM, deploy) or a lost queue message would leave them undone
forever; this job, run periodically, finds and finishes exactly those. It is idempotent: receipts
are only rendered where none is stored, and a message's e-mail is claimed with one conditional
UPDATE (`Message.notified_at`) before sending, so the normal path and this job never both send it."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from .constants import ApplicationStatus, MessageDirection
from .models import Application, Message

log = logging.getLogger(__name__)

# Older unsent notifications are not sent any more: a hint about a message weeks old helps nobody.
NOTIFY_MAX_AGE = dt.timedelta(days=7)


def receipts_missing():
    """Submitted, not anonymised applications without a stored receipt."""
    return Application.objects.filter(
        reference__isnull=False, receipt_pdf__isnull=True, anonymised_at__isnull=True
    ).exclude(status=ApplicationStatus.DRAFT)


def notifications_unsent(*, now: dt.datetime | None = None):
    now = now or timezone.now()
    return Message.objects.filter(
        direction=MessageDirection.TO_CITIZEN, notified_at__isnull=True, created__gte=now - NOTIFY_MAX_AGE
    )


def derived_artefacts_recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Render every missing receipt, send every unsent notification; returns how many of each."""
    from .tasks import message_email_send, receipt_render

    receipts = sent = 0
    for pk in list(receipts_missing().values_list("pk", flat=True)):
        try:
            receipt_render(pk)
            receipts += 1
        except Exception:  # one broken receipt must not stop the others; it is retried next run
            log.exception("receipt for application %s could not be rendered", pk)
    for pk in list(notifications_unsent(now=now).values_list("pk", flat=True)):
        try:
            sent += bool(message_email_send(pk))
        except Exception:
            log.exception("notification for message %s could not be sent", pk)
    if receipts or sent:
        log.warning("recovered %s receipts and %s notification e-mails", receipts, sent)
    return {"receipts": receipts, "emails": sent}
