#!/bin/sh
# Runs the minimal Sails 1.5 app of this folder (app.js) in its development environment on 127.0.0.1:PORT, with a fresh
# temporary copy of the app (sails-disk writes its data under .tmp/; Sails loads the hooks package.json names) and two users seeded by config/bootstrap.js before it serves.
# MODE open: blueprints at Sails' defaults (REST and shortcut routes). MODE safe: shortcut routes off, as
# config/env/production.js sets them. Prints "apithreat-ready" once lifted.
# Run: sh run.sh PORT open|safe
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-sails.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cp -r "$here/app.js" "$here/package.json" "$here/api" "$here/config" "$dir/"
ln -s "$here/node_modules" "$dir/node_modules"
export sails_port="$1" sails_explicitHost=127.0.0.1 NODE_ENV=development
export sails_session__secret="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
[ "${2:-open}" = safe ] && export sails_blueprints__shortcuts=false
node "$dir/app.js" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
