#!/usr/bin/env python3
"""The content texts the plain-text trainer labels blocks against.

    labels.py WEFT DATA OUT

For every dev page it writes OUT/<truth>/<id>.pos (text that is content) and
OUT/<truth>/<id>.neg (snippets that are not, one a line), and OUT/index.tsv
with one line "<truth> <id> <half>" per page, the half from
bench/boilerplate/split.py (the one split every tool uses).

- aeb: the ground truth's articleBody.
- trafilatura-eval: it only has snippets, so the content is weft's own HTML
  path on the same page (`weft run -p clean`, F1 0.919 on that set) plus the
  "with" snippets; the "without" snippets are the negatives.
The trainer (train_plain.c) then labels each block of each rendering by
shingle overlap with .pos, in C, on the plugin's own blocks.
"""
import gzip, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "bench", "boilerplate"))
from split import half  # noqa: E402


def main():
    weft, data, out = sys.argv[1:4]
    dev = os.path.join(data, "dev")
    index = []
    # aeb: the ground truth
    gt = json.load(open(os.path.join(dev, "aeb", "ground-truth.json"), encoding="utf-8"))
    os.makedirs(os.path.join(out, "aeb"), exist_ok=True)
    for pid in sorted(gt):
        with open(os.path.join(out, "aeb", pid + ".pos"), "w", encoding="utf-8") as g:
            g.write(gt[pid]["articleBody"])
        open(os.path.join(out, "aeb", pid + ".neg"), "w").close()
        index.append(("aeb", pid))
    # trafilatura-eval: weft's HTML path plus the snippets
    ann = json.load(open(os.path.join(dev, "trafilatura-eval", "annotations.json"), encoding="utf-8"))
    tdir = os.path.join(out, "trafilatura-eval")
    os.makedirs(tdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for pid in ann:
            p = os.path.join(dev, "trafilatura-eval", "html", pid + ".html.gz")
            with open(os.path.join(tmp, pid + ".html"), "wb") as g:
                g.write(gzip.open(p).read())
        res = subprocess.run([weft, "run", "-p", "clean", "-q", "-j1", "--set",
                              "boilerplate.input=html", "--set", "boilerplate.plain_model=none", tmp], capture_output=True)
        if res.returncode not in (0, 1):
            sys.stderr.write(res.stderr.decode("utf-8", "replace"))
            return 1
        html = {}
        for line in res.stdout.decode("utf-8").split("\n"):
            if line:
                d = json.loads(line)
                html[os.path.splitext(os.path.basename(d["id"]))[0]] = d.get("text", "")
    for pid in sorted(ann):
        a = ann[pid]
        with open(os.path.join(tdir, pid + ".pos"), "w", encoding="utf-8") as g:
            g.write(html.get(pid, "") + "\n\n" + "\n\n".join(a.get("with", [])))
        with open(os.path.join(tdir, pid + ".neg"), "w", encoding="utf-8") as g:
            g.write("".join(" ".join(s.split()) + "\n" for s in a.get("without", [])))
        index.append(("trafilatura-eval", pid))
    with open(os.path.join(out, "index.tsv"), "w") as g:
        for truth, pid in index:
            g.write(f"{truth}\t{pid}\t{half(pid)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
