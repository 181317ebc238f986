#!/bin/bash
# Builds a ~50 MiB English text corpus from text that ships on a Debian
# image (licences, info manuals, Perl pods, rendered man pages, changelogs
# and READMEs under /usr/share/doc), following the appendix of
# shared/data/tokenizer/BENCHMARKS.md. Takes a few minutes (man rendering).
#   corpus.sh OUT [SIZE_BYTES]
# Only valid UTF-8 is kept; control characters other than TAB, LF and FF are
# dropped; the file ends at a line end.
set -eu
OUT=$1
SIZE=${2:-52428800}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 MANWIDTH=80
{
    find /usr/share/man/man2 /usr/share/man/man4 /usr/share/man/man5 /usr/share/man/man7 \
        /usr/share/man/man8 -type f 2>/dev/null | sort
    find /usr/share/man/man1 -type f 2>/dev/null | sort | head -1500
} >"$W/manlist"
mkdir -p "$W/man"
xargs -a "$W/manlist" -P 2 -I{} sh -c 'man -P cat -l "{}" > "'"$W"'/man/$(echo "{}" | tr / _).txt" 2>/dev/null || true'
{
    cat /usr/share/common-licenses/* 2>/dev/null || true
    for f in $(ls /usr/share/info/*.gz 2>/dev/null | sort); do zcat "$f"; done
    find /usr/share/perl -name '*.pod' 2>/dev/null | sort | xargs -r cat
    find "$W/man" -type f | sort | xargs -r cat
    find /usr/share/doc -name '*.gz' | grep -v -E '\.(pdf|dvi|ps|mdb|dat|png|jpg|gif)\.gz$' | sort |
        xargs -r zcat 2>/dev/null
} | iconv -c -f UTF-8 -t UTF-8 | tr -d '\000-\010\013\016-\037\177' | head -c "$SIZE" >"$W/c.txt" || true
python3 - "$W/c.txt" "$OUT.tmp" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
b = b[:b.rfind(b'\n') + 1]
open(sys.argv[2], 'wb').write(b)
PY
mv "$OUT.tmp" "$OUT"
