#!/usr/bin/env bash
# Builds the site as `cargo leptos build` lays it out (target/site: pkg/<name>.js,
# pkg/<name>.wasm, pkg/<name>.css, the public/ assets, and the server binary), using cargo and
# wasm-bindgen-cli directly, then finishes it for serving (scripts/assets.mjs): content-hashed
# names for the files pages link, brotli and gzip copies of every text and wasm file, and the
# manifest the server reads. `scripts/run.sh` (--release) and the test command use this, so
# neither needs cargo-leptos; names and folders are read from the
# [[workspace.metadata.leptos]] table, so the two builds cannot drift apart.
# --release also shrinks the wasm with wasm-opt -Oz (npm's binaryen, installed in tools/ by
# scripts/setup.sh).
# Usage: scripts/build-site.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
read -r name site_root pkg_dir style assets lib bin < <(python3 - <<'PY'
import tomllib
m = tomllib.load(open("Cargo.toml", "rb"))["workspace"]["metadata"]["leptos"][0]
print(m["name"], m["site-root"], m.get("site-pkg-dir", "pkg"), m["style-file"], m["assets-dir"],
      m["lib-package"], m["bin-package"])
PY
)
profile=dev; wasm_profile=dev; wasm_dir=debug
if [ "${1:-}" = "--release" ]; then profile=release; wasm_profile=wasm-release; wasm_dir=wasm-release; fi
export LEPTOS_OUTPUT_NAME="$name"
mkdir -p target

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock. When it is missing
# it is built (~2 minutes, once) beside the site's own compile, in its own target folder, so a
# fresh machine's first start does not wait for it. Installed without --locked: its own lock
# file pins a webpki-roots release the registry here does not serve.
want=$(python3 -c 'import tomllib; print(next(p["version"] for p in tomllib.load(open("Cargo.lock","rb"))["package"] if p["name"]=="wasm-bindgen"))')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
bindgen_pid=
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want beside the build (found: ${have:-none}; log: target/wasm-bindgen-install.log)"
  # opt-level 1: a third less compile time on a fresh machine; it runs for seconds per build.
  cargo install wasm-bindgen-cli --version "=$want" --bin wasm-bindgen --force --config 'profile.release.opt-level=1' \
    >target/wasm-bindgen-install.log 2>&1 &
  bindgen_pid=$!
fi

cargo build -p "$bin" --bin "$bin" --profile "$profile" --no-default-features --features ssr
cargo build -p "$lib" --lib --target wasm32-unknown-unknown --profile "$wasm_profile" \
  --no-default-features --features hydrate
if [ -n "$bindgen_pid" ] && ! wait "$bindgen_pid"; then
  tail -20 target/wasm-bindgen-install.log >&2
  echo "installing wasm-bindgen-cli failed (target/wasm-bindgen-install.log)" >&2
  exit 1
fi
# Assemble the site only when its inputs changed, so a second start takes seconds (wasm-opt and
# brotli's best level take a minute on a release wasm).
wasm_in="target/wasm32-unknown-unknown/$wasm_dir/$lib.wasm"
stamp="$profile $( (cat "$wasm_in" "$style" scripts/assets.mjs; find "$assets" -type f | sort | xargs cat) | sha256sum | cut -c1-64)"
if [ ! -f "$site_root/assets.txt" ] || [ "$(cat target/.site-inputs 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$site_root" && mkdir -p "$site_root/$pkg_dir"
  wasm-bindgen --target=web --out-name="$name" --out-dir="$site_root/$pkg_dir" "$wasm_in"
  mv "$site_root/$pkg_dir/${name}_bg.wasm" "$site_root/$pkg_dir/$name.wasm"
  if [ "$profile" = release ]; then
    wasm_opt=tools/node_modules/.bin/wasm-opt
    [ -x "$wasm_opt" ] || { echo "no $wasm_opt: run scripts/setup.sh run" >&2; exit 1; }
    "$wasm_opt" -Oz "$site_root/$pkg_dir/$name.wasm" -o "$site_root/$pkg_dir/$name.wasm"
  fi
  cp "$style" "$site_root/$pkg_dir/$name.css"
  cp -r "$assets"/. "$site_root/"
  node scripts/assets.mjs "$site_root" "$([ "$profile" = release ] && echo best || echo fast)"
  echo "$stamp" > target/.site-inputs
fi
echo "site built in $site_root ($profile)"
