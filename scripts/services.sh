#!/usr/bin/env bash
# Starts (or stops) throwaway PostgreSQL and Redis servers on loopback for the tests, from
# Debian's packages. `start` prints shell assignments for TEST_POSTGRES_URL and REDIS_URL.
# Usage: scripts/services.sh start STATE_DIR | scripts/services.sh stop STATE_DIR
set -euo pipefail
cmd=${1:?start or stop}
state=$(realpath -m "${2:?state directory}")
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  mkdir -p "$state"
  if [ ! -f "$state/pg/PG_VERSION" ]; then
    mkdir -p "$state/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$state" "$state/pg"
    as_pg "$pgbin/initdb" -D "$state/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$state/initdb.log"
  fi
  if ! as_pg "$pgbin/pg_ctl" -D "$state/pg" status >/dev/null 2>&1; then
    as_pg "$pgbin/pg_ctl" -D "$state/pg" -l "$state/pg.log" -w -t 60 start \
      -o "-p $PG_PORT -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
  fi
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log" --dir "$state"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  ;;
stop)
  [ -f "$state/pg/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
