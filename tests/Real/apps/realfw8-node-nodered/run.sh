#!/bin/sh
# Runs Node-RED (npm node-red, this folder's node_modules) with its own CLI, `node-red -u DIR -p PORT`, its user
# directory a fresh temporary folder holding settings.js and one small flow (an HTTP endpoint and an inject node).
# MODE open: Node-RED's default, no adminAuth: the editor and the Admin API answer anyone.
# MODE auth: adminAuth with one user whose bcrypt hash run.sh makes from a random password it never prints.
# Run: sh run.sh PORT open|auth
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-nodered.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cp "$here/flows.json" "$here/settings.js" "$dir/"
if [ "${2:-open}" = auth ]; then
  APITHREAT_NODERED_HASH=$(cd "$here" && node -e "process.stdout.write(require('bcryptjs').hashSync(require('crypto').randomBytes(16).toString('hex'), 8))")
  export APITHREAT_NODERED_HASH
fi
# From the user directory: Node-RED looks for a relative flow file in the working directory first.
cd "$dir"
node "$here/node_modules/node-red/red.js" -u "$dir" -p "$1" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
