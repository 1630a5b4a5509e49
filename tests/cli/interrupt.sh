#!/usr/bin/env bash
# Interruption is safe: `kill -9` at any moment of `build --into graph.jsonld` leaves the
# graph either exactly as it was or (killed after the final rename) exactly as the
# finished run writes it, never broken or partial.
# The only possible litter is the named temporary file graph.jsonld.tmp-XXXXXX of an
# interrupted final write, which newsgraph never reads (docs/scaling.md).
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# A generated corpus (our own template sentences): a large saved graph, a small update.
python3 - <<'PY'
import json
first = ["Anna", "Tomas", "Petra", "Ulf", "Maria", "Jonas", "Elin", "Karl", "Ingrid", "Lars", "Sofia", "Nils"]
last = ["Berg", "Lind", "Holm", "Dahl", "Strand", "Moen", "Vik", "Aas", "Lund", "Sand", "Eide", "Foss"]
cities = ["Oslo", "Bergen", "Stockholm", "Helsinki", "Copenhagen", "Trondheim", "Malmo", "Turku"]
def doc(i):
    a = f"{first[i % 12]} {last[(i * 7) % 12]}"
    b = f"{first[(i * 5 + 3) % 12]} {last[(i * 11 + 1) % 12]}"
    c, d = cities[i % 8], cities[(i * 3 + 1) % 8]
    text = (f"{a} met {b} in {c} on Monday. \"We agreed on the new ferry line,\" {a.split()[1]} told reporters. "
            f"{b} said the ministry in {d} would pay for half of it. The council of {c} will vote in May.")
    return {"id": f"g{i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": text}
with open("old.jsonl", "w") as f:
    for i in range(1500): f.write(json.dumps(doc(i)) + "\n")
with open("new.jsonl", "w") as f:
    for i in range(1500, 1540): f.write(json.dumps(doc(i)) + "\n")
PY
"$NG" build old.jsonl -q -o graph.jsonld || fail "initial build"
cp graph.jsonld old.jsonld
# What an uninterrupted update produces, and how long it takes.
cp old.jsonld expected.jsonld
start=$(date +%s%N)
"$NG" build new.jsonl -q -j 2 --into expected.jsonld || fail "uninterrupted --into"
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cmp -s expected.jsonld old.jsonld && fail "the update did not change the graph"
echo "uninterrupted --into: ${took_ms} ms"

killed=0 completed=0 litter=0
for pct in 5 15 30 45 60 70 80 88 94 99; do
  delay=$(awk -v t="$took_ms" -v p="$pct" 'BEGIN { printf "%.3f", t * p / 100000 }')
  "$NG" build new.jsonl -q -j 2 --into graph.jsonld &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  rc=0
  wait "$pid" 2>/dev/null || rc=$?
  if [[ $rc -eq 137 ]]; then
    killed=$((killed + 1))
    # Killed after the rename (while exiting) the new graph is in place, which is fine.
    if cmp -s graph.jsonld expected.jsonld; then
      cp old.jsonld graph.jsonld
    else
      cmp -s graph.jsonld old.jsonld || fail "killed after ${delay}s: the graph is neither the previous nor the new one"
    fi
  elif [[ $rc -eq 0 ]]; then
    completed=$((completed + 1))
    cmp -s graph.jsonld expected.jsonld || fail "finished before the kill at ${delay}s but the graph is not the expected one"
    cp old.jsonld graph.jsonld
  else
    fail "run killed after ${delay}s exited $rc"
  fi
  for f in $(ls -A); do
    case $f in
      graph.jsonld.tmp-??????) litter=$((litter + 1)); rm -f "$f" ;;
      old.jsonl|new.jsonl|graph.jsonld|old.jsonld|expected.jsonld|out|err) ;;
      *) fail "unexpected file after a kill at ${delay}s: $f" ;;
    esac
  done
done
echo "runs killed: $killed, finished first: $completed, temporary files left by kills: $litter"
[[ $killed -ge 3 ]] || fail "only $killed of 10 runs were interrupted; the test did not test anything"
# The graph still works as a base for an update after all this.
"$NG" build new.jsonl -q --into graph.jsonld || fail "--into after the kills"
cmp -s graph.jsonld expected.jsonld || fail "--into after the kills gives another graph"
finish
