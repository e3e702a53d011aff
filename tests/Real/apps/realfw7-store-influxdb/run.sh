#!/bin/sh
# Runs Debian's influxd (InfluxDB 1.6) on 127.0.0.1:PORT (HTTP API) and 127.0.0.1:RPCPORT (backup service) with
# influxdb.conf and its meta, data and WAL folders in a fresh temporary directory, and one database "telemetry"; prints
# "apithreat-ready" once set up.
# MODE open: the package's default, auth-enabled = false. MODE auth: auth-enabled = true with an admin user of a random
# password created first, as InfluxDB's authentication guide says (CREATE USER ... WITH ALL PRIVILEGES, allowed
# without credentials only while no user exists).
# Run: sh run.sh PORT RPCPORT open|auth
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-influxdb.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export INFLUXDB_BIND_ADDRESS="127.0.0.1:$2"
export INFLUXDB_HTTP_BIND_ADDRESS="127.0.0.1:$1"
export INFLUXDB_META_DIR="$dir/meta" INFLUXDB_DATA_DIR="$dir/data" INFLUXDB_DATA_WAL_DIR="$dir/wal"
if [ "${3:-open}" = auth ]; then export INFLUXDB_HTTP_AUTH_ENABLED=true; fi
influxd -config "$(dirname "$0")/influxdb.conf" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
api="http://127.0.0.1:$1"
i=0
until curl -s -o /dev/null --noproxy '*' "$api/ping"; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.2; done
if [ "${3:-open}" = auth ]; then
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  curl -sf -o /dev/null --noproxy '*' -XPOST "$api/query" --data-urlencode "q=CREATE USER admin WITH PASSWORD '$password' WITH ALL PRIVILEGES"
  curl -sf -o /dev/null --noproxy '*' -XPOST -u "admin:$password" "$api/query" --data-urlencode "q=CREATE DATABASE telemetry"
else
  curl -sf -o /dev/null --noproxy '*' -XPOST "$api/query" --data-urlencode "q=CREATE DATABASE telemetry"
fi
# The tests wait for this line: the users and the database exist from here on.
echo "apithreat-ready: influxdb on $api"
wait $child
