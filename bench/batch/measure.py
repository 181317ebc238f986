"""Batch-run figures for bench/batch/run.sh: documents/s at 1, 2 and 4
workers, user and sys CPU, and the machine's headroom (bench/batch/busy.c,
two threads against one), printed as ratios with each target of issue #17
marked met or not met.

    python3 measure.py WEFT BUSY RUNS JSONL_FIGURES SHORT_JSONL HTML_DIR... [--base BASE_WEFT]

JSONL_FIGURES holds "profile bytes seconds docs" lines from jsonl_write.
The machine is shared, so each corpus is measured in RUNS rounds, each
round the headroom probe and then -j 1, 2 and 4 back to back; a round's
-j 2 / -j 1 is set against that round's headroom, and every figure
printed is the median over the rounds (the rounds' ratios are listed too).
The load average is printed at the start and at the end."""
import os
import resource
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
base = None
if "--base" in args:
    i = args.index("--base")
    base = args[i + 1]
    del args[i:i + 2]
weft, busy, runs, jsonl_figs, short = args[:5]
html = args[5:]
runs = int(runs)


def once(cmd):
    """(wall, user, sys) of one run of cmd, output dropped."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime


def headroom():
    """Two busy threads' work against one's, now (2.0 on two idle cores)."""
    t1 = once([busy, "1", "200"])[0]
    t2 = once([busy, "2", "200"])[0]
    return 2 * t1 / t2


def count_html(dirs):
    n = 0
    for d in dirs:
        for _, _, files in os.walk(d):
            n += sum(1 for f in files if not f.startswith("."))
    return n


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


med = statistics.median
results = []
ok_all = True


def target(name, met, detail):
    global ok_all
    ok_all = ok_all and met
    results.append(f"target {name}: {detail}: {'met' if met else 'not met'}")


print(f"machine: {os.cpu_count()} CPUs, load average {load()} at start; "
      f"{runs} rounds per corpus, medians")
nshort = sum(1 for _ in open(short, encoding="utf-8"))
nhtml = count_html(html)
corpora = [("short texts", "sentiment", [short], nshort),
           ("short texts", "tokens", [short], nshort)]
if html:
    corpora.append(("dev HTML pages", "news", html, nhtml))

print(f"\n{'corpus':<16} {'profile':<10} {'-j':>3} {'docs/s':>10} {'wall s':>7} {'user s':>7} "
      f"{'sys s':>6} {'sys/user':>8} {'vs -j 1':>8}")
for cname, prof, inputs, n in corpora:
    rounds = []
    for _ in range(runs):
        h = headroom()
        figs = {j: once([weft, "run", "-p", prof, "-j", str(j), "-q"] + inputs) for j in (1, 2, 4)}
        rounds.append((h, figs))
    wall = {j: med(r[1][j][0] for r in rounds) for j in (1, 2, 4)}
    for j in (1, 2, 4):
        user = med(r[1][j][1] for r in rounds)
        sys_ = med(r[1][j][2] for r in rounds)
        su = med(r[1][j][2] / r[1][j][1] if r[1][j][1] > 0 else 0.0 for r in rounds)
        print(f"{cname:<16} {prof:<10} {j:>3} {n / wall[j]:>10,.0f} {wall[j]:>7.2f} {user:>7.2f} "
              f"{sys_:>6.2f} {su:>7.1%} {wall[1] / wall[j]:>7.2f}x")
        if j == 2:
            target(f"sys <= 5% of user at -j 2 ({cname}, {prof})", su <= 0.05,
                   f"{su:.1%} (median of {runs})")
    heads = [r[0] for r in rounds]
    scales = [r[1][1][0] / r[1][2][0] for r in rounds]
    rel = [s / h for s, h in zip(scales, heads)]
    print(f"{'':<16} {prof:<10} rounds: headroom " + " ".join(f"{h:.2f}" for h in heads) +
          "; -j 2 / -j 1 " + " ".join(f"{s:.2f}" for s in scales) +
          "; ratio " + " ".join(f"{x:.2f}" for x in rel))
    target(f"-j 2 / -j 1 >= 0.9 x headroom ({cname}, {prof})", med(rel) >= 0.9,
           f"{med(scales):.2f}x against headroom {med(heads):.2f}: {med(rel):.2f} x headroom "
           f"(median of {runs} rounds)")
    if base and cname == "short texts":
        b = [once([base, "run", "-p", prof, "-j", "1", "-q"] + inputs) for _ in range(runs)]
        bwall, buser, bsys = med(x[0] for x in b), med(x[1] for x in b), med(x[2] for x in b)
        brate = n / bwall
        print(f"{'  (today: base)':<16} {prof:<10} {1:>3} {brate:>10,.0f} {bwall:>7.2f} "
              f"{buser:>7.2f} {bsys:>6.2f} {bsys / buser if buser else 0:>7.1%}")
        target(f"-j 1 on short texts >= 2x today ({prof})", n / wall[1] >= 2 * brate,
               f"{n / wall[1] / brate:.2f}x ({n / wall[1]:,.0f} against {brate:,.0f} docs/s)")
if not base:
    results.append("target -j 1 on short texts >= 2x today: not measured here "
                   "(set WEFT_BASE_BIN to the weft binary of the commit to compare with)")

print()
for line in open(jsonl_figs):
    prof, nbytes, secs, ndocs = line.split()
    mbs = int(nbytes) / float(secs) / 1e6
    print(f"JSON Lines writing ({prof} documents, one thread, CPU time): {mbs:,.0f} MB/s, "
          f"{int(ndocs) / float(secs):,.0f} documents/s")
    target(f"JSON Lines writing >= 400 MB/s per thread ({prof})", mbs >= 400, f"{mbs:,.0f} MB/s")
print()
print("\n".join(results))
print(f"load average {load()} at the end")
