#!/usr/bin/env bash
# Golden end-to-end case: the bundled example article in, the facts the user expects out.
set -euo pipefail
NG=$1
REPO=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$NG" extract "$REPO/examples/nato_rutte.txt" -o "$WORK/out.jsonl"
python3 "$REPO/tests/golden/check_facts.py" "$WORK/out.jsonl" "$REPO/tests/golden/nato_rutte.expected.json"
