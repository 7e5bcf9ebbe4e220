"""Personal data of the council information system, for "Meine Daten" and account deletion
(see core.privacy): a citizen's saved searches (e-mail alerts), a council member's personal notes on
papers (issue 13)."""

from __future__ import annotations

from .models import PaperNote, SavedSearch


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "suchabos": [
            {
                "suchbegriff": s.query,
                "filter": s.filters,
                "angelegt_am": s.created.isoformat(),
                "zuletzt_benachrichtigt": s.last_notified.isoformat() if s.last_notified else None,
            }
            for s in SavedSearch.objects.filter(user=user).order_by("created")
        ],
        "notizen_zu_drucksachen": [
            {
                "drucksache": f"{n.paper.reference} {n.paper.name}".strip(),
                "notiz": n.text,
                "angelegt_am": n.created.isoformat(),
                "geaendert_am": n.modified.isoformat(),
            }
            for n in PaperNote.objects.filter(user=user).select_related("paper").order_by("created")
        ],
    }


def personal_data_erase(*, user) -> dict[str, int]:
    deleted, _ = SavedSearch.objects.filter(user=user).delete()
    notes, _ = PaperNote.objects.filter(user=user).delete()
    return {"suchabos": deleted, "notizen_zu_drucksachen": notes}
