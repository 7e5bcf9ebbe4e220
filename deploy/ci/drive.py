#!/usr/bin/env python3
"""Drives the production stack booted by deploy/ci/stack_test.sh from outside, through nginx only.

Every check is a function `check_*` that raises AssertionError with a clear message; `main()` runs them
in order and prints one line each. Settings come from the environment set by stack_test.sh (STACK_*).
Uses httpx and Pillow from the project's virtualenv.
"""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import io
import json
import multiprocessing
import os
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

BASE = os.environ["STACK_BASE_URL"]  # https://localhost:<port> (nginx, TLS, two app nodes)
ONE_NODE = os.environ["STACK_ONE_NODE_URL"]  # the same nginx with an upstream of node 1 only
HTTP_URL = os.environ["STACK_HTTP_URL"]  # plain HTTP listener (redirects)
CA = os.environ["STACK_CA"]  # the run's self-signed certificate
MAIL_DIR = Path(os.environ["STACK_MAIL_DIR"])
PID_DIR = Path(os.environ["STACK_PID_DIR"])
NODES = os.environ["STACK_NODES"].split()  # host:port of each gunicorn node
REPLICA_PSQL = os.environ["STACK_REPLICA_PSQL"].split()  # psql argv for the replica
MANAGE = os.environ["STACK_MANAGE"].split()  # argv prefix that runs manage.py with the production env
STAFF_EMAIL = "admin@iserlohn.example"
STAFF_PASSWORD = "Iserlohn-Demo-2026"  # noqa: S105 - the demo's documented password
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - the demo's documented TOTP secret
LOAD_SECONDS = float(os.environ.get("STACK_LOAD_SECONDS", "20"))
BENCH_SECONDS = float(os.environ.get("STACK_BENCH_SECONDS", "5"))
ROUNDS = 2
STA_ROWS = int(os.environ.get("STACK_STA_ROWS", "20000"))
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SERVER_NAME = httpx.URL(BASE).host
MQTT_PORT = int(os.environ.get("STACK_MQTT_PORT", "0"))  # the broker's TLS listener for devices

# The site's name (STACK_RESOLVE) lives under the reserved .example domain: it resolves to this machine here,
# as DNS would resolve the town's name. Host header, TLS SNI and certificate checks keep the real name.
_RESOLVE = dict.fromkeys(os.environ.get("STACK_RESOLVE", "").split(), "127.0.0.1")
_system_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    return _system_getaddrinfo(_RESOLVE.get(host, host), *args, **kwargs)


socket.getaddrinfo = _getaddrinfo


def client(**kwargs) -> httpx.Client:
    return httpx.Client(base_url=BASE, verify=CA, timeout=httpx.Timeout(320, connect=10), **kwargs)


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(c: httpx.Client, path: str, data: dict, files=None) -> httpx.Response:
    """GET the form, then POST it like a browser (CSRF token, Referer and Origin for HTTPS)."""
    page = c.get(path)
    assert page.status_code == 200, f"GET {path}: {page.status_code}"
    data = {"csrfmiddlewaretoken": csrf_of(page.text), **data}
    return c.post(path, data=data, files=files, headers={"Referer": BASE + path, "Origin": BASE})


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret)
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def poll(what: str, fn, timeout: float = 30.0, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        result = fn()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what}: not within {timeout:.0f} s"
        time.sleep(every)


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 60, 30)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def staff_login() -> httpx.Client:
    c = client()
    response = post_form(c, "/konto/login/", {"login": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert response.status_code == 302, f"staff login: {response.status_code}"
    step = response.headers["location"]
    assert "2fa" in step, f"staff login did not ask for the second factor: {step}"
    response = post_form(c, step, {"code": totp(TOTP_SECRET)})
    assert response.status_code == 302, f"second factor refused: {response.status_code}"
    return c


# --- checks ------------------------------------------------------------------------------------------


def check_tls_static_gzip() -> str:
    with httpx.Client(timeout=10) as plain:
        response = plain.get(HTTP_URL + "/maengelmelder/")
    assert response.status_code == 301, f"HTTP answered {response.status_code}, expected a redirect"
    assert response.headers["location"] == BASE + "/maengelmelder/", response.headers["location"]
    with client() as c:
        css = c.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})
        assert css.status_code == 200, f"static file: {css.status_code}"
        assert css.headers.get("content-encoding") == "gzip", "static CSS not gzipped"
        assert "max-age=" in css.headers.get("cache-control", "") or css.headers.get("expires"), "no cache headers"
        assert "public" in css.headers.get("cache-control", ""), css.headers.get("cache-control")
        home = c.get("/")
        assert home.status_code == 200, f"home page: {home.status_code}"
        assert "strict-transport-security" in home.headers, "no HSTS header behind the proxy"
        hidden = c.get("/_protected/reports/")
        assert hidden.status_code == 404, f"/_protected/ reachable from outside: {hidden.status_code}"
    return "HTTP→HTTPS, TLS, gzip and cache headers on static files, /_protected/ internal"


def check_citizen_report_with_photo() -> str:
    tag = f"CI-Stack {time.time():.0f}"
    citizen = client()
    path = "/maengelmelder/melden/schlagloch/"
    response = post_form(
        citizen,
        path,
        {
            "description": f"Tiefes Schlagloch ({tag})",
            "lat": "51.3752",
            "lon": "7.6960",
            "attr_groesse": "klein",
            "email": "ci.citizen@example.org",
            "not_duplicate": "on",
        },
        files={"photos": ("schlagloch.jpg", jpeg(), "image/jpeg")},
    )
    # Post/redirect/get: the reporter lands on the private tracking page of the new report.
    assert response.status_code == 302, f"report submission answered {response.status_code}: {response.text[:500]}"
    thanks = citizen.get(response.headers["location"])
    assert thanks.status_code == 200, f"tracking page after the report: {thanks.status_code}"
    number = re.search(r"Ihre Meldung ist mit der Nummer (\d+) eingegangen", thanks.text)
    assert number, f"no report number on {response.headers['location']}"
    pk = int(number.group(1))

    # The Celery worker sends the confirmation e-mail over SMTP; the citizen follows the link.
    def confirmation_link():
        for path in sorted(MAIL_DIR.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes())
            body = message.get_payload(decode=True) or b""
            text = body.decode(message.get_content_charset() or "utf-8", "replace")
            if "ci.citizen@example.org" in message["To"] and (
                found := re.search(r"https://\S+/bestaetigen/\S+/", text)
            ):
                return found.group(0)
        return None

    link = poll("confirmation e-mail from the Celery worker", confirmation_link, timeout=60)
    assert link.startswith(BASE), f"confirmation link does not use SITE_URL: {link}"
    confirmed = post_form(citizen, link.removeprefix(BASE), {})
    assert confirmed.status_code == 200, f"confirmation answered {confirmed.status_code}"

    staff = staff_login()
    manage = f"/verwaltung/maengel/{pk}/"
    page = staff.get(manage)
    assert page.status_code == 200, f"back office report page: {page.status_code}"
    photo_url = re.search(r'<img src="(/media/reports/[^"]+)"', page.text).group(1)
    stranger = client()
    denied = stranger.get(photo_url)
    assert denied.status_code == 403, f"photo of an unpublished report answered {denied.status_code} to a stranger"
    assert staff.get(photo_url).status_code == 200, "responsible staff cannot see the photo"

    published = post_form(staff, manage, {"action": "publish", "reason": ""})
    assert published.status_code in (200, 302), f"publishing answered {published.status_code}"

    detail = poll(
        "published report on the public page",
        lambda: (r := stranger.get(f"/maengelmelder/{pk}/")).status_code == 200 and r,
        timeout=30,
    )
    assert photo_url in detail.text, "public report page does not show the photo"
    photo = stranger.get(photo_url)
    assert photo.status_code == 200, f"published photo answered {photo.status_code} through nginx"
    assert photo.headers["content-type"] == "image/jpeg", photo.headers["content-type"]
    assert photo.content.startswith(b"\xff\xd8"), "photo body is not a JPEG"
    assert "x-accel-redirect" not in photo.headers, "X-Accel-Redirect leaked to the client"
    return f"report {pk}: e-mail confirmed, photo 403 before publication, 200 through nginx after"


MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


def _sta_stream() -> tuple[int, int]:
    """A public datastream of measurements (numeric results) and its Thing."""
    params = {"$top": "1", "$expand": "Thing", "$filter": f"observationType eq '{MEASUREMENT}'"}
    with client() as c:
        response = c.get("/sta/v1.1/Datastreams", params=params)
    assert response.status_code == 200, f"Datastreams: {response.status_code} {response.text[:300]}"
    assert response.json()["value"], "no public measurement datastream in the demo"
    stream = response.json()["value"][0]
    return stream["@iot.id"], stream["Thing"]["@iot.id"]


def _sta_token(thing_id: int) -> str:
    out = subprocess.run(  # noqa: S603 - our own manage.py
        [*MANAGE, "sta_token", "--name", f"ci-stack-{time.time_ns()}", "--scope", f"thing:{thing_id}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.search(r"sta_[A-Za-z0-9_-]{20,}", out).group(0)


def check_sta_data_array() -> str:
    stream_id, thing_id = _sta_stream()
    token = _sta_token(thing_id)
    start = time.time() - STA_ROWS * 60 - 86400 * 30
    rows = [
        [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + i * 60)), round(i % 97 / 3, 2)]
        for i in range(STA_ROWS)
    ]
    body = [
        {
            "Datastream": {"@iot.id": stream_id},
            "components": ["phenomenonTime", "result"],
            "dataArray@iot.count": len(rows),
            "dataArray": rows,
        }
    ]
    began = time.monotonic()
    with client(headers={"Authorization": f"Bearer {token}"}) as c:
        response = c.post("/sta/v1.1/CreateObservations", json=body)
    took = time.monotonic() - began
    assert response.status_code == 201, f"dataArray of {STA_ROWS} rows: {response.status_code} after {took:.1f} s"
    links = response.json()
    errors = [x for x in links if not str(x).startswith("http")]
    assert len(links) == STA_ROWS and not errors, f"{len(errors)} rows refused: {errors[:1]}"
    return f"{STA_ROWS} rows in {took:.1f} s"


def _replica(sql: str) -> str:
    return subprocess.run([*REPLICA_PSQL, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


def check_replica_and_read_your_writes() -> str:
    assert _replica("SELECT pg_is_in_recovery()") == "t", "the replica is not a standby"
    stream_id, thing_id = _sta_stream()
    token = _sta_token(thing_id)
    _replica("SELECT pg_wal_replay_pause()")  # the replica now lags behind until resumed
    try:
        poll("replay paused", lambda: _replica("SELECT pg_get_wal_replay_pause_state()") == "paused", timeout=10)
        writer = client(headers={"Authorization": f"Bearer {token}"})
        created = writer.post(
            f"/sta/v1.1/Datastreams({stream_id})/Observations",
            json={"phenomenonTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "result": 4242.5},
        )
        assert created.status_code == 201, f"observation POST: {created.status_code} {created.text[:300]}"
        location = created.headers["location"].removeprefix(BASE)
        assert writer.get(location).status_code == 200, "the writer (token) does not see its own write"
        del writer.headers["Authorization"]
        assert writer.get(location).status_code == 200, "the writer (pin cookie, no token) does not see its own write"
        stranger = client()
        lagging = stranger.get(location)
        assert lagging.status_code == 404, (
            f"anonymous read answered {lagging.status_code} while the replica was paused: it did not use the replica"
        )
    finally:
        _replica("SELECT pg_wal_replay_resume()")
    poll("the write on the replica", lambda: stranger.get(location).status_code == 200, timeout=30)
    return "writer sees its write at once (token and pin cookie); anonymous reads come from the replica and catch up"


def _node_pid(index: int) -> int:
    return int((PID_DIR / f"web{index}.pid").read_text())


def _node_healthy(node: str) -> bool:
    try:
        r = httpx.get(f"http://{node}/healthz", headers={"Host": SERVER_NAME, "X-Forwarded-Proto": "https"}, timeout=5)
        return r.status_code == 200
    except httpx.HTTPError:
        return False


def check_kill_node_under_load() -> str:
    results: list[tuple[float, int | str]] = []
    stop = threading.Event()

    def load():
        with client() as c:
            while not stop.is_set():
                try:
                    status: int | str = c.get("/healthz").status_code
                except httpx.RemoteProtocolError as exc:
                    status = (
                        f"incomplete: {exc}" if "complete message body" in str(exc) else f"RemoteProtocolError: {exc}"
                    )
                except httpx.HTTPError as exc:
                    status = f"{type(exc).__name__}: {exc}"
                results.append((time.monotonic(), status))

    threads = [threading.Thread(target=load) for _ in range(4)]
    began = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(LOAD_SECONDS / 4)
    victim = _node_pid(1)
    os.killpg(victim, signal.SIGKILL)  # the node's master and its workers, as a crash would
    killed_at = time.monotonic()
    time.sleep(LOAD_SECONDS - (killed_at - began))
    stop.set()
    for t in threads:
        t.join()
    # A request whose response headers had already passed nginx when the node died is cut in transfer: no
    # proxy can replay a response it has begun to send (gunicorn writes headers and body in two system
    # calls, so a kill -9 can land in between). At most the requests in flight at that instant; every
    # other request, including all that the dead node had not answered yet, must succeed (nginx retries).
    cut = [s for when, s in results if s != 200 and "incomplete" in str(s) and abs(when - killed_at) < 3]
    failures = [s for _, s in results if s != 200 and s not in cut]
    after = sum(1 for when, _ in results if when > killed_at)
    assert failures == [], f"{len(failures)} of {len(results)} requests failed after kill -9: {failures[:5]}"
    assert len(cut) <= len(threads), f"{len(cut)} responses cut by the kill, more than were in flight"
    assert after > 0, "no request ran after the kill"
    # The supervisor (systemd Restart=always / procfile_run.py --restart) starts the node again: no pid file blocks it.
    poll("node 1 back after kill -9", lambda: _node_pid(1) != victim and _node_healthy(NODES[0]), timeout=40)
    return (
        f"{len(results)} requests in {LOAD_SECONDS:.0f} s, {after} after kill -9 of node 1, 0 failed "
        f"({len(cut)} cut in transfer at the kill); node 1 restarted"
    )


def _bench_worker(url: str, seconds: float, queue) -> None:
    count = errors = 0
    with httpx.Client(base_url=url, verify=CA, timeout=10) as c:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                ok = c.get("/healthz").status_code == 200
            except httpx.HTTPError:
                ok = False
            count += ok
            errors += not ok
    queue.put((count, errors))


def _bench(url: str, processes: int = 3) -> float:
    queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_bench_worker, args=(url, BENCH_SECONDS, queue)) for _ in range(processes)
    ]
    for w in workers:
        w.start()
    totals = [queue.get() for _ in workers]
    for w in workers:
        w.join()
    assert sum(e for _, e in totals) == 0, f"errors during the benchmark of {url}"
    return sum(c for c, _ in totals) / BENCH_SECONDS


def check_throughput_two_nodes_vs_one() -> str:
    poll("both nodes healthy", lambda: all(_node_healthy(n) for n in NODES), timeout=30)
    # Alternating rounds, so that load from other processes on the machine hits both alike.
    one = two = 0.0
    for _ in range(ROUNDS):
        one += _bench(ONE_NODE) / ROUNDS
        two += _bench(BASE) / ROUNDS
    line = f"{two:.0f} req/s with two nodes vs {one:.0f} req/s with one node (ratio {two / one:.2f})"
    Path(os.environ.get("STACK_PERF_FILE", "/dev/null")).write_text(line + "\n")
    return line


def _measurement_streams_by_sector() -> dict[str, list[int]]:
    """Public measurement datastreams, grouped by their Thing's sector (properties.sector)."""
    params = {"$top": "100", "$expand": "Thing", "$filter": f"observationType eq '{MEASUREMENT}'"}
    with client() as c:
        response = c.get("/sta/v1.1/Datastreams", params=params)
    assert response.status_code == 200, f"Datastreams: {response.status_code} {response.text[:300]}"
    sectors: dict[str, list[int]] = {}
    for stream in response.json()["value"]:
        sector = (stream["Thing"].get("properties") or {}).get("sector")
        if sector:
            sectors.setdefault(sector, []).append(stream["@iot.id"])
    return sectors


def _mqtt_device(username: str, password: str):
    """A device: MQTT 3.1.1 over TLS (the broker's device listener, certificate and host name checked),
    username and password as `manage.py sta_token` prints them. Returns (client, CONNACK reason code)."""
    import paho.mqtt.client as paho

    device = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id=f"ci-device-{time.time_ns()}", protocol=paho.MQTTv311
    )
    device.username_pw_set(username, password)
    device.tls_set(ca_certs=CA, cert_reqs=ssl.CERT_REQUIRED)
    answer: list = []
    connected = threading.Event()

    def on_connect(client, userdata, flags, reason_code, properties=None):
        answer.append(reason_code)
        connected.set()

    device.on_connect = on_connect
    device.connect(SERVER_NAME, MQTT_PORT, keepalive=30)
    device.loop_start()
    assert connected.wait(10), "no CONNACK from the broker within 10 s"
    return device, answer[0]


def _close(device) -> None:
    device.disconnect()
    device.loop_stop()


def _publish(device, stream_id: int, result: float, *, acknowledged: bool = True) -> None:
    payload = {"phenomenonTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "result": result}
    info = device.publish(f"v1.1/Datastreams({stream_id})/Observations", json.dumps(payload), qos=1)
    info.wait_for_publish(10 if acknowledged else 3)
    assert info.is_published() or not acknowledged, f"QoS 1 publish to Datastream {stream_id} not acknowledged"


def mqtt_device_check() -> str:
    """A device with a sector token publishes over MQTT 3.1.1 (username sta-<id>, password = token) to a
    datastream of its sector: the observation appears over HTTP. Publishing to another sector's datastream is
    dropped by the broker's ACL (MQTT 3.1.1 has no negative PUBACK); a wrong password and a revoked token are
    refused at CONNECT."""
    sectors = _measurement_streams_by_sector()
    assert len(sectors) >= 2, f"the demo needs measurement datastreams in two sectors, has {sorted(sectors)}"
    own, other = sorted(sectors)[:2]
    stream, foreign = sectors[own][0], sectors[other][0]
    name = f"ci-mqtt-{time.time_ns()}"
    out = subprocess.run(  # noqa: S603 - our own manage.py
        [*MANAGE, "sta_token", "--name", name, "--scope", f"sector:{own}"], check=True, capture_output=True, text=True
    ).stdout
    username = re.search(r"Benutzername (sta-\d+)", out).group(1)
    token = out.strip().splitlines()[-1]
    # Reads with the token go to the primary: no replica lag in what this check sees.
    reader = client(headers={"Authorization": f"Bearer {token}"})

    def stored(stream_id: int, result: float) -> int:
        """How many of the stream's newest observations carry ``result`` (only this check writes 'now')."""
        response = reader.get(
            f"/sta/v1.1/Datastreams({stream_id})/Observations",
            params={"$orderby": "phenomenonTime desc", "$top": "50", "$select": "result"},
        )
        assert response.status_code == 200, f"Observations: {response.status_code} {response.text[:300]}"
        return sum(1 for o in response.json()["value"] if abs(float(o["result"]) - result) < 1e-6)

    impostor, refused = _mqtt_device(username, "wrong-" + token)
    _close(impostor)
    assert refused.is_failure, f"a wrong password was accepted at CONNECT ({refused})"
    device, accepted = _mqtt_device(username, token)
    assert not accepted.is_failure, f"the token's broker client was refused: {accepted}"
    mark = round(9000 + time.time() % 1000, 3)
    try:
        _publish(
            device, foreign, mark + 0.5, acknowledged=False
        )  # first: anything stored in order would show up before the next
        began = time.monotonic()
        _publish(device, stream, mark)
        poll("the MQTT observation over HTTP", lambda: stored(stream, mark) == 1, timeout=30)
        took = time.monotonic() - began
        time.sleep(2)  # the listener writes every 0.2 s: a passed message would be stored by now
        assert stored(stream, mark) == 1, "the observation was stored twice"
        assert stored(foreign, mark + 0.5) == 0, f"a {own} token wrote to Datastream {foreign} of sector {other}"
    finally:
        _close(device)
    subprocess.run([*MANAGE, "sta_token_revoke", name], check=True, capture_output=True, text=True)  # noqa: S603
    former, revoked = _mqtt_device(username, token)
    _close(former)
    assert revoked.is_failure, f"a revoked token still connects ({revoked})"
    reader.close()
    return (
        f"MQTT 3.1.1 over TLS as {username}: Datastream {stream} ({own}) stored in {took:.1f} s, "
        f"Datastream {foreign} ({other}) refused by the ACL; wrong password and revoked token refused at CONNECT"
    )


CHECKS = [
    check_tls_static_gzip,
    check_citizen_report_with_photo,
    check_sta_data_array,
    check_replica_and_read_your_writes,
    mqtt_device_check,
    check_kill_node_under_load,
    check_throughput_two_nodes_vs_one,
]


def main() -> int:
    only = set(filter(None, os.environ.get("STACK_ONLY", "").split(",")))
    failed = 0
    for check in CHECKS:
        if only and check.__name__ not in only:
            continue
        began = time.monotonic()
        try:
            detail = check()
        except Exception as exc:  # every failure is reported, the remaining checks still run
            failed += 1
            print(f"FAIL {check.__name__} ({time.monotonic() - began:.1f} s): {type(exc).__name__}: {exc}", flush=True)
        else:
            print(f"ok   {check.__name__} ({time.monotonic() - began:.1f} s): {detail}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
