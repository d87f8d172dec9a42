#!/bin/sh
# Picks the process the container runs. migrate creates the roles and the
# database when given DATABASE_ADMIN_URL, migrates as DATABASE_OWNER_URL and
# grants the role of DATABASE_URL, which api and worker connect as.
set -e
case "$1" in
  api) exec node dist/apps/api/src/main.js ;;
  worker) exec node dist/apps/worker/src/main.js ;;
  migrate) exec node dist/apps/cli/src/main.js migrate ;;
  *) echo "usage: vanguard api|worker|migrate" >&2; exit 2 ;;
esac
