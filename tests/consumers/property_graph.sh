#!/usr/bin/env bash
# Consumer check for the property-graph exports: Kùzu (npm, embedded) runs our Cypher
# script and, separately, loads our neo4j-admin CSV files; in both `MATCH
# (p)-[:SAID]->(q)` returns who said what. On the example article through the CLI
# (Rutte must be a speaker) and on the hostile-string fixtures (names, quotes and
# roles must come back byte for byte).
set -euo pipefail
source "$(dirname "$0")/fixtures.bash" "$1" "$2"
need_node_modules kuzu

# 1. The example article through the CLI: a .cypher file, and neo4j CSVs in a directory.
if cli_offers cypher && cli_offers neo4j; then
  "$ng" build "$repo/examples/nato_rutte.txt" -q -o "$work/nato.cypher" || fail "newsgraph build -o .cypher failed"
  mkdir -p "$work/neo4j"
  "$ng" build "$repo/examples/nato_rutte.txt" -q --format neo4j -o "$work/neo4j" || fail "newsgraph build --format neo4j failed"
  node "$node_dir/kuzu_check.js" --cypher "$work/nato.cypher" --csv "$work/neo4j" --speaker Rutte ||
    fail "Kùzu check on the example failed"
else
  echo "property_graph: the CLI does not offer cypher/neo4j yet: library fixtures only"
fi

# 2. Hostile strings.
node "$node_dir/kuzu_check.js" --cypher "$fx/hostile.cypher" --csv "$fx/csv" --expect "$fx/expect.json" ||
  fail "Kùzu check on the hostile fixtures failed"
echo "property_graph: 1 passed, 0 failed"
