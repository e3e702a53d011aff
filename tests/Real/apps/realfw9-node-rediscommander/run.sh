#!/bin/sh
# Runs Debian's redis-server (7.0, no persistence, on a Unix socket in a fresh temporary directory, so no second port)
# with three keys, and redis-commander 0.9 (this folder's node_modules) in the foreground on 127.0.0.1:PORT in front of it,
# with its own defaults otherwise (https://github.com/joeferner/redis-commander#usage). --nosave keeps it from writing
# the connection to its config folder. MODE open: no --http-auth-* option, its default. MODE auth: --http-auth-username
# and --http-auth-password (random, never printed), which its README names to protect the UI.
# Run: sh run.sh PORT open|auth
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-rediscommander.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
redis-server --port 0 --unixsocket "$dir/redis.sock" --save '' --appendonly no --dir "$dir" --daemonize no --logfile "$dir/redis.log" &
redis=$!
trap 'kill $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
redis-cli -s "$dir/redis.sock" set session:42 "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
redis-cli -s "$dir/redis.sock" set config:feature-flags '{"beta":true}' >/dev/null
redis-cli -s "$dir/redis.sock" rpush queue:mail welcome >/dev/null
set -- "$1" "${2:-open}"
auth=""
if [ "$2" = auth ]; then
  auth="--http-auth-username admin --http-auth-password $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
fi
# shellcheck disable=SC2086
node "$here/node_modules/redis-commander/bin/redis-commander.js" --address 127.0.0.1 --port "$1" --redis-socket "$dir/redis.sock" --nosave $auth &
child=$!
trap 'kill $child $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$1/"; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
echo "apithreat-ready: redis-commander on http://127.0.0.1:$1 ($2)"
wait $child
