// Checks newsgraph's RDF outputs against each other and in a real triple store:
//  1. the JSON-LD (via jsonld.js toRDF, offline), the N-Quads (graphs dropped), the
//     N-Triples and the Turtle denote the same RDF graph (URDNA2015 canonical forms equal);
//  2. Oxigraph loads the JSON-LD and the N-Quads, and SPARQL SELECTs return who said
//     what (speaker name, quote text) and a person's role at an organisation, from
//     both; every quotation of the N-Quads sits in the named graph of its article.
// Usage: node rdf_check.js --jsonld F --nq F [--nt A.nt,B.nt] [--ttl F] [--context C]
//   [--expect expect.json]                      exact pairs/roles from the fixture writer
//   [--speaker NAME] [--person NAME --org NAME]  substring checks for real articles
'use strict';
const fs = require('fs');
const jsonld = require('jsonld');
const ox = require('oxigraph');
const canonize = require('rdf-canonize');

const CONTEXT_URL = 'https://newsgraph.dev/ns/context.jsonld';
const PREFIXES = 'PREFIX s: <http://schema.org/> PREFIX ng: <https://newsgraph.dev/ns#> ';
let failures = 0;
function fail(msg) {
  console.error('FAIL: ' + msg);
  ++failures;
}

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const read = (f) => fs.readFileSync(f, 'utf8');

const documentLoader = async (url) => {
  if (url === CONTEXT_URL && args.context) return {contextUrl: null, documentUrl: url, document: JSON.parse(read(args.context))};
  throw new Error('network access refused in tests: ' + url);
};

// Parses N-Quads/N-Triples text with rdf-canonize's parser and moves every quad to the
// default graph, so graph names do not count in the comparison. (Not through
// Oxigraph: it rewrites xsd:double literals to another lexical form.)
function flattened(text) {
  const quads = canonize.NQuads.parse(text).map((q) => ({...q, graph: {termType: 'DefaultGraph', value: ''}}));
  return canonize.NQuads.serialize(quads);
}

async function canonical(nquads) {
  return jsonld.canonize(nquads, {inputFormat: 'application/n-quads', algorithm: 'URDNA2015', format: 'application/n-quads'});
}

function select(store, query) {
  // The N-Quads put every statement in its article's graph: query their union.
  return store.query(PREFIXES + query, {use_default_graph_as_union: true}).map((b) => {
    const row = {};
    for (const [k, v] of b) row[k] = v.value;
    return row;
  });
}

async function main() {
  const doc = JSON.parse(read(args.jsonld));
  const fromJsonld = await jsonld.toRDF(doc, {documentLoader, safe: true, format: 'application/n-quads'});
  const reference = await canonical(fromJsonld);
  const lines = reference.split('\n').filter((l) => l).length;
  const inputs = [['N-Quads', args.nq]];
  for (const f of (args.nt || '').split(',').filter((x) => x)) inputs.push([f, f]);
  for (const [name, file] of inputs) {
    const got = await canonical(flattened(read(file)));
    if (got !== reference) {
      const a = new Set(reference.split('\n'));
      const b = new Set(got.split('\n'));
      fail(`${name} differs from the JSON-LD: ` +
           `only in JSON-LD: ${JSON.stringify([...a].filter((x) => !b.has(x)).slice(0, 3))} ` +
           `only in ${name}: ${JSON.stringify([...b].filter((x) => !a.has(x)).slice(0, 3))}`);
    }
  }
  if (args.ttl) {
    // Turtle through Oxigraph's parser, compared with the JSON-LD's quads through the
    // same store, so both sides get Oxigraph's normalised literal forms.
    const viaStore = (text, format) => {
      const st = new ox.Store();
      st.load(text, {format});
      return st.dump({format: 'application/n-quads'});
    };
    const ref = await canonical(viaStore(fromJsonld, 'application/n-quads'));
    const got = await canonical(viaStore(read(args.ttl), 'text/turtle'));
    if (got !== ref) fail('Turtle differs from the JSON-LD');
    inputs.push(['Turtle', args.ttl]);
  }
  console.log(`JSON-LD and ${inputs.length} RDF file(s): ${lines} identical triples after canonicalisation`);

  // Triple stores: the JSON-LD (Oxigraph's own JSON-LD parser) and the N-Quads.
  const fromJsonldStore = new ox.Store();
  fromJsonldStore.load(JSON.stringify(doc), {format: 'application/ld+json'});
  const nqStore = new ox.Store();
  nqStore.load(read(args.nq), {format: 'application/n-quads'});
  const saidQuery = 'SELECT DISTINCT ?who ?text WHERE { ?q a s:Quotation ; s:text ?text ; s:spokenByCharacter ?p . ?p s:name ?who }';
  const roleQuery = 'SELECT DISTINCT ?who ?org ?role WHERE { ?p s:name ?who ; ?rel ?r . ?r a s:Role ; s:roleName ?role ; ?rel ?o . ?o s:name ?org }';
  for (const [label, store] of [['JSON-LD', fromJsonldStore], ['N-Quads', nqStore]]) {
    const said = select(store, saidQuery);
    const roles = select(store, roleQuery);
    if (args.expect) {
      const expect = JSON.parse(read(args.expect));
      for (const [who, text] of expect.said) {
        if (!said.some((r) => r.who === who && r.text === text)) fail(`${label}: SPARQL lacks ${JSON.stringify(who)} said ${JSON.stringify(text)}`);
      }
      for (const [who, org, role] of expect.roles) {
        if (!roles.some((r) => r.who === who && r.org === org && r.role === role)) fail(`${label}: SPARQL lacks role ${JSON.stringify([who, org, role])}`);
      }
    }
    if (args.speaker) {
      const mine = said.filter((r) => r.who.includes(args.speaker));
      if (mine.length === 0) fail(`${label}: SPARQL finds no quotation by ${args.speaker}`);
      else console.log(`${label}: ${mine.length} quotation(s) by ${args.speaker}, e.g. ${JSON.stringify(mine[0].text.slice(0, 60))}`);
    }
    if (args.person) {
      const mine = roles.filter((r) => r.who.includes(args.person) && r.org.includes(args.org));
      if (mine.length === 0) fail(`${label}: SPARQL finds no role of ${args.person} at ${args.org}`);
      else console.log(`${label}: ${args.person} is ${JSON.stringify(mine[0].role)} at ${mine[0].org}`);
    }
  }

  // Provenance in N-Quads: each quotation is stated in the graph of its article.
  const placed = select(nqStore, 'SELECT ?q ?g ?doc WHERE { GRAPH ?g { ?q a s:Quotation ; s:isPartOf ?doc } }');
  if (placed.length === 0) fail('N-Quads: no quotation in a named graph');
  for (const r of placed) if (r.g !== r.doc) fail(`N-Quads: quotation ${r.q} is in graph ${r.g}, not its article ${r.doc}`);
  console.log(`N-Quads: ${placed.length} quotation(s), each in its article's named graph`);
  if (failures) process.exitCode = 1;
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack || e));
  process.exitCode = 1;
});
