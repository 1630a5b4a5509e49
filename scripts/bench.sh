#!/usr/bin/env bash
# The pipeline benchmark in one command (issue 8): builds Release (build-bench/),
# installs wink-nlp for the comparison (bench/wink, `npm ci` from its lock file, once),
# runs bench/pipeline_bench and bench/wink/wink_bench.js on the same text (the Wikinews
# corpus repeated to at least 20 MB), prints the ratio, and rewrites the pipeline
# section of bench/results.md (between its "pipeline-bench" markers; the rest of the
# file is left alone).
#
#   scripts/bench.sh
#
#   NEWSGRAPH_BENCH_CORPUS  default ../shared/data/news/wikinews_2019_2020.jsonl
#   NEWSGRAPH_BENCH_MB      megabytes of text, default 20
#   NEWSGRAPH_BENCH_RUNS    runs of each side, the best is kept (default 1)
#   NEWSGRAPH_BENCH_WRITE=0 print only, leave bench/results.md alone
#   NEWSGRAPH_BENCH_BIN     an already built pipeline_bench (skips the build)
# Run it on a quiet machine: the load average is recorded with the figures.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${NEWSGRAPH_BENCH_CORPUS:-$here/../shared/data/news/wikinews_2019_2020.jsonl}
mb=${NEWSGRAPH_BENCH_MB:-20}
runs=${NEWSGRAPH_BENCH_RUNS:-1}
build=${NEWSGRAPH_BENCH_BUILD_DIR:-$here/build-bench}
results=$here/bench/results.md
[[ -r $corpus ]] || { echo "bench.sh: cannot read the corpus $corpus" >&2; exit 1; }

# 1. Release build of the benchmark (NEWSGRAPH_BENCH_BIN=path skips it and uses that binary).
bench_bin=${NEWSGRAPH_BENCH_BIN:-$build/bench/pipeline_bench}
if [[ -z ${NEWSGRAPH_BENCH_BIN:-} ]]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNEWSGRAPH_BUILD_TESTS=OFF -DNEWSGRAPH_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target pipeline_bench
fi

# 2. wink-nlp and its English model, exactly as locked in bench/wink/package-lock.json.
if [[ ! -d $here/bench/wink/node_modules/wink-nlp || ! -d $here/bench/wink/node_modules/wink-eng-lite-web-model ]]; then
  (cd "$here/bench/wink" && npm ci --no-audit --no-fund --loglevel=error)
fi

load_before=$(cut -d' ' -f1 /proc/loadavg)
cores=$(nproc)
if awk -v l="$load_before" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
  echo "bench.sh: warning: load average $load_before on $cores cores; figures will be pessimistic" >&2
fi

# 3. Both sides, best of $runs each. Parsing the "name: key=value ..." summary lines.
field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }
best_ng="" best_ng_tps=0 ng_report=""
for ((r = 1; r <= runs; ++r)); do
  echo "== newsgraph pipeline_bench, run $r/$runs (${mb} MB)"
  out=$("$bench_bin" "$corpus" --mb "$mb")
  echo "$out"
  line=$(grep '^newsgraph: threads=1 ' <<<"$out")
  tps=$(field "$line" tokens_per_s)
  if ((tps > best_ng_tps)); then best_ng_tps=$tps best_ng=$line ng_report=$out; fi
done
best_wink="" best_wink_tps=0 wink_report=""
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
for ((r = 1; r <= runs; ++r)); do
  echo "== wink-nlp wink_bench.js, run $r/$runs (${mb} MB, one core)"
  out=$("${pin[@]}" node "$here/bench/wink/wink_bench.js" "$corpus" --mb "$mb")
  echo "$out"
  line=$(grep '^wink: ' <<<"$out")
  tps=$(field "$line" tokens_per_s)
  if ((tps > best_wink_tps)); then best_wink_tps=$tps best_wink=$line wink_report=$out; fi
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

# From bytes and seconds, not the printed (rounded) MB/s.
mbps() { awk -v b="$(field "$1" bytes)" -v s="$(field "$1" seconds)" 'BEGIN { printf "%.3f", b / 1e6 / s }'; }
ng_mbs=$(mbps "$best_ng")
wink_mbs=$(mbps "$best_wink")
ratio_mb=$(awk -v a="$ng_mbs" -v b="$wink_mbs" 'BEGIN { printf "%.2f", a / b }')
ratio_tok=$(awk -v a="$best_ng_tps" -v b="$best_wink_tps" 'BEGIN { printf "%.2f", a / b }')
echo
echo "one core: newsgraph $ng_mbs MB/s ($best_ng_tps tokens/s), wink-nlp $wink_mbs MB/s ($best_wink_tps tokens/s)"
echo "ratio newsgraph/wink: $ratio_mb by MB/s (same text), $ratio_tok by each tool's own tokens/s (target >= 0.5)"

[[ ${NEWSGRAPH_BENCH_WRITE:-1} == 0 ]] && exit 0

# 4. bench/results.md: replace the pipeline section only.
commit=$(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown)
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
section=$(mktemp)
{
  echo "<!-- pipeline-bench:begin (scripts/bench.sh rewrites this section) -->"
  echo "## Pipeline throughput and wink-nlp comparison"
  echo
  echo "Command: \`scripts/bench.sh\` (Release build; \`build-bench/bench/pipeline_bench CORPUS --mb $mb\`"
  echo "and \`node bench/wink/wink_bench.js CORPUS --mb $mb\`, best of $runs run(s) each)."
  echo "Text: $(basename "$corpus") repeated to $(field "$best_ng" bytes) bytes of document text."
  echo "Machine: $cpu, $cores cores, $mem, $(. /etc/os-release && echo "$PRETTY_NAME"), $(g++ --version | head -1 | sed 's/ (.*)//'),"
  echo "node $(node --version). Commit: $commit. Measured $(date -u +'%Y-%m-%d %H:%M UTC');"
  echo "load average $load_before before, $load_after after (other jobs on the machine slow both sides)."
  echo
  echo "| one core                       | tokens/s | MB/s | seconds |"
  echo "|--------------------------------|---------:|-----:|--------:|"
  echo "| newsgraph, full pipeline       | $best_ng_tps | $ng_mbs | $(field "$best_ng" seconds) |"
  echo "| wink-nlp (tokens, POS, entities) | $best_wink_tps | $wink_mbs | $(field "$best_wink" seconds) |"
  echo
  echo "**Ratio newsgraph / wink-nlp: $ratio_mb** by MB/s of the same text ($ratio_tok by tokens/s;"
  echo "the tools count tokens differently). Target: >= 0.5. newsgraph's pipeline is tagging, NER,"
  echo "dependency parsing, coreference, quotations and relations; wink's is tokenisation, sentence"
  echo "boundaries, POS and entities (\`$(sed -n 's/^\(wink-nlp .*\), best.*/\1/p' <<<"$wink_report")\`)."
  echo
  echo "newsgraph stage by stage (one core) and on all cores:"
  echo
  grep '^|' <<<"$ng_report"
  echo
  sed -n 's/^corpus: /- Corpus: /p; s/^model load: /- Model load: /p; s/^scaling: /- Scaling: /p; s/^peak RSS: /- Peak RSS: /p' <<<"$ng_report"
  echo "<!-- pipeline-bench:end -->"
} >"$section"
python3 - "$results" "$section" <<'EOF'
import re, sys
path, section = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
try:
    text = open(path).read()
except FileNotFoundError:
    text = '# Benchmark results\n'
pat = re.compile(r'<!-- pipeline-bench:begin.*?<!-- pipeline-bench:end -->', re.S)
if pat.search(text):
    text = pat.sub(lambda m: section, text, count=1)
else:
    text = text.rstrip('\n') + '\n\n' + section + '\n'
open(path, 'w').write(text)
EOF
rm -f "$section"
echo "wrote $results"
