// Peer for bench/entities/run.sh: npm `compromise` tagging people, places
// and organisations in the same documents (JSON Lines {"id", "text"}).
// Prints: cpu_seconds wall_seconds entities
//   node compromise_peer.js NODE_MODULES_DIR IN.jsonl
const path = require('path');
const fs = require('fs');
const mod = require(path.join(process.argv[2], 'compromise'));
const nlp = mod.default || mod;
const docs = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean).map(JSON.parse);
// one warm-up document so module loading is not timed
nlp('Warm up in London with Pete Sampras .').people();
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let n = 0;
for (const d of docs) {
  const doc = nlp(d.text);
  n += doc.people().length + doc.places().length + doc.organizations().length;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
console.log(`${(c.user + c.system) / 1e6} ${s} ${n}`);
