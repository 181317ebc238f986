// The JavaScript peer of the `news` profile for bench/news/run.sh, doing the
// same steps on the same pages in one node process: gunzip, linkedom +
// @mozilla/readability (the article), compromise (people, places,
// organisations; sentence split), vader-sentiment per sentence, then the
// summary the profile's Lua stage makes (top entities by mentions, overall
// tone, most positive and most negative sentence), one JSON line per page
// on stdout. Module loading and reading the files are not timed; everything
// from the compressed bytes in memory to the JSON line is. PASSES passes
// (default 2) over all pages; the fastest counts, so the peer is measured
// with a warm JIT.
//   PASSES=2 node js_peer.js NODE_MODULES_DIR PAGE... >results.jsonl 2>timings
// stderr: one "bytes ms" line per page of the fastest pass, a
// "pass N wall_ms cpu_ms" line per pass, then "total pages wall_ms cpu_ms"
// of the fastest pass.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { performance } = require('perf_hooks');

const mods = process.argv[2];
const { Readability } = require(path.join(mods, '@mozilla/readability'));
const { parseHTML } = require(path.join(mods, 'linkedom'));
const nlpMod = require(path.join(mods, 'compromise'));
const nlp = nlpMod.default || nlpMod;
const vader = require(path.join(mods, 'vader-sentiment'));
const sia = vader.SentimentIntensityAnalyzer;

function analyse(id, gz) {
  const html = (id.endsWith('.gz') ? zlib.gunzipSync(gz) : gz).toString('utf8');
  const { document } = parseHTML(html);
  let article = null;
  try {
    article = new Readability(document).parse();
  } catch (e) {
    // a page Readability cannot handle still costs its time; it has no text
  }
  const text = article && article.textContent ? article.textContent : '';
  const doc = nlp(text);
  const counts = new Map();
  const count = (label, list) => {
    for (const t of list) {
      // compromise keeps the punctuation that follows a name ("Brandt,")
      const k = label + '\0' + t.trim().replace(/[.,;:!?'"]+$/, '');
      counts.set(k, (counts.get(k) || 0) + 1);
    }
  };
  count('PER', doc.people().out('array'));
  count('LOC', doc.places().out('array'));
  count('ORG', doc.organizations().out('array'));
  // Map keeps first-seen order, so the stable sort breaks ties as the
  // profile does
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([k, n]) => {
      const [label, t] = k.split('\0');
      return `${t} (${label}) x${n}`;
    });
  let sum = 0;
  let best = null;
  let worst = null;
  const sentences = doc.sentences().out('array');
  for (const s of sentences) {
    const c = sia.polarity_scores(s).compound;
    sum += c;
    if (!best || c > best.c) best = { c, s };
    if (!worst || c < worst.c) worst = { c, s };
  }
  const tone = sentences.length ? sum / sentences.length : 0;
  return JSON.stringify({
    id,
    title: article ? article.title : null,
    top_entities: top.join('; '),
    tone: tone >= 0.05 ? 'positive' : tone <= -0.05 ? 'negative' : 'neutral',
    compound: tone,
    sentences: sentences.length,
    most_positive: best ? best.s : null,
    most_negative: worst ? worst.s : null,
  });
}

// one small page first, so lazily built tables are not charged to page one
analyse('warm-up.html', Buffer.from(
  '<html><head><title>Warm up</title></head><body><article><p>Helen Brandt of Acme Corp ' +
  'visited Paris on Monday. It was a good trip, she said.</p></article></body></html>'));

const files = process.argv.slice(3);
const pages = files.map((f) => [f, fs.readFileSync(f)]);
const passes = Math.max(1, parseInt(process.env.PASSES || '2', 10));
let fastest = null;
const log = [];
for (let p = 1; p <= passes; p++) {
  const out = [];
  const timings = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const [f, buf] of pages) {
    const s = performance.now();
    out.push(analyse(f, buf));
    timings.push(`${buf.length} ${(performance.now() - s).toFixed(3)}`);
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e3;
  log.push(`pass ${p} ${wall.toFixed(3)} ${cpu.toFixed(3)}`);
  if (!fastest || wall < fastest.wall) fastest = { wall, cpu, out, timings };
}
process.stdout.write(fastest.out.join('\n') + '\n');
process.stderr.write(fastest.timings.join('\n') + '\n' + log.join('\n') + '\n');
process.stderr.write(`total ${pages.length} ${fastest.wall.toFixed(3)} ${fastest.cpu.toFixed(3)}\n`);
