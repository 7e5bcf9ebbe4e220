"""Personal data of participation, for "Meine Daten" and account deletion (see core.privacy)."""

from __future__ import annotations

from modellkommune.core.privacy import belongs_to
from modellkommune.egov.selectors import identity_strongest

from .models import ResidentsMotion, ResidentsMotionSupport, Suggestion
from .selectors import identity_key


def _suggestions_of(user):
    return Suggestion.objects.filter(belongs_to(user))


def _supports_of(user):
    identity = identity_strongest(user=user)
    if identity is None:
        return ResidentsMotionSupport.objects.none()
    return ResidentsMotionSupport.objects.filter(identity_key=identity_key(identity)).select_related("motion")


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "anregungen_und_beschwerden": [
            {
                "art": s.kind,
                "betreff": s.title,
                "text": s.text,
                "name": s.name,
                "email": s.email,
                "stand": s.status,
                "oeffentlich": s.publish,
                "name_oeffentlich": s.show_name,
                "eingereicht_am": s.created.isoformat(),
            }
            for s in _suggestions_of(user)
        ],
        "einwohnerantraege_vorgeschlagen": [
            {"titel": m.title, "stand": m.status, "angelegt": m.created.isoformat()}
            for m in ResidentsMotion.objects.filter(initiator=user)
        ],
        "einwohnerantraege_unterstuetzt": [
            {
                "einwohnerantrag": s.motion.title,
                "vorname": s.given_name,
                "nachname": s.family_name,
                "geburtsdatum": s.birth_date.isoformat() if s.birth_date else None,
                "anschrift": s.address,
                "am": s.created.isoformat(),
            }
            for s in _supports_of(user)
        ],
        "beitraege_in_beteiligungsverfahren": consultation_comments_export(user=user),
        "ideen": ideas_export(user=user),
    }


def personal_data_erase(*, user) -> dict[str, int]:
    """Suggestions stay as the council's business, without the person; a support of a motion that is
    still collecting is withdrawn (it no longer counts), of a closed one the personal fields go."""
    from django.db.models import F

    from .constants import MotionStatus

    suggestions = _suggestions_of(user).update(name="", email="", user=None, show_name=False)
    supports = list(_supports_of(user))
    for support in supports:
        if support.motion.status == MotionStatus.COLLECTING:
            ResidentsMotion.objects.filter(pk=support.motion_id).update(support_count=F("support_count") - 1)
            support.delete()
        else:
            ResidentsMotionSupport.objects.filter(pk=support.pk).update(
                given_name="", family_name="", birth_date=None, address="", identity_key=f"erased-{support.pk}"
            )
    ResidentsMotion.objects.filter(initiator=user).update(initiator=None)
    return {
        "anregungen_und_beschwerden": suggestions,
        "einwohnerantraege_unterstuetzt": len(supports),
        "beitraege_in_beteiligungsverfahren": consultation_comments_erase(user=user),
        "ideen": ideas_erase(user=user),
    }


def consultation_comments_export(*, user) -> list[dict]:
    from .models import ConsultationComment

    return [
        {
            "verfahren": c.consultation.title,
            "nummer": c.number,
            "text": c.text,
            "name_angezeigt": c.show_name,
            "breite": c.lat,
            "laenge": c.lon,
            "stand": c.status,
            "am": c.created.isoformat(),
        }
        for c in ConsultationComment.objects.filter(author=user).select_related("consultation")
    ]


def consultation_comments_erase(*, user) -> int:
    """Published comments stay part of the consultation's record, without the person (no name, no
    account); pending ones are withdrawn, rejected ones deleted."""
    from .constants import CommentStatus
    from .models import ConsultationComment

    mine = ConsultationComment.objects.filter(author=user)
    deleted, _detail = mine.exclude(status=CommentStatus.PUBLISHED).delete()
    kept = mine.update(author=None, show_name=False, author_name="")
    return deleted + kept


def ideas_export(*, user) -> list[dict]:
    from .models import Idea, IdeaSupport

    own = [
        {"titel": i.title, "beschreibung": i.description, "stand": i.status, "am": i.created.isoformat()}
        for i in Idea.objects.filter(author=user)
    ]
    supported = [
        {"unterstuetzt": s.idea.title, "am": s.created.isoformat()}
        for s in IdeaSupport.objects.filter(user=user).select_related("idea")
    ]
    return own + supported


def ideas_erase(*, user) -> int:
    """Published ideas stay without the person; unpublished ones are deleted; supports are withdrawn."""
    from django.db.models import F

    from .constants import IdeaStatus
    from .models import Idea, IdeaSupport

    mine = Idea.objects.filter(author=user)
    deleted, _detail = mine.filter(status__in=[IdeaStatus.PENDING, IdeaStatus.REJECTED]).delete()
    kept = mine.update(author=None, show_name=False, author_name="")
    supports = IdeaSupport.objects.filter(user=user)
    for support in supports:
        Idea.objects.filter(pk=support.idea_id, support_count__gt=0).update(support_count=F("support_count") - 1)
    withdrawn, _detail = supports.delete()
    return deleted + kept + withdrawn
