#!/usr/bin/env bash
# with_env.sh ENV_FILE COMMAND...: run COMMAND in the project root with the variables of a systemd
# EnvironmentFile (KEY=VALUE lines, values may contain spaces), as the units of deploy/systemd/ do.
set -euo pipefail
env_file=$1
shift
while IFS= read -r line; do
	[[ -z "$line" || "$line" == \#* ]] && continue
	export "${line%%=*}=${line#*=}"
done <"$env_file"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec "$@"
