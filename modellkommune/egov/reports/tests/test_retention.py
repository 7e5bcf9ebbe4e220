import datetime as dt

from django.utils import timezone

from ..constants import Moderation, ReportStatus
from ..models import Report
from ..tasks import retention_enforce
from .factories import ReportFactory


def test_retention_deletes_unconfirmed_and_anonymises_old_closed(pothole):
    now = timezone.now()
    stale = ReportFactory(category=pothole, moderation=Moderation.UNCONFIRMED)
    fresh = ReportFactory(category=pothole, moderation=Moderation.UNCONFIRMED)
    old_closed = ReportFactory(category=pothole, status=ReportStatus.SOLVED, email="alt@example.org", phone="0123")
    recent_closed = ReportFactory(category=pothole, status=ReportStatus.SOLVED, email="neu@example.org")
    still_open = ReportFactory(category=pothole, email="offen@example.org")
    Report.objects.filter(pk=stale.pk).update(requested=now - dt.timedelta(days=8))
    Report.objects.filter(pk=old_closed.pk).update(closed_at=now - dt.timedelta(days=200))
    Report.objects.filter(pk=recent_closed.pk).update(closed_at=now - dt.timedelta(days=3))

    assert retention_enforce.delay().get() == {"deleted": 1, "anonymised": 1}
    assert not Report.objects.filter(pk=stale.pk).exists()
    assert Report.objects.filter(pk=fresh.pk).exists()
    old_closed.refresh_from_db()
    assert old_closed.email == "" and old_closed.phone == ""
    assert old_closed.description  # the report itself stays for statistics
    assert Report.objects.get(pk=recent_closed.pk).email == "neu@example.org"
    assert Report.objects.get(pk=still_open.pk).email == "offen@example.org"
    assert retention_enforce.delay().get() == {"deleted": 0, "anonymised": 0}
