"""Personal data of the council information system, for "Meine Daten" and account deletion
(see core.privacy): a citizen's saved searches (e-mail alerts)."""

from __future__ import annotations

from .models import SavedSearch


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "suchabos": [
            {
                "suchbegriff": s.query,
                "angelegt_am": s.created.isoformat(),
                "zuletzt_benachrichtigt": s.last_notified.isoformat() if s.last_notified else None,
            }
            for s in SavedSearch.objects.filter(user=user).order_by("created")
        ]
    }


def personal_data_erase(*, user) -> dict[str, int]:
    deleted, _ = SavedSearch.objects.filter(user=user).delete()
    return {"suchabos": deleted}
