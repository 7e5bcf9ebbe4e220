"""gunicorn settings for one app node (`gunicorn -c deploy/gunicorn.conf.py modellkommune.wsgi`).

Every value can be changed per node through the environment (systemd unit, Procfile, env file), so one
file serves every node; `GUNICORN_BIND` is the only one that differs between nodes on one machine.
`gunicorn -c deploy/gunicorn.conf.py --check-config modellkommune.wsgi` validates it.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# One node listens on one loopback port; nginx's upstream lists every node (deploy/nginx/).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Threads rather than many processes: most requests wait on PostgreSQL, and threads share one copy of the
# Django app (memory). 2 processes per core (at least 2, so one busy process never blocks a node), each
# with 4 threads, keeps the CPU busy without queueing behind a slow report PDF or dataArray.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count() * 2))
threads = _int("GUNICORN_THREADS", 4)

# gunicorn's default (sync workers, 30 s timeout) killed a legitimate 14,000-row SensorThings dataArray
# mid-request (502). A gthread worker's main loop keeps reporting to the master while its threads work, so
# this timeout only detects a hung process; nginx bounds each request (proxy_read_timeout: 120 s, 300 s
# for /sta/). 120 s leaves room for a worker that is busy importing or rendering at start-up.
timeout = _int("GUNICORN_TIMEOUT", 120)
# On SIGTERM (systemctl stop/restart, deploys) workers finish running requests for up to this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps upstream connections open (keepalive in the upstream block); a little longer than nothing.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after ~1,000 requests so a slow leak (PDF rendering, large querysets) never grows
# without bound; the jitter spreads the restarts so the workers of a node never restart together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# No pid file: systemd (or the Procfile runner) tracks the main process. A pid file left behind by kill -9
# makes `gunicorn --pid` refuse to start when its pid is reused ("Already running on PID").
pidfile = None
# gunicorn 23+ opens a control socket under $HOME by default; two nodes on one machine would share it and
# a kill -9 leaves it stale. Nodes are controlled with signals instead.
control_socket_disable = True
# Worker heartbeats in RAM, not on a disk that may stall under load (gunicorn's FAQ).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - only heartbeat files

# Only nginx on this machine may set X-Forwarded-* (Django reads the scheme via BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log to stdout for the journal; errors to stderr. Django logs JSON lines itself.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", f"modellkommune-{bind}")
