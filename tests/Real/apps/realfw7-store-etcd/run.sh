#!/bin/sh
# Runs Debian's etcd (3.4) as a single member with its client URL on 127.0.0.1:PORT and its peer URL on
# 127.0.0.1:PEERPORT, its data in a fresh temporary directory, and two keys written through the v3 API (etcdctl).
# MODE open: etcd's default, no authentication. MODE auth: authentication enabled as etcd's guide does it (the root user
# with a random password and the root role, then 'etcdctl auth enable'). Prints "apithreat-ready" once set up.
# Run: sh run.sh PORT PEERPORT open|auth
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-etcd.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
client="http://127.0.0.1:$1" peer="http://127.0.0.1:$2"
etcd --name apithreat --data-dir "$dir/data" --listen-client-urls "$client" --advertise-client-urls "$client" \
  --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "apithreat=$peer" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
export ETCDCTL_API=3
ctl="etcdctl --endpoints $client"
i=0
until $ctl endpoint health >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.2; done
$ctl put /config/app/feature-flags '{"beta":true}' >/dev/null
$ctl put /config/app/db-password "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
if [ "${3:-open}" = auth ]; then
  $ctl user add "root:$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
  $ctl user grant-role root root >/dev/null
  $ctl auth enable >/dev/null
fi
echo "apithreat-ready: etcd on $client"
wait $child
