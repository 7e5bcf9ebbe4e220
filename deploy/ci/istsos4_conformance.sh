#!/usr/bin/env bash
# Runs istSOS4's public SensorThings API 1.1 conformance suite (black-box pytest + httpx) against a running
# server of this project. It fetches nothing: fetch istSOS4 (github.com/istSOS/istSOS4) yourself, copy its
# tests/ folder outside this repository and install the suite's tests/conformance/requirements.txt into a
# virtual environment of its own (never the project's). docs/sensors.md, "istSOS4 conformance suite", has the
# whole recipe and the last results.
#
#   ISTSOS4_TESTS=/tmp/istsos4/tests SUITE_PYTHON=/tmp/istsos4/venv/bin/python \
#   STA_BASE_URL=http://127.0.0.1:18500/sta/v1.1 STA_TOKEN=sta_… deploy/ci/istsos4_conformance.sh [pytest args]
#
# SUITE_PART=extensions/data_array runs the suite's FROST dataArray extension tests instead of the 18-088 ones.
# The suite sends no credentials; the small pytest plugin written below adds "Authorization: Bearer $STA_TOKEN"
# to its httpx clients (a token with --scope all, from manage.py sta_token, since the suite writes everywhere).
set -euo pipefail
: "${ISTSOS4_TESTS:?set ISTSOS4_TESTS to the copied istSOS4 tests/ folder}"
: "${SUITE_PYTHON:?set SUITE_PYTHON to the python of the virtual environment of the suite}"
: "${STA_BASE_URL:?set STA_BASE_URL, e.g. http://127.0.0.1:18500/sta/v1.1}"
: "${STA_TOKEN:?set STA_TOKEN to a write token (manage.py sta_token --name istsos4 --scope all)}"
part="${SUITE_PART:-conformance}"

plugin_dir="$(mktemp -d)"
trap 'rm -rf "$plugin_dir"' EXIT
cat >"$plugin_dir/sta_auth_plugin.py" <<'PY'
"""Every httpx.Client of the suite sends the write token of this run."""
import os

import httpx

_init = httpx.Client.__init__


def _with_token(self, *args, **kwargs):
    headers = dict(kwargs.pop("headers", None) or {})
    headers.setdefault("Authorization", f"Bearer {os.environ['STA_TOKEN']}")
    _init(self, *args, headers=headers, **kwargs)


httpx.Client.__init__ = _with_token
PY

cd "$ISTSOS4_TESTS/$part"
export STA_BASE_URL STA_TOKEN
PYTHONPATH="$plugin_dir" "$SUITE_PYTHON" -m pytest -p sta_auth_plugin -p no:cacheprovider -q "$@" .
