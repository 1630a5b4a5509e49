#!/usr/bin/env bash
# Consumer check for JSON-LD: jsonld.js expands our output in safe mode and converts
# it to RDF with no network (the document loader refuses every URL), for the example
# article through the CLI (inline context, and by reference served from a local copy)
# and for the hostile-string fixtures, whose strings and node IRIs must survive byte
# for byte.
set -euo pipefail
source "$(dirname "$0")/fixtures.bash" "$1" "$2"
need_node_modules jsonld
check() { node "$node_dir/jsonld_check.js" "$@" || fail "jsonld.js check failed: $*"; }

"$ng" build "$repo/examples/nato_rutte.txt" -q -o "$work/nato.jsonld" || fail "newsgraph build failed"
check "$work/nato.jsonld" --speaker Rutte
"$ng" build "$repo/examples/nato_rutte.txt" -q --base https://example.org/kg/ \
  --context-url https://newsgraph.dev/ns/context.jsonld -o "$work/nato_ref.jsonld" || fail "newsgraph build failed"
check "$work/nato_ref.jsonld" --context "$fx/context.jsonld" --speaker Rutte
grep -q '"@base": "https://example.org/kg/"' "$work/nato_ref.jsonld" || fail "--base not honoured"

check "$fx/hostile.jsonld" --expect "$fx/expect.json"
check "$fx/hostile.ref.jsonld" --context "$fx/context.jsonld" --expect "$fx/expect.json"
# Offline means offline: without the local context the referenced one cannot load.
if node "$node_dir/jsonld_check.js" "$fx/hostile.ref.jsonld" >/dev/null 2>&1; then
  fail "the document loader fetched a remote context"
fi
echo "jsonld_offline: 1 passed, 0 failed"
