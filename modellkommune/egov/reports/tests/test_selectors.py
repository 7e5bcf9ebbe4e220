"""The interface other apps use, and the duplicate search."""

import datetime as dt

from django.utils import timezone

from ..constants import Moderation, ReportStatus
from ..models import Report
from ..selectors import report_list_public, report_nearby_duplicates, reports_closed_within_count
from .factories import ReportFactory


def test_report_list_public_is_published_and_anonymised(pothole):
    shown = ReportFactory(category=pothole, email="erika@example.org")
    ReportFactory(category=pothole, moderation=Moderation.PENDING)
    ReportFactory(category=pothole, moderation=Moderation.UNCONFIRMED)
    reports = list(report_list_public())
    assert [r.pk for r in reports] == [shown.pk]
    assert "email" in reports[0].get_deferred_fields()


def test_reports_closed_within_count(pothole):
    now = timezone.now()
    fast = ReportFactory(category=pothole, status=ReportStatus.SOLVED)
    slow = ReportFactory(category=pothole, status=ReportStatus.SOLVED)
    ReportFactory(category=pothole, status=ReportStatus.IN_PROGRESS)
    Report.objects.filter(pk=fast.pk).update(requested=now - dt.timedelta(days=5), closed_at=now - dt.timedelta(days=1))
    Report.objects.filter(pk=slow.pk).update(
        requested=now - dt.timedelta(days=40), closed_at=now - dt.timedelta(days=1)
    )
    since, until = now - dt.timedelta(days=30), now
    assert reports_closed_within_count(days=14, since=since, until=until) == 1
    assert reports_closed_within_count(days=60, since=since, until=until) == 2
    assert reports_closed_within_count(since=now - dt.timedelta(hours=1), until=until) == 0


def test_nearby_duplicates_by_distance(pothole):
    near = ReportFactory(category=pothole, lat=51.37600, lon=7.69500)
    ReportFactory(category=pothole, lat=51.37700, lon=7.69500)  # ~111 m north
    pairs = report_nearby_duplicates(category=pothole, lat=51.37630, lon=7.69500)
    assert [r.pk for r, _d in pairs] == [near.pk]
    assert 30 < pairs[0][1] < 40
