#!/usr/bin/env bash
# Installs the real-software wing: Debian packages from debian-packages.txt and the npm packages of npm/.
# Never fatal: what cannot be had is reported, and the tests that need it skip with that reason.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "real-software: $*" >&2; }

packages=$(sed -e 's/#.*//' "$here/debian-packages.txt" | tr -s ' \t\n' ' ')
missing=()
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    # Daemons must not start at install time: the tests start their own instances on loopback.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
      # One package that cannot be had must not stop the others.
      for p in "${missing[@]}"; do
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 \
          || log "Debian package '$p' could not be installed; its tests will skip"
      done
    fi
  else
    log "not root or no apt-get: Debian packages not installed (${missing[*]}); their tests will skip"
  fi
fi

# Each app with npm dependencies has its own package.json and package-lock.json (apps/<name>/), so apps never share a
# lock file; npm ci installs exactly the locked versions into apps/<name>/node_modules (never committed).
if command -v npm >/dev/null 2>&1; then
  find "$here/apps" -name package.json -not -path '*/node_modules/*' 2>/dev/null | while read -r manifest; do
    dir=$(dirname "$manifest")
    if [ -f "$dir/package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || log "npm ci failed in ${dir#$here/}; its tests will skip"
    else
      log "${dir#$here/} has no package-lock.json: commit one (npm install --package-lock-only); its tests will skip"
    fi
  done
else
  log "npm not found: the npm-based tests will skip"
fi
exit 0
