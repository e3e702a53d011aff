#!/bin/sh
# Runs Debian's redis-server (7.0, no persistence, on a Unix socket in a fresh temporary directory, so no second port)
# and the Express app of app.js with Bull Board (this folder's node_modules) on 127.0.0.1:PORT.
# MODE open: the README's example, no authentication. MODE auth: behind express-basic-auth with a random password
# (never printed). Run: sh run.sh PORT open|auth
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-bullboard.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
redis-server --port 0 --unixsocket "$dir/redis.sock" --save '' --appendonly no --dir "$dir" --daemonize no --logfile "$dir/redis.log" &
redis=$!
trap 'kill $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
REDIS_SOCKET="$dir/redis.sock"
export REDIS_SOCKET
if [ "${2:-open}" = auth ]; then
  APITHREAT_BULL_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  export APITHREAT_BULL_PASSWORD
fi
node "$here/app.js" "$1" "${2:-open}" &
child=$!
trap 'kill $child $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
