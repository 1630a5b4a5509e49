// Reads a newsgraph JSON-LD file with jsonld.js, offline: the document loader refuses
// every URL except newsgraph's context URL, which it serves from a local file.
// Expands in safe mode (an undefined term or a dropped value is an error) and
// converts to RDF. With --expect, checks that the strings and node IRIs listed by the
// fixture writer survive byte for byte. With --nquads FILE, writes the N-Quads.
// Usage: node jsonld_check.js FILE.jsonld [--context context.jsonld] [--expect expect.json]
//        [--nquads out.nq] [--speaker NAME]
'use strict';
const fs = require('fs');
const jsonld = require('jsonld');

const CONTEXT_URL = 'https://newsgraph.dev/ns/context.jsonld';
const SCHEMA = 'http://schema.org/';

function parseArgs(argv) {
  const args = {file: argv[0]};
  for (let i = 1; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return args;
}

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const doc = JSON.parse(fs.readFileSync(args.file, 'utf8'));
  const documentLoader = async (url) => {
    if (url === CONTEXT_URL && args.context) {
      return {contextUrl: null, documentUrl: url, document: JSON.parse(fs.readFileSync(args.context, 'utf8'))};
    }
    throw new Error('network access refused in tests: ' + url);
  };
  const options = {documentLoader, safe: true};
  const expanded = await jsonld.expand(doc, options);
  if (!Array.isArray(expanded) || expanded.length === 0) return fail('expansion is empty');
  const quads = await jsonld.toRDF(doc, options);
  if (quads.length === 0) return fail('toRDF produced no quads');
  if (args.nquads) {
    fs.writeFileSync(args.nquads, await jsonld.toRDF(doc, {...options, format: 'application/n-quads'}));
  }

  // Index what RDF consumers see.
  const literals = new Set();
  const subjects = new Set();
  const byPredicate = {};
  for (const q of quads) {
    if (q.subject.termType === 'NamedNode') subjects.add(q.subject.value);
    if (q.object.termType === 'Literal') literals.add(q.object.value);
    (byPredicate[q.predicate.value] = byPredicate[q.predicate.value] || []).push(q);
  }
  const quotations = (byPredicate['http://www.w3.org/1999/02/22-rdf-syntax-ns#type'] || [])
      .filter((q) => q.object.value === SCHEMA + 'Quotation').length;

  if (args.expect) {
    const expect = JSON.parse(fs.readFileSync(args.expect, 'utf8'));
    let checked = 0;
    for (const s of expect.strings) {
      if (!literals.has(s)) fail('literal did not survive: ' + JSON.stringify(s));
      ++checked;
    }
    for (const [id, iri] of Object.entries(expect.nodes)) {
      if (!subjects.has(iri)) fail('node ' + JSON.stringify(id) + ' is not subject ' + iri);
      ++checked;
    }
    console.log(`checked ${checked} hostile strings and IRIs`);
  }

  if (args.speaker) {
    // Who said what: speaker name -> quotation text, through schema:spokenByCharacter.
    const names = {};
    for (const q of byPredicate[SCHEMA + 'name'] || []) names[q.subject.value] = q.object.value;
    const texts = {};
    for (const q of byPredicate[SCHEMA + 'text'] || []) texts[q.subject.value] = q.object.value;
    const said = (byPredicate[SCHEMA + 'spokenByCharacter'] || [])
        .filter((q) => (names[q.object.value] || '').includes(args.speaker) && texts[q.subject.value]);
    if (said.length === 0) fail('no quotation spoken by ' + args.speaker);
    else console.log(`${said.length} quotation(s) spoken by ${args.speaker}`);
  }
  console.log(`${args.file}: expanded ${expanded.length} nodes, ${quads.length} quads, ${quotations} quotations`);
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack || e));
  process.exitCode = 1;
});
