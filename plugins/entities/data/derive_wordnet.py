#!/usr/bin/env python3
"""Noun classes from WordNet 3.0 for the entity tagger (wordnet_nouns.tsv).

Two kinds of knowledge CoNLL-2003 train (Reuters news) holds little of:

- what a common noun names: the lexicographer file ("supersense") of its most
  frequent sense that is not an instance, e.g. railway -> artifact, band ->
  group, album -> communication, river -> object, village -> group (its
  first sense is the community). The tagger reads it for the
  words around a capitalised word ("the band X", "X railway", "village of
  X"), a stand-in for word clusters that does not depend on Reuters;
- what a name is: WordNet's instance nouns (synsets with an instance
  hypernym: cities, rivers, people, battles, firms...), mapped to PER, LOC,
  ORG or MISC from the instance's lexicographer file (person; location and
  object; group; event, act, communication, artifact that is not a
  structure...), several when a name has instances of several kinds.

One line a word or phrase, lower case, tokens separated by single spaces:

    phrase TAB supersense-or-"-" TAB classes-or-"-"

Only single words for the supersense (a phrase gets "-"), phrases of up to
six tokens for the instance classes; entries whose tokens hold characters
the tagger's token cores would cut (dots, apostrophes, brackets, commas) are
left out. Output is sorted, so the same WordNet gives the same bytes.

    python3 derive_wordnet.py /usr/share/wordnet > plugins/entities/data/wordnet_nouns.tsv

(Debian package wordnet-base; make wordnet-table installs it if missing.)
WordNet 3.0 Copyright 2006 by Princeton University, see LICENSE.wordnet.txt.
"""
import os
import re
import sys

LEXFILES = {
    3: "tops", 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body",
    9: "cognition", 10: "communication", 11: "event", 12: "feeling", 13: "food",
    14: "group", 15: "location", 16: "motive", 17: "object", 18: "person",
    19: "phenomenon", 20: "plant", 21: "possession", 22: "process", 23: "quantity",
    24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time",
}
# structure.n.01: instances below it (buildings, bridges, towers) are places
STRUCTURE = "04341686"
INSTANCE_CLASS = {
    18: "PER", 15: "LOC", 17: "LOC", 14: "ORG",
    11: "MISC", 4: "MISC", 10: "MISC",
}
TOKEN_OK = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
MAXTOK = 6


def read_data(path):
    """offset -> (lexfile, words, hypernyms, instance hypernyms)"""
    syn = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" | ", 1)[0].split()
            off, lex = parts[0], int(parts[1])
            wcnt = int(parts[3], 16)
            words = [parts[4 + 2 * i] for i in range(wcnt)]
            k = 4 + 2 * wcnt
            pcnt = int(parts[k])
            hyp, ihyp = [], []
            for i in range(pcnt):
                sym, tgt, pos = parts[k + 1 + 4 * i: k + 4 + 4 * i]
                if pos != "n":
                    continue
                if sym == "@":
                    hyp.append(tgt)
                elif sym == "@i":
                    ihyp.append(tgt)
            syn[off] = (lex, words, hyp, ihyp)
    return syn


def below(syn, off, target, seen=None):
    """Is synset off target or a hyponym of it (through @ and @i)?"""
    seen = seen if seen is not None else set()
    if off == target:
        return True
    if off in seen or off not in syn:
        return False
    seen.add(off)
    _, _, hyp, ihyp = syn[off]
    return any(below(syn, h, target, seen) for h in hyp + ihyp)


def instance_class(syn, off):
    lex = syn[off][0]
    if lex == 6:  # artifact: a building or bridge is a place, a ship or car is not
        return "LOC" if below(syn, off, STRUCTURE) else "MISC"
    return INSTANCE_CLASS.get(lex)


def main():
    wn = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    syn = read_data(os.path.join(wn, "data.noun"))
    sense = {}    # word -> lexfile of its first sense that is not an instance
    classes = {}  # phrase -> set of instance classes
    with open(os.path.join(wn, "index.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma = parts[0]
            ncnt = int(parts[2])
            offs = parts[-ncnt:]
            toks = lemma.lower().split("_")
            if len(toks) > MAXTOK or not all(TOKEN_OK.match(t) for t in toks):
                continue
            phrase = " ".join(toks)
            for off in offs:
                lex, _, _, ihyp = syn[off]
                if ihyp:
                    c = instance_class(syn, off)
                    if c:
                        classes.setdefault(phrase, set()).add(c)
                elif len(toks) == 1 and phrase not in sense:
                    sense[phrase] = LEXFILES[lex]
    out = []
    for phrase in sorted(set(sense) | set(classes)):
        cl = ",".join(sorted(classes.get(phrase, ()))) or "-"
        out.append("%s\t%s\t%s\n" % (phrase, sense.get(phrase, "-"), cl))
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
