#!/usr/bin/env python3
"""Quality of the boilerplate stage on the shared dev sets, scored by score.py.

    python3 bench/boilerplate/quality.py [BUILD_DIR] [--set aeb|trafilatura-eval|aeb-text]...
        [--keep DIR] [--set-param boilerplate.PARAM=V]...

Decompresses the dev pages into a scratch folder (outside the repository),
runs `weft run -p clean` once per data set, writes one <id>.txt per page in
the layout score.py expects, and prints score.py's summary for each set.
The pages are read from ../shared/data/boilerplate (relative to the repo).
"""
import argparse, gzip, json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "boilerplate")
SETS = {  # name: (truth folder, pages folder, file suffix, input kind)
    "aeb": ("dev/aeb", "dev/aeb/html", ".html.gz", "html"),
    "trafilatura-eval": ("dev/trafilatura-eval", "dev/trafilatura-eval/html", ".html.gz", "html"),
    "aeb-text": ("dev/aeb", "dev/aeb-text", ".txt", "text"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--set", action="append", choices=sorted(SETS))
    ap.add_argument("--keep", help="write the outputs under this folder")
    ap.add_argument("--set-param", action="append", default=[])
    ap.add_argument("-v", action="store_true", help="score.py -v (per-page details)")
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f"boilerplate quality: {DATA} is absent, nothing to score")
        return 0
    weft = os.path.join(a.build, "weft")
    scratch = tempfile.mkdtemp(prefix="weft-bp-quality-")
    try:
        for name in a.set or ["aeb", "trafilatura-eval", "aeb-text"]:
            truth, pages, suffix, kind = SETS[name]
            src = os.path.join(scratch, name, "in")
            out = os.path.join(a.keep or scratch, name, "out")
            os.makedirs(src)
            os.makedirs(out, exist_ok=True)
            for f in sorted(os.listdir(os.path.join(DATA, pages))):
                if not f.endswith(suffix):
                    continue
                pid = f[: -len(suffix)]
                p = os.path.join(DATA, pages, f)
                data = gzip.open(p).read() if suffix.endswith(".gz") else open(p, "rb").read()
                with open(os.path.join(src, pid + (".html" if kind == "html" else ".txt")), "wb") as g:
                    g.write(data)
            cmd = [weft, "run", "-p", "clean", "-q", "--set", f"boilerplate.input={kind}", src]
            for s in a.set_param:
                cmd += ["--set", s]
            t0 = time.time()
            res = subprocess.run(cmd, capture_output=True)
            dt = time.time() - t0
            if res.returncode not in (0, 1):
                sys.stderr.write(res.stderr.decode("utf-8", "replace"))
                return 1
            n = 0
            for line in res.stdout.decode("utf-8").split("\n"):
                if not line:
                    continue
                d = json.loads(line)
                pid = os.path.splitext(os.path.basename(d["id"]))[0]
                with open(os.path.join(out, pid + ".txt"), "w", encoding="utf-8") as g:
                    g.write(d["text"])
                n += 1
            print(f"== {name}: {n} pages ({kind} input), weft run {dt:.2f} s ==")
            sys.stdout.flush()
            score = [sys.executable, os.path.join(DATA, "score.py"), "--truth",
                     os.path.join(DATA, truth), "--pred", out, "--bootstrap", "200"]
            score.append("-v" if a.v else "-q")
            subprocess.run(score, check=False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
