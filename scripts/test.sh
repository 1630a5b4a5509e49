#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite. With NEWSGRAPH_SANITIZE=1 it then
# runs the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
jobs=$(nproc)

NEWSGRAPH_BUILD_DIR=$here/build "$here/scripts/build.sh"
ctest --test-dir "$here/build" --output-on-failure -j"$jobs"

if [[ ${NEWSGRAPH_SANITIZE:-0} == 1 ]]; then
  NEWSGRAPH_BUILD_DIR=$here/build-asan NEWSGRAPH_BUILD_TYPE=RelWithDebInfo \
    "$here/scripts/build.sh" -DNEWSGRAPH_SANITIZE=ON -DNEWSGRAPH_BUILD_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$here/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" --output-on-failure -j"$jobs"
fi
