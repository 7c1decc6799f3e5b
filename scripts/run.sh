#!/usr/bin/env bash
# Sets up what is missing and serves the site on http://localhost:3000 with the embedded
# defaults: a SQLite file in ./data, the worker in the server process, sandbox WhatsApp and
# payments, and demo data whose logins are printed on the first start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
exec cargo leptos watch
