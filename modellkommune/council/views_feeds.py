"""Machine-readable views for people: iCalendar of meetings, RSS and Atom of new papers."""

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .selectors import meeting_list_public, organization_list_public, paper_list_public


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Modellkommune//Ratsinformationssystem//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(name))
    return calendar


def _event(meeting) -> icalendar.Event:
    host = settings.SITE_URL.split("://", 1)[-1]
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("summary", meeting.name)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end or meeting.start + timezone.timedelta(hours=2))
    event.add("dtstamp", meeting.modified)
    event.add("url", settings.SITE_URL + reverse("council:meeting_detail", args=[meeting.pk]))
    if meeting.cancelled:
        event.add("status", "CANCELLED")
    if meeting.location:
        event.add("location", str(meeting.location))
    return event


def _ical_response(calendar: icalendar.Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meetings_ical(request, pk: int | None = None):
    """All public meetings (or one organization's) of the last year and the future as iCalendar."""
    meetings = (
        meeting_list_public()
        .select_related("location")
        .filter(start__gte=timezone.now() - timezone.timedelta(days=365))
    )
    name = _("Sitzungen")
    if pk is not None:
        organization = get_object_or_404(organization_list_public(), pk=pk)
        meetings = meetings.filter(organizations=organization)
        name = organization.name
    calendar = _calendar(name)
    for meeting in meetings.order_by("start")[:2000]:
        calendar.add_component(_event(meeting))
    return _ical_response(calendar, "sitzungen.ics")


def meeting_ical(request, pk: int):
    """One public meeting as a calendar file (same UID as in the feeds: a calendar app updates it)."""
    meeting = get_object_or_404(meeting_list_public().select_related("location"), pk=pk)
    calendar = _calendar(meeting.name)
    calendar.add_component(_event(meeting))
    return _ical_response(calendar, f"sitzung-{meeting.pk}.ics")


class PaperRssFeed(Feed):
    """Links are absolute under SITE_URL: the Sites framework's domain (example.com) is never used."""

    title = _("Neue Drucksachen")
    description = _("Neue öffentliche Drucksachen aus Rat und Ausschüssen")
    feed_url_name = "council:feed_rss"

    def link(self):
        return settings.SITE_URL + reverse("council:paper_list")

    def feed_url(self):
        return settings.SITE_URL + reverse(self.feed_url_name)

    def items(self):
        return paper_list_public().order_by("-created")[:50]

    def item_title(self, item):
        return f"{item.reference} {item.name}".strip()

    def item_description(self, item):
        return item.text[:1000]

    def item_link(self, item):
        return settings.SITE_URL + reverse("council:paper_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.created


class PaperAtomFeed(PaperRssFeed):
    feed_type = Atom1Feed
    feed_url_name = "council:feed_atom"
    subtitle = PaperRssFeed.description
