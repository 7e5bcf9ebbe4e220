"""Participation as evidence for the programme's digital-maturity indicators and KPIs: value sources
registered with programme.providers (one `register()` per source, as the programme documents)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _days(param: str, default: int = 365) -> int:
    from modellkommune.programme.providers import SourceUnavailable

    param = (param or "").strip()
    if not param:
        return default
    if not param.isdigit() or not 0 < int(param) <= 3650:
        raise SourceUnavailable(_("Der Parameter muss eine Zahl von Tagen (1 bis 3650) sein."))
    return int(param)


def online_procedures(param: str):
    """Online participation procedures that ran in the period: consultations and surveys (published,
    started within the last N days) plus Einwohneranträge that collected support online."""
    from modellkommune.programme.providers import Reading, to_decimal

    from .constants import MotionStatus
    from .models import Consultation, ResidentsMotion, Survey

    since = timezone.now() - dt.timedelta(days=_days(param))
    count = (
        Consultation.objects.exclude(status="draft").filter(starts_at__gte=since).count()
        + Survey.objects.filter(published=True, starts_at__gte=since).count()
        + ResidentsMotion.objects.exclude(status__in=[MotionStatus.REVIEW, MotionStatus.DECLINED])
        .filter(opened_at__gte=since)
        .count()
    )
    return Reading(value=to_decimal(count), as_of=timezone.now())


def contributions(param: str):
    """Residents' contributions in the period: published consultation comments, ideas, idea supports,
    survey answers, § 24 submissions and Einwohnerantrag supports."""
    from modellkommune.programme.providers import Reading, to_decimal

    from .constants import CommentStatus, IdeaStatus, SuggestionStatus
    from .models import (
        ConsultationComment,
        Idea,
        IdeaSupport,
        ResidentsMotionSupport,
        Suggestion,
        SurveyResponse,
    )

    since = timezone.now() - dt.timedelta(days=_days(param))
    count = (
        ConsultationComment.objects.filter(status=CommentStatus.PUBLISHED, created__gte=since).count()
        + Idea.objects.exclude(status=IdeaStatus.PENDING).filter(created__gte=since).count()
        + IdeaSupport.objects.filter(created__gte=since).count()
        + SurveyResponse.objects.filter(day__gte=since.date()).count()
        + Suggestion.objects.exclude(status=SuggestionStatus.UNCONFIRMED).filter(created__gte=since).count()
        + ResidentsMotionSupport.objects.filter(created__gte=since).count()
    )
    return Reading(value=to_decimal(count), as_of=timezone.now())


def ideas_to_projects(param: str):
    """Residents' ideas taken up as (draft) pilot projects, all time."""
    from modellkommune.programme.providers import Reading, to_decimal

    from .models import Idea

    return Reading(value=to_decimal(Idea.objects.filter(project__isnull=False).count()), as_of=timezone.now())


SOURCES = [
    ("participation.online_procedures", _("Online-Beteiligungsverfahren im Zeitraum"), online_procedures),
    ("participation.contributions", _("Beiträge von Einwohnerinnen und Einwohnern im Zeitraum"), contributions),
    ("participation.ideas_to_projects", _("Ideen aus der Bürgerschaft, die Projekt wurden"), ideas_to_projects),
]


def register_sources() -> None:
    try:
        from modellkommune.programme.providers import register
    except ImportError:  # without the programme app there is nothing to feed
        return
    for key, label, read in SOURCES:
        param = "" if key.endswith("ideas_to_projects") else _("Zeitraum in Tagen (Standard 365)")
        register(key=key, label=label, read=read, param_label=param)
