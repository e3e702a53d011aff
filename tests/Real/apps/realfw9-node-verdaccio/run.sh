#!/bin/sh
# Runs Verdaccio 6.8 (this folder's node_modules; 6.10 wants Node.js 22) in the foreground on 127.0.0.1:PORT from a
# fresh temporary directory, with the config.yaml it ships (@verdaccio/config's conf/default.yaml,
# https://verdaccio.org/docs/configuration) less its npmjs uplink and the packages' "proxy: npmjs", so that nothing it is
# asked leaves loopback. Its storage holds one private package (internal-billing), laid out as Verdaccio stores a
# publish. MODE open: that config as shipped (access: $all, htpasswd without max_users). MODE safe: access:
# $authenticated for every package and max_users: -1 (https://verdaccio.org/docs/configuration#packages,
# https://verdaccio.org/docs/plugin-auth#htpasswd). Prints "apithreat-ready" once it answers. Run: sh run.sh PORT open|safe
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-verdaccio.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
default="$here/node_modules/@verdaccio/config/build/conf/default.yaml"
[ -f "$default" ] || { echo "no $default (npm ci)"; exit 1; }
# Drop the uplinks section and every proxy line; keep the rest, comments included.
sed -e '/^uplinks:/,/^[a-z]/{/^uplinks:/d;/^[a-z]/!d}' -e '/proxy: npmjs/d' "$default" > "$dir/config.yaml"
if [ "${2:-open}" = safe ]; then
  sed -i -e 's/access: \$all/access: $authenticated/' -e 's|^    file: ./htpasswd|    file: ./htpasswd\n    max_users: -1|' "$dir/config.yaml"
fi
mkdir -p "$dir/storage/internal-billing"
cat > "$dir/storage/internal-billing/package.json" <<JSON
{"name":"internal-billing","versions":{"1.0.0":{"name":"internal-billing","version":"1.0.0","description":"billing client","main":"index.js",
 "dist":{"shasum":"0000000000000000000000000000000000000000","tarball":"http://localhost/internal-billing/-/internal-billing-1.0.0.tgz"}}},
 "dist-tags":{"latest":"1.0.0"},"time":{"modified":"2026-12-01T00:00:00.000Z","created":"2026-12-01T00:00:00.000Z","1.0.0":"2026-12-01T00:00:00.000Z"},
 "_uplinks":{},"_distfiles":{},"_attachments":{},"_rev":"1-0000000000000000","readme":"billing client"}
JSON
echo "{\"list\":[\"internal-billing\"],\"secret\":\"$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')\"}" > "$dir/storage/.verdaccio-db.json"
node "$here/node_modules/verdaccio/bin/verdaccio" --config "$dir/config.yaml" --listen "127.0.0.1:$1" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$1/-/ping"; do i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done
echo "apithreat-ready: verdaccio on http://127.0.0.1:$1 (${2:-open})"
wait $child
