#!/usr/bin/env bash
# Serves the built playground (./web/build.sh) on http://127.0.0.1:${PORT:-8000}/
set -euo pipefail
cd "$(dirname "$0")/dist"
exec python3 -m http.server "${PORT:-8000}" --bind 127.0.0.1
