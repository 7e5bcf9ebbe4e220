"""Personal data of the contact form, for "Meine Daten" and account deletion (see core.privacy).

Messages are sent without an account; the account's verified address links them to this person."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import ContactMessage


def _messages_of(user):
    return ContactMessage.objects.filter(email__iexact=user.email) if user.email else ContactMessage.objects.none()


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "kontaktanfragen": [
            {
                "thema": m.topic,
                "betreff": m.subject,
                "nachricht": m.message,
                "seite": m.page_url,
                "name": m.name,
                "email": m.email,
                "gesendet_am": m.created.isoformat(),
            }
            for m in _messages_of(user)
        ]
    }


def personal_data_erase(*, user) -> dict[str, int]:
    """Sender name and address go; the message itself stays with the town (an accessibility
    complaint, for example, must still be answered in the statutory report)."""
    return {"kontaktanfragen": _messages_of(user).update(name=_("anonymisiert"), email="")}
