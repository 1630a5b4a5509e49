#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) and
# runs each for a bounded time over its committed seed corpus (tests/fuzz/corpus/<t>/)
# plus the inputs of past crashes (tests/fuzz/regressions/<t>/, replayed first).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
#
#   SECONDS_PER_TARGET       default $NEWSGRAPH_FUZZ_SECONDS, else 60
#   NEWSGRAPH_FUZZ_TARGETS   default "extract jsonl jsonld"
#   NEWSGRAPH_FUZZ_BUILD_DIR default build-fuzz
#
# Exit status is non-zero if any target crashes, leaks, times out on one input or
# breaks an invariant. The offending input is kept in $build/crashes/<target>/: add it
# to tests/fuzz/regressions/<target>/ (replayed here on every run) and fix the bug.
# New corpus entries found during the run are discarded; the committed corpus is
# never modified.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-${NEWSGRAPH_FUZZ_SECONDS:-60}}
targets=${NEWSGRAPH_FUZZ_TARGETS:-extract jsonl jsonld}
build=${NEWSGRAPH_FUZZ_BUILD_DIR:-$here/build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is required (scripts/setup.sh installs it)" >&2; exit 1; }

t0=$SECONDS
CXX=clang++ cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSGRAPH_FUZZ=ON \
  -DNEWSGRAPH_BUILD_TESTS=OFF -DNEWSGRAPH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' $targets)
echo "fuzz.sh: built in $((SECONDS - t0)) s"

# A leak or UB report is a failure too; inputs are bounded so one unit stays fast.
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$here/tests/fuzz/ubsan.supp
failed=()
for t in $targets; do
  bin=$build/tests/fuzz/fuzz_$t
  crashes=$build/crashes/$t
  mkdir -p "$crashes"
  work=$(mktemp -d)
  cp "$here/tests/fuzz/corpus/$t/"* "$work/"
  # Past crashes first, each run once: they must all pass now.
  regressions=("$here"/tests/fuzz/regressions/"$t"/*)
  if [[ -e ${regressions[0]} ]]; then
    echo "== fuzz_$t: replaying ${#regressions[@]} regression input(s)"
    if ! "$bin" -artifact_prefix="$crashes/" -rss_limit_mb=4096 -timeout=60 "${regressions[@]}" \
        >"$build/fuzz_$t.replay.log" 2>&1; then
      tail -40 "$build/fuzz_$t.replay.log"
      failed+=("$t (regression)")
    fi
  fi
  case $t in
    extract) max_len=8192 ;;   # the whole pipeline per input: keep units small and fast
    *) max_len=65536 ;;
  esac
  echo "== fuzz_$t for ${secs}s (seeds: $(ls "$work" | wc -l))"
  rc=0
  "$bin" -max_total_time="$secs" -max_len=$max_len -timeout=30 -rss_limit_mb=4096 \
    -artifact_prefix="$crashes/" -print_final_stats=1 "$work" >"$build/fuzz_$t.log" 2>&1 || rc=$?
  grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$build/fuzz_$t.log" || true
  if [[ $rc -ne 0 ]]; then
    echo "fuzz_$t FAILED (exit $rc); input kept in $crashes/" >&2
    grep -E -A30 "^==[0-9]+==ERROR|runtime error|SUMMARY|deadly signal|timeout" "$build/fuzz_$t.log" | head -60 >&2
    failed+=("$t")
  fi
  rm -rf "$work"
done
echo "fuzz.sh: total $((SECONDS - t0)) s"
if ((${#failed[@]})); then
  echo "fuzz.sh: failures in: ${failed[*]}" >&2
  exit 1
fi
