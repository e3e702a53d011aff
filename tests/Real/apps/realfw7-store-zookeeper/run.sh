#!/bin/sh
# Runs Debian's ZooKeeper 3.8 standalone with zoo.cfg, its AdminServer (HTTP, on by default) on 127.0.0.1:PORT and its
# client port on 127.0.0.1:CLIENTPORT, its data in a fresh temporary directory; prints "apithreat-ready" once the
# AdminServer answers.
# Debian's zookeeper.jar names every jar of the AdminServer in its manifest but the servlet API (libservlet-api-java),
# without which the AdminServer, on by default upstream, silently does not start: it is put on the class path here.
# Run: sh run.sh PORT CLIENTPORT
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-zookeeper.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cp "$(dirname "$0")/zoo.cfg" "$dir/zoo.cfg"
printf 'dataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=%s\n' "$dir/data" "$2" "$1" >> "$dir/zoo.cfg"
java -cp /etc/zookeeper/conf_example:/usr/share/java/zookeeper.jar:/usr/share/java/servlet-api.jar -Dzookeeper.log.dir="$dir" \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -s -o /dev/null --noproxy '*' "http://127.0.0.1:$1/commands/ruok"; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.2; done
echo "apithreat-ready: zookeeper adminserver on http://127.0.0.1:$1"
wait $child
