#!/usr/bin/env bash
# One entity per real-world thing across documents: surnames, acronyms and aliases
# (each name below appears alone in its article, so only consolidation can join them)
# merge; people who share a surname, and Georgia the country and the US state, do not.
# Any document order, and an incremental --into build, give the same bytes.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
cat > a.txt <<'TXT'
Russian President Vladimir Putin met Chinese officials in Moscow on Monday. Officials at the United Nations said the meeting was a concern.
TXT
cat > b.txt <<'TXT'
Putin told reporters in Moscow that Russia would not back down. The UN rejected the claim on Tuesday.
TXT
cat > c.txt <<'TXT'
Hunter Biden appeared in court in Delaware on Tuesday. His father, President Joe Biden, did not attend. Protesters gathered in Atlanta, Georgia, where the state of Georgia counted votes.
TXT
cat > d.txt <<'TXT'
Biden spoke in Washington on Friday. Separately, Georgian officials in Tbilisi said Georgia wants closer ties with the European Union.
TXT

"$NG" build a.txt b.txt c.txt d.txt -q -o all.jsonld -o all.nt || fail "build"
python3 - all.jsonld <<'PY' || fail "entities of the four articles"
import json, sys
g = json.load(open(sys.argv[1]))["@graph"]
ids = {n["@id"].split("/", 3)[-1] if n["@id"].startswith("http") else n["@id"] for n in g}
def has(suffix):
    return any(i.endswith(suffix) for i in ids)
problems = []
# Merged: one Putin, one United Nations.
if not has("person/vladimir-putin"): problems.append("no Vladimir Putin")
if has("person/putin"): problems.append("'Putin' was not merged into Vladimir Putin")
if not has("org/united-nations"): problems.append("no United Nations")
if has("org/un"): problems.append("'UN' was not merged into the United Nations")
# Not merged: two Bidens and the lone surname.
for want in ("person/hunter-biden", "person/joe-biden"):
    if not has(want): problems.append("missing " + want)
# Two Georgias.
if not has("gpe/georgia"): problems.append("no Georgia (country)")
if not has("gpe/georgia-united-states"): problems.append("no Georgia (United States)")
if problems:
    print("\n".join(problems)); print(sorted(ids)); sys.exit(1)
PY
[[ $(grep -c "person/biden" all.nt || true) -gt 0 ]] || fail "the lone 'Biden' should stay its own entity (ambiguous)"

# Order and incrementality do not matter.
"$NG" build d.txt c.txt b.txt a.txt -q -o rev.jsonld || fail "build reversed"
cmp -s all.jsonld rev.jsonld || fail "document order changed the graph"
"$NG" build b.txt d.txt -q -o inc.jsonld || fail "first increment"
"$NG" build a.txt c.txt -q --into inc.jsonld || fail "second increment"
cmp -s all.jsonld inc.jsonld || fail "incremental build differs from one run"
"$NG" build a.txt b.txt -q -o p1.jsonld && "$NG" build c.txt d.txt -q -o p2.jsonld || fail "partial builds"
"$NG" merge p2.jsonld p1.jsonld -o merged.jsonld || fail "merge"
cmp -s all.jsonld merged.jsonld || fail "merged partial graphs differ from one run"
finish
