// The peer: npm vader-sentiment (a JavaScript port of VADER) on the same
// texts, one pass to warm up and write its scores, then timed passes.
//   node port.js MODULE_DIR TEXTS SCORES_OUT PASSES
'use strict';
const fs = require('fs');
const vader = require(process.argv[2]);
const texts = fs.readFileSync(process.argv[3], 'utf8').split('\n');
if (texts.length && texts[texts.length - 1] === '') texts.pop();
const passes = Math.max(1, parseInt(process.argv[5] || '2', 10));
const sia = vader.SentimentIntensityAnalyzer;

const out = [];
for (const t of texts) {
  const s = sia.polarity_scores(t);
  out.push([s.neg, s.neu, s.pos, s.compound].join('\t'));
}
fs.writeFileSync(process.argv[4], out.join('\n') + '\n');

let best = Infinity;
for (let r = 0; r < passes; r++) {
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (const t of texts) sink += sia.polarity_scores(t).compound;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (s < best) best = s;
  if (Number.isNaN(sink)) throw new Error('NaN score');
}
console.log(`${texts.length}\t${best.toFixed(9)}`);
