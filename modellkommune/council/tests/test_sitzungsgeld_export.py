"""Attendance export for the Sitzungsgeld: CSV per member and period, for Excel, council office only."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council import services_meetings as sm
from modellkommune.council.models import Organization, Person
from modellkommune.council.tests.meetings import begin

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(office):
    """Two ADS meetings with attendance: one held today, one cancelled beforehand."""
    ads = Organization.objects.get(short_name="ADS")
    members = list(Person.objects.filter(memberships__organization=ads).distinct().order_by("family_name"))
    start = timezone.now() + dt.timedelta(days=3)
    meeting = sm.meeting_create(actor=office, organization=ads, start=start, convene=False)
    cancelled = sm.meeting_create(actor=office, organization=ads, start=start + dt.timedelta(days=1), convene=False)
    begin(meeting)
    statuses = {p.pk: "present" for p in members} | {members[0].pk: "excused"}
    sm.meeting_attendance_record(actor=office, meeting=meeting, statuses=statuses)
    sm.meeting_cancel(actor=office, meeting=cancelled)
    return meeting, members


def _rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads the umlauts"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_office_downloads_attendance_per_member_and_period(office, client, held):
    meeting, members = held
    today = timezone.localdate()
    login_with_mfa(client, office)
    response = client.get(f"/verwaltung/rat/sitzungsgeld/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["Nachname", "Vorname", "Datum", "Beginn", "Sitzung", "Gremium", "Anwesenheit", "Bemerkung"]
    assert len(rows) == 1 + len(members)
    first = rows[1]
    assert first[0] == members[0].family_name and first[6] == "entschuldigt"
    assert first[2] == today.strftime("%d.%m.%Y")
    assert {r[6] for r in rows[2:]} == {"anwesend"}

    one = client.get(
        f"/verwaltung/rat/sitzungsgeld/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}&person={members[1].pk}"
    )
    assert [r[0] for r in _rows(one)[1:]] == [members[1].family_name]
    earlier = dt.date(2001, 2, 3)  # no meeting: 30 days back met a demo meeting of 3 November 2026
    none = client.get(f"/verwaltung/rat/sitzungsgeld/?start={earlier:%Y-%m-%d}&end={earlier:%Y-%m-%d}")
    assert len(_rows(none)) == 1


def test_names_that_excel_would_run_as_formulas_are_defused(office, client, held):
    meeting, members = held
    Person.objects.filter(pk=members[1].pk).update(family_name='=HYPERLINK("http://evil")')
    today = timezone.localdate()
    login_with_mfa(client, office)
    rows = _rows(client.get(f"/verwaltung/rat/sitzungsgeld/?start={today:%Y-%m-%d}&end={today:%Y-%m-%d}"))
    assert '\'=HYPERLINK("http://evil")' in [r[0] for r in rows]
    assert not any(r[0].startswith("=") for r in rows)


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2026-12-31&end=2026-01-01", "vor seinem Beginn"),
        ("start=gestern&end=2026-01-01", "gültiges Datum"),
        ("start=2026-01-01&end=2026-12-31&person=abc", "gültige Auswahl"),
    ],
)
def test_bad_periods_get_a_german_message_not_a_500(office, client, query, message):
    login_with_mfa(client, office)
    response = client.get(f"/verwaltung/rat/sitzungsgeld/?{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
