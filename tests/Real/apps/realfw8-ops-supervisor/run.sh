#!/bin/sh
# Runs Debian's supervisord (4.2) in the foreground with its XML-RPC interface ([inet_http_server]) on 127.0.0.1:PORT,
# its socket, logs and pid file in a fresh temporary directory, and two long-running programs (worker, queue) to manage.
# MODE open: [inet_http_server] without username and password, the form supervisord.org's configuration page shows
# first (https://supervisord.org/configuration.html#inet-http-server-section-settings). MODE auth: username and a random
# password set, as that page documents. Prints "apithreat-ready" once both programs run.
# Run: sh run.sh PORT open|auth
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-supervisor.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
{
  echo "[unix_http_server]"
  echo "file=$dir/supervisor.sock"
  echo "[inet_http_server]"
  echo "port=127.0.0.1:$1"
  if [ "${2:-open}" = auth ]; then
    echo "username=apithreat"
    echo "password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  fi
  echo "[supervisord]"
  echo "logfile=$dir/supervisord.log"
  echo "pidfile=$dir/supervisord.pid"
  echo "childlogdir=$dir"
  echo "nodaemon=true"
  echo "[rpcinterface:supervisor]"
  echo "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"
  echo "[supervisorctl]"
  echo "serverurl=unix://$dir/supervisor.sock"
  echo "[program:worker]"
  echo "command=sleep 86400"
  echo "[program:queue]"
  echo "command=sleep 86400"
} > "$dir/supervisord.conf"
supervisord -c "$dir/supervisord.conf" &
child=$!
trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until [ "$(supervisorctl -c "$dir/supervisord.conf" status 2>/dev/null | grep -c RUNNING)" = 2 ]; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.2; done
echo "apithreat-ready: supervisord on http://127.0.0.1:$1"
wait $child
