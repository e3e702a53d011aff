#!/bin/sh
# Runs Debian's glances (3.3) web server (glances -w) on 127.0.0.1:PORT with its configuration folder
# (XDG_CONFIG_HOME) in a fresh temporary directory. Nothing leaves the machine: no update check, and the plugins that
# reach out (cloud: the cloud metadata address; ip: a public-IP service; ports: the default gateway) are disabled.
# MODE open: no --password, its default. MODE password: --password with a password file written beforehand in the
# format glances/password.py reads (salt$sha256(salt + sha256(password))), as 'glances -w --password' would save it
# (https://glances.readthedocs.io/en/v3.3.1/cmds.html). Prints "apithreat-ready" once the web server answers.
# Run: sh run.sh PORT open|password
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-glances.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/glances"
set -- "$1" "${2:-open}"
extra=""
if [ "$2" = password ]; then
  python3 -c "import hashlib, os, uuid; p = hashlib.sha256(os.urandom(16).hex().encode()).hexdigest(); s = uuid.uuid4().hex; print(s + '\$' + hashlib.sha256(s.encode() + p.encode()).hexdigest(), end='')" > "$dir/glances/glances.pwd"
  extra="--password"
fi
XDG_CONFIG_HOME="$dir" glances -w -B 127.0.0.1 -p "$1" --disable-autodiscover --disable-check-update --disable-plugin cloud,ip,ports $extra &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$1/"; do i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done
echo "apithreat-ready: glances on http://127.0.0.1:$1"
wait $child
