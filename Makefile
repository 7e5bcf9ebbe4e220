# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper for them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_TEST_URL ?=

.PHONY: run test install lint migrate demo serve clean vendor browser mosquitto postgis stack-test hunspell bench-search

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements.lock pyproject.toml
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

install: $(STAMP) vendor

# Front-end libraries (htmx, Leaflet, axe-core) come from npm; without npm the site still works.
vendor: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: maps and live updates fall back to plain HTML"; fi

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo

run: demo
	@echo "Modellkommune läuft auf http://127.0.0.1:8000 (Strg+C beendet)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Browser tests drive Debian's Chromium; installed here when missing (needs root and apt-get).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "chromium could not be installed: browser tests will be skipped"; \
	else echo "chromium not installed and no root apt-get: browser tests will be skipped"; fi

# MQTT tests start their own Mosquitto with the dynamic-security plugin (package mosquitto) and initialise it
# with mosquitto_ctrl (package mosquitto-clients); installed here when missing (needs root and apt-get).
mosquitto:
	@if { command -v mosquitto || [ -x /usr/sbin/mosquitto ]; } >/dev/null 2>&1 && command -v mosquitto_ctrl >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's mosquitto and mosquitto-clients for the MQTT tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >/dev/null) \
		|| echo "mosquitto could not be installed: MQTT broker tests will be skipped"; \
	else echo "mosquitto or mosquitto_ctrl not installed and no root apt-get: MQTT broker tests will be skipped"; fi

# Geometry on PostgreSQL is PostGIS (sensors migration 0006 runs CREATE EXTENSION postgis); installed here for
# the local PostgreSQL $(PG_MAJOR) when missing (needs root and apt-get). SQLite needs no system package (shapely).
PG_MAJOR ?= 15
postgis:
	@if [ ! -d /usr/lib/postgresql/$(PG_MAJOR) ] || [ -f /usr/share/postgresql/$(PG_MAJOR)/extension/postgis.control ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's postgresql-$(PG_MAJOR)-postgis-3 for the geometry columns on PostgreSQL"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$(PG_MAJOR)-postgis-3 >/dev/null) \
		|| echo "PostGIS could not be installed: the PostgreSQL test run will fail at migrate"; \
	else echo "PostGIS for PostgreSQL $(PG_MAJOR) not installed and no root apt-get: the PostgreSQL test run will fail at migrate"; fi

# Debian's German hunspell dictionary converted for PostgreSQL's text search (pg_updatedicts of
# postgresql-common links de_de.dict/.affix into tsearch_data). Only the recall benchmark compares it: it does
# not split compounds in PostgreSQL, so the search itself uses stems, prefixes and trigrams (docs/council.md).
hunspell:
	@if [ -e "$$(pg_config --sharedir 2>/dev/null)/tsearch_data/de_de.affix" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's hunspell-de-de for PostgreSQL's text search"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-de-de postgresql-common >/dev/null \
		&& pg_updatedicts) || echo "hunspell-de-de could not be installed: the recall benchmark skips that candidate"; \
	else echo "hunspell-de-de not converted for PostgreSQL and no root apt-get: the benchmark skips that candidate"; fi

# Recall of the search candidates and the search part of the council benchmark (PostgreSQL in DATABASE_URL).
bench-search: install hunspell
	$(PY) bench/search_recall.py
	$(PY) bench/council_oparl.py --search-only

# Tests run on SQLite first, then again on PostgreSQL when DATABASE_URL points at it.
test: lint browser mosquitto postgis
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run --settings=modellkommune.settings.test
	DATABASE_URL= $(VENV)/bin/pytest -n 2 -q
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "== PostgreSQL: $${DATABASE_URL%%\?*}"; \
		$(VENV)/bin/pytest -n 2 -q; \
	else echo "DATABASE_URL does not point at PostgreSQL: PostgreSQL run skipped"; fi

# The production setup of deploy/ booted and driven from outside (nginx, two gunicorn nodes, Celery,
# MQTT listener, its own Mosquitto with dynamic security, PostgreSQL primary + streaming replica). Needs root,
# the local PostgreSQL and Redis (nginx and mosquitto come from apt-get); .ci/run calls it when CI is set.
# About 5-6 minutes.
stack-test: install
	deploy/ci/stack_test.sh

clean:
	rm -rf $(VENV) node_modules var staticfiles
