"""The production templates of deploy/ render completely and keep the properties the stack test relies on.

The full proof is `make stack-test` (deploy/ci/stack_test.sh, needs root); these checks run everywhere."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from modellkommune.egov.reports.constants import PHOTO_MAX_BYTES, PHOTO_MAX_COUNT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    params = out / "params.env"
    params.write_text(
        (REPO / "deploy" / "params.env").read_text()
        + "HTTPS_PORT=8443\nWEB_NODES=127.0.0.1:8001 127.0.0.1:8002 10.0.0.7:8001\n"
    )
    subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(REPO / "deploy" / "render.py"), "--params", str(params), "--out", str(out)],
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return out


def test_every_placeholder_is_filled(rendered):
    files = [p for p in rendered.rglob("*") if p.is_file() and p.name != "params.env"]
    assert len(files) == 9
    for path in files:
        assert not re.search(r"@[A-Z][A-Z0-9_]*@", path.read_text()), path


def test_nginx_never_serves_media_directly(rendered):
    conf = (rendered / "nginx" / "modellkommune.conf").read_text()
    assert "location /media/" not in conf
    protected = re.search(r"location /_protected/ \{(.*?)\}", conf, re.S).group(1)
    assert "internal;" in protected and "alias /srv/modellkommune/media/;" in protected


def test_nginx_upstream_retries_and_limits(rendered):
    conf = (rendered / "nginx" / "modellkommune.conf").read_text()
    for node in ("127.0.0.1:8001", "127.0.0.1:8002", "10.0.0.7:8001"):
        assert f"server {node} " in conf
    assert "proxy_next_upstream error timeout http_502 http_503;" in conf
    directives = [line.split("#")[0] for line in conf.splitlines()]
    assert not any("non_idempotent" in line for line in directives)  # a POST is never sent to a second node
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert limit_mb * 2**20 > PHOTO_MAX_COUNT * PHOTO_MAX_BYTES  # a report with its maximum photos fits
    assert "return 301 https://$host:8443$request_uri;" in conf
    assert "X-Forwarded-Proto $scheme" in conf


def test_units_and_procfile_start_every_process_without_pid_files(rendered):
    units = {p.name: p.read_text() for p in (rendered / "systemd").iterdir()}
    assert set(units) == {
        "modellkommune-web@.service",
        "modellkommune-worker.service",
        "modellkommune-beat.service",
        "modellkommune-mqtt.service",
        "modellkommune.target",
    }
    assert "modellkommune-web@8001.service modellkommune-web@8002.service" in units["modellkommune.target"]
    assert "KillSignal=SIGINT" in units["modellkommune-mqtt.service"]  # the listener writes its last batch
    procfile = (rendered / "Procfile").read_text()
    assert procfile.count("gunicorn -c deploy/gunicorn.conf.py") == 3
    for text in [*units.values(), procfile]:
        assert "--pid" not in text


def test_gunicorn_config_is_valid_and_outlives_a_large_data_array(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config", "modellkommune.wsgi"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "HOME": str(tmp_path)},
    )
    config = dict(re.findall(r"^(\w+)\s*=\s*(.*)$", result.stdout, re.M))
    assert config["worker_class"] == "gthread"
    assert int(config["timeout"]) >= 120
    assert config["pidfile"] == "None"
    assert int(config["max_requests"]) > 0 and int(config["max_requests_jitter"]) > 0
    assert config["control_socket_disable"] == "True"


def _env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile= (and deploy/ci/with_env.sh) read them."""
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_env_file_believes_the_local_nginx_for_client_addresses(rendered, rf, settings):
    """Behind nginx every request comes from 127.0.0.1: without TRUSTED_PROXIES all citizens share one per-IP
    rate limit (and the audit log records the proxy). The rendered env names nginx, and nothing else."""
    from modellkommune.core.ratelimit import client_ip

    env = _env_file(rendered / "modellkommune.env")
    settings.TRUSTED_PROXIES = [p for p in env["TRUSTED_PROXIES"].split(",") if p]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    via_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(via_nginx) == "203.0.113.7"
    forged = rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(forged) == "198.51.100.9"  # a direct client cannot pretend to be someone else
    assert "MQTT_DYNSEC_ADMIN_URL" in env  # broker auth is one parameter away (docs/sensors.md)
