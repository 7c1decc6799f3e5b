#!/usr/bin/env bash
# Measures what a newcomer waits for: `scripts/run.sh` on a fresh clone with an empty CARGO_HOME
# (every crate downloaded, wasm-bindgen-cli built, npm's binaryen installed), from the command
# until http://localhost:3000/ first answers 200; then the server is stopped and started again
# (the second start). The Debian packages, Node and the Rust toolchain are taken as installed.
# Nothing else should run meanwhile: the machine's cores are the measurement.
# Usage: scripts/bench-first-start.sh [work dir, default /tmp/first-start]   (port 3000 free)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/first-start}
rm -rf "$work"
mkdir -p "$work/bin"
git clone -q "$src" "$work/clone"
export CARGO_HOME="$work/cargo"
mkdir -p "$CARGO_HOME"
# The toolchain's own commands only: a wasm-bindgen already installed must not be found.
for t in cargo rustc rustup rustdoc; do ln -s "$HOME/.cargo/bin/$t" "$work/bin/$t"; done
PATH="$CARGO_HOME/bin:$work/bin:$(tr ':' '\n' <<<"$PATH" | grep -vx "$HOME/.cargo/bin" | paste -sd:)"
export PATH

# Runs scripts/run.sh in its own process group; prints the seconds until the first 200.
start() {
  local log=$1 t0 pid
  t0=$(date +%s.%N)
  (cd "$work/clone" && exec setsid scripts/run.sh >"$log" 2>&1) &
  pid=$!
  until curl -fsS -o /dev/null http://localhost:3000/ 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$log" >&2
      echo "scripts/run.sh stopped before serving" >&2
      exit 1
    fi
    sleep 1
  done
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)"
  kill -- -"$(ps -o pgid= "$pid" | tr -d ' ')" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  while curl -fsS -o /dev/null http://localhost:3000/ 2>/dev/null; do sleep 0.2; done
}

first=$(start "$work/first.log")
second=$(start "$work/second.log")
echo "first start: ${first} s; second start: ${second} s (logs: $work/first.log, $work/second.log)"
