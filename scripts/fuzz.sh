#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time on its
# committed seed corpus. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
# A crash leaves its input in build-fuzz/crash-*; turn it into a regression test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-60}
build=$here/build-fuzz
CXX=clang++ cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSGRAPH_FUZZ=ON \
  -DNEWSGRAPH_BUILD_TESTS=OFF -DNEWSGRAPH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_extract fuzz_jsonl fuzz_jsonld
for t in extract jsonl jsonld; do
  work=$(mktemp -d)
  cp "$here/tests/fuzz/corpus/$t/"* "$work/"
  echo "== fuzz_$t for ${secs}s"
  (cd "$build" && ./tests/fuzz/fuzz_$t -max_total_time="$secs" -max_len=65536 -timeout=20 \
     -rss_limit_mb=4096 -print_final_stats=1 "$work" 2>&1 | tail -5)
  rm -rf "$work"
done
