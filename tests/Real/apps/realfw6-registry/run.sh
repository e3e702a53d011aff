#!/bin/sh
# Runs Debian's docker-registry (distribution 2.8) on 127.0.0.1:PORT with config.yml and its storage in a fresh
# temporary directory. MODE open: no authentication; MODE htpasswd: Basic authentication against an htpasswd file of
# one random user (as Debian's own config.yml enables), created here with htpasswd -B.
# Run: sh run.sh PORT open|htpasswd
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-registry.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export REGISTRY_HTTP_ADDR="127.0.0.1:$1"
export REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$dir/data"
if [ "${2:-open}" = htpasswd ]; then
  htpasswd -Bbn "ci" "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" > "$dir/htpasswd"
  export REGISTRY_AUTH_HTPASSWD_REALM="basic-realm"
  export REGISTRY_AUTH_HTPASSWD_PATH="$dir/htpasswd"
fi
docker-registry serve "$(dirname "$0")/config.yml" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
