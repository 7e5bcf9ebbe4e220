#!/usr/bin/env bash
# Boots the production stack from deploy/ as an operator would, drives it from outside through nginx
# (deploy/ci/drive.py) and shuts it down cleanly. `make stack-test`; .ci/run calls it when CI is set.
#
# Needs root (apt-get, pg_createcluster), PostgreSQL 15 on 127.0.0.1:5432 (trust for postgres) and Redis on
# 127.0.0.1:6379. Everything else lives in a temporary directory: its own nginx (-c, own pid and logs), its own
# Mosquitto with dynamic security (deploy/mosquitto/mosquitto.conf with this run's ports and paths), two gunicorn
# nodes, Celery worker + beat, the MQTT listener, a streaming replica cluster (dropped at the end), database
# $STACK_DB and Redis DBs $STACK_REDIS_DB and +1 (flushed). The site is served as $STACK_SERVER_NAME (a name
# under the reserved .example domain, so that `check --deploy` sees a real host; clients resolve it to
# 127.0.0.1 themselves: curl --resolve, drive.py). The system's nginx, Mosquitto and PostgreSQL configuration
# stay as they are, except one idempotent "host replication" line for 127.0.0.1 in the primary's pg_hba.conf.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
STARTED=$(date +%s)
PG_VERSION=${STACK_PG_VERSION:-15}
PRIMARY_PORT=${STACK_PRIMARY_PORT:-5432}
REPLICA_PORT=${STACK_REPLICA_PORT:-5433}
REPLICA_CLUSTER=${STACK_REPLICA_CLUSTER:-mkstack}
DB=${STACK_DB:-mk_stack}
REDIS_DB=${STACK_REDIS_DB:-11}
BASE_PORT=${STACK_BASE_PORT:-18000}
HTTP_PORT=$((BASE_PORT + 80))
HTTPS_PORT=$((BASE_PORT + 443))
ONE_NODE_PORT=$((BASE_PORT + 444))
WEB1=$((BASE_PORT + 1))
WEB2=$((BASE_PORT + 2))
SMTP_PORT=$((BASE_PORT + 25))
MQTT_PORT=$((BASE_PORT + 883))   # plain MQTT on 127.0.0.1: platform, listener, dynamic-security admin
MQTTS_PORT=$((BASE_PORT + 884))  # MQTT over TLS: devices (8883 in production)
SERVER_NAME=${STACK_SERVER_NAME:-stack.iserlohn.example}
PORTS="$HTTP_PORT $HTTPS_PORT $ONE_NODE_PORT $WEB1 $WEB2 $SMTP_PORT $MQTT_PORT $MQTTS_PORT $REPLICA_PORT"
WORK=$(mktemp -d /tmp/mk-stack.XXXXXX)
chmod 755 "$WORK"  # nginx's workers (www-data) read static and media files below it
ETC="$WORK/etc" RUN="$WORK/run" LOG="$WORK/log" PIDS="$WORK/pids"
mkdir -p "$ETC" "$RUN" "$LOG" "$PIDS" "$WORK/mail" "$WORK/static" "$WORK/media"
RUNNER_PID="" SINK_PID="" COLLECT_PID="" NGINX_PID="" MOSQUITTO_PID="" STOPPED=0
# Set once this run owns them: cleanup never touches what another run (or a busy port's owner) holds.
OWN_DB=0 OWN_REPLICA=0

say() { printf '== %s (%ss)\n' "$*" "$(($(date +%s) - STARTED))"; }
pg() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"; }
port_busy() { ss -Hltn "sport = :$1" | grep -q .; }

# Runs a command with the production environment file, as the systemd units do (EnvironmentFile=).
with_env() { "$ROOT/deploy/ci/with_env.sh" "$ETC/modellkommune.env" "$@"; }

stop_stack() {
	[ "$STOPPED" = 1 ] && return 0
	STOPPED=1
	set +e
	if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then
		kill -TERM "$RUNNER_PID"
		for _ in $(seq 1 60); do kill -0 "$RUNNER_PID" 2>/dev/null || break; sleep 1; done
		kill -0 "$RUNNER_PID" 2>/dev/null && { echo "runner did not stop: SIGKILL"; kill -KILL "$RUNNER_PID"; }
		wait "$RUNNER_PID" 2>/dev/null
	fi
	if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
		kill -QUIT "$NGINX_PID" # graceful stop of our own nginx only
		for _ in $(seq 1 20); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.5; done
	fi
	[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null
	if [ -n "$MOSQUITTO_PID" ] && kill -0 "$MOSQUITTO_PID" 2>/dev/null; then
		kill -TERM "$MOSQUITTO_PID" # after the listener: it ends its session cleanly first
		for _ in $(seq 1 20); do kill -0 "$MOSQUITTO_PID" 2>/dev/null || break; sleep 0.5; done
		kill -0 "$MOSQUITTO_PID" 2>/dev/null && kill -KILL "$MOSQUITTO_PID"
		wait "$MOSQUITTO_PID" 2>/dev/null
	fi
	[ -n "$COLLECT_PID" ] && kill "$COLLECT_PID" 2>/dev/null && wait "$COLLECT_PID" 2>/dev/null
	if [ "$OWN_REPLICA" = 1 ]; then pg_dropcluster --stop "$PG_VERSION" "$REPLICA_CLUSTER"; fi
	if [ "$OWN_DB" = 1 ]; then
		pg -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
		redis-cli -n "$REDIS_DB" flushdb >/dev/null 2>&1
		redis-cli -n "$((REDIS_DB + 1))" flushdb >/dev/null 2>&1
	fi
	set -e
}

verify_stopped() {
	local dirty=0 pidfile
	for pidfile in "$PIDS"/*.pid; do
		[ -f "$pidfile" ] || continue
		if pgrep -g "$(cat "$pidfile")" >/dev/null; then echo "left running: $(basename "$pidfile" .pid)"; dirty=1; fi
	done
	[ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null && { echo "nginx still running"; dirty=1; }
	[ -n "$MOSQUITTO_PID" ] && kill -0 "$MOSQUITTO_PID" 2>/dev/null && { echo "mosquitto still running"; dirty=1; }
	for port in $PORTS; do
		if port_busy "$port"; then echo "port $port still in use"; dirty=1; fi
	done
	[ "$OWN_REPLICA" = 1 ] && pg_lsclusters -h | awk '{print $2}' | grep -qx "$REPLICA_CLUSTER" &&
		{ echo "replica cluster left"; dirty=1; }
	return "$dirty"
}

cleanup() {
	local rc=$?
	trap - EXIT
	stop_stack
	if ! verify_stopped; then rc=1; fi
	if [ "$rc" != 0 ]; then
		echo "== stack test FAILED; last log lines:"
		tail -n 25 "$LOG/procs.log" "$LOG"/*.error.log "$LOG/mosquitto.log" 2>/dev/null || true
	fi
	if [ "${STACK_KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then echo "logs kept in $WORK/log"; else rm -rf "$WORK"; fi
	echo "== stack test wall time: $(($(date +%s) - STARTED)) s, exit $rc"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "packages"
missing=""
command -v nginx >/dev/null || missing="$missing nginx"
command -v openssl >/dev/null || missing="$missing openssl"
command -v curl >/dev/null || missing="$missing curl"
command -v pg_createcluster >/dev/null || missing="$missing postgresql-common"
{ command -v mosquitto || [ -x /usr/sbin/mosquitto ]; } >/dev/null || missing="$missing mosquitto"
command -v mosquitto_ctrl >/dev/null || missing="$missing mosquitto-clients"
# geometry columns (sensors migration 0004 creates the extension in the stack's database)
[ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ] || missing="$missing postgresql-$PG_VERSION-postgis-3"
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || { echo "needs root to install:$missing"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
[ "$(id -u)" = 0 ] || { echo "the stack test needs root (pg_createcluster, pg_basebackup as postgres)"; exit 1; }
for port in $PORTS; do
	if port_busy "$port"; then echo "port $port is in use; set STACK_BASE_PORT / STACK_REPLICA_PORT"; exit 1; fi
done

say "render deploy/ with this run's parameters"
# Broker logins of this run: the dynamic-security admin and the platform's own client (MQTT_URL).
MQTT_ADMIN_PASSWORD=$(openssl rand -hex 16)
MQTT_PLATFORM_PASSWORD=$(openssl rand -hex 16)
cat >"$WORK/params.env" <<PARAMS
APP_DIR=$ROOT
APP_USER=root
APP_GROUP=root
ENV_FILE=$ETC/modellkommune.env
SERVER_NAME=$SERVER_NAME
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
TLS_CERT=$ETC/tls/cert.pem
TLS_KEY=$ETC/tls/key.pem
WEB_NODES=127.0.0.1:$WEB1 127.0.0.1:$WEB2
CELERY_CONCURRENCY=2
STATIC_ROOT=$WORK/static
MEDIA_ROOT=$WORK/media
LOG_DIR=$LOG
RUN_DIR=$RUN
SECRET_KEY=
DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB
CACHE_URL=redis://127.0.0.1:6379/$((REDIS_DB + 1))
CELERY_BROKER_URL=redis://127.0.0.1:6379/$REDIS_DB
MQTT_URL=mqtt://modellkommune:$MQTT_PLATFORM_PASSWORD@127.0.0.1:$MQTT_PORT
MQTT_DYNSEC_ADMIN_URL=mqtt://dynsec-admin:$MQTT_ADMIN_PASSWORD@127.0.0.1:$MQTT_PORT
EMAIL_URL=smtp://127.0.0.1:$SMTP_PORT
DEFAULT_FROM_EMAIL=Stadt Iserlohn <noreply@iserlohn.example>
PARAMS
env -i PATH="$PATH" python3 "$ROOT/deploy/render.py" --params "$WORK/params.env" --out "$ETC"
# What an operator sizes per machine; small here (2 cores shared with the test runners).
printf 'GUNICORN_WORKERS=2\nGUNICORN_THREADS=4\n' >>"$ETC/modellkommune.env"
# This run's listener session and shared-subscription group (one consumer; its own broker anyway).
printf 'MQTT_LISTENER_CLIENT_ID=mk-stack-%s-listener\nMQTT_SHARE_GROUP=mkstack%s\n' "$$" "$$" >>"$ETC/modellkommune.env"
# One-node listener for the throughput comparison: same TLS and proxy settings, an upstream of node 1 only.
mkdir -p "$ETC/nginx/conf.d"
cat >"$ETC/nginx/conf.d/one-node.conf" <<NGINX
upstream modellkommune_one { server 127.0.0.1:$WEB1; keepalive 16; }
server {
    listen $ONE_NODE_PORT ssl;
    server_name $SERVER_NAME;
    ssl_certificate $ETC/tls/cert.pem;
    ssl_certificate_key $ETC/tls/key.pem;
    access_log $LOG/one-node.access.log;
    location / {
        proxy_pass http://modellkommune_one;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$http_host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
}
NGINX
sed -i "s#include $ETC/nginx/modellkommune.conf;#&\n    include $ETC/nginx/conf.d/*.conf;#" "$ETC/nginx/nginx.conf"
if command -v systemd-analyze >/dev/null; then
	SYSTEMD_LOG_LEVEL=err systemd-analyze verify "$ETC"/systemd/*.service 2>&1 | grep -v "is not executable\|No such file" || true
fi

say "TLS certificate for this run"
mkdir -p "$ETC/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$SERVER_NAME" \
	-addext "subjectAltName=DNS:$SERVER_NAME,IP:127.0.0.1" -keyout "$ETC/tls/key.pem" -out "$ETC/tls/cert.pem" 2>/dev/null

say "Mosquitto with dynamic security: deploy/mosquitto/mosquitto.conf on ports $MQTT_PORT (plain) and $MQTTS_PORT (TLS)"
MQ="$WORK/mosquitto"
mkdir -p "$MQ" "$ETC/mosquitto"
PLUGIN=$(ls /usr/lib/*/mosquitto_dynamic_security.so /usr/lib/mosquitto_dynamic_security.so 2>/dev/null | head -n 1 || true)
[ -n "$PLUGIN" ] || { echo "mosquitto_dynamic_security.so not found (Debian package mosquitto)"; exit 1; }
# As deploy/mosquitto/bootstrap.sh does once on a broker machine; as root, mosquitto stays root (it would
# switch to the user "mosquitto", who cannot read this run's directory).
mosquitto_ctrl dynsec init "$MQ/dynamic-security.json" dynsec-admin "$MQTT_ADMIN_PASSWORD" >/dev/null
python3 - "$ROOT/deploy/mosquitto/mosquitto.conf" "$ETC/mosquitto/mosquitto.conf" <<PYTHON
import sys
conf = open(sys.argv[1]).read()
for old, new in [
    ("pid_file /run/mosquitto/mosquitto.pid", "user root\npid_file $RUN/mosquitto.pid"),
    ("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so", "$PLUGIN"),
    ("/var/lib/mosquitto/", "$MQ/"),
    ("listener 1883 127.0.0.1", "listener $MQTT_PORT 127.0.0.1"),
    ("listener 8883", "listener $MQTTS_PORT 127.0.0.1"),
    ("/etc/mosquitto/certs/fullchain.pem", "$ETC/tls/cert.pem"),
    ("/etc/mosquitto/certs/privkey.pem", "$ETC/tls/key.pem"),
    ("log_dest syslog", "log_dest file $LOG/mosquitto.log"),
]:
    assert old in conf, f"deploy/mosquitto/mosquitto.conf no longer contains {old!r}: update stack_test.sh"
    conf = conf.replace(old, new)
open(sys.argv[2], "w").write(conf)
PYTHON
mosquitto -c "$ETC/mosquitto/mosquitto.conf" >>"$LOG/mosquitto.log" 2>&1 &
MOSQUITTO_PID=$!
for _ in $(seq 1 40); do port_busy "$MQTT_PORT" && port_busy "$MQTTS_PORT" && break; sleep 0.25; done
port_busy "$MQTT_PORT" || { echo "mosquitto did not start"; cat "$LOG/mosquitto.log"; exit 1; }

say "collectstatic (in the background) and database $DB on the primary: migrate, demo data, check --deploy"
with_env "$PY" manage.py collectstatic --noinput -v 0 >"$LOG/collectstatic.log" 2>&1 &
COLLECT_PID=$!
if [ -n "$(pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
	echo "database $DB exists (another stack test running, or a crashed one: drop it)"; exit 1
fi
pg -c "CREATE DATABASE $DB"
OWN_DB=1
redis-cli -n "$REDIS_DB" flushdb >/dev/null
redis-cli -n "$((REDIS_DB + 1))" flushdb >/dev/null
with_env "$PY" manage.py migrate --noinput -v 0
say "demo data"
with_env "$PY" manage.py demo >"$LOG/demo.log" 2>&1
say "check --deploy"
with_env "$PY" manage.py check --deploy --fail-level ERROR
say "broker clients and ACLs from the database (mqtt_dynsec_sync)"
with_env "$PY" manage.py mqtt_dynsec_sync

say "streaming replica: cluster $REPLICA_CLUSTER on port $REPLICA_PORT (pg_basebackup -R)"
HBA=$(pg -c "SHOW hba_file")
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
	echo "host replication postgres 127.0.0.1/32 trust  # streaming replicas on this machine (modellkommune stack test)" >>"$HBA"
	pg -c "SELECT pg_reload_conf()" >/dev/null
fi
if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$PG_VERSION $REPLICA_CLUSTER"; then
	echo "cluster $PG_VERSION/$REPLICA_CLUSTER exists (another stack test, or a crashed one: pg_dropcluster --stop)"; exit 1
fi
OWN_REPLICA=1
pg_createcluster "$PG_VERSION" "$REPLICA_CLUSTER" -p "$REPLICA_PORT" >/dev/null
say "pg_basebackup"
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"/etc/postgresql/$PG_VERSION/$REPLICA_CLUSTER/pg_hba.conf"
DATADIR=$(pg_lsclusters -h | awk -v c="$REPLICA_CLUSTER" -v v="$PG_VERSION" '$1 == v && $2 == c {print $6}')
rm -rf "$DATADIR"
install -d -o postgres -g postgres -m 700 "$DATADIR"
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATADIR" -R -X stream -c fast
say "start the replica"
pg_ctlcluster "$PG_VERSION" "$REPLICA_CLUSTER" start
REPLICA_PSQL="psql -h 127.0.0.1 -p $REPLICA_PORT -U postgres -d $DB -v ON_ERROR_STOP=1 -Atq"
for _ in $(seq 1 30); do $REPLICA_PSQL -c "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
[ "$($REPLICA_PSQL -c 'SELECT pg_is_in_recovery()')" = t ] || { echo "replica is not in recovery"; exit 1; }

wait "$COLLECT_PID" || { cat "$LOG/collectstatic.log"; exit 1; }
say "processes: SMTP sink, Procfile (2 gunicorn nodes, Celery worker + beat, MQTT listener), nginx"
"$PY" "$ROOT/deploy/ci/smtp_sink.py" --port "$SMTP_PORT" --dir "$WORK/mail" >"$LOG/smtp.log" 2>&1 &
SINK_PID=$!
(cd "$ROOT" && exec "$PY" deploy/procfile_run.py --procfile "$ETC/Procfile" --env "$ETC/modellkommune.env" \
	--restart --pid-dir "$PIDS") >"$LOG/procs.log" 2>&1 &
RUNNER_PID=$!
nginx -t -q -c "$ETC/nginx/nginx.conf" -p "$RUN"
nginx -c "$ETC/nginx/nginx.conf" -p "$RUN"
NGINX_PID=$(cat "$RUN/nginx.pid")
for _ in $(seq 1 60); do
	ok=0
	for port in $WEB1 $WEB2; do
		curl -fs -o /dev/null -H "Host: $SERVER_NAME" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/healthz" && ok=$((ok + 1))
	done
	[ "$ok" = 2 ] && break
	sleep 1
done
[ "$ok" = 2 ] || { echo "app nodes did not come up"; exit 1; }
curl -fs -o /dev/null --cacert "$ETC/tls/cert.pem" --resolve "$SERVER_NAME:$HTTPS_PORT:127.0.0.1" \
	"https://$SERVER_NAME:$HTTPS_PORT/healthz"

say "driving the stack from outside"
STACK_BASE_URL="https://$SERVER_NAME:$HTTPS_PORT" STACK_ONE_NODE_URL="https://$SERVER_NAME:$ONE_NODE_PORT" \
	STACK_HTTP_URL="http://$SERVER_NAME:$HTTP_PORT" STACK_RESOLVE="$SERVER_NAME" STACK_MQTT_PORT="$MQTTS_PORT" \
	STACK_CA="$ETC/tls/cert.pem" STACK_MAIL_DIR="$WORK/mail" \
	STACK_PID_DIR="$PIDS" STACK_NODES="127.0.0.1:$WEB1 127.0.0.1:$WEB2" STACK_REPLICA_PSQL="$REPLICA_PSQL" \
	STACK_MANAGE="$ROOT/deploy/ci/with_env.sh $ETC/modellkommune.env $PY manage.py" \
	STACK_PERF_FILE="${STACK_PERF_FILE:-/dev/null}" \
	"$PY" "$ROOT/deploy/ci/drive.py"

say "shutdown"
stop_stack
verify_stopped
say "stack test passed"
