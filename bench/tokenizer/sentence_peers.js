// Sentence spans of the npm segmenters on a JSON Lines file of documents
// ({"id", "text"}), one {"id", "offsets": "utf16", "sentences": [[b, e]]}
// line per document (the simple format of score_sentences.py).
//   node sentence_peers.js NODE_MODULES sbd|compromise IN.jsonl > OUT.jsonl
// Both return sentence strings; each is found in the text from where the
// previous one ended, or else aligned by its non-whitespace characters (in
// case a segmenter folds whitespace).
'use strict';
const fs = require('fs');
const path = require('path');
const [mods, which, file] = process.argv.slice(2);
const req = (m) => require(path.join(mods, m));

let split;
if (which === 'sbd') {
    const sbd = req('sbd');
    const opts = { newline_boundaries: true };
    split = (t) => sbd.sentences(t, opts);
} else if (which === 'compromise') {
    const m = req('compromise');
    const nlp = m.default || m;
    split = (t) => nlp(t).sentences().out('array');
} else {
    process.stderr.write('sentence_peers: sbd or compromise\n');
    process.exit(2);
}

const ws = (c) => /\s/.test(c);
function align(text, sents) {
    const out = [];
    let i = 0;
    for (const s0 of sents) {
        const s = s0.trim();
        if (!s) continue;
        const at = text.indexOf(s, i);
        if (at >= 0) {
            out.push([at, at + s.length]);
            i = at + s.length;
            continue;
        }
        let b = -1, e = -1, j = i, ok = true;
        for (const c of s) {
            if (ws(c)) continue;
            while (j < text.length && ws(text[j])) j++;
            // a character the segmenter dropped or changed: skip up to 3 of the text's
            let k = j;
            while (k < text.length && k - j < 3 && text.slice(k, k + c.length) !== c) k++;
            if (text.slice(k, k + c.length) !== c) { ok = false; break; }
            if (b < 0) b = k;
            j = k + c.length;
            e = j;
        }
        if (ok && b >= 0) { out.push([b, e]); i = j; }
    }
    return out;
}

const t0 = process.cpuUsage();
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
const res = [];
for (const l of lines) {
    const d = JSON.parse(l);
    res.push(JSON.stringify({ id: d.id, offsets: 'utf16', sentences: align(d.text, split(d.text)) }));
}
const cpu = process.cpuUsage(t0);
process.stdout.write(res.join('\n') + '\n');
process.stderr.write(`${which}: ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s CPU\n`);
