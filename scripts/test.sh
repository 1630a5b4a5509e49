#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (build/), then:
#   1. the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#      (build-asan/, RelWithDebInfo), leaks included (tests/lsan.supp lists the
#      third-party caches that are not ours);
#   2. every libFuzzer target for a bounded time on its seed corpus, after replaying
#      the inputs of past crashes (scripts/fuzz.sh, clang).
# .ci/run calls exactly this. Switches for developers:
#   NEWSGRAPH_SANITIZE=1|0     run / skip the sanitizer pass (default 1)
#   NEWSGRAPH_FUZZ=1|0         run / skip fuzzing (default 1)
#   NEWSGRAPH_FUZZ_SECONDS=N   seconds per fuzz target (default 60)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
jobs=$(nproc)
timing=()
step() { timing+=("$1: $(($SECONDS - $2)) s"); }

t=$SECONDS
NEWSGRAPH_BUILD_DIR=$here/build "$here/scripts/build.sh"
step "build" "$t"
t=$SECONDS
ctest --test-dir "$here/build" --output-on-failure -j"$jobs"
step "tests" "$t"

if [[ ${NEWSGRAPH_SANITIZE:-1} != 0 ]]; then
  t=$SECONDS
  NEWSGRAPH_BUILD_DIR=$here/build-asan NEWSGRAPH_BUILD_TYPE=RelWithDebInfo \
    "$here/scripts/build.sh" -DNEWSGRAPH_SANITIZE=ON -DNEWSGRAPH_BUILD_BENCH=OFF
  step "sanitizer build" "$t"
  t=$SECONDS
  # The robustness test's million-line case is 10x smaller here: the sanitizers make
  # each document ~3x slower and the full size already runs in the plain pass.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0 \
    LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    NEWSGRAPH_ROBUST_LINES=100000 \
    ctest --test-dir "$here/build-asan" --output-on-failure -j"$jobs"
  step "sanitizer tests" "$t"
fi

if [[ ${NEWSGRAPH_FUZZ:-1} != 0 ]]; then
  t=$SECONDS
  "$here/scripts/fuzz.sh" "${NEWSGRAPH_FUZZ_SECONDS:-60}"
  step "fuzzing" "$t"
fi
printf 'test.sh timing: %s\n' "${timing[@]}"
