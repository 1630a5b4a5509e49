#!/usr/bin/env node
// wink-nlp's throughput on the same text bench/pipeline_bench measures: the "text" of
// every JSONL document, the corpus repeated until it holds at least --mb megabytes.
// Runs wink's tokenisation, sentence boundaries, part-of-speech tags and entities
// (pipe ['sbd', 'pos', 'ner']) on one core (Node is single-threaded here) and reads
// every token's tag and every entity out, so no work is left lazy.
//
//   node wink_bench.js CORPUS.jsonl [--mb 20] [--runs 1]
//
// Prints a human summary and one machine-readable line:
//   wink: tokens=N bytes=N seconds=S tokens_per_s=X mb_per_s=Y
'use strict';
const fs = require('fs');
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');

function usage() {
  console.error('usage: node wink_bench.js CORPUS.jsonl [--mb 20] [--runs 1]');
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length < 1) usage();
const corpus = args[0];
let mb = 20;
let runs = 1;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === '--mb') mb = Number(args[i + 1]);
  else if (args[i] === '--runs') runs = Number(args[i + 1]);
  else usage();
}
if (!(mb > 0) || !(runs >= 1)) usage();

// Same document texts, same order, same repetition rule as pipeline_bench.
const base = [];
for (const line of fs.readFileSync(corpus, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const text = JSON.parse(line).text;
  if (typeof text === 'string' && text.trim() !== '') base.push(text);
}
if (base.length === 0) {
  console.error(`${corpus}: no documents`);
  process.exit(1);
}
const docs = [];
let bytes = 0;
while (bytes < mb * 1e6) {
  for (const t of base) {
    docs.push(t);
    bytes += Buffer.byteLength(t, 'utf8');
  }
}

const nlp = winkNLP(model, ['sbd', 'pos', 'ner']);
const its = nlp.its;

function pass(texts) {
  let tokens = 0;
  let entities = 0;
  let checksum = 0;
  for (const t of texts) {
    const doc = nlp.readDoc(t);
    const pos = doc.tokens().out(its.pos);
    tokens += pos.length;
    checksum += pos.length ? pos[pos.length - 1].length : 0;
    entities += doc.entities().out(its.detail).length;
  }
  return { tokens, entities, checksum };
}

// Warm the JIT on the base corpus once, outside the timing.
pass(base);
let best = Infinity;
let result = null;
for (let r = 0; r < runs; ++r) {
  const t0 = process.hrtime.bigint();
  result = pass(docs);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  best = Math.min(best, secs);
}
const tps = result.tokens / best;
const mbs = bytes / 1e6 / best;
console.log(`corpus: ${docs.length} documents, ${result.tokens} wink tokens, ` +
            `${(bytes / 1e6).toFixed(1)} MB, ${result.entities} entities`);
console.log(`wink-nlp ${require('wink-nlp/package.json').version} + ` +
            `wink-eng-lite-web-model ${require('wink-eng-lite-web-model/package.json').version}, ` +
            `node ${process.version}, best of ${runs}`);
console.log(`wink: tokens=${result.tokens} bytes=${bytes} seconds=${best.toFixed(2)} ` +
            `tokens_per_s=${Math.round(tps)} mb_per_s=${mbs.toFixed(2)}`);
