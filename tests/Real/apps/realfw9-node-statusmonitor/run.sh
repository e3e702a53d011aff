#!/bin/sh
# Runs the Express API of app.js with express-status-monitor (this folder's node_modules) on 127.0.0.1:PORT.
# MODE open: its default, the dashboard at /status for anyone. MODE auth: the README's secured page, Basic authentication
# with a random password (never printed). Run: sh run.sh PORT open|auth
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${2:-open}" = auth ]; then
  APITHREAT_ESM_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  export APITHREAT_ESM_PASSWORD
fi
exec node "$here/app.js" "$1" "${2:-open}"
