#!/usr/bin/env bash
# Installs whatever this machine lacks, from the registries only (Debian, crates.io, npm), and
# skips what is already there, so running it again is quick.
#   scripts/setup.sh run    tools to build and serve the site (wasm-bindgen, wasm-opt)
#   scripts/setup.sh test   tools to build and test it (PostgreSQL, Redis, Chromium, Playwright)
#   scripts/setup.sh watch  cargo-leptos as well, for live reload while developing
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: scripts/setup.sh run|test|watch}
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# Debian packages.
# tzdata: the time zone database statements read (/usr/share/zoneinfo) for each tenant's month.
# fonts-noto-cjk: Noto Sans CJK, the font coupons and statements embed (Latin, Malay, Chinese).
apt_packages=(tzdata fonts-noto-cjk)
if [ "$mode" = test ]; then
  # poppler-utils: pdftoppm and pdftotext, which the PDF tests use to open what we generate.
  apt_packages+=(postgresql redis-server chromium poppler-utils)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The browser side of the site is Rust compiled to wasm.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli (exactly the wasm-bindgen version in Cargo.lock) is installed by
# scripts/build-site.sh, while the site compiles.

# wasm-opt for the release site's wasm: npm's binaryen, pinned in tools/package-lock.json.
stamp=tools/node_modules/.lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s tools/package-lock.json "$stamp"; then
  say "installing the build tools from npm (binaryen's wasm-opt)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  cp tools/package-lock.json "$stamp"
fi

if [ "$mode" = watch ]; then
  # cargo-leptos 0.3.11 needs a newer rustc than 1.95; no_downloads stops it fetching tools
  # (sass, tailwind, wasm-opt, wasm-bindgen) from outside the registries. ~19 minutes once.
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
    say "installing cargo-leptos 0.3.10 (takes a while, once)"
    cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
  fi
fi

if [ "$mode" = test ]; then
  # An S3-compatible server for the file store's bucket backend: s3s-fs from crates.io (a
  # directory served over the S3 protocol, checking request signatures). ~3 minutes, once.
  if [ "$(s3s-fs --version 2>/dev/null | awk '{print $2}')" != "0.14.1" ]; then
    say "installing s3s-fs 0.14.1 (the tests' S3 server; once)"
    cargo install s3s-fs --version =0.14.1 --features binary --locked
  fi
  # Playwright from npm, driving Debian's Chromium; it never downloads a browser of its own.
  stamp=end2end/node_modules/.lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    say "installing the end-to-end test packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp end2end/package-lock.json "$stamp"
  fi
fi
say "setup ($mode) complete"
