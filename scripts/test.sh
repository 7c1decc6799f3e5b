#!/usr/bin/env bash
# Sets up what is missing and runs every check: formatting, clippy for the server and the wasm
# targets, the Rust tests on SQLite and PostgreSQL (with Redis), and the Playwright suite
# against the built site twice: on the embedded defaults and on PostgreSQL with Redis.
# PostgreSQL and Redis (Debian's packages) and an S3-compatible server (s3s-fs) are started on
# loopback unless TEST_POSTGRES_URL, REDIS_URL and TEST_S3_* are given, and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
start=$(date +%s)
# A one-shot build gains nothing from incremental caches and they double the size of target/
# (a clean CI run ran out of disk with them). Set CARGO_INCREMENTAL=1 to keep them locally.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

scripts/setup.sh test

say "formatting"
cargo fmt --all --check

say "clippy: server side"
cargo clippy --workspace --exclude frontend --all-targets --locked -- -D warnings
say "clippy: browser side (wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

state=target/test-services
if [ -z "${TEST_POSTGRES_URL:-}" ] || [ -z "${REDIS_URL:-}" ] || [ -z "${TEST_S3_ENDPOINT:-}" ]; then
  say "starting PostgreSQL, Redis and an S3-compatible server on loopback"
  eval "$(scripts/services.sh start "$state")"
  trap 'scripts/services.sh stop "$state"' EXIT
fi
export TEST_POSTGRES_URL REDIS_URL REQUIRE_POSTGRES=1
export TEST_S3_ENDPOINT TEST_S3_BUCKET TEST_S3_ACCESS_KEY_ID TEST_S3_SECRET_ACCESS_KEY REQUIRE_S3=1

log=target/test-logs && mkdir -p "$log"
say "Rust tests (SQLite and PostgreSQL)"
cargo test --workspace --exclude frontend --locked 2>&1 | tee "$log/cargo-test.txt"

say "building the site"
scripts/build-site.sh

say "end-to-end: SQLite, database queue"
(cd end2end && npx playwright test) 2>&1 | tee "$log/e2e-sqlite.txt"

say "end-to-end: PostgreSQL, Redis queue"
e2e_db=e2e_$$
psql -q "$TEST_POSTGRES_URL" -c "create database $e2e_db" >/dev/null
(cd end2end && E2E_DATABASE_URL="${TEST_POSTGRES_URL%/*}/$e2e_db" E2E_REDIS_URL="$REDIS_URL" npx playwright test) 2>&1 | tee "$log/e2e-postgres.txt"
psql -q "$TEST_POSTGRES_URL" -c "drop database $e2e_db" >/dev/null

rust=$(grep -hoE '^test result: ok\. [0-9]+ passed' "$log/cargo-test.txt" | awk '{s+=$4} END {print s+0}')
e2e=$(grep -hoE '^ +[0-9]+ passed' "$log"/e2e-*.txt | awk '{s+=$1} END {print s+0}')
say "all checks passed in $(( $(date +%s) - start )) s: $rust Rust tests, $e2e end-to-end runs"
echo "tests: $(( rust + e2e )) passed, 0 failed"
