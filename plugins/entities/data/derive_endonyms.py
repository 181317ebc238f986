#!/usr/bin/env python3
"""Endonyms and other spellings with accents of the larger GeoNames cities.

The shipped geonames_locations.tsv holds each city's main name and its ASCII
form ("Munich"), so a text that names the city in its own language,
"München", "Köln", "Zürich", "Kraków", "Sevilla" with "Córdoba", found no
place. This keeps, from the alternate names of every city of 100,000 people
or more in GeoNames' cities15000 dump (the data kit's copy), those written in
Latin letters with at least one letter outside ASCII: such spellings are
hardly ever English words, so they add places without adding false ones.
Codes and transliterations in plain ASCII ("MUC", "Muenchen") and names in
other scripts are left out. Same columns as geonames_locations.tsv (kind
city); names already there are skipped.

    python3 derive_endonyms.py ../shared/data/entities/gazetteers/geonames/cities15000.txt.gz \\
        plugins/entities/data/geonames_locations.tsv > plugins/entities/data/geonames_endonyms.tsv
"""
import gzip
import sys
import unicodedata

MIN_POP = 100000


def latin_accented(name):
    if name.isascii() or len(name) < 3:
        return False
    for ch in name:
        if ch.isascii():
            continue
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            return False
    return name[0].isupper()


def main():
    src, known_path = sys.argv[1], sys.argv[2]
    known = set()
    with open(known_path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                known.add(line.split("\t", 1)[0].casefold())
    rows = {}
    with gzip.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            pop = int(c[14] or 0)
            if pop < MIN_POP or c[6] != "P":
                continue
            for alt in c[3].split(","):
                alt = alt.strip()
                key = alt.casefold()
                if not latin_accented(alt) or key in known:
                    continue
                # one row per spelling: the largest city of that name
                if key not in rows or rows[key][4] < pop:
                    rows[key] = (alt, "city", c[8], c[10], pop, c[0])
    print("#name\tkind\tcountry_code\tadmin1_code\tpopulation\tgeonameid")
    for r in sorted(rows.values(), key=lambda r: (r[0], r[5])):
        print("\t".join(str(x) for x in r))


if __name__ == "__main__":
    main()
