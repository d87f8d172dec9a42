#!/bin/sh
# Picks the process the container runs.
set -e
case "$1" in
  api) exec node dist/apps/api/src/main.js ;;
  worker) exec node dist/apps/worker/src/main.js ;;
  migrate) exec node dist/apps/cli/src/main.js migrate ;;
  *) echo "usage: vanguard api|worker|migrate" >&2; exit 2 ;;
esac
