#!/usr/bin/env bash
# Builds the playground into web/dist/: the compiler for wasm32 (web/compiler),
# the page's modules bundled with esbuild, the worker, and the example programs.
#   ./web/build.sh          then ./web/serve.sh
set -euo pipefail
cd "$(dirname "$0")"
web=$PWD

# The compiler, for wasm32 (web/compiler/.cargo/config.toml sets the target
# and links a 32 MiB stack). It has its own target directory.
rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
(cd compiler && CARGO_TARGET_DIR="$web/compiler/target" cargo build --release --locked)

# The editor (CodeMirror) and esbuild, from the committed lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

rm -rf dist && mkdir -p dist
cp compiler/target/wasm32-unknown-unknown/release/vera_web.wasm dist/vera.wasm
npx esbuild site/main.js --bundle --format=esm --minify --target=es2022 \
  --outfile=dist/main.js --log-level=warning
cp site/worker.js site/index.html site/style.css dist/
node tools/programs.mjs > dist/programs.json

# Sizes: what a browser downloads, raw and compressed (gzip -9).
total=0; gz=0
for f in dist/*; do
  total=$((total + $(wc -c < "$f"))); gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
done
for f in vera.wasm main.js worker.js; do
  printf '  %-14s %8d bytes, %7d gzipped\n' "$f" "$(wc -c < "dist/$f")" "$(gzip -9 -c "dist/$f" | wc -c)"
done
printf 'web/dist: %d bytes, %d gzipped (programs.json included)\n' "$total" "$gz"
