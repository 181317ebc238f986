#!/usr/bin/env python3
"""Sentence segmentation on UD English-EWT dev beside the npm segmenters.

    python3 bench/tokenizer/sentences.py [BUILD_DIR] [--heldout] [--check] [--no-peers]

Scores, with ../shared/data/tokenizer/ud-ewt/score_sentences.py (exact span
match), on the whole dev set and on each half of the fixed split by document
id (half "A" when the first byte of SHA-1(id) is even, else "B": the rule of
bench/boilerplate/split.py, imported from there):
  - weft's tokenizer with its default parameters (the shipped model),
  - weft with newline_boundaries = "single",
  - npm sbd 1.0.19 (newline_boundaries: true) and compromise 14.17.0, installed
    into a scratch folder outside the repository ($WEFT_BENCH_NPM, default
    /tmp/weft-bench-npm) when node and npm are there.
--heldout also trains a model on each half with BUILD_DIR/tools/train_sentences
(the program behind `make train-sentences`, same seed) and scores it on the
other half: the figures that say whether the learned boundaries generalise.
--check exits 1 when a target of issue 15 is missed (F1 >= 90 on the whole set
and, with --heldout, on each held-out half).
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "boilerplate"))
from split import half  # noqa: E402

UD = os.path.join(os.path.dirname(ROOT), "shared", "data", "tokenizer", "ud-ewt")
GOLD = os.path.join(UD, "en_ewt-dev.jsonl")
SCORER = os.path.join(UD, "score_sentences.py")
NPM = os.environ.get("WEFT_BENCH_NPM", "/tmp/weft-bench-npm")
PEERS = {"sbd": "sbd@1.0.19", "compromise": "compromise@14.17.0"}
TARGET = 0.90


def score(gold, pred):
    out = subprocess.run([sys.executable, SCORER, gold, pred, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def weft(build, params, gold, out):
    conf = ", ".join(f"{k} = {json.dumps(v)}" for k, v in params.items())
    lua = out + ".lua"
    with open(lua, "w") as f:
        f.write("return weft.pipeline { weft.stage 'tokenizer' { %s } }\n" % conf)
    with open(out, "wb") as f:
        subprocess.run([os.path.join(build, "weft"), "run", lua, "--plugin-path",
                        os.path.join(build, "plugins"), "--input", "jsonl", "-j", "1", gold],
                       check=True, stdout=f)
    return out


def peers_ready():
    if not shutil.which("node") or not shutil.which("npm"):
        return False
    missing = [v for k, v in PEERS.items()
               if not os.path.isdir(os.path.join(NPM, "node_modules", k))]
    if missing:
        os.makedirs(NPM, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", NPM]
                       + missing, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return all(os.path.isdir(os.path.join(NPM, "node_modules", k)) for k in PEERS)


def peer(name, gold, out):
    with open(out, "wb") as f:
        subprocess.run(["node", os.path.join(HERE, "sentence_peers.js"),
                        os.path.join(NPM, "node_modules"), name, gold], check=True, stdout=f,
                       stderr=subprocess.DEVNULL)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(GOLD):
        print(f"sentences: {GOLD} not found, skipped")
        return 0
    build = os.path.abspath(a.build)
    w = tempfile.mkdtemp(prefix="weft-bench-sent.")
    try:
        golds = {"dev": GOLD}
        halves = {"A": [], "B": []}
        for line in open(GOLD, encoding="utf-8"):
            if line.strip():
                halves[half(json.loads(line)["id"])].append(line)
        for h, lines in halves.items():
            golds[h] = os.path.join(w, f"{h}.jsonl")
            with open(golds[h], "w", encoding="utf-8") as f:
                f.writelines(lines)
        rows = []  # (system, {set: result})

        def add(name, pred, sets=("dev", "A", "B")):
            rows.append((name, {s: score(golds[s], pred) for s in sets}))

        add("weft tokenizer, default (in-sample*)", weft(build, {}, GOLD, os.path.join(w, "def.jsonl")))
        add('weft, sentence_model = "" (rules only)',
            weft(build, {"sentence_model": ""}, GOLD, os.path.join(w, "rules.jsonl")))
        add('weft, newline_boundaries = "single" (in-sample*)',
            weft(build, {"newline_boundaries": "single"}, GOLD, os.path.join(w, "single.jsonl")))
        if a.heldout:
            trainer = os.path.join(build, "bench", "tokenizer", "train_sentences")
            for tr, te in (("A", "B"), ("B", "A")):
                model = os.path.join(w, f"model-{tr}.txt")
                subprocess.run([trainer, "-o", model, golds[tr]], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                pred = weft(build, {"sentence_model": model}, golds[te],
                            os.path.join(w, f"held-{te}.jsonl"))
                add(f"weft, model trained on {tr} (held-out {te})", pred, sets=(te,))
        if not a.no_peers and peers_ready():
            add("(peer) npm sbd 1.0.19, newline_boundaries", peer("sbd", GOLD, os.path.join(w, "sbd")))
            add("(peer) npm compromise 14.17.0", peer("compromise", GOLD, os.path.join(w, "cmp")))
        elif not a.no_peers:
            print("(peers sbd and compromise unavailable: node/npm missing or install failed)")
        n = {s: sum(1 for _ in open(g)) for s, g in golds.items()}
        print(f"== sentences: UD English-EWT dev ({n['dev']} documents; halves by SHA-1(id): "
              f"A {n['A']}, B {n['B']}), exact span match ==")
        print(f"{'segmenter':<50} {'set':<4} {'P':>6} {'R':>6} {'F1':>6}")
        missed = []
        for name, res in rows:
            for s, r in res.items():
                print(f"{name:<50} {s:<4} {100 * r['precision']:6.2f} {100 * r['recall']:6.2f} "
                      f"{100 * r['f1']:6.2f}")
                # the target: held-out figures when there are some, else the default's
                judged = "held-out" in name if a.heldout else "default" in name
                if judged and r["f1"] < TARGET:
                    missed.append(f"{name} on {s}: F1 {100 * r['f1']:.2f}")
        print("* the shipped model is learnt from all of UD dev: these rows score it on its own "
              "training data;\n  the held-out rows (--heldout) are the honest figures")
        print("target: F1 >= 90 with the default parameters, on each held-out half: "
              + ("met" if not missed else "not met (" + "; ".join(missed) + ")"))
        return 1 if a.check and missed else 0
    finally:
        shutil.rmtree(w, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
