"""A private Mosquitto for one test: its own port, persistence and dynamic-security file, as in production
(deploy/mosquitto/mosquitto.conf). Skips with the reason when mosquitto, mosquitto_ctrl or the plugin is missing
(``make mosquitto`` installs them)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ADMIN = ("dynsec-admin", "admin-pw-for-tests")
PLATFORM = ("modellkommune", "platform-pw-for-tests")
PLUGIN_GLOBS = (
    "/usr/lib/*/mosquitto_dynamic_security.so",
    "/usr/lib/mosquitto_dynamic_security.so",
    "/usr/local/lib/mosquitto_dynamic_security.so",
)


def plugin_path() -> str | None:
    for pattern in PLUGIN_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateBroker:
    def __init__(self, directory: Path):
        self.dir = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.mosquitto = shutil.which("mosquitto") or (
            "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
        )
        self.ctrl = shutil.which("mosquitto_ctrl")
        self.plugin = plugin_path()

    def missing(self) -> str:
        if not self.mosquitto:
            return "mosquitto is not installed (make mosquitto)"
        if not self.ctrl:
            return "mosquitto_ctrl is not installed (Debian package mosquitto-clients; make mosquitto)"
        if not self.plugin:
            return "mosquitto_dynamic_security.so not found (Debian package mosquitto)"
        return ""

    def url(self, user: str | None = None, password: str | None = None) -> str:
        auth = f"{user}:{password}@" if user else ""
        return f"mqtt://{auth}127.0.0.1:{self.port}"

    @property
    def admin_url(self) -> str:
        return self.url(*ADMIN)

    @property
    def platform_url(self) -> str:
        return self.url(*PLATFORM)

    def init(self, conf: str | None = None) -> None:
        """What an operator does once: ``mosquitto_ctrl dynsec init`` and the configuration file (``conf``, or
        the test default)."""
        dynsec = self.dir / "dynamic-security.json"
        subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [self.ctrl, "dynsec", "init", str(dynsec), ADMIN[0], ADMIN[1]],
            check=True,
            capture_output=True,
            timeout=20,
        )
        if conf is not None:
            (self.dir / "mosquitto.conf").write_text(("user root\n" if os.geteuid() == 0 else "") + conf)
            return
        (self.dir / "mosquitto.conf").write_text(
            # started as root (CI), mosquitto would switch to the user "mosquitto", who cannot read tmp_path
            f"{'user root' + chr(10) if os.geteuid() == 0 else ''}"
            "per_listener_settings false\n"
            "allow_anonymous true\n"
            f"listener {self.port} 127.0.0.1\n"
            f"plugin {self.plugin}\n"
            f"plugin_opt_config_file {dynsec}\n"
            "persistence true\n"
            f"persistence_location {self.dir}/\n"
            "max_queued_messages 100000\n"
            "max_inflight_messages 0\n"
            "log_type error\nlog_type warning\n"
        )

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [self.mosquitto, "-c", str(self.dir / "mosquitto.conf")],
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "mosquitto.log", "ab"),  # noqa: SIM115 - lives as long as the broker
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"private mosquitto did not start: {(self.dir / 'mosquitto.log').read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def private_broker(tmp_path, settings):
    """A running private Mosquitto with dynamic security bootstrapped as ``mqtt_dynsec_sync`` does it;
    MQTT_URL (platform client) and MQTT_DYNSEC_ADMIN_URL point at it."""
    broker = PrivateBroker(tmp_path)
    reason = broker.missing()
    if reason:
        pytest.skip(reason)
    broker.init()
    broker.start()
    from modellkommune.sensors import dynsec, mqtt

    try:
        settings.MQTT_URL = broker.platform_url
        settings.MQTT_DYNSEC_ADMIN_URL = broker.admin_url
        with dynsec.Session(dynsec.admin_broker()) as session:
            dynsec.bootstrap(session, mqtt.broker_from_url(broker.platform_url))
        mqtt.publisher.reset()
        yield broker
    finally:
        mqtt.publisher.reset()
        broker.stop()
