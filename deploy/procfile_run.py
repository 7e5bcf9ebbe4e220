#!/usr/bin/env python3
"""Run every process of a Procfile in the foreground: the single command for machines without systemd.

    cd /srv/modellkommune/app && python3 deploy/procfile_run.py --env /etc/modellkommune/modellkommune.env \
        --procfile /etc/modellkommune/rendered/Procfile

Like foreman/honcho: output prefixed with the process name, Ctrl+C or SIGTERM stops everything (the MQTT
listener gets SIGINT so it writes its last batch). With --restart a process that dies (even by kill -9) is
started again after a second, as systemd's Restart=always does; without it, the first exit stops all.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

# Processes that must be stopped with SIGINT to flush their work (see the systemd unit as well).
STOP_SIGNALS = {"mqtt": signal.SIGINT}
GRACE_SECONDS = 40


def read_procfile(path: Path) -> dict[str, str]:
    entries = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            name, _, command = raw.partition(":")
            entries[name.strip()] = command.strip()
    return entries


def read_env(path: Path) -> dict[str, str]:
    env = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip('"')
    return env


class Runner:
    def __init__(self, entries: dict[str, str], env: dict[str, str], restart: bool, pid_dir: Path | None):
        self.entries, self.env, self.restart, self.pid_dir = entries, env, restart, pid_dir
        self.procs: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()
        self.requested = threading.Event()  # set by SIGINT/SIGTERM; the main loop stops everything
        self.lock = threading.Lock()
        self.width = max(len(n) for n in entries)

    def log(self, name: str, line: str) -> None:
        sys.stdout.write(f"{time.strftime('%H:%M:%S')} {name.ljust(self.width)} | {line}")
        sys.stdout.flush()

    def start(self, name: str) -> None:
        proc = subprocess.Popen(  # noqa: S603 - the operator's own Procfile
            ["/bin/sh", "-c", f"exec {self.entries[name]}"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # own process group: a signal reaches the process and its children
        )
        self.procs[name] = proc
        if self.pid_dir:
            (self.pid_dir / f"{name}.pid").write_text(str(proc.pid))
        self.log("runner", f"started {name} (pid {proc.pid}): {self.entries[name]}\n")
        threading.Thread(target=self.pump, args=(name, proc), daemon=True).start()

    def pump(self, name: str, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.log(name, line)

    def stop_all(self) -> None:
        self.stopping.set()
        for name, proc in self.procs.items():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, STOP_SIGNALS.get(name, signal.SIGTERM))
        deadline = time.monotonic() + GRACE_SECONDS
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log("runner", f"{name} did not stop in {GRACE_SECONDS} s: SIGKILL\n")
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            with contextlib.suppress(ProcessLookupError):  # leftover children (workers of a killed master)
                os.killpg(proc.pid, signal.SIGKILL)

    def run(self) -> int:
        for name in self.entries:
            self.start(name)
        exit_code = 0
        while not self.stopping.is_set():
            if self.requested.is_set():
                self.stop_all()
                break
            for name, proc in list(self.procs.items()):
                code = proc.poll()
                if code is None or self.stopping.is_set():
                    continue
                self.log("runner", f"{name} exited with {code}\n")
                if not self.restart:
                    exit_code = code or 1
                    self.stop_all()
                    break
                with contextlib.suppress(ProcessLookupError):  # leftovers of the dead process group
                    os.killpg(proc.pid, signal.SIGKILL)
                time.sleep(1)
                self.start(name)
            self.requested.wait(0.5)
        return exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procfile", type=Path, default=Path("Procfile"))
    parser.add_argument("--env", type=Path, help="KEY=VALUE file added to the environment (the systemd env file)")
    parser.add_argument("--restart", action="store_true", help="start a process again when it dies")
    parser.add_argument("--pid-dir", type=Path, help="write <name>.pid of each running process (for tests)")
    parser.add_argument("--only", help="comma-separated process names to run")
    args = parser.parse_args(argv)
    entries = read_procfile(args.procfile)
    if args.only:
        wanted = set(args.only.split(","))
        entries = {n: c for n, c in entries.items() if n in wanted}
    env = dict(os.environ)
    if args.env:
        env.update(read_env(args.env))
    runner = Runner(entries, env, args.restart, args.pid_dir)

    def on_signal(signum, frame):
        runner.log("runner", f"signal {signal.Signals(signum).name}: stopping\n")
        runner.requested.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    code = runner.run()
    for proc in runner.procs.values():
        proc.wait()
    runner.log("runner", f"all processes stopped: {shlex.join(sorted(runner.procs))}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
