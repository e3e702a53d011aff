#!/bin/sh
# Runs the Express API of app.js with swagger-stats (this folder's node_modules) on 127.0.0.1:PORT.
# MODE open: swagger-stats' default, no authentication. MODE auth: its Basic authentication with a random password
# (never printed). Run: sh run.sh PORT open|auth
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${2:-open}" = auth ]; then
  APITHREAT_SWS_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  export APITHREAT_SWS_PASSWORD
fi
exec node "$here/app.js" "$1" "${2:-open}"
