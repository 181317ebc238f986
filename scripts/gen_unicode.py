#!/usr/bin/env python3
"""Generate weft's one Unicode property table from the UCD files pinned in data/unicode/.

    gen_unicode.py DATA_DIR OUT.h

Reads only the files in DATA_DIR (see data/unicode/SOURCES.md); the interpreter's own
unicodedata module is never consulted, so the table is the same on every build host.

Layout (read through include/weft/unicode.h, never directly):
- the class bits hot loops test, 16 per code point, in a two-stage table (blocks of 128
  values, deduplicated, indexed by code point >> 7);
- in a second such table, the index of a record of the rarer data (General_Category, age,
  simple case mappings as deltas, full mappings);
- the records, deduplicated.
- the full (multi-code-point) case mappings the records point to.
Every table lives inside a static inline function, so a plugin that includes the header but
does not use a table carries no copy of it, and no symbol is exported.
"""
import os
import re
import sys

WB = ["Other", "CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format",
      "Katakana", "Hebrew_Letter", "ALetter", "Single_Quote", "Double_Quote", "MidNumLet",
      "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace"]
GC = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
      "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
# Bits of the per-code-point value (mirrored by WEFT_UC_* in include/weft/unicode.h).
F_EXTPICT, F_SPACE, F_PUNCT, F_UPPER, F_LOWER, F_CNTRL, F_EMOPRES, F_LETTER, F_DIGIT = (
    1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13)
F_CASED, F_CASE_IGNORABLE = 1 << 14, 1 << 15
# Record flags.
R_UPPERCASE, R_LOWERCASE, R_BIDI_SPACE = 1, 2, 4
LINE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([A-Za-z_0-9.]+)")
BLOCK = 128
NCP = 0x110000


def fail(msg):
    sys.exit("gen_unicode.py: " + msg)


def header_version(path):
    """The version a UCD file names on its first line ('# Name-15.0.0.txt'), or ''."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"-(\d+\.\d+\.\d+)\.txt", f.readline())
    return m.group(1) if m else ""


def ranges(path, want=None):
    """Yield (first, last, value) of a UCD property file, failing with file:line."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            body = line.split("#", 1)[0].strip()
            if not body:
                continue
            m = LINE.match(body)
            if not m:
                fail(f"{path}:{n}: cannot parse {line.strip()!r}")
            lo = int(m.group(1), 16)
            hi = int(m.group(2), 16) if m.group(2) else lo
            if hi < lo or hi > 0x10FFFF:
                fail(f"{path}:{n}: bad range {line.strip()!r}")
            if want is None or m.group(3) == want:
                yield lo, hi, m.group(3)


def u8len(c):
    return 1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4


def cps(field):
    return tuple(int(x, 16) for x in field.split())


def main():
    if len(sys.argv) != 3:
        fail("usage: gen_unicode.py DATA_DIR OUT.h")
    d, out = sys.argv[1:]
    p = lambda name: os.path.join(d, name)
    version = header_version(p("DerivedAge.txt"))
    for name in ("CaseFolding.txt", "DerivedCoreProperties.txt", "PropList.txt",
                 "SpecialCasing.txt"):
        if header_version(p(name)) != version:
            fail(f"{name} is not Unicode {version} like DerivedAge.txt")
    wb_version = header_version(p("WordBreakProperty.txt"))

    gc = [0] * NCP
    bidi_space = [False] * NCP
    lower = list(range(NCP))
    upper = list(range(NCP))
    title = list(range(NCP))
    first = None
    with open(p("UnicodeData.txt"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fld = line.rstrip("\n").split(";")
            if len(fld) != 15:
                fail(f"UnicodeData.txt:{n}: {len(fld)} fields")
            cp = int(fld[0], 16)
            if fld[2] not in GC:
                fail(f"UnicodeData.txt:{n}: unknown category {fld[2]}")
            if fld[1].endswith(", First>"):
                first = cp
                continue
            lo = first if fld[1].endswith(", Last>") else cp
            first = None
            for c in range(lo, cp + 1):
                gc[c] = GC.index(fld[2])
                bidi_space[c] = fld[4] in ("WS", "B", "S")
                if fld[13]:
                    lower[c] = int(fld[13], 16)
                if fld[12]:
                    upper[c] = int(fld[12], 16)
                # An empty title-case field means "same as upper case".
                title[c] = int(fld[14], 16) if fld[14] else upper[c]

    age = [0] * NCP
    for lo, hi, v in ranges(p("DerivedAge.txt")):
        major, minor = (int(x) for x in v.split("."))
        for c in range(lo, hi + 1):
            age[c] = major << 8 | minor

    fold = list(range(NCP))
    fold_full = {}
    with open(p("CaseFolding.txt"), encoding="utf-8") as f:
        for line in f:
            body = line.split("#", 1)[0].strip()
            if not body:
                continue
            code, status, mapping = (x.strip() for x in body.split(";")[:3])
            c = int(code, 16)
            if status in ("C", "S"):
                fold[c] = cps(mapping)[0]
            elif status == "F":
                fold_full[c] = cps(mapping)

    # Unconditional SpecialCasing entries only: the conditional ones (Final_Sigma, language
    # rules) depend on context, which callers handle themselves.
    special = {}
    with open(p("SpecialCasing.txt"), encoding="utf-8") as f:
        for line in f:
            body = line.split("#", 1)[0].strip()
            if not body:
                continue
            fld = [x.strip() for x in body.split(";")]
            if len(fld) > 4 and fld[4]:
                continue
            # code; lower; title; upper: kept as (lower, upper, title) like the records
            special[int(fld[0], 16)] = (cps(fld[1]), cps(fld[3]), cps(fld[2]))

    props = [0] * NCP
    for lo, hi, name in ranges(p("WordBreakProperty.txt")):
        if name not in WB:
            fail(f"WordBreakProperty.txt: unknown Word_Break value {name}")
        for c in range(lo, hi + 1):
            props[c] = (props[c] & ~31) | WB.index(name)
    npict = 0
    for lo, hi, _ in ranges(p("emoji-data.txt"), "Extended_Pictographic"):
        for c in range(lo, hi + 1):
            props[c] |= F_EXTPICT
            npict += 1
    if npict < 3000:
        fail(f"emoji-data.txt: only {npict} Extended_Pictographic code points")
    for lo, hi, _ in ranges(p("emoji-data.txt"), "Emoji_Presentation"):
        for c in range(lo, hi + 1):
            props[c] |= F_EMOPRES
    for lo, hi, _ in ranges(p("PropList.txt"), "White_Space"):
        for c in range(lo, hi + 1):
            props[c] |= F_SPACE
    rflags = [0] * NCP
    for prop, bit in (("Cased", F_CASED), ("Case_Ignorable", F_CASE_IGNORABLE)):
        for lo, hi, _ in ranges(p("DerivedCoreProperties.txt"), prop):
            for c in range(lo, hi + 1):
                props[c] |= bit
    for prop, bit in (("Uppercase", R_UPPERCASE), ("Lowercase", R_LOWERCASE)):
        for lo, hi, _ in ranges(p("DerivedCoreProperties.txt"), prop):
            for c in range(lo, hi + 1):
                rflags[c] |= bit
    for c in range(NCP):
        g = GC[gc[c]]
        if g[0] == "L":
            props[c] |= F_LETTER
        elif g[0] == "N":
            props[c] |= F_DIGIT
        if g[0] == "P":
            props[c] |= F_PUNCT
        elif g in ("Lu", "Lt"):
            props[c] |= F_UPPER
        elif g == "Ll":
            props[c] |= F_LOWER
        elif g == "Cc" and not props[c] & F_SPACE:
            props[c] |= F_CNTRL
        if bidi_space[c]:
            rflags[c] |= R_BIDI_SPACE

    # Full mappings: lower, upper, title, fold; each 1-3 code points.
    fulls, full_index = [None], {}
    # Record 0 is an unassigned code point's: what lookups past U+10FFFF get.
    recs = [(0, 0, 0, 0, 0, 0, 0, 0)]
    rec_index = {recs[0]: 0}
    recidx = [0] * NCP
    for c in range(NCP):
        s = special.get(c)
        full = None
        if s or c in fold_full:
            full = (s[0] if s else (lower[c],), s[1] if s else (upper[c],),
                    s[2] if s else (title[c],), fold_full.get(c, (fold[c],)))
            for m in full:
                if not 1 <= len(m) <= 3:
                    fail(f"U+{c:04X}: a full mapping of {len(m)} code points")
            # Callers size lower-casing buffers at twice the input (weft/unicode.h).
            if sum(u8len(x) for x in full[0]) > 2 * u8len(c):
                fail(f"U+{c:04X} grows more than twice when lower-cased")
        fi = 0
        if full:
            fi = full_index.setdefault(full, len(fulls))
            if fi == len(fulls):
                fulls.append(full)
        rec = (gc[c], rflags[c], age[c], lower[c] - c, upper[c] - c, title[c] - c, fold[c] - c, fi)
        ri = rec_index.setdefault(rec, len(recs))
        if ri == len(recs):
            recs.append(rec)
        recidx[c] = ri
    if len(recs) > 0xFFFF or len(fulls) > 0xFFFF:
        fail(f"{len(recs)} records, {len(fulls)} full mappings: too many for 16 bits")

    def two_stage(vals):
        blocks, index, stage1 = [], {}, []
        for b in range(0, NCP, BLOCK):
            blk = tuple(vals[b:b + BLOCK])
            if blk not in index:
                index[blk] = len(blocks)
                blocks.append(blk)
            stage1.append(index[blk])
        return stage1, [x for blk in blocks for x in blk]

    w = []
    w.append("/* Generated by scripts/gen_unicode.py from the Unicode Character Database files in\n"
             f" * data/unicode/ (Unicode {version}; Word_Break and emoji data {wb_version}).\n"
             " * Do not edit; include <weft/unicode.h> instead. */\n")
    w.append("#ifndef WEFT_UNICODE_TABLE_H\n#define WEFT_UNICODE_TABLE_H\n\n#include <stdint.h>\n\n")
    w.append(f'#define WEFT_UC_VERSION "{version}"\n#define WEFT_UC_WB_VERSION "{wb_version}"\n\n')
    w.append("typedef struct weft_uc_record {\n"
             "    int32_t lower, upper, title, fold; /* simple mappings, as cp deltas */\n"
             "    uint16_t age;                      /* major << 8 | minor, 0: unassigned */\n"
             "    uint16_t full;                     /* index of the full mappings, 0: none */\n"
             "    uint8_t gc;                        /* weft_uc_gc */\n"
             "    uint8_t flags;                     /* WEFT_UC_R_* */\n"
             "} weft_uc_record;\n\n")
    w.append("/* Full case mappings: n[k] code points in cp[k] for lower, upper, title, fold. */\n"
             "typedef struct weft_uc_full {\n    uint8_t n[4];\n    uint32_t cp[4][3];\n"
             "} weft_uc_full;\n\n")

    def rows(vals, per=16):
        return "".join("    " + ", ".join(str(x) for x in vals[i:i + per]) + ",\n"
                       for i in range(0, len(vals), per))

    for fn, vals, what in (("weft_uc_class_", props, "class bits (WEFT_UC_* of weft/unicode.h)"),
                           ("weft_uc_recidx_", recidx, "index into weft_uc_record_")):
        stage1, stage2 = two_stage(vals)
        w.append(f"/* The {what} of a code point (<= U+10FFFF). */\n")
        w.append(f"static inline uint16_t {fn}(uint32_t cp) {{\n")
        w.append(f"    static const uint16_t stage1[{len(stage1)}] = {{\n{rows(stage1)}    }};\n")
        w.append(f"    static const uint16_t stage2[{len(stage2)}] = {{\n{rows(stage2)}    }};\n")
        w.append(f"    return stage2[(uint32_t)stage1[cp >> 7] * {BLOCK}u + (cp & {BLOCK - 1}u)];\n}}\n\n")

    w.append("static inline const weft_uc_record *weft_uc_record_(uint32_t i) {\n")
    w.append(f"    static const weft_uc_record rec[{len(recs)}] = {{\n")
    for g, fl, a, dl, du, dt, df, fi in recs:
        w.append(f"        {{{dl}, {du}, {dt}, {df}, 0x{a:04X}, {fi}, {g}, {fl}}},\n")
    w.append("    };\n    return &rec[i];\n}\n\n")

    w.append("static inline const weft_uc_full *weft_uc_full_(uint32_t i) {\n")
    w.append(f"    static const weft_uc_full full[{len(fulls)}] = {{\n        {{{{0, 0, 0, 0}}, {{{{0}}}}}},\n")
    for full in fulls[1:]:
        ns = ", ".join(str(len(m)) for m in full)
        ms = ", ".join("{" + ", ".join("0x%04X" % x for x in (m + (0, 0))[:3]) + "}" for m in full)
        w.append(f"        {{{{{ns}}}, {{{ms}}}}},\n")
    w.append("    };\n    return &full[i];\n}\n\n#endif\n")
    with open(out, "w", encoding="ascii") as f:
        f.write("".join(w))


if __name__ == "__main__":
    main()
