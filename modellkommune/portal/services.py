"""Writes of the public portal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from modellkommune.core.ratelimit import rate_limit_exceeded

from .models import ContactMessage


def contact_rate_limited(*, ip: str, email: str) -> bool:
    """Count one message; True when this client IP or sender address sent too many this hour."""
    over_ip = rate_limit_exceeded(
        scope="contact-ip", key=ip or "-", limit=settings.CONTACT_RATE_PER_IP, window_seconds=3600
    )
    over_email = bool(email) and rate_limit_exceeded(
        scope="contact-email", key=email, limit=settings.CONTACT_RATE_PER_EMAIL, window_seconds=3600
    )
    return over_ip or over_email


def contact_message_submit(
    *, topic: str, name: str, email: str, subject: str, message: str, page_url: str = ""
) -> ContactMessage:
    """Store the message first (nothing is lost if mail fails), then notify the town hall."""
    contact = ContactMessage.objects.create(
        topic=topic, name=name, email=email, subject=subject, message=message, page_url=page_url
    )
    send_mail(
        subject=_("Kontaktformular: %(subject)s") % {"subject": subject},
        message=f"{name} <{email}>\n{contact.get_topic_display()}\n{page_url}\n\n{message}",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[settings.CONTACT_EMAIL],
        fail_silently=True,
    )
    return contact
