#!/usr/bin/env python3
"""The plain-text classifier's wrong lines on one rendering, by kind (issue 14).

    python3 bench/boilerplate/errors.py [BUILD_DIR] --set NAME [--half A|B]
        [--model FILE] [--labels DIR] [-n N]

F1 says how much is wrong, not what: this runs `weft run -p clean` over one
rendering (quality.py's sets), labels every input line the way the trainer
labels a block (content when at least half of its word 4-shingles are in the
page's content text and it holds no "without" snippet) and counts the false
keeps and false drops in words, by a coarse kind of line (URL-like, at most 3
words, list item, with or without a sentence end, shorter or longer than 15
words), then prints up to N lines of each. For a held-out view, train on one
half (`make train-boilerplate BP_MODEL=/tmp/A.txt TRAIN_ARGS="--half A"`) and
pass --model /tmp/A.txt --half B. The labels are what labels.py wrote
(BUILD_DIR/train-boilerplate after make train-boilerplate). A line counts as
kept when its text occurs in the output, so a short line may pass as kept
because the same words occur elsewhere: the counts are for finding classes of
errors, quality.py gives the figures.
"""
import argparse, collections, os, re, shutil, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from quality import DATA, SETS, run_weft  # noqa: E402
from split import half  # noqa: E402


def words(s):
    return re.findall(r"\w+", s.lower())


def shingles(t):
    return {tuple(t[i : i + 4]) for i in range(max(1, len(t) - 3))} if t else set()


def kind(line):
    n = len(line.split())
    if re.search(r"https?://|www\.|@", line):
        return "url"
    if n <= 3:
        return "short<=3w"
    if re.match(r"^([*+\-•#]|\d+[.)])\s", line):
        return "item"
    end = "sent" if re.search(r"[.!?:\"”)]$", line) else "nosend"
    return f"{end}<15w" if n < 15 else f"{end}>=15w"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--set", required=True, choices=sorted(s for s in SETS if SETS[s][3] == "text"))
    ap.add_argument("--half", choices=("A", "B"))
    ap.add_argument("--model", help="boilerplate.plain_model (default: the shipped one)")
    ap.add_argument("--labels", help="labels.py's output (default BUILD_DIR/train-boilerplate)")
    ap.add_argument("-n", type=int, default=8, help="lines shown per kind")
    a = ap.parse_args()
    labels = a.labels or os.path.join(a.build, "train-boilerplate")
    if not os.path.isdir(os.path.join(labels, "aeb")):
        sys.exit(f"errors.py: no labels in {labels}: run make train-boilerplate (or labels.py) first")
    truth, pages, suffix, _ = SETS[a.set]
    truth = os.path.basename(truth)
    ids = sorted(f[: -len(suffix)] for f in os.listdir(os.path.join(DATA, pages)) if f.endswith(suffix))
    ids = [i for i in ids if a.half is None or half(i) == a.half]
    scratch = tempfile.mkdtemp(prefix="weft-bp-errors-")
    try:
        for pid in ids:
            shutil.copy(os.path.join(DATA, pages, pid + suffix), os.path.join(scratch, pid + ".txt"))
        params = [f"boilerplate.plain_model={a.model}"] if a.model else []
        docs, _ = run_weft(os.path.join(a.build, "weft"), scratch, "text", params)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = {os.path.splitext(os.path.basename(d["id"]))[0]: " ".join(d.get("text", "").split()) for d in docs}
    keeps, drops = collections.Counter(), collections.Counter()
    shown = collections.defaultdict(list)
    for pid in ids:
        base = os.path.join(labels, truth, pid)
        pos = shingles(words(open(base + ".pos", encoding="utf-8").read()))
        negs = [l.strip() for l in open(base + ".neg", encoding="utf-8") if l.strip()]
        for raw in open(os.path.join(DATA, pages, pid + suffix), encoding="utf-8", errors="replace"):
            line = " ".join(raw.split())
            t = words(line)
            if not t:
                continue
            s = shingles(t)
            content = 2 * len(s & pos) >= len(s) and not any(n in line for n in negs)
            kept = line in out.get(pid, "")
            if content == kept:
                continue
            k = kind(line)
            (drops if content else keeps)[k] += len(t)
            shown[("false drop " if content else "false keep ") + k].append(f"{pid[:8]} {line[:110]}")
    print(f"== {a.set}{' half ' + a.half if a.half else ''}: {len(ids)} pages ==")
    print("false keeps (words) by kind:", ", ".join(f"{k} {v}" for k, v in keeps.most_common()))
    print("false drops (words) by kind:", ", ".join(f"{k} {v}" for k, v in drops.most_common()))
    for key in sorted(shown):
        print(f"-- {key}: {len(shown[key])} lines")
        for l in shown[key][: a.n]:
            print("   " + l)
    return 0


if __name__ == "__main__":
    sys.exit(main())
