// Loads newsgraph's property-graph exports into Kùzu, an embedded graph database:
//  1. the Cypher script, run as is in a fresh database;
//  2. the neo4j-admin CSV files, with COPY FROM into a schema matching their headers.
// In both, `MATCH (p)-[:SAID]->(q)` must answer who said what, node and relationship
// counts must match, and with --expect the speaker names, quote texts and roles must
// match the fixture writer's byte for byte.
// Usage: node kuzu_check.js --cypher F --csv DIR [--expect expect.json] [--speaker NAME]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const kuzu = require('kuzu');

let failures = 0;
function fail(msg) {
  console.error('FAIL: ' + msg);
  ++failures;
}
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

async function rows(conn, query) {
  const result = await conn.query(query);
  return result.getAll();
}

async function checkDatabase(label, conn) {
  const said = await rows(conn, 'MATCH (p)-[:SAID]->(q) RETURN p.name AS who, q.text AS text ORDER BY who, text');
  const nodes = (await rows(conn, 'MATCH (n:Node) RETURN count(n) AS c'))[0].c;
  const edges = (await rows(conn, 'MATCH ()-[r]->() RETURN count(r) AS c'))[0].c;
  if (args.expect) {
    const expect = JSON.parse(fs.readFileSync(args.expect, 'utf8'));
    if (Number(nodes) !== expect.vertices) fail(`${label}: ${nodes} nodes, expected ${expect.vertices}`);
    if (Number(edges) !== expect.edges) fail(`${label}: ${edges} relationships, expected ${expect.edges}`);
    for (const [who, text] of expect.said) {
      if (!said.some((r) => r.who === who && r.text === text)) fail(`${label}: no SAID row ${JSON.stringify([who, text])}`);
    }
    const names = await rows(conn, 'MATCH (n:Node) RETURN n.id AS id, n.name AS name');
    for (const [id, name] of Object.entries(expect.names)) {
      if (!names.some((r) => r.id === id && r.name === name)) fail(`${label}: node ${JSON.stringify(id)} lacks name ${JSON.stringify(name)}`);
    }
    const roles = await rows(conn, 'MATCH (p)-[r:HOLDS_POSITION]->(o) RETURN p.name AS who, o.name AS org, r.role AS role');
    for (const [who, org, role] of expect.roles) {
      if (!roles.some((r) => r.who === who && r.org === org && r.role === role)) fail(`${label}: no role ${JSON.stringify([who, org, role])}`);
    }
  }
  if (args.speaker) {
    const mine = said.filter((r) => r.who.includes(args.speaker));
    if (mine.length === 0) fail(`${label}: MATCH (p)-[:SAID]->(q) finds no quotation by ${args.speaker}`);
    else console.log(`${label}: ${mine.length} quotation(s) by ${args.speaker}, e.g. ${JSON.stringify(mine[0].text.slice(0, 60))}`);
  }
  console.log(`${label}: ${nodes} nodes, ${edges} relationships, ${said.length} SAID rows`);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-kuzu-'));
  try {
    // 1. The Cypher script, whole.
    const db1 = new kuzu.Database(path.join(tmp, 'script.kz'));
    const c1 = new kuzu.Connection(db1);
    await c1.query(fs.readFileSync(args.cypher, 'utf8'));
    await checkDatabase('Cypher script', c1);

    // 2. The neo4j-admin CSVs. Kùzu matches columns by position: the schema follows the
    // headers (the relationship files' :TYPE column becomes a `type` property).
    const db2 = new kuzu.Database(path.join(tmp, 'csv.kz'));
    const c2 = new kuzu.Connection(db2);
    const header = fs.readFileSync(path.join(args.csv, 'nodes.csv'), 'utf8').split('\n', 1)[0];
    if (header !== 'id:ID,:LABEL,name,type,aliases,text,cue,kind,date,mentions:int,docs') fail('unexpected nodes.csv header: ' + header);
    await c2.query('CREATE NODE TABLE Node(id STRING, label STRING, name STRING, type STRING, aliases STRING, text STRING, ' +
                   'cue STRING, kind STRING, date STRING, mentions INT64, docs STRING, PRIMARY KEY (id))');
    const csvOptions = `(header=true, parallel=false, quote='"', escape='"')`;
    await c2.query(`COPY Node FROM '${path.join(args.csv, 'nodes.csv')}' ${csvOptions}`);
    for (const file of fs.readdirSync(args.csv).filter((f) => /^relationships_\w+\.csv$/.test(f)).sort()) {
      const type = file.slice('relationships_'.length, -'.csv'.length);
      const relHeader = fs.readFileSync(path.join(args.csv, file), 'utf8').split('\n', 1)[0];
      if (!relHeader.startsWith(':START_ID,:END_ID,:TYPE,')) fail(`unexpected ${file} header: ${relHeader}`);
      await c2.query(`CREATE REL TABLE ${type}(FROM Node TO Node, type STRING, predicate STRING, role STRING, lemma STRING, ` +
                     'confidence DOUBLE, evidence_count INT64, evidence STRING)');
      await c2.query(`COPY ${type} FROM '${path.join(args.csv, file)}' ${csvOptions}`);
    }
    await checkDatabase('neo4j-admin CSV', c2);
    // The JSON-in-a-column properties parse back.
    const ev = await rows(c2, 'MATCH ()-[r:SAID]->() RETURN r.evidence AS e LIMIT 1');
    if (ev.length && !Array.isArray(JSON.parse(ev[0].e))) fail('evidence is not a JSON array');
  } finally {
    fs.rmSync(tmp, {recursive: true, force: true});
  }
  if (failures) process.exitCode = 1;
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack || e));
  process.exitCode = 1;
});
