#!/usr/bin/env bash
# Scale-out: `extract` on shards (in a shuffled order, one through stdin) followed by
# `merge` equals `build` on all documents, byte for byte, in every output format.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# Our own small corpus: recurring people and places across dated articles.
cat > corpus.jsonl <<'EOF'
{"id":"d1","date":"2025-03-01","title":"Harbour talks","url":"https://example.org/d1","text":"Mayor Anna Berg met Prime Minister Tomas Lind in Oslo on Monday. \"The harbour will reopen in April,\" Berg told reporters. Lind said the government would pay for the repairs."}
{"id":"d2","date":"2025-03-02","title":"Union reacts","text":"The Dock Workers Union criticised the plan on Tuesday. Its leader, Petra Holm, said the workers had not been consulted. \"We learned about it from the newspapers,\" Holm told the Oslo Times."}
{"id":"d3","date":"2025-03-05","text":"Tomas Lind visited Bergen on Thursday. The Prime Minister said Norway would invest in its ports. Anna Berg, the mayor of Oslo, welcomed the announcement."}
{"id":"d4","date":"2025-04-10","title":"Harbour reopens","text":"The harbour in Oslo reopened on Wednesday, Mayor Anna Berg said. Petra Holm of the Dock Workers Union called it \"a victory for the workers\". Tomas Lind did not attend."}
{"id":"d5","text":"Microsoft announced a new office in Stockholm. Chief executive Satya Nadella said the company would hire 300 engineers in Sweden."}
{"id":"d6","date":"2025-04-11","text":"Anna Berg told the city council that the repairs had cost 40 million kroner. \"It was worth every krone,\" she said."}
{"id":"d7","date":"2025-04-12","text":"Swedish Prime Minister Ulf Kristersson met Tomas Lind in Stockholm on Friday. Kristersson said the two countries would share a new ferry line."}
{"id":"d8","date":"2025-05-02","text":"Satya Nadella visited Oslo and met Anna Berg. \"Oslo is a great place for engineers,\" Nadella told the mayor."}
{"id":"d9","date":"2025-05-03","text":"Petra Holm said on Saturday that the union would strike if wages were cut. The Oslo Times reported that Tomas Lind had refused to comment."}
EOF

formats=(jsonld nt nq ttl dot graphml cypher)
outs=()
for f in "${formats[@]}"; do outs+=(-o "whole.$f"); done
"$NG" build corpus.jsonl -q -j 2 "${outs[@]}" || fail "build on the whole corpus"
"$NG" build corpus.jsonl -q --format neo4j -o whole.neo4j || fail "build neo4j"

# Three shards of a shuffled order.
sed -n '7p;2p;9p' corpus.jsonl > s1.jsonl
sed -n '4p;1p' corpus.jsonl > s2.jsonl
sed -n '8p;5p;3p;6p' corpus.jsonl > s3.jsonl
"$NG" extract s1.jsonl -q -j 1 -o p1.jsonl || fail "extract shard 1"
"$NG" extract - -q -j 2 < s2.jsonl > p2.jsonl || fail "extract shard 2 from stdin"
"$NG" extract s3.jsonl -q -o p3.ndjson || fail "extract shard 3"
[[ $(cat p1.jsonl p2.jsonl p3.ndjson | wc -l) -eq 9 ]] || fail "extract wrote $(cat p*.jsonl | wc -l) lines for 9 documents"

for f in "${formats[@]}"; do
  "$NG" merge p3.ndjson p1.jsonl p2.jsonl -o "merged.$f" || fail "merge to $f"
  cmp -s "whole.$f" "merged.$f" || fail "shards + merge differ from one build in $f: $(diff "whole.$f" "merged.$f" | head -5)"
done
"$NG" merge p2.jsonl p3.ndjson p1.jsonl --format neo4j -o merged.neo4j || fail "merge neo4j"
diff -r whole.neo4j merged.neo4j > /dev/null || fail "shards + merge differ from one build in neo4j CSV"

# Concatenated parts are parts; a JSON-LD part and an article part mix with extract parts.
cat p2.jsonl p1.jsonl p3.ndjson > all.jsonl
"$NG" merge all.jsonl -o cat.jsonld || fail "merge concatenated parts"
cmp -s whole.jsonld cat.jsonld || fail "merge of concatenated parts differs"
"$NG" build s3.jsonl -q -o part3.jsonld || fail "build shard 3"
"$NG" merge part3.jsonld p1.jsonl s2.jsonl -o mixed.jsonld || fail "merge mixed parts"
cmp -s whole.jsonld mixed.jsonld || fail "merge of JSON-LD + extract + article parts differs"
# A part given twice counts once.
"$NG" merge p1.jsonl p2.jsonl p3.ndjson p1.jsonl -o twice.jsonld || fail "merge with a repeated part"
cmp -s whole.jsonld twice.jsonld || fail "a repeated part changed the graph"
# Queries read extract output directly.
"$NG" stats p1.jsonl p2.jsonl p3.ndjson --format csv > stats.csv || fail "stats on extract output"
tr -d '\r' < stats.csv | grep -qx 'documents,,9' || fail "stats on extract output: $(cat stats.csv)"

# Recurring entities are one node, with mentions from each article that names them.
python3 - whole.jsonld <<'PY' || fail "recurring entities are not single nodes"
import json, sys
g = json.load(open(sys.argv[1]))["@graph"]
nodes = [n for n in g if n.get("@id", "").startswith("person/tomas-lind")]
assert len(nodes) == 1, [n["@id"] for n in nodes]
docs = {m["ng:document"]["@id"] if isinstance(m["ng:document"], dict) else m["ng:document"] for m in nodes[0]["ng:mention"]}
assert len(docs) >= 4, docs
PY

# Malformed extract lines: Error(Input) naming file and line, exit 1, no output.
head -1 p1.jsonl > bad.jsonl
printf '{"id":"x","entities":[{"id":"person/x"\n' >> bad.jsonl
expect_error "malformed extract line" 1 "bad.jsonl:2: byte [0-9]+: malformed JSON" -- "$NG" merge bad.jsonl -o bad.jsonld
printf '{"id":"y","entities":[],"quotes":[{"speaker":"person/nobody","start":0,"end":1,"text":"a","kind":"direct"}]}\n' > badref.jsonl
expect_error "dangling entity reference" 1 "badref.jsonl:1: speaker 'person/nobody' is not an entity of this line" -- \
  "$NG" merge badref.jsonl -o bad.jsonld
printf '{"id":"z","entities":[{"id":"a/b","type":"ALIEN","name":"b","mentions":[]}]}\n' > badtype.jsonl
expect_error "unknown entity type" 1 "badtype.jsonl:1: unknown entity type 'ALIEN'" -- "$NG" merge badtype.jsonl -o bad.jsonld
[[ ! -e bad.jsonld ]] || fail "a failed merge left its output behind"
finish
