#!/usr/bin/env bash
# One-time setup of Mosquitto's dynamic security for Modellkommune, as root on the broker machine:
#   deploy/mosquitto/bootstrap.sh ADMIN_PASSWORD
# Then set in the platform's environment (see .env.example):
#   MQTT_DYNSEC_ADMIN_URL=mqtt://dynsec-admin:ADMIN_PASSWORD@127.0.0.1:1883
#   MQTT_URL=mqtt://modellkommune:PLATFORM_PASSWORD@127.0.0.1:1883
# and run `manage.py mqtt_dynsec_sync` (creates the platform client from MQTT_URL, the roles and the public group).
set -euo pipefail
ADMIN_PASSWORD="${1:?usage: $0 ADMIN_PASSWORD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
DYNSEC=/var/lib/mosquitto/dynamic-security.json

command -v mosquitto_ctrl >/dev/null || apt-get install -y mosquitto mosquitto-clients
if [ ! -f "$DYNSEC" ]; then
	mosquitto_ctrl dynsec init "$DYNSEC" dynsec-admin "$ADMIN_PASSWORD"
	chown mosquitto:mosquitto "$DYNSEC"
	chmod 600 "$DYNSEC"
else
	echo "$DYNSEC exists already: kept (delete it to start over)"
fi
if ! cmp -s "$HERE/mosquitto.conf" /etc/mosquitto/mosquitto.conf; then
	cp /etc/mosquitto/mosquitto.conf "/etc/mosquitto/mosquitto.conf.$(date +%Y%m%d%H%M%S)"
	install -m 644 "$HERE/mosquitto.conf" /etc/mosquitto/mosquitto.conf
fi
[ -f /etc/mosquitto/certs/fullchain.pem ] || echo "Put the TLS certificate into /etc/mosquitto/certs/ (fullchain.pem, privkey.pem) or remove the 8883 listener."
systemctl restart mosquitto
echo "Mosquitto restarted with dynamic security. Next: set MQTT_DYNSEC_ADMIN_URL and MQTT_URL, then manage.py mqtt_dynsec_sync"
