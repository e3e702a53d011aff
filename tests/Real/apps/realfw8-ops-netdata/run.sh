#!/bin/sh
# Runs Debian's netdata (1.37) in the foreground as the current user with its web server on 127.0.0.1:PORT and its
# config, cache, lib and log folders in a fresh temporary directory. Nothing leaves the machine: no external plugins,
# no health notifications, no registry, Netdata Cloud off (cloud.d/cloud.conf) and anonymous statistics opted out
# (DO_NOT_TRACK and the opt-out file, https://learn.netdata.cloud/docs/agent/anonymous-statistics).
# MODE open: [web] at its defaults, everyone may connect and see the dashboard and API. MODE restricted: the access
# lists of https://github.com/netdata/netdata/blob/v1.37.1/web/server/README.md#access-lists limited to a monitoring
# network (allow connections from = 10.20.*): a scanner from anywhere else, 127.0.0.1 here, is refused.
# Prints "apithreat-ready" once the API answers (open) or the port accepts and drops the connection (restricted).
# Run: sh run.sh PORT open|restricted
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-netdata.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/config" "$dir/cache" "$dir/lib/cloud.d" "$dir/log"
touch "$dir/config/.opt-out-from-anonymous-statistics"
printf '[global]\n    enabled = no\n' > "$dir/lib/cloud.d/cloud.conf"
{
  echo "[global]"
  echo "    run as user = $(id -un)"
  echo "[directories]"
  echo "    config = $dir/config"
  echo "    cache = $dir/cache"
  echo "    lib = $dir/lib"
  echo "    log = $dir/log"
  echo "[db]"
  echo "    mode = ram"
  echo "[web]"
  echo "    bind to = 127.0.0.1:$1"
  if [ "${2:-open}" = restricted ]; then
    echo "    allow connections from = 10.20.*"
    echo "    allow dashboard from = 10.20.*"
  fi
  echo "[plugins]"
  echo "    enable running new plugins = no"
  echo "    proc = yes"
  echo "[health]"
  echo "    enabled = no"
  echo "[ml]"
  echo "    enabled = no"
  echo "[registry]"
  echo "    enabled = no"
} > "$dir/netdata.conf"
DO_NOT_TRACK=1 netdata -D -c "$dir/netdata.conf" -P "$dir/netdata.pid" &
child=$!
trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
if [ "${2:-open}" = restricted ]; then
  # curl's exit 52 or 56: the server accepted and closed (or reset) the connection without answering.
  while :; do
    rc=0; curl -s -o /dev/null "http://127.0.0.1:$1/api/v1/info" || rc=$?
    case $rc in 52|56) break ;; esac
    i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.1
  done
else
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/api/v1/info")" = 200 ]; do i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done
fi
echo "apithreat-ready: netdata on http://127.0.0.1:$1"
wait $child
