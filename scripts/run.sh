#!/usr/bin/env bash
# Builds the release site and serves it on http://localhost:3000 with the embedded defaults: a
# SQLite file in ./data, the worker in the server process, sandbox WhatsApp and payments, and
# demo data whose logins are printed on the first start. Needs no cargo-leptos: the first start
# on a fresh machine builds everything once; later starts reuse it and serve in seconds.
# Live reload while developing: scripts/watch.sh (cargo-leptos).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
scripts/build-site.sh --release
exec ./target/release/server
