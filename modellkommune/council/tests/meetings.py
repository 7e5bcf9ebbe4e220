"""Test helper: results and attendance are accepted only once a meeting has begun."""

import datetime as dt

from django.utils import timezone

from modellkommune.council.models import Meeting


def begin(meeting_or_item) -> None:
    """Move the meeting (of an agenda item) to one hour ago, as if it were in session now."""
    meeting = getattr(meeting_or_item, "meeting", meeting_or_item)
    start = timezone.now() - dt.timedelta(hours=1)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=3))
    meeting.start, meeting.end = start, start + dt.timedelta(hours=3)
