#!/bin/sh
# Runs Debian's redis-server (7.0, no persistence) on 127.0.0.1:REDISPORT with two keys, and Debian's webdis (0.1.9) in
# the foreground on 127.0.0.1:PORT in front of it, both from a fresh temporary directory.
# MODE open: webdis.json as Debian ships it (its only ACL disables DEBUG for anonymous clients; every other command is
# open). MODE acl: the README's ACL (https://github.com/nicolasff/webdis#acl): every command disabled for anonymous
# clients, all enabled for an http_basic_auth profile with a random password. Prints "apithreat-ready" once webdis answers.
# Run: sh run.sh PORT REDISPORT open|acl
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-webdis.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
redis-server --bind 127.0.0.1 --port "$2" --save '' --appendonly no --dir "$dir" --daemonize no --logfile "$dir/redis.log" &
redis=$!
trap 'kill $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until redis-cli -h 127.0.0.1 -p "$2" ping >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
redis-cli -h 127.0.0.1 -p "$2" set session:42 "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
redis-cli -h 127.0.0.1 -p "$2" set config:feature-flags '{"beta":true}' >/dev/null
if [ "${3:-open}" = acl ]; then
  acl="{ \"disabled\": [\"*\"] }, { \"http_basic_auth\": \"apithreat:$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')\", \"enabled\": [\"*\"] }"
else
  acl='{ "disabled": ["DEBUG"] }, { "http_basic_auth": "user:password", "enabled": ["DEBUG"] }'
fi
cat > "$dir/webdis.json" <<JSON
{ "redis_host": "127.0.0.1", "redis_port": $2, "redis_auth": null, "http_host": "127.0.0.1", "http_port": $1, "threads": 2,
  "daemonize": false, "database": 0, "acl": [ $acl ], "verbosity": 3, "logfile": "$dir/webdis.log" }
JSON
webdis "$dir/webdis.json" &
child=$!
trap 'kill $child $redis 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$1/"; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
echo "apithreat-ready: webdis on http://127.0.0.1:$1"
wait $child
