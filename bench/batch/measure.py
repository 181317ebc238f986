"""Batch-run figures for bench/batch/run.sh: documents/s at 1, 2 and 4
workers, user and sys CPU, and the machine's headroom measured in the same
run (bench/batch/busy.c, two threads against one), printed as ratios with
each target of issue #17 marked met or not met.

    python3 measure.py WEFT BUSY RUNS JSONL_FIGURES SHORT_JSONL HTML_DIR... [--base BASE_WEFT]

JSONL_FIGURES holds "profile bytes seconds docs" lines from jsonl_write.
Every figure is the best of RUNS runs (wall time; the CPU split is that
run's)."""
import os
import resource
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


def timed(cmd):
    """(wall, user, sys) of the best of `runs` runs of cmd, output dropped."""
    best = None
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.monotonic() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        fig = (wall, r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime)
        if best is None or fig[0] < best[0]:
            best = fig
    return best


def count_html(dirs):
    n = 0
    for d in dirs:
        for _, _, files in os.walk(d):
            n += sum(1 for f in files if not f.startswith("."))
    return n


results = []
ok_all = True


def target(name, met, detail):
    global ok_all
    ok_all = ok_all and met
    results.append(f"target {name}: {detail}: {'met' if met else 'not met'}")


t1 = timed([busy, "1"])[0]
t2 = timed([busy, "2"])[0]
headroom = 2 * t1 / t2
print(f"headroom now: two busy threads do {headroom:.2f}x the work of one "
      f"({t1:.2f} s for one thread's share alone, {t2:.2f} s for two shares on two threads)")

nshort = sum(1 for _ in open(short, encoding="utf-8"))
nhtml = count_html(html)
corpora = [("short texts", "sentiment", [short], nshort),
           ("short texts", "tokens", [short], nshort)]
if html:
    corpora.append(("dev HTML pages", "news", html, nhtml))

print(f"\n{'corpus':<16} {'profile':<10} {'-j':>3} {'docs/s':>10} {'wall s':>7} {'user s':>7} "
      f"{'sys s':>6} {'sys/user':>8} {'vs -j 1':>8}")
for cname, prof, inputs, n in corpora:
    rate = {}
    for j in (1, 2, 4):
        wall, user, sys_ = timed([weft, "run", "-p", prof, "-j", str(j), "-q"] + inputs)
        rate[j] = n / wall
        su = sys_ / user if user > 0 else 0.0
        print(f"{cname:<16} {prof:<10} {j:>3} {rate[j]:>10,.0f} {wall:>7.2f} {user:>7.2f} "
              f"{sys_:>6.2f} {su:>7.1%} {rate[j] / rate[1]:>7.2f}x")
        if j == 2:
            target(f"sys <= 5% of user at -j 2 ({cname}, {prof})", su <= 0.05, f"{su:.1%}")
    scale = rate[2] / rate[1]
    target(f"-j 2 / -j 1 >= 0.9 x headroom ({cname}, {prof})", scale >= 0.9 * headroom,
           f"{scale:.2f}x against 0.9 x {headroom:.2f} = {0.9 * headroom:.2f}")
    if base and cname == "short texts":
        bwall, buser, bsys = timed([base, "run", "-p", prof, "-j", "1", "-q"] + inputs)
        brate = n / bwall
        print(f"{'  (today: base)':<16} {prof:<10} {1:>3} {brate:>10,.0f} {bwall:>7.2f} "
              f"{buser:>7.2f} {bsys:>6.2f} {bsys / buser if buser else 0:>7.1%}")
        target(f"-j 1 on short texts >= 2x today ({prof})", rate[1] >= 2 * brate,
               f"{rate[1] / brate:.2f}x ({rate[1]:,.0f} against {brate:,.0f} docs/s)")
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
