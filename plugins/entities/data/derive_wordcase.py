#!/usr/bin/env python3
"""How English writes each word: in lower case, capitalised, or both.

From SCOWL's American English word list as Debian ships it (package
wamerican-huge, /usr/share/dict/american-english-huge, about 350,000 words;
licence in LICENSE.scowl.txt), which lists common words in lower case
("bath", "railway"), proper nouns capitalised ("Aberdeen") and words that are
both once each way ("Bath", "bath"). The entity tagger reads, for a token,
whether English knows it only as an ordinary word, only as a name, as both,
or not at all: knowledge of the language rather than of the training set's
own vocabulary, so it holds on text unlike Reuters.

Output: one word a line, sorted, in the case that says what it is: a line in
lower case is a common word, a line whose first letter is upper case is a
name (or an acronym); a word that is both has two lines. Possessives ("X's")
are left out (the tagger looks words up without them), as are duplicate
spellings of the same word in the same class.

    python3 plugins/entities/data/derive_wordcase.py /usr/share/dict/american-english-huge \\
        > plugins/entities/data/wordcase.txt
"""
import sys


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english-huge"
    lower, cap = set(), {}
    with open(src, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not w or w.endswith("'s") or any(c.isspace() for c in w):
                continue
            k = w.lower()
            if w[0].isupper():
                cap.setdefault(k, w)
            elif w == k:
                lower.add(k)
            # a word starting lower with capitals inside ("iPod"): neither class
    out = sorted(lower | set(cap.values()), key=lambda w: (w.lower(), w))
    sys.stdout.write("".join(w + "\n" for w in out))


if __name__ == "__main__":
    main()
