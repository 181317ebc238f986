#!/bin/sh
# Speed of the boilerplate stage beside Readability.js (+ linkedom) on every
# dev page (aeb + trafilatura-eval), single thread, in the same run: median
# and total time per page, the ratio, and memory per page. Then plain-text
# cleaning (input = "text") on every dev rendering (dev/*-text*/), single
# thread, in memory: MB/s per rendering and overall beside the target.
#   sh bench/boilerplate/run.sh BUILD_DIR
# Readability.js and linkedom are installed from npm into a scratch folder
# outside the repository ($WEFT_BENCH_NPM, default /tmp/weft-bench-npm).
# Then the quality figures (quality.py, heldout.sh).
B=${1:-build}
DATA=../shared/data/boilerplate/dev
NPM=${WEFT_BENCH_NPM:-/tmp/weft-bench-npm}
echo "== boilerplate: time per page beside Readability.js (bench/boilerplate/run.sh) =="
if [ ! -d "$DATA" ]; then
    echo "boilerplate bench: $DATA is absent, skipped"
    exit 0
fi
make --no-print-directory B="$B" "$B/bench/boilerplate/bp_bench" "$B/plugins/boilerplate.so" >/dev/null || exit 1
W=$(mktemp -d /tmp/weft-bench-bp.XXXXXX)
trap 'rm -rf "$W"' EXIT
python3 - "$DATA" "$W/pages" >"$W/list" <<'PY'
import gzip, os, sys
data, out = sys.argv[1], sys.argv[2]
for s in ("aeb", "trafilatura-eval"):
    os.makedirs(os.path.join(out, s))
    for f in sorted(os.listdir(os.path.join(data, s, "html"))):
        p = os.path.join(out, s, f[:-3])
        open(p, "wb").write(gzip.open(os.path.join(data, s, "html", f)).read())
        print(p)
PY
"$B/bench/boilerplate/bp_bench" "$B/plugins/boilerplate.so" <"$W/list" >"$W/ours" 2>/dev/null || exit 1

peer=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    if [ ! -d "$NPM/node_modules/@mozilla/readability" ] || [ ! -d "$NPM/node_modules/linkedom" ]; then
        mkdir -p "$NPM" && (cd "$NPM" && { [ -f package.json ] || npm init -y >/dev/null; } &&
            npm install --no-audit --no-fund @mozilla/readability linkedom >/dev/null 2>&1)
    fi
    if NODE_PATH="$NPM/node_modules" node bench/boilerplate/readability_peer.mjs <"$W/list" >"$W/peer" 2>/dev/null; then
        peer="$W/peer"
    fi
fi
[ -n "$peer" ] || echo "(Readability.js peer unavailable: node/npm missing or install failed)"

# Memory: peak RSS of `weft run -p clean PAGE` minus that of an empty page,
# per page, against the page size.
python3 - "$B" "$W/list" "$W/ours" "${peer:-}" <<'PY'
import os, statistics, subprocess, sys
def words(r):
    """A peer/ours ratio as "2.5x faster" or "1.1x slower", never "0.9x faster"."""
    return "%.1fx faster" % r if round(r, 1) >= 1 else "%.1fx slower" % (1 / r)
b, listf, ours, peer = sys.argv[1:5]
pages = [l.strip() for l in open(listf) if l.strip()]

def load(p, extra=0):
    """bytes ms [EXTRA more times] path, one page a line -> {path: (bytes, ms, times...)}"""
    out = {}
    for l in open(p):
        f = l.rstrip("\n").split(" ", 2 + extra)
        out[f[-1]] = (int(f[0]), float(f[1])) + tuple(float(x) for x in f[2:-1])
    return out

def maxrss(path):
    pid = os.spawnv(os.P_NOWAIT, os.path.join(b, "weft"),
                    [os.path.join(b, "weft"), "run", "-p", "clean", "-q", "-o", "/dev/null", path])
    _, status, ru = os.wait4(pid, 0)
    return ru.ru_maxrss * 1024  # KiB on Linux

empty = os.path.join(os.path.dirname(listf), "empty.html")
# A tiny page that still touches every per-worker buffer (class cache,
# element and block arrays), so the baseline holds the fixed costs.
open(empty, "w").write('<html lang="en"><body><div class="post"><p>One short paragraph, with a comma.</p></div></body></html>')
base = min(maxrss(empty) for _ in range(3))
mem = []
for p in pages:
    mem.append((max(0, maxrss(p) - base), os.path.getsize(p)))

o = load(ours, 2)
r = load(peer) if peer else None
print("%d pages (72 aeb + 381 trafilatura-eval), %.1f MB, each page once, single thread"
      % (len(pages), sum(o[p][0] for p in pages) / 1e6))
print("%-18s %-38s %10s %10s %10s %10s" % ("pages", "extractor", "median ms", "mean ms",
                                          "p95 ms", "total s"))
for label, sel in (("all", pages), ("aeb", [p for p in pages if "/aeb/" in p]),
                   ("trafilatura-eval", [p for p in pages if "/trafilatura-eval/" in p])):
    rows = [("weft boilerplate (C, libxml2)", [o[p][1] for p in sel])]
    if r:
        rows.append(("(peer) Readability.js 0.6 + linkedom", [r[p][1] for p in sel]))
    rows.append(("  libxml2 parse alone, whole page", [o[p][2] for p in sel]))
    rows.append(("  libxml2 parse alone, pruned page", [o[p][3] for p in sel]))
    for name, t in rows:
        t2 = sorted(t)
        print("%-18s %-38s %10.3f %10.3f %10.3f %10.3f" % (
            label, name, statistics.median(t), sum(t) / len(t), t2[int(0.95 * (len(t2) - 1))],
            sum(t) / 1e3))
    if r:
        # No target: the >= 50x one rested on a peer figure that timed more
        # than parse and extract. The ratio, and beside it the libxml2 parse
        # floor (what no extractor on libxml2 can beat).
        a, p_ = rows[0][1], rows[1][1]
        print("%-18s ratio: weft is %s by median, %s by total time (no target)"
              % (label, words(statistics.median(p_) / statistics.median(a)),
                 words(sum(p_) / sum(a))))
        x, y = rows[2][1], rows[3][1]
        print("%-18s libxml2 parse floor (no-op callbacks): %s than the peer by median on the "
              "whole page, %s on the page as the stage prunes it; that parse is %.0f%% of "
              "weft's time" % (
                  label, words(statistics.median(p_) / statistics.median(x)),
                  words(statistics.median(p_) / statistics.median(y)), 100 * sum(y) / sum(a)))
ratios = sorted(m / s for m, s in mem)
big_max = max((m / s for m, s in mem if s >= 100 * 1024), default=0)
big = sorted(m / s for m, s in mem if s >= 100 * 1024)
print("memory per page (peak RSS over a tiny page, / page size): median %.1fx, max %.1fx; "
      "pages >= 100 KB (%d): median %.1fx, max %.1fx; largest page %d KB -> +%.1f MB (target <= 20x: %s)"
      % (statistics.median(ratios), ratios[-1], len(big), statistics.median(big) if big else 0,
         big[-1] if big else 0, max(s for _, s in mem) // 1024,
         max(mem, key=lambda x: x[1])[0] / 1e6, "met" if big_max <= 20 else "not met"))
worst = max(mem, key=lambda x: x[0] / x[1])
print("  (worst ratio: a %d KB page, +%d KB)" % (worst[1] // 1024, worst[0] // 1024))
PY

# Plain text: every rendering of every dev page, the stage alone on each
# file in memory (best of BENCH_RUNS, default 5), single thread.
echo
echo "== boilerplate: plain-text cleaning speed on the dev renderings (input = text) =="
ls "$DATA"/*-text*/* >"$W/texts"
"$B/bench/boilerplate/bp_bench" "$B/plugins/boilerplate.so" --text <"$W/texts" >"$W/text-times" 2>/dev/null || exit 1
python3 - "$W/text-times" <<'PY'
import collections, os, sys
by = collections.OrderedDict()
for l in open(sys.argv[1]):
    b, ms, path = l.rstrip("\n").split(" ", 2)
    r = by.setdefault(os.path.basename(os.path.dirname(path)), [0, 0.0, 0])
    r[0] += int(b); r[1] += float(ms); r[2] += 1
print("%-34s %6s %9s %9s %9s" % ("rendering", "files", "MB", "ms", "MB/s"))
tb = tt = tn = 0
for name, (b, ms, n) in sorted(by.items()):
    print("%-34s %6d %9.2f %9.1f %9.1f" % (name, n, b / 1e6, ms, b / 1e6 / (ms / 1e3)))
    tb += b; tt += ms; tn += n
rate = tb / 1e6 / (tt / 1e3)
print("%-34s %6d %9.2f %9.1f %9.1f   (target >= 100 MB/s, single thread: %s)"
      % ("all", tn, tb / 1e6, tt, rate, "met" if rate >= 100 else "not met"))
PY

# Quality (issue 14's targets): every dev set and rendering, whole and per
# half, the short-text check; then the classifier on pages and renderers it
# was not trained on.
echo
python3 bench/boilerplate/quality.py "$B" --halves --short | sed -n '/^| set/,$p;/^== short/p'
echo
sh bench/boilerplate/heldout.sh "$B"
