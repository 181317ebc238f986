#!/usr/bin/env python3
"""How well the entities stage's model scores say how often a span is right.

    python3 bench/entities/calibration.py [BUILD_DIR] [MODEL]

Runs the stage with the model over CoNLL-2003 dev and wikigold dev (as
bench/entities/model.sh does: tokens by blanks, documents as units) and
prints, for the model's PER/ORG/LOC/MISC spans, the expected calibration
error (8 bins of score: |mean score - share exactly right|, weighted by the
bin's spans) and the Brier score, on the whole set and on each half by
document (even, odd ids), then the bins of the whole set. TG_CONF_TEMP
(plugins/entities/tagger.h) was fitted on one CoNLL-2003 half and checked on
the other; wikigold was not looked at.
"""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
D = os.path.join(os.path.dirname(ROOT), "shared", "data", "entities")
sys.path.insert(0, D)
import score as S  # noqa: E402

BINS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.9999, 1.01]


def run(build, model, gold, w):
    inp, out = os.path.join(w, "in.jsonl"), os.path.join(w, "out.jsonl")
    with open(inp, "w") as f:
        subprocess.run([sys.executable, os.path.join(D, "score.py"), "--emit-text", "--unit", "doc",
                        gold], check=True, stdout=f)
    plugins = os.path.join(build, "tests", "plugins", "ent_tok.so") + ":" + \
        os.path.join(build, "plugins")
    subprocess.run([os.path.join(build, "weft"), "run", os.path.join(HERE, "ner.lua"),
                    "--plugin-path", plugins, "--input", "jsonl", "--offsets", "codepoints", "-q",
                    "--set", "entities.model=" + model, "-o", out, inp], check=True)
    units = S.build_units(S.read_columns(gold), -1, "doc", "space")
    rows = []
    for line in open(out, encoding="utf-8"):
        d = json.loads(line)
        u = units[int(d["id"])]
        gs = {(u["offsets"][s][0], u["offsets"][e - 1][1], t)
              for s, e, t in S.unit_chunks(u["gold"], u["bounds"])}
        for e in d["layers"].get("entity", []):
            if e["label"] not in ("PER", "ORG", "LOC", "MISC"):
                continue
            if (e.get("attrs") or {}).get("source") != "model":
                continue
            rows.append((e["score"], (e["begin"], e["end"], e["label"]) in gs, int(d["id"]) % 2))
    return rows


def report(name, rows):
    for half, label in ((None, "all"), (0, "half 0"), (1, "half 1")):
        r = [x for x in rows if half is None or x[2] == half]
        if not r:
            continue
        ece, bins = 0.0, []
        for a, b in zip(BINS, BINS[1:]):
            x = [y for y in r if a <= y[0] < b]
            if not x:
                continue
            acc = sum(y[1] for y in x) / len(x)
            conf = sum(y[0] for y in x) / len(x)
            ece += len(x) / len(r) * abs(acc - conf)
            bins.append("  [%g, %g)  %5d spans  mean score %.3f  right %.3f" % (a, b, len(x), conf, acc))
        brier = sum((y[0] - y[1]) ** 2 for y in r) / len(r)
        print("%-10s %-7s %5d spans  ECE %.4f  Brier %.4f" % (name, label, len(r), ece, brier))
        if half is None:
            print("\n".join(bins))


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    model = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, "plugins", "entities", "data", "ner-conll2003.model")
    if not os.path.isfile(os.path.join(D, "score.py")):
        print("entities calibration: %s not found; skipped" % D)
        return 0
    with tempfile.TemporaryDirectory() as w:
        for name, f in (("conll2003", "conll2003.dev.conll"), ("wikigold", "wikigold.dev.conll")):
            report(name, run(build, os.path.abspath(model), os.path.join(D, "dev", f), w))
    return 0


if __name__ == "__main__":
    sys.exit(main())
