"""Recurring meeting schedules: previewed, created as single meetings, collisions and past dates skipped."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council import services_meetings as sm
from modellkommune.council.models import Meeting, Organization
from modellkommune.council.services_schedule import (
    LAST,
    MONTHLY,
    WEEKLY,
    SeriesRule,
    meeting_series_create,
    meeting_series_preview,
    series_days,
)

pytestmark = pytest.mark.django_db


def _ads():
    return Organization.objects.get(short_name="ADS")


def test_rules_give_the_expected_days():
    # Every 2nd Tuesday of the month, 2027: 12.1., 9.2., 9.3.
    rule = SeriesRule(first=dt.date(2027, 1, 1), pattern=MONTHLY, weekday=1, nth=2, count=3)
    assert series_days(rule) == [dt.date(2027, 1, 12), dt.date(2027, 2, 9), dt.date(2027, 3, 9)]
    # The last Thursday, every second month, until June.
    rule = SeriesRule(
        first=dt.date(2027, 1, 1), pattern=MONTHLY, interval=2, weekday=3, nth=LAST, until=dt.date(2027, 6, 30)
    )
    assert series_days(rule) == [dt.date(2027, 1, 28), dt.date(2027, 3, 25), dt.date(2027, 5, 27)]
    # A first date after the month's occurrence starts with the next month.
    rule = SeriesRule(first=dt.date(2027, 1, 13), pattern=MONTHLY, weekday=1, nth=2, count=1)
    assert series_days(rule) == [dt.date(2027, 2, 9)]
    rule = SeriesRule(first=dt.date(2027, 1, 5), pattern=WEEKLY, interval=3, until=dt.date(2027, 2, 20))
    assert series_days(rule) == [dt.date(2027, 1, 5), dt.date(2027, 1, 26), dt.date(2027, 2, 16)]


@pytest.mark.parametrize(
    "rule, message",
    [
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=WEEKLY), "Enddatum oder eine Anzahl"),
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=WEEKLY, count=61), "Höchstens 60"),
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=WEEKLY, until=dt.date(2030, 1, 1)), "zwei Jahre"),
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=WEEKLY, until=dt.date(2026, 1, 1)), "vor dem ersten"),
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=MONTHLY, count=2), "Wochentag"),
        (SeriesRule(first=dt.date(2027, 1, 1), pattern=WEEKLY, interval=0, count=2), "zwischen 1 und 12"),
    ],
)
def test_bad_rules_are_refused_in_german(rule, message):
    with pytest.raises(ValidationError, match=message):
        series_days(rule)


def test_series_skips_days_the_body_already_meets_and_creates_single_meetings(office):
    # after the demo's meetings (fixed dates up to February 2027): only the meeting made here may collide
    first = timezone.localdate() + dt.timedelta(days=400)
    rule = SeriesRule(first=first, pattern=WEEKLY, interval=2, count=4)
    taken_day = first + dt.timedelta(weeks=2)
    taken = sm.meeting_create(
        actor=office,
        organization=_ads(),
        start=timezone.make_aware(dt.datetime.combine(taken_day, dt.time(9, 0))),
        convene=False,
    )
    preview = meeting_series_preview(actor=office, organization=_ads(), rule=rule, start_time=dt.time(17, 0))
    assert [d.collision for d in preview] == [None, taken, None, None]
    before = Meeting.objects.count()
    created, skipped = meeting_series_create(
        actor=office, organization=_ads(), rule=rule, start_time=dt.time(17, 0), end_time=dt.time(19, 30)
    )
    assert len(created) == 3 and [s.start.date() for s in skipped] == [taken_day]
    assert Meeting.objects.count() == before + 3
    assert all(m.meeting_state == "terminiert" and m.organizations.get() == _ads() for m in created)
    assert timezone.localtime(created[0].end).time() == dt.time(19, 30)
    # Each one stays a meeting of its own: moving or cancelling one leaves the others.
    sm.meeting_cancel(actor=office, meeting=created[1])
    moved_from = created[2].start.date()
    sm.meeting_reschedule(actor=office, meeting=created[2], start=created[2].start + dt.timedelta(days=1))
    created[0].refresh_from_db()
    assert not created[0].cancelled
    # A second run of the same series fills only the days freed by the cancellation and the move.
    again, skipped = meeting_series_create(actor=office, organization=_ads(), rule=rule, start_time=dt.time(17, 0))
    assert [m.start.date() for m in again] == [created[1].start.date(), moved_from]


def test_only_the_council_office_plans_series(member):
    rule = SeriesRule(first=timezone.localdate() + dt.timedelta(days=7), pattern=WEEKLY, count=2)
    with pytest.raises(PermissionDenied):
        meeting_series_create(actor=member, organization=_ads(), rule=rule, start_time=dt.time(17, 0))


def test_series_page_previews_then_creates(office, client, member):
    first = timezone.localdate() + dt.timedelta(days=3)
    form = {
        "organization": _ads().pk,
        "first": first.isoformat(),
        "pattern": "monthly",
        "interval": "1",
        "nth": "2",
        "weekday": "1",
        "start_time": "17:00",
        "count": "3",
        "public": "on",
    }
    client.force_login(member)
    assert client.post("/verwaltung/rat/sitzungen/serie/", form).status_code == 403
    login_with_mfa(client, office)
    before = Meeting.objects.count()
    page = client.post("/verwaltung/rat/sitzungen/serie/", form | {"action": "preview"})
    html = page.content.decode()
    assert page.status_code == 200 and "Vorschau" in html and "3 Sitzungen anlegen" in html
    assert "Di, " in html and Meeting.objects.count() == before
    # The "create" button posts the previewed values back from hidden fields.
    create_form = html[html.index('value="create"') - 3000 : html.index('value="create"')]
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', create_form))
    assert hidden["first"] == first.isoformat() and hidden["nth"] == "2" and hidden["public"] == "on"
    done = client.post("/verwaltung/rat/sitzungen/serie/", hidden | {"action": "create"})
    assert done.status_code == 302 and Meeting.objects.count() == before + 3
    assert {timezone.localtime(m.start).weekday() for m in Meeting.objects.order_by("-pk")[:3]} == {1}
    bad = client.post("/verwaltung/rat/sitzungen/serie/", form | {"count": "", "first": "morgen"})
    assert bad.status_code == 200 and "Bitte prüfen Sie Ihre Eingaben" in bad.content.decode()
