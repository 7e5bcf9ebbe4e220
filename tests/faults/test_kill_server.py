"""Killing the server loses no submission it confirmed, and a request killed mid-transaction leaves no half rows.

Runs a real gunicorn on the PostgreSQL test database (the data must be committed for another process to see
it), submits a council motion over HTTP and kills the whole server with SIGKILL."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection
from qa_support import council_members_of_two_factions, load_demo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Server:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "gunicorn.log"
        self.process = None

    def start(self):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="modellkommune.settings.test",
            DATABASE_URL=_database_url(),
            SECRET_KEY="test-only-key",
            MEDIA_ROOT=str(self.log.parent / "media"),
        )
        self.process = subprocess.Popen(  # noqa: S603 - fixed command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                "modellkommune.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=REPO,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError("gunicorn did not start:\n" + self.log.read_text()[-3000:])

    def kill(self):
        """SIGKILL to master and workers at once: no graceful shutdown, no atexit, nothing flushed."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: another process must see the committed data")
    server = Server(tmp_path)
    yield server
    if server.process and server.process.poll() is None:
        server.kill()


def _member_session():
    from django.test import Client

    load_demo(apps=["core", "accounts", "council"])
    member, _other = council_members_of_two_factions()
    client = Client()
    client.force_login(member)
    return client.cookies["sessionid"].value


def _form(http: httpx.Client, title: str) -> dict:
    page = http.get("/rat/antrag/neu/")
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return {"csrfmiddlewaretoken": token, "paper_type": "Antrag", "title": title, "text": "Bitte prüfen."}


def test_confirmed_submission_survives_kill_9(server):
    from modellkommune.council.models import Paper

    session = _member_session()
    server.start()
    title = "Antrag: Trinkbrunnen in der Fußgängerzone"
    with httpx.Client(base_url=server.url, cookies={"sessionid": session}, timeout=30) as http:
        response = http.post("/rat/antrag/neu/", data=_form(http, title))
        server.kill()  # right after the confirmation
    assert response.status_code == 302 and response.headers["location"].endswith("/rat/meine-antraege/")
    assert Paper.objects.filter(name=title).count() == 1

    server.start()
    with httpx.Client(base_url=server.url, cookies={"sessionid": session}, timeout=30) as http:
        page = http.get("/rat/meine-antraege/")
    assert page.status_code == 200
    assert title in page.text


def test_request_killed_mid_transaction_leaves_no_half_rows(server):
    """Hold a lock the submission needs (the audit log), so the server is stuck inside its transaction
    after writing the paper; kill it there; the database must roll all of it back."""
    import psycopg

    from modellkommune.council.models import File, Paper

    session = _member_session()
    server.start()
    title = "Antrag: Halbe Zeilen darf es nicht geben"
    papers_before, files_before = Paper.objects.count(), File.objects.count()
    dsn = _database_url().replace("postgres://", "postgresql://")
    with (
        psycopg.connect(dsn) as blocker,
        psycopg.connect(dsn, autocommit=True) as observer,  # pg_stat_activity is a snapshot per transaction
        httpx.Client(base_url=server.url, cookies={"sessionid": session}, timeout=30) as http,
    ):
        data = _form(http, title)
        blocker.execute("LOCK TABLE core_auditlogentry IN EXCLUSIVE MODE")
        outcome = []
        thread = threading.Thread(target=lambda: _post_ignoring_errors(http, data, outcome), daemon=True)
        thread.start()
        waiting = None
        for _ in range(100):
            waiting = observer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
            if waiting:
                break
            time.sleep(0.1)
        activity = observer.execute(
            "SELECT pid, state, wait_event_type, left(query, 60) FROM pg_stat_activity WHERE datname = current_database()"
        ).fetchall()
        assert waiting, f"the submission never reached the audit log insert: {activity} {outcome}"
        server.kill()
        blocker.rollback()  # release the lock; the orphaned backend finds its client gone
        for _ in range(100):
            if not observer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", waiting).fetchone():
                break
            time.sleep(0.1)
        thread.join(timeout=10)
    assert Paper.objects.filter(name=title).count() == 0
    assert Paper.objects.count() == papers_before
    assert File.objects.count() == files_before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM council_paper_originator_organizations po "
            "LEFT JOIN council_paper p ON p.id = po.paper_id WHERE p.id IS NULL"
        )
        assert cursor.fetchone()[0] == 0


def _post_ignoring_errors(http, data, outcome):
    try:
        response = http.post("/rat/antrag/neu/", data=data)
        outcome.append((response.status_code, response.headers.get("location"), response.text[-500:]))
    except Exception as exc:  # noqa: BLE001 - the server dies under it: that is the point
        outcome.append(repr(exc))
