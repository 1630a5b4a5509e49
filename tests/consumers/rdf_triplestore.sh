#!/usr/bin/env bash
# Consumer check for RDF: rapper parses our Turtle, N-Triples and N-Quads with zero
# warnings; the JSON-LD, N-Quads, N-Triples and Turtle carry the same triples (URDNA2015
# canonical forms compared with jsonld.js); Oxigraph loads the JSON-LD and the N-Quads
# and SPARQL returns who said what and Rutte's role at NATO; each quotation sits in the
# named graph of its article. On the example article through the CLI and on the
# hostile-string fixtures (where every pair and role must match byte for byte).
set -euo pipefail
source "$(dirname "$0")/fixtures.bash" "$1" "$2"
need_node_modules jsonld oxigraph rdf-canonize
command -v rapper >/dev/null || fail "rapper (raptor2-utils) is not installed"

check_rapper() {  # FILE SYNTAX
  local out
  out=$(rapper -c -i "$2" "$1" 2>&1) || fail "rapper rejected $1: $out"
  if grep -qiE 'warning|error' <<<"$out"; then fail "rapper complained about $1: $out"; fi
  grep -qE 'returned [1-9][0-9]* (triples|statements)' <<<"$out" || fail "rapper found no triples in $1: $out"
}

# 1. The example article through the CLI (once the CLI offers the RDF formats).
if cli_offers nq && cli_offers nt && cli_offers ttl; then
  "$ng" build "$repo/examples/nato_rutte.txt" -q -o "$work/nato.jsonld" -o "$work/nato.nq" -o "$work/nato.nt" \
    -o "$work/nato.ttl" || fail "newsgraph build failed"
  check_rapper "$work/nato.nt" ntriples
  check_rapper "$work/nato.ttl" turtle
  check_rapper "$work/nato.nq" nquads
  node "$node_dir/rdf_check.js" --jsonld "$work/nato.jsonld" --nq "$work/nato.nq" --nt "$work/nato.nt" \
    --ttl "$work/nato.ttl" --speaker Rutte --person Rutte --org NATO || fail "RDF check on the example failed"
else
  echo "rdf_triplestore: the CLI does not offer nt/nq/ttl yet: library fixtures only"
fi

# 2. Hostile strings.
check_rapper "$fx/hostile.nt" ntriples
check_rapper "$fx/hostile.ttl" turtle
check_rapper "$fx/hostile.nq" nquads
node "$node_dir/rdf_check.js" --jsonld "$fx/hostile.jsonld" --nq "$fx/hostile.nq" --nt "$fx/hostile.nt" \
  --ttl "$fx/hostile.ttl" --expect "$fx/expect.json" || fail "RDF check on the hostile fixtures failed"
echo "rdf_triplestore: 1 passed, 0 failed"
