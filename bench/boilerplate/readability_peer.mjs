// The peer of bench/boilerplate/run.sh: Readability.js over linkedom, one
// page at a time, parse + extract timed (process start and file reading
// excluded), each page once by default (BENCH_RUNS=3: best of three). Reads page paths on stdin, prints
// "bytes ms path" per page. Run with NODE_PATH pointing at the scratch
// node_modules (never a dependency of weft).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(process.env.NODE_PATH + "/");
const { Readability } = require("@mozilla/readability");
const { parseHTML } = require("linkedom");

const RUNS = Number(process.env.BENCH_RUNS || 1);
const paths = readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const p of paths) {
  const buf = readFileSync(p);
  const html = buf.toString("utf8");
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const { document } = parseHTML(html);
    try {
      new Readability(document).parse();
    } catch (e) {
      // a page Readability cannot handle still cost its time
    }
    const t = performance.now() - t0;
    if (t < best) best = t;
  }
  console.log(`${buf.length} ${best.toFixed(4)} ${p}`);
}
