"""Benchmark: back-office queue, citizen list, reference numbers and the retention scan (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mk_bench_egov .venv/bin/python bench/egov_backoffice.py

Generates (once; reruns reuse them) the demo catalogue, CITIZENS citizens and APPLICATIONS applications
spread over the 15 demo services with mixed statuses, via generate_series. Then measures, each against
raw SQL that returns the same rows in the same run:
  1. application_queue() for a clerk of one department (first 200 rows, as the queue page shows);
  2. application_list_for_citizen() for one citizen;
  3. issuing reference numbers (row-locked counter) against a raw UPDATE … RETURNING;
  4. retention_due(): ids of closed applications past their retention period.
Options: --applications N --citizens N --regenerate
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from modellkommune.accounts.models import User  # noqa: E402
from modellkommune.accounts.tests.factories import StaffFactory  # noqa: E402
from modellkommune.core.models import Department  # noqa: E402
from modellkommune.egov.models import Application  # noqa: E402
from modellkommune.egov.privacy import retention_due  # noqa: E402
from modellkommune.egov.selectors import application_list_for_citizen_page, application_queue  # noqa: E402
from modellkommune.egov.services.applications import _next_reference  # noqa: E402

REPEAT = 30


def timed(fn, repeat=REPEAT) -> float:
    """Median milliseconds of `repeat` calls."""
    values = []
    for _i in range(repeat):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    return statistics.median(values) * 1000


def generate(applications: int, citizens: int) -> None:
    from modellkommune.core import demo as core_demo
    from modellkommune.egov import demo as egov_demo

    core_demo.load()
    egov_demo._services()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                       is_active, date_joined, role, phone)
            SELECT '!', false, 'bench' || g || '@example.org', 'Bench', 'Person ' || g, 'bench' || g || '@example.org',
                   false, true, now(), 'citizen', ''
            FROM generate_series(1, %s) g ON CONFLICT DO NOTHING
            """,
            [citizens],
        )
        cur.execute(
            """
            WITH s AS (SELECT array_agg(id ORDER BY id) ids FROM egov_service),
                 u AS (SELECT array_agg(id ORDER BY id) ids FROM accounts_user WHERE username LIKE 'bench%%')
            INSERT INTO egov_application (created, modified, service_id, applicant_id, reference, status, data,
                                          schema_snapshot, submitted_at, due_date, closed_at, identity_level)
            SELECT now() - (g %% 700) * interval '1 day', now(),
                   s.ids[1 + g %% array_length(s.ids, 1)], u.ids[1 + g %% array_length(u.ids, 1)],
                   'B-' || g,
                   (ARRAY['received','in_progress','info_requested','approved','rejected','closed','closed','closed'])[1 + g %% 8],
                   '{"name": "Bench"}'::jsonb, '{}'::jsonb,
                   now() - (g %% 700) * interval '1 day', current_date - (g %% 700) + 10,
                   CASE WHEN g %% 8 >= 5 THEN now() - (g %% 700) * interval '1 day' END, ''
            FROM generate_series(1, %s) g, s, u
            """,
            [applications],
        )
    call_command("shell", "-c", "pass")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--citizens", type=int, default=20_000)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    if args.regenerate:
        Application.objects.filter(reference__startswith="B-").delete()
    if not Application.objects.filter(reference__startswith="B-").exists():
        start = time.perf_counter()
        generate(args.applications, args.citizens)
        print(f"generated in {time.perf_counter() - start:.1f} s")
    total = Application.objects.count()
    department = Department.objects.get(name="Bürgerbüro")
    clerk = User.objects.filter(email="bench.clerk@iserlohn.example").first() or StaffFactory(
        email="bench.clerk@iserlohn.example", department=department
    )
    citizen = User.objects.filter(username__startswith="bench").order_by("id").first()

    def queue():
        return list(application_queue(user=clerk)[:200])

    def queue_raw():
        with connection.cursor() as cur:
            cur.execute(
                """SELECT a.id, a.reference, a.status, a.due_date, a.submitted_at, s.id, s.name, d.id, d.name,
                          u.id, u.first_name, u.last_name, u.email, x.id, x.first_name, x.last_name
                   FROM egov_application a
                   JOIN egov_service s ON s.id = a.service_id JOIN core_department d ON d.id = s.department_id
                   LEFT JOIN accounts_user u ON u.id = a.applicant_id LEFT JOIN accounts_user x ON x.id = a.assigned_to_id
                   WHERE a.status IN ('received','in_progress','info_requested') AND s.department_id = %s
                   ORDER BY a.due_date, a.submitted_at LIMIT 200""",
                [department.pk],
            )
            return cur.fetchall()

    def mine():
        return list(application_list_for_citizen_page(user=citizen))

    def mine_raw():
        with connection.cursor() as cur:
            cur.execute(
                """SELECT a.id, a.reference, a.status, a.submitted_at, a.created, s.id, s.name, s.slug
                   FROM egov_application a JOIN egov_service s ON s.id = a.service_id
                   WHERE a.applicant_id = %s ORDER BY a.created DESC""",
                [citizen.pk],
            )
            return cur.fetchall()

    def reference():
        with transaction.atomic():
            _next_reference(2099)

    def reference_raw():
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("UPDATE egov_referencecounter SET last = last + 1 WHERE year = 2098 RETURNING last")
            cur.fetchone()

    with connection.cursor() as cur:
        cur.execute("INSERT INTO egov_referencecounter (year, last) VALUES (2098, 0) ON CONFLICT DO NOTHING")

    now = timezone.now()

    def retention():
        due, _stale = retention_due(now=now)
        return list(due.values_list("pk", flat=True))

    def retention_raw():
        with connection.cursor() as cur:
            cur.execute(
                """SELECT a.id FROM egov_application a JOIN egov_service s ON s.id = a.service_id
                   WHERE a.status = 'closed' AND a.anonymised_at IS NULL
                     AND a.closed_at <= %s - s.retention_days * interval '1 day'""",
                [now],
            )
            return cur.fetchall()

    assert len(queue()) == len(queue_raw())
    assert len(mine()) == len(mine_raw())
    assert len(retention()) == len(retention_raw())
    print(
        f"applications: {total}, queue rows: {len(queue())}, citizen rows: {len(mine())}, "
        f"retention due: {len(retention())}"
    )
    rows = [
        ("queue (200 rows, one department)", timed(queue), timed(queue_raw)),
        ("citizen's applications", timed(mine), timed(mine_raw)),
        ("reference number", timed(reference, 300), timed(reference_raw, 300)),
        ("retention scan (ids)", timed(retention, 5), timed(retention_raw, 5)),
    ]
    print(f"{'measure':40} {'ours ms':>10} {'raw ms':>10} {'ratio':>7}")
    for name, ours, raw in rows:
        print(f"{name:40} {ours:10.2f} {raw:10.2f} {ours / raw:7.2f}")


if __name__ == "__main__":
    main()
