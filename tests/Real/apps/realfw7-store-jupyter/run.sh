#!/bin/sh
# Runs Debian's Jupyter Notebook (6.4) on 127.0.0.1:PORT with a fresh temporary notebook folder holding one notebook,
# and its own HOME, config, data and runtime folders. MODE token: the notebook server's default, token authentication
# (a random token it prints). MODE open: --NotebookApp.token='' --NotebookApp.password='', every API open to anyone.
# --allow-root only because CI runs as root; it changes nothing the server answers.
# Run: sh run.sh PORT token|open
set -eu
port=$1 mode=${2:-token}
dir=$(mktemp -d "${TMPDIR:-/tmp}/apithreat-jupyter.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/notebooks" "$dir/home"
cp "$(dirname "$0")/analysis.ipynb" "$dir/notebooks/"
export HOME="$dir/home" JUPYTER_RUNTIME_DIR="$dir/home/runtime" JUPYTER_CONFIG_DIR="$dir/home/config" JUPYTER_DATA_DIR="$dir/home/data"
if [ "$mode" = open ]; then
  jupyter notebook --no-browser --allow-root --ip 127.0.0.1 --port "$port" --port-retries 0 --notebook-dir "$dir/notebooks" \
    --NotebookApp.token= --NotebookApp.password= &
else
  jupyter notebook --no-browser --allow-root --ip 127.0.0.1 --port "$port" --port-retries 0 --notebook-dir "$dir/notebooks" &
fi
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
