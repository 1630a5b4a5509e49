#!/usr/bin/env bash
# Configures and builds newsgraph into build/ (or $NEWSGRAPH_BUILD_DIR).
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NEWSGRAPH_BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=${NEWSGRAPH_BUILD_TYPE:-Release} "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
