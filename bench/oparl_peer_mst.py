"""meine-stadt-transparent (the OParl client and RIS front end used by German towns) imports our OParl API,
then picks up every kind of change with its own `import_update` (issue 13: "OParl must never miss a change").

A peer with its own Django version, so it runs in a virtual environment this script creates under
/tmp/mk-mst (never a project dependency): meine-stadt-transparent 0.2.14 from PyPI, with numpy < 2 (its
geoextract uses np.float_). It needs pkg-config and the MariaDB/PostgreSQL client headers to build
mysqlclient/psycopg2, and ImageMagick's MagickWand library at run time; as root the script installs them with
apt-get.

Steps:
  1. our side: a fresh SQLite demo database (core, accounts, council) served by `runserver` on :18600, with
     SITE_URL set to it so OParl ids are the URLs the peer fetches;
  2. the peer: its own PostgreSQL database `mk_mst` (migrate, its initdata fixture, sequences reset, as its
     docs say), then `import <body URL> --skip-body-extra --skip-files`;
  3. counts: every OParl object type the peer stores against what our API lists (embedded agenda items and
     files counted from the meetings and papers);
  4. changes made the way an operator or a clerk makes them (plain `Model.save()`/`delete()`, the Django
     admin's path): a paper renamed, a paper deleted, minutes attached to a meeting, a membership ended;
  5. `import_update`, and the peer's database checked for each change.

Run:  .venv/bin/python bench/oparl_peer_mst.py     (PostgreSQL at 127.0.0.1:5432, user postgres)
Exit status 0 when every count matches and every change arrived; the table is printed either way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("MST_WORK", "/tmp/mk-mst"))  # noqa: S108 - a scratch folder for the peer, as documented
VENV = WORK / "venv"
PORT = int(os.environ.get("MST_SOURCE_PORT", "18600"))
BASE = f"http://127.0.0.1:{PORT}"
SOURCE_DB = WORK / "source.sqlite3"
PEER_DB = "mk_mst"
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]


def run(cmd, *, env=None, check=True, capture=False, **kwargs):
    print("+", " ".join(str(c) for c in cmd)[:200], flush=True)
    return subprocess.run(cmd, env=env, check=check, text=True, capture_output=capture, **kwargs)


def ensure_peer() -> None:
    mst = VENV / "bin" / "mst-manage"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        # build headers for its drivers, and ImageMagick's MagickWand, which its importer loads (through Wand)
        # at import time: without it every `import` stops with "MagickWand shared library not found"
        packages = ["pkg-config", "libmariadb-dev", "libpq-dev", "build-essential", "libmagickwand-6.q16-6"]
        run(["apt-get", "install", "-y", "-qq", *packages], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if mst.exists():
        return
    run([sys.executable, "-m", "venv", str(VENV)])
    run([str(VENV / "bin" / "pip"), "install", "-q", "meine-stadt-transparent==0.2.14", "numpy<2"])


def peer_env() -> dict:
    return {
        **os.environ,
        "REAL_HOST": "localhost",
        "SECRET_KEY": "mst-peer-test-only",
        "DEBUG": "False",
        "ELASTICSEARCH_ENABLED": "False",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PEER_DB}",
        "EMAIL_URL": "consolemail://",
        "NO_LOG_FILES": "True",
        "DJANGO_SETTINGS_MODULE": "meine_stadt_transparent.settings",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
    }


def ours_env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{SOURCE_DB}",
        "SITE_URL": BASE,
        "DJANGO_SETTINGS_MODULE": "modellkommune.settings.dev",
        "LOG_LEVEL": "WARNING",
    }


def mst(*args, check=True):
    return run([str(VENV / "bin" / "mst-manage"), *args], env=peer_env(), check=check, capture=True)


def sql(query: str) -> list[str]:
    out = run([*PG, PEER_DB, "-c", query], capture=True).stdout
    return [line for line in out.splitlines() if line]


def ours_shell(code: str) -> str:
    return run([sys.executable, "manage.py", "shell", "-c", code], env=ours_env(), cwd=ROOT, capture=True).stdout


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own local server
        return json.load(response)


def walk(url: str) -> list[dict]:
    items = []
    while url:
        page = get(url)
        items += page["data"]
        url = page.get("links", {}).get("next")
    return items


def our_counts(body: str) -> dict[str, int]:
    meetings = walk(f"{body}/meeting")
    papers = walk(f"{body}/paper")
    files: set[str] = set()

    def collect(value) -> None:  # every embedded File, at any depth (papers, meetings, agenda items)
        if isinstance(value, dict):
            if str(value.get("type", "")).endswith("/File") and not value.get("deleted"):
                files.add(value["id"])
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(papers)
    collect(meetings)
    return {
        "paper": len([p for p in papers if not p.get("deleted")]),
        "meeting": len([m for m in meetings if not m.get("deleted")]),
        "person": len(walk(f"{body}/person")),
        "organization": len(walk(f"{body}/organization")),
        "membership": len(walk(f"{body}/membership")),
        "consultation": len(walk(f"{body}/consultation")),
        "agendaitem": sum(len(m.get("agendaItem", [])) for m in meetings if not m.get("deleted")),
        "file": len(files),
    }


def peer_counts() -> dict[str, int]:
    counts = {}
    for table in ("paper", "meeting", "person", "organization", "membership", "consultation", "agendaitem", "file"):
        [value] = sql(
            f"SELECT count(*) FROM mainapp_{table} WHERE oparl_id LIKE '{BASE}/%' AND NOT deleted"  # noqa: S608
        )
        counts[table] = int(value)
    return counts


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_peer()
    SOURCE_DB.unlink(missing_ok=True)
    run([sys.executable, "manage.py", "migrate", "-v0"], env=ours_env(), cwd=ROOT)
    run(
        [sys.executable, "manage.py", "demo", "--only", "core", "accounts", "council"],
        env=ours_env(),
        cwd=ROOT,
        capture=True,
    )
    server = subprocess.Popen(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        env=ours_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                get(f"{BASE}/oparl/v1.1/")
                break
            except OSError:
                time.sleep(0.5)
        body = walk(f"{BASE}/oparl/v1.1/body")[0]["id"]
        run([*PG, "postgres", "-c", f"DROP DATABASE IF EXISTS {PEER_DB}"])
        run([*PG, "postgres", "-c", f"CREATE DATABASE {PEER_DB}"])
        mst("migrate", "-v0")
        mst("loaddata", str(next(VENV.glob("lib/python*/site-packages/mainapp/fixtures/initdata.json"))))
        reset = mst("sqlsequencereset", "mainapp", "importer").stdout
        run([*PG, PEER_DB], input=reset, capture=True)
        started = time.monotonic()
        imported = mst("import", body, "--ags", "05962024", "--skip-body-extra", "--skip-files", check=False)
        import_seconds = time.monotonic() - started
        problems = [
            line
            for line in (imported.stdout + imported.stderr).splitlines()
            if " ERROR " in line or "Traceback" in line
        ]
        ours, peer = our_counts(body), peer_counts()
        rows = [(kind, ours[kind], peer[kind]) for kind in ours]

        # Changes the way the admin or a shell makes them: plain save()/delete() on the models.
        changed = json.loads(
            ours_shell(
                "import datetime as dt, json\n"
                "from django.core.files.base import ContentFile\n"
                "from modellkommune.council.models import File, Meeting, Membership, Paper\n"
                "p = Paper.objects.alive().filter(public=True).order_by('pk').first()\n"
                "p.name = p.name + ' (geänderter Titel)'; p.save()\n"
                "gone = Paper.objects.alive().filter(public=True).exclude(pk=p.pk).order_by('-pk').first()\n"
                "gone.delete()\n"
                "m = Meeting.objects.alive().filter(public=True, results_protocol__isnull=True).order_by('start').first()\n"
                "f = File(name='Niederschrift', file_name='niederschrift.pdf', mime_type='application/pdf', public=True)\n"
                "f.content.save('niederschrift.pdf', ContentFile(b'%PDF-1.4 Niederschrift'), save=False); f.save()\n"
                "m.results_protocol = f; m.save()\n"
                "ms = Membership.objects.alive().filter(end_date__isnull=True).order_by('pk').first()\n"
                "ms.end_date = dt.date.today() - dt.timedelta(days=1); ms.save()\n"
                "print(json.dumps({'paper': p.pk, 'title': p.name, 'deleted': gone.pk, 'meeting': m.pk,"
                " 'membership': ms.pk, 'end': ms.end_date.isoformat()}))\n"
            )
            .strip()
            .splitlines()[-1]
        )
        time.sleep(1.1)  # modified_since works to the second
        started = time.monotonic()
        updated = mst("import_update", "--skip-download", check=False)
        update_seconds = time.monotonic() - started
        problems += [
            line for line in (updated.stdout + updated.stderr).splitlines() if " ERROR " in line or "Traceback" in line
        ]
        api = f"{BASE}/oparl/v1.1"
        checks = {
            "renamed paper has the new title": sql(
                f"SELECT name FROM mainapp_paper WHERE oparl_id = '{api}/paper/{changed['paper']}'"  # noqa: S608
            )
            == [changed["title"]],
            "deleted paper is deleted": sql(
                f"SELECT deleted FROM mainapp_paper WHERE oparl_id = '{api}/paper/{changed['deleted']}'"  # noqa: S608
            )
            == ["t"],
            "meeting has its minutes": sql(
                "SELECT results_protocol_id IS NOT NULL FROM mainapp_meeting "  # noqa: S608
                f"WHERE oparl_id = '{api}/meeting/{changed['meeting']}'"
            )
            == ["t"],
            "ended membership has its end date": sql(
                f"SELECT \"end\" FROM mainapp_membership WHERE oparl_id = '{api}/membership/{changed['membership']}'"  # noqa: S608
            )
            == [changed["end"]],
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nmeine-stadt-transparent 0.2.14: import {import_seconds:.1f} s, import_update {update_seconds:.1f} s")
    print("| type | our OParl API | imported by the peer |\n|---|---|---|")
    for kind, a, b in rows:
        print(f"| {kind} | {a} | {b} |")
    print("\n| change made with save()/delete() | arrived after import_update |\n|---|---|")
    for name, ok in checks.items():
        print(f"| {name} | {'yes' if ok else 'NO'} |")
    print(f"\nerrors in the peer's log: {len(problems)}")
    for line in problems[:10]:
        print("  ", line)
    ok = all(a == b for _kind, a, b in rows) and all(checks.values()) and not problems
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
