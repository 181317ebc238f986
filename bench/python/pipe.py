"""The Python side of bench/python/run.sh: Pipeline.pipe against weft run.

    python3 pipe.py WEFT PROFILE JOBS ROUNDS OUTDIR jsonl FILE
    python3 pipe.py WEFT PROFILE JOBS ROUNDS OUTDIR files FILE...

One process loads the profile once and reads the input into memory once
(JSON Lines records as dicts, files as {"id": path, "text": bytes}, .gz
unpacked), the way a program holding its texts calls p.pipe(texts). Then
ROUNDS rounds, each running both sides one after the other (the order
alternating between rounds, so a change in the machine's load hits both):

  CLI     WEFT run -p PROFILE -j JOBS --offsets codepoints --stats -q
          -o OUTDIR/cli.jsonl INPUT...; its time is the run's own, as
          --stats prints it (reading, processing and writing every result;
          not the process start and the profile's loading).
  Python  for doc in p.pipe(texts, jobs=JOBS): out.write(doc.to_json());
          out.write("\\n") into OUTDIR/py.jsonl (buffered by 64 KiB, as
          weft run writes), flushed; its time is that loop's, from the call
          of pipe() to the flush.

Both write the same JSON Lines to a file; the outputs are compared byte for
byte after the first round. Printed, Python / CLI:
  best   the ratio of the two best wall-clock times: on a shared machine
         other work only ever adds time, so the best run is the closest to
         what the work costs; the 1.2x target of issue 18 is judged on it;
  med    the median of the rounds' ratios (a round's two runs see about the
         same load);
  cpu    the ratio of the median CPU times (user + system, every thread):
         the work done, which the machine's load moves least. The CLI's is
         its process's less that of a run over an empty input (start-up and
         loading), made in the same round.
The start-up each side pays once per process (interpreter, imports and
loading against the weft command's start and loading) is printed by run.sh.
"""
import gzip
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

import weft

weft_cmd, profile, jobs, rounds, outdir, kind = sys.argv[1:7]
jobs, rounds = int(jobs), int(rounds)
inputs = sys.argv[7:]

if kind == "jsonl":
    with open(inputs[0], encoding="utf-8") as f:
        texts = [json.loads(line) for line in f]
else:
    texts = []
    for path in inputs:
        with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
            texts.append({"id": path, "text": f.read()})

p = weft.load_profile(profile, verbosity="error")
cli_out = os.path.join(outdir, "cli.jsonl")
py_out = os.path.join(outdir, "py.jsonl")
cli_argv = [weft_cmd, "run", "-p", profile, "-j", str(jobs), "--offsets", "codepoints"]
empty = os.path.join(outdir, "empty.jsonl")
open(empty, "w").close()
cli_opts = ["--stats", "-q", "-o"]


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cli():
    """(wall seconds of the run, CPU seconds of the run)"""
    c0 = child_cpu()
    argv = cli_argv + cli_opts + [cli_out] + inputs
    r = subprocess.run(argv, stderr=subprocess.PIPE, check=False)
    c1 = child_cpu()
    m = re.search(rb" in ([0-9.]+) s", r.stderr)
    if r.returncode not in (0, 1) or not m:
        sys.exit("weft run failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")))
    argv = cli_argv + cli_opts + [empty + ".out", empty]
    subprocess.run(argv, stderr=subprocess.DEVNULL, check=True)
    return float(m.group(1)), (c1 - c0) - (child_cpu() - c1)


def run_py():
    with open(py_out, "w", encoding="utf-8", buffering=1 << 16) as out:
        c = time.process_time()
        t = time.perf_counter()
        for doc in p.pipe(texts, jobs=jobs):
            out.write(doc.to_json())
            out.write("\n")
        out.flush()
        return time.perf_counter() - t, time.process_time() - c


cli_t, py_t, cli_c, py_c, ratios = [], [], [], [], []
for r in range(rounds):
    if r % 2 == 0:
        c = run_cli()
        y = run_py()
    else:
        y = run_py()
        c = run_cli()
    cli_t.append(c[0])
    py_t.append(y[0])
    cli_c.append(c[1])
    py_c.append(y[1])
    ratios.append(y[0] / c[0])
    if r == 0:
        with open(cli_out, "rb") as a, open(py_out, "rb") as b:
            same = a.read() == b.read()

med = statistics.median
best = min(py_t) / min(cli_t)
print(
    "%-9s -j %d  CLI %6.3f s  Python %6.3f s (best)  ratio best %.2f  med %.2f  cpu %.2f  %s%s"
    % (
        profile,
        jobs,
        min(cli_t),
        min(py_t),
        best,
        med(ratios),
        med(py_c) / max(med(cli_c), 1e-3),
        "target <= 1.2: met" if best <= 1.2 else "target <= 1.2: not met",
        "" if same else "  OUTPUTS DIFFER",
    )
)
