#!/usr/bin/env bash
# For developing: serves the site on http://localhost:3000 and rebuilds and reloads on every
# change (cargo leptos watch, debug build). Installs cargo-leptos the first time (~19 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh watch
exec cargo leptos watch
