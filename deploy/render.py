#!/usr/bin/env python3
"""Render the deployment templates (*.in) of deploy/ with an operator's parameters.

    python3 deploy/render.py --params deploy/params.env --out /etc/modellkommune/rendered

Writes nginx/modellkommune.conf, nginx/nginx.conf (standalone), systemd/*.service|target, modellkommune.env
and Procfile under --out. Placeholders look like @NAME@; parameters come from --params (KEY=VALUE lines)
and are overridden by the environment. An unknown placeholder is an error, so nothing half-rendered is
ever installed. Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
TEMPLATES = {
    "nginx/modellkommune.conf.in": "nginx/modellkommune.conf",
    "nginx/standalone.conf.in": "nginx/nginx.conf",
    "systemd/modellkommune-web@.service.in": "systemd/modellkommune-web@.service",
    "systemd/modellkommune-worker.service.in": "systemd/modellkommune-worker.service",
    "systemd/modellkommune-beat.service.in": "systemd/modellkommune-beat.service",
    "systemd/modellkommune-mqtt.service.in": "systemd/modellkommune-mqtt.service",
    "systemd/modellkommune.target.in": "systemd/modellkommune.target",
    "modellkommune.env.in": "modellkommune.env",
    "Procfile.in": "Procfile",
}


def read_params(path: Path) -> dict[str, str]:
    params: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", key.strip()):
            raise SystemExit(f"{path}:{number}: expected KEY=VALUE, got {raw!r}")
        params[key.strip()] = value.strip().strip('"')
    return params


def derive(params: dict[str, str]) -> dict[str, str]:
    """Values computed from the parameters: one line per app node, the port suffix of URLs."""
    nodes = params["WEB_NODES"].split()
    if not nodes:
        raise SystemExit("WEB_NODES lists no app node")
    out = dict(params)
    out["UPSTREAM_SERVERS"] = "\n".join(f"    server {node} max_fails=1 fail_timeout=5s;" for node in nodes)
    out["PROCFILE_WEB"] = "\n".join(
        f"web{i}: env GUNICORN_BIND={node} .venv/bin/gunicorn -c deploy/gunicorn.conf.py modellkommune.wsgi"
        for i, node in enumerate(nodes, start=1)
    )
    out["WEB_UNITS"] = " ".join(f"modellkommune-web@{node.rsplit(':', 1)[1]}.service" for node in nodes)
    out["HTTPS_PORT_SUFFIX"] = "" if params["HTTPS_PORT"] == "443" else f":{params['HTTPS_PORT']}"
    if not out.get("SECRET_KEY"):
        out["SECRET_KEY"] = secrets.token_urlsafe(50)
    return out


def render(template: str, values: dict[str, str], name: str) -> str:
    missing = sorted({m for m in PLACEHOLDER.findall(template) if m not in values})
    if missing:
        raise SystemExit(f"{name}: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=HERE / "params.env")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    params = read_params(args.params)
    params.update({k: v for k, v in os.environ.items() if k in params})
    params["OUT_DIR"] = str(args.out.resolve())
    values = derive(params)
    for source, target in TEMPLATES.items():
        path = args.out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render((HERE / source).read_text(encoding="utf-8"), values, source), encoding="utf-8")
        if target == "modellkommune.env":
            path.chmod(0o600)
    print(f"rendered {len(TEMPLATES)} files into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
