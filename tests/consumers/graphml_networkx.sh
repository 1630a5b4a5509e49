#!/usr/bin/env bash
# Consumer check for GraphML: networkx reads it as a directed graph with the same node
# and edge counts as the graph (counted from the JSON-LD of the same build), typed
# attributes (mentions int, confidence float), and names byte for byte except the
# characters XML 1.0 cannot carry (documented: they become U+FFFD).
set -euo pipefail
source "$(dirname "$0")/fixtures.bash" "$1" "$2"
python3 -c 'import networkx' 2>/dev/null || fail "python3-networkx is not installed"

check() {  # GRAPHML JSONLD [EXPECT]
  python3 - "$@" <<'PY' || fail "networkx check of $1 failed"
import json, re, sys
import networkx as nx
graphml, jsonld = sys.argv[1], sys.argv[2]
g = nx.read_graphml(graphml)
doc = json.load(open(jsonld, encoding="utf-8"))
items = [n for n in doc["@graph"] if n.get("@type") != "NewsArticle"]
edges = sum(len(v) for n in items for k, v in n.items() if k.startswith("ng:") and isinstance(v, list)
            and v and isinstance(v[0], dict) and v[0].get("@type") == "Role")
assert g.is_directed(), "not directed"
assert g.number_of_nodes() == len(items), (g.number_of_nodes(), len(items))
assert g.number_of_edges() == edges, (g.number_of_edges(), edges)
for _, d in g.nodes(data=True):
    assert isinstance(d["mentions"], int)
for _, _, d in g.edges(data=True):
    assert isinstance(d["confidence"], float) and isinstance(d["evidence_count"], int)
    assert isinstance(json.loads(d["evidence"]), list)
ids = {d["id"]: d for _, d in g.nodes(data=True)}
if len(sys.argv) > 3:
    expect = json.load(open(sys.argv[3], encoding="utf-8"))
    xml_impossible = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    for id_, name in expect["names"].items():
        assert ids[id_]["name"] == xml_impossible.sub("\ufffd", name), (id_, ids[id_]["name"], name)
    fix = lambda s: xml_impossible.sub("\ufffd", s)
    edges = [(g.nodes[u], g.nodes[v], d) for u, v, d in g.edges(data=True)]
    for who, text in expect["said"]:
        assert any(d["predicate"] == "said" and a["name"] == fix(who) and b.get("text") == fix(text)
                   for a, b, d in edges), ("said", who, text)
    for who, org, role in expect["roles"]:
        assert any(d.get("role") == fix(role) and a["name"] == fix(who) and b["name"] == fix(org)
                   for a, b, d in edges), ("role", who, org, role)
print(f"{graphml}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
PY
}

if cli_offers graphml; then
  "$ng" build "$repo/examples/nato_rutte.txt" -q -o "$work/nato.graphml" -o "$work/nato.jsonld" || fail "newsgraph build failed"
  check "$work/nato.graphml" "$work/nato.jsonld"
else
  echo "graphml_networkx: the CLI does not offer graphml yet: library fixtures only"
fi
check "$fx/hostile.graphml" "$fx/hostile.jsonld" "$fx/expect.json"
echo "graphml_networkx: 1 passed, 0 failed"
