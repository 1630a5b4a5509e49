#!/usr/bin/env bash
# The progress line: on a terminal it shows documents, tokens/s and an ETA; piped or
# with --quiet, stderr stays clean.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
python3 - <<'PY'
import json
with open("corpus.jsonl", "w") as f:
    for i in range(200):
        f.write(json.dumps({"id": f"d{i}", "text": f"Mayor Anna Berg of Oslo met officials in Bergen on day {i}. "
                            "She told reporters that the talks went well. " * 20}) + "\n")
PY
if ! command -v script >/dev/null; then echo "script(1) missing: cannot emulate a terminal" >&2; exit 1; fi
# script(1) gives the command a pseudo-terminal; its output is what the terminal saw.
script -qec "'$NG' build corpus.jsonl -o tty.jsonld --jobs 1" /dev/null > tty.log 2>&1 || fail "build on a terminal"
tr '\r' '\n' < tty.log > tty.lines
grep -Eq '^[0-9]+ documents, [0-9]+ tokens, [0-9]+ tokens/s, ETA [0-9]+m[0-9]+s' tty.lines ||
  fail "no progress line with documents, tokens/s and ETA on a terminal: $(head -c 300 tty.lines)"
"$NG" build corpus.jsonl -o piped.jsonld 2> piped.err || fail "build piped"
grep -q "documents" piped.err && fail "progress printed although stderr is not a terminal"
script -qec "'$NG' build corpus.jsonl -o quiet.jsonld --quiet" /dev/null > quiet.log 2>&1 || fail "build --quiet"
grep -q "documents" quiet.log && fail "--quiet still printed progress"
cmp -s tty.jsonld piped.jsonld || fail "the progress line changed the output"
finish
