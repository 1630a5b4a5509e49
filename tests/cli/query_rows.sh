#!/usr/bin/env bash
# Every query, with its exact rows, on a fixed small corpus: hand-written `extract`
# output (3 articles), so the rows do not move when the models change.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

cat > facts.jsonl <<'EOF'
{"id":"a","date":"2025-03-01","title":"Harbour talks","text_hash":"00000000000000a1","entities":[{"id":"gpe/oslo","type":"GPE","name":"Oslo","aliases":[],"mentions":[{"start":49,"end":53,"text":"Oslo","kind":"name"}]},{"id":"person/anna-berg","type":"PERSON","name":"Anna Berg","aliases":["Berg","Mayor Anna Berg"],"mentions":[{"start":6,"end":15,"text":"Anna Berg","kind":"name"},{"start":82,"end":86,"text":"Berg","kind":"name"}]},{"id":"person/tomas-lind","type":"PERSON","name":"Tomas Lind","aliases":["Lind"],"mentions":[{"start":35,"end":45,"text":"Tomas Lind","kind":"name"},{"start":92,"end":96,"text":"Lind","kind":"name"},{"start":98,"end":102,"text":"Lind","kind":"name"}]}],"quotes":[{"speaker":"person/anna-berg","addressee":"person/tomas-lind","start":56,"end":80,"text":"The harbour will reopen,","cue":"told","cue_lemma":"tell","cue_span":{"start":87,"end":91,"text":"told"},"sentence_span":{"start":55,"end":97,"text":"\"The harbour will reopen,\" Berg told Lind."},"kind":"direct","about":[],"unclosed":false},{"speaker":"person/tomas-lind","addressee":null,"start":108,"end":127,"text":"the state would pay","cue":"said","cue_lemma":"say","cue_span":{"start":103,"end":107,"text":"said"},"sentence_span":{"start":98,"end":128,"text":"Lind said the state would pay."},"kind":"indirect","about":[],"unclosed":false}],"relations":[{"subject":"person/anna-berg","predicate":"relatedTo","object":"person/tomas-lind","lemma":"meet","start":0,"end":54,"text":"Mayor Anna Berg met Prime Minister Tomas Lind in Oslo.","confidence":0.8},{"subject":"person/tomas-lind","predicate":"holdsPosition","object":"gpe/oslo","role":"Prime Minister","start":20,"end":45,"text":"Prime Minister Tomas Lind","confidence":0.9}]}
{"id":"b","date":"2025-03-02","text_hash":"00000000000000b2","entities":[{"id":"org/dock-workers-union","type":"ORG","name":"Dock Workers Union","aliases":[],"mentions":[{"start":26,"end":44,"text":"Dock Workers Union","kind":"name"}]},{"id":"org/oslo-times","type":"ORG","name":"Oslo Times","aliases":[],"mentions":[{"start":102,"end":112,"text":"Oslo Times","kind":"name"}]},{"id":"person/petra-holm","type":"PERSON","name":"Petra Holm","aliases":["Holm"],"mentions":[{"start":0,"end":10,"text":"Petra Holm","kind":"name"},{"start":115,"end":119,"text":"Holm","kind":"name"}]}],"quotes":[{"speaker":"person/petra-holm","addressee":null,"start":51,"end":81,"text":"the workers were not consulted","cue":"said","cue_lemma":"say","cue_span":{"start":46,"end":50,"text":"said"},"kind":"indirect","about":[],"unclosed":false},{"speaker":"person/petra-holm","addressee":null,"start":84,"end":113,"text":"We read it in the Oslo Times,","cue":"said","cue_lemma":"say","cue_span":{"start":120,"end":124,"text":"said"},"kind":"direct","about":["org/oslo-times"],"unclosed":false}],"relations":[{"subject":"person/petra-holm","predicate":"holdsPosition","object":"org/dock-workers-union","role":"leader","start":0,"end":44,"text":"Petra Holm, leader of the Dock Workers Union","confidence":0.9}]}
{"id":"c","date":"2025-04-10","text_hash":"00000000000000c3","entities":[{"id":"gpe/bergen","type":"GPE","name":"Bergen","aliases":[],"mentions":[{"start":29,"end":35,"text":"Bergen","kind":"name"}]},{"id":"gpe/oslo","type":"GPE","name":"Oslo","aliases":[],"mentions":[{"start":47,"end":51,"text":"Oslo","kind":"name"}]},{"id":"person/petra-holm","type":"PERSON","name":"Petra Holm","aliases":[],"mentions":[{"start":15,"end":25,"text":"Petra Holm","kind":"name"}]},{"id":"person/tomas-lind","type":"PERSON","name":"Tomas Lind","aliases":["Lind"],"mentions":[{"start":0,"end":10,"text":"Tomas Lind","kind":"name"},{"start":37,"end":41,"text":"Lind","kind":"name"}]}],"quotes":[{"speaker":"person/tomas-lind","addressee":null,"start":47,"end":72,"text":"Oslo would get new cranes","cue":"said","cue_lemma":"say","cue_span":{"start":42,"end":46,"text":"said"},"kind":"indirect","about":["gpe/oslo"],"unclosed":false}],"relations":[{"subject":"person/tomas-lind","predicate":"relatedTo","object":"person/petra-holm","lemma":"meet","start":0,"end":36,"text":"Tomas Lind met Petra Holm in Bergen.","confidence":0.8},{"subject":"person/tomas-lind","predicate":"locatedIn","object":"gpe/bergen","start":0,"end":36,"text":"Tomas Lind met Petra Holm in Bergen.","confidence":0.7}]}
EOF

# check NAME EXPECTED -- command...: the command's stdout, CR stripped, must equal EXPECTED.
check() {
  local name=$1 expected=$2
  shift 3
  local got
  if ! got=$("$@" 2>"$WORK/err" | tr -d '\r'); then fail "$name: $(cat "$WORK/err")"; return; fi
  if [[ $got != "$expected" ]]; then fail "$name: got
$got
expected
$expected"; return; fi
  pass "$name"
}

check "quotes csv" 'speaker,cue,kind,quote,addressee,about,date,document
Anna Berg,told,direct,"The harbour will reopen,",Tomas Lind,,2025-03-01,a
Tomas Lind,said,indirect,the state would pay,,,2025-03-01,a
Petra Holm,said,indirect,the workers were not consulted,,,2025-03-02,b
Petra Holm,said,direct,"We read it in the Oslo Times,",,Oslo Times,2025-03-02,b
Tomas Lind,said,indirect,Oslo would get new cranes,,Oslo,2025-04-10,c' -- "$NG" quotes facts.jsonl --format csv
check "quotes --speaker --about --since jsonl" '{"speaker":"Tomas Lind","cue":"said","kind":"indirect","quote":"Oslo would get new cranes","addressee":"","about":"Oslo","date":"2025-04-10","document":"c"}' -- \
  "$NG" quotes facts.jsonl --speaker Lind --about Oslo --since 2025-03-01 --format jsonl
check "entities by mentions" 'rank,id,type,name,score,aliases
1,person/tomas-lind,PERSON,Tomas Lind,5,Lind
2,person/petra-holm,PERSON,Petra Holm,3,Holm
3,gpe/oslo,GPE,Oslo,2,
4,person/anna-berg,PERSON,Anna Berg,2,Berg; Mayor Anna Berg
5,gpe/bergen,GPE,Bergen,1,
6,org/dock-workers-union,ORG,Dock Workers Union,1,
7,org/oslo-times,ORG,Oslo Times,1,' -- "$NG" entities facts.jsonl --format csv
check "entities --type --top --by degree" '{"rank":"1","id":"person/tomas-lind","type":"PERSON","name":"Tomas Lind","score":"7","aliases":"Lind"}
{"rank":"2","id":"person/petra-holm","type":"PERSON","name":"Petra Holm","score":"4","aliases":"Holm"}' -- \
  "$NG" entities facts.jsonl --type PERSON --top 2 --by degree --format jsonl
# The entity graph is the tree Berg-Lind, Lind-Oslo, Lind-Bergen, Lind-Holm, Holm-Union,
# Holm-Times: Lind separates 12 pairs, Holm 9.
check "entities --by betweenness" 'rank,id,type,name,score,aliases
1,person/tomas-lind,PERSON,Tomas Lind,12,Lind
2,person/petra-holm,PERSON,Petra Holm,9,Holm
3,gpe/bergen,GPE,Bergen,0,' -- "$NG" entities facts.jsonl --by betweenness --top 3 --format csv
check "entities --by pagerank" 'rank,id,type,name,score,aliases
1,person/tomas-lind,PERSON,Tomas Lind,0.2775,Lind' -- "$NG" entities facts.jsonl --by pagerank --top 1 --format csv
check "neighbors" 'distance,id,type,name
1,person/tomas-lind,PERSON,Tomas Lind' -- "$NG" neighbors Berg facts.jsonl --format csv
check "neighbors --depth 2" 'distance,id,type,name
1,person/tomas-lind,PERSON,Tomas Lind
2,gpe/bergen,GPE,Bergen
2,gpe/oslo,GPE,Oslo
2,person/petra-holm,PERSON,Petra Holm' -- "$NG" neighbors Berg facts.jsonl --depth 2 --format csv
check "path with evidence" 'step,from,predicate,to,evidence,document
1,Anna Berg,addressed,Tomas Lind,"""The harbour will reopen,"" Berg told Lind.",a
2,Tomas Lind,locatedIn,Bergen,Tomas Lind met Petra Holm in Bergen.,c' -- "$NG" path Berg Bergen facts.jsonl --format csv
check "path against an edge" '{"step":"1","from":"Petra Holm","predicate":"^relatedTo","to":"Tomas Lind","evidence":"Tomas Lind met Petra Holm in Bergen.","document":"c"}
{"step":"2","from":"Tomas Lind","predicate":"holdsPosition","to":"Oslo","evidence":"Prime Minister Tomas Lind","document":"a"}' -- \
  "$NG" path Holm Oslo facts.jsonl --format jsonl
check "stats" 'what,key,count
documents,,3
dates,2025-03-01..2025-04-10,
entities,,7
type,GPE,2
type,ORG,2
type,PERSON,3
quotations,,5
edges,,13
predicate,about,2
predicate,addressed,1
predicate,holdsPosition,2
predicate,locatedIn,1
predicate,relatedTo,2
predicate,said,5' -- "$NG" stats facts.jsonl --format csv

# subgraph: ego network, types, dates; the result is read back by the queries.
"$NG" subgraph facts.jsonl --ego Holm -o ego.jsonld || fail "subgraph --ego"
check "subgraph --ego" 'rank,id,type,name,score,aliases
1,person/tomas-lind,PERSON,Tomas Lind,5,Lind
2,person/petra-holm,PERSON,Petra Holm,3,Holm
3,org/dock-workers-union,ORG,Dock Workers Union,1,
4,org/oslo-times,ORG,Oslo Times,1,' -- "$NG" entities ego.jsonld --format csv
check "subgraph --ego stats" 'what,key,count
documents,,3
dates,2025-03-01..2025-04-10,
entities,,4
type,ORG,2
type,PERSON,2
quotations,,4
edges,,7
predicate,about,1
predicate,holdsPosition,1
predicate,relatedTo,1
predicate,said,4' -- "$NG" stats ego.jsonld --format csv
"$NG" subgraph facts.jsonl --ego person/anna-berg --depth 2 --types PERSON --no-quotes -o people.jsonld || fail "subgraph --types"
check "subgraph --types --depth --no-quotes" 'distance,id,type,name
1,person/tomas-lind,PERSON,Tomas Lind
2,person/petra-holm,PERSON,Petra Holm' -- "$NG" neighbors "Anna Berg" people.jsonld --depth 5 --format csv
"$NG" subgraph facts.jsonl --from 2025-03-02 --to 2025-03-31 -o march.jsonld || fail "subgraph --from --to"
check "subgraph --from --to" 'speaker,cue,kind,quote,addressee,about,date,document
Petra Holm,said,indirect,the workers were not consulted,,,2025-03-02,b
Petra Holm,said,direct,"We read it in the Oslo Times,",,Oslo Times,2025-03-02,b' -- "$NG" quotes march.jsonld --format csv
check "subgraph --from --to stats" 'what,key,count
documents,,1
dates,2025-03-02..2025-03-02,
entities,,3
type,ORG,2
type,PERSON,1
quotations,,2
edges,,4
predicate,about,1
predicate,holdsPosition,1
predicate,said,2' -- "$NG" stats march.jsonld --format csv
# In any export format, and unfiltered it is the graph itself.
"$NG" subgraph facts.jsonl --ego Holm --format ttl -o ego.ttl || fail "subgraph to Turtle"
"$NG" merge ego.jsonld -o ego2.ttl || fail "merge to Turtle"
cmp -s ego.ttl ego2.ttl || fail "subgraph Turtle differs from its JSON-LD converted"
grep -q 'ng:textHash' ego.ttl || fail "subgraph Turtle lacks the documents"
"$NG" subgraph facts.jsonl --ego Holm --format dot > ego.dot || fail "subgraph to DOT on stdout"
grep -q '"person/petra-holm"' ego.dot && ! grep -q '"person/anna-berg"' ego.dot || fail "subgraph DOT: $(grep -c . ego.dot) lines"
"$NG" subgraph facts.jsonl -o all.jsonld && "$NG" merge facts.jsonl -o merged.jsonld || fail "unfiltered subgraph"
cmp -s all.jsonld merged.jsonld || fail "an unfiltered subgraph differs from the graph"
expect_error "subgraph unknown ego" 2 "no single entity matches 'Nobody'" -- "$NG" subgraph facts.jsonl --ego Nobody -o x.jsonld
expect_error "subgraph bad date" 2 "date '03/2025' is not YYYY-MM-DD" -- "$NG" subgraph facts.jsonl --from 03/2025 -o x.jsonld
expect_error "subgraph bad type" 2 "unknown entity type 'PEOPLE'" -- "$NG" subgraph facts.jsonl --types PEOPLE -o x.jsonld
[[ ! -e x.jsonld ]] || fail "a failed subgraph left its output"
finish
