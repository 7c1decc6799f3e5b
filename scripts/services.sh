#!/usr/bin/env bash
# Starts (or stops) throwaway PostgreSQL and Redis servers (Debian's packages) and an
# S3-compatible server (s3s-fs, from crates.io) on loopback for the tests. `start` prints shell
# assignments for TEST_POSTGRES_URL, REDIS_URL and the TEST_S3_* settings of a bucket.
# Usage: scripts/services.sh start STATE_DIR | scripts/services.sh stop STATE_DIR
set -euo pipefail
cmd=${1:?start or stop}
state=$(realpath -m "${2:?state directory}")
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
S3_PORT=${S3_PORT:-59014}
S3_BUCKET=coupons-test
S3_KEY_ID=coupons-test-key
S3_SECRET=coupons-test-secret-0123456789
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
  if ! curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then
    # A bucket is a folder under the server's root.
    mkdir -p "$state/s3/$S3_BUCKET"
    setsid s3s-fs --host 127.0.0.1 --port "$S3_PORT" --access-key "$S3_KEY_ID" \
      --secret-key "$S3_SECRET" "$state/s3" >"$state/s3.log" 2>&1 < /dev/null &
    echo $! >"$state/s3.pid"
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.1; done
  fi
  echo "TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
  echo "TEST_S3_BUCKET=$S3_BUCKET"
  echo "TEST_S3_ACCESS_KEY_ID=$S3_KEY_ID"
  echo "TEST_S3_SECRET_ACCESS_KEY=$S3_SECRET"
  ;;
stop)
  [ -f "$state/pg/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$state/s3.pid" ] && kill "$(cat "$state/s3.pid")" 2>/dev/null || true
  rm -f "$state/s3.pid"
  ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
