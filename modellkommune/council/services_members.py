"""Writes of council members' signed-in area: personal notes on papers (private to the member).

Notes are the member's own working material: no audit entry carries them (the audit trail is read by
the administration), they are in the member's data export and erased with the account."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from modellkommune.core.text import plain_text

from .models import Paper, PaperNote
from .selectors_members import member_paper, member_person

MAX_NOTE_CHARS = 10_000


def paper_note_save(*, actor, paper: Paper, text: str) -> PaperNote | None:
    """Create or change the member's note on a paper they may read; an empty text deletes it."""
    if member_person(user=actor) is None:
        raise PermissionDenied(_("Persönliche Notizen sind Mitgliedern der Gremien vorbehalten."))
    try:
        member_paper(user=actor, pk=paper.pk)
    except Paper.DoesNotExist as exc:
        raise PermissionDenied(_("Diese Drucksache ist für Sie nicht sichtbar.")) from exc
    text = plain_text(text, field="text", max_length=MAX_NOTE_CHARS, label=_("Notiz"))
    if not text:
        PaperNote.objects.filter(user=actor, paper=paper).delete()
        return None
    note, _created = PaperNote.objects.update_or_create(user=actor, paper=paper, defaults={"text": text})
    return note


def paper_note_delete(*, actor, note_id: int) -> bool:
    """Delete one of the member's own notes; someone else's note is as good as missing."""
    deleted, _detail = PaperNote.objects.filter(user=actor, pk=note_id).delete()
    return bool(deleted)
