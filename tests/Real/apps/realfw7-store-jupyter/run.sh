#!/bin/sh
# Runs Debian's Jupyter Notebook 6.4 (jupyter-notebook; APP notebook) or Jupyter Server 1.23, JupyterLab's backend
# (python3-jupyter-server; APP server) on 127.0.0.1:PORT with a fresh temporary folder holding one notebook, and its own
# HOME, config, data and runtime folders. MODE token: the default, token authentication (a random token it prints).
# MODE open: token and password empty, every API open to anyone.
# --allow-root only because CI runs as root; it changes nothing the server answers.
# Run: sh run.sh PORT token|open [notebook|server]
set -eu
port=$1 mode=${2:-token} app=${3:-notebook}
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-jupyter.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/notebooks" "$dir/home"
cp "$(dirname "$0")/analysis.ipynb" "$dir/notebooks/"
export HOME="$dir/home" JUPYTER_RUNTIME_DIR="$dir/home/runtime" JUPYTER_CONFIG_DIR="$dir/home/config" JUPYTER_DATA_DIR="$dir/home/data"
if [ "$app" = server ]; then
  set -- /usr/bin/python3 -m jupyter_server --ServerApp.root_dir="$dir/notebooks"
  [ "$mode" = open ] && set -- "$@" --ServerApp.token= --ServerApp.password=
else
  set -- jupyter notebook --notebook-dir "$dir/notebooks"
  [ "$mode" = open ] && set -- "$@" --NotebookApp.token= --NotebookApp.password=
fi
"$@" --no-browser --allow-root --ip 127.0.0.1 --port "$port" --port-retries 0 &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
