# A .gz file that is a regular file is read whole with one read call and
# inflated from memory (#17: fifteen system calls a page through gzread,
# five now); stdin still goes through gzread. Both must read every kind of
# .gz the same: one or several members, an empty member, bytes that are not
# gzip (copied as they are), trailing bytes after a member (ignored), a
# member cut short, a corrupt body, a wrong CRC or length (failed), a header
# with a file name, and sizes whose trailer lies.
. tests/e2e/lib.sh
mkdir -p "$T/gz"
python3 - "$T/gz" <<'PY'
import gzip, os, random, sys, zlib
d = sys.argv[1]
random.seed(5)
text = b"Rain on the tin roof again. " * 40
long = bytes(random.choice(b"abcdefgh \n") for _ in range(200000))
def w(name, data):
    with open(os.path.join(d, name + ".txt.gz"), "wb") as f:
        f.write(data)
def flip(data, at, mask):
    b = bytearray(data)
    b[at] ^= mask
    return bytes(b)
w("plain", b"not compressed at all\n")
w("empty", b"")
w("one-byte", b"\x1f")
w("magic-only", b"\x1f\x8b")
w("two-members", gzip.compress(b"first half, ") + gzip.compress(b"second half"))
w("empty-member", gzip.compress(b"") + gzip.compress(b"after nothing"))
w("trailing", gzip.compress(text) + b"bytes after the member")
w("trailing-1f", gzip.compress(text) + b"\x1f")
w("cut", gzip.compress(text)[:-9])
w("cut-long", gzip.compress(long)[:4000])
w("second-cut", gzip.compress(b"whole ") + gzip.compress(text)[:14])
w("crc", flip(gzip.compress(text), -6, 0xff))
w("length-low", flip(gzip.compress(long), -1, 0x7f))
w("length-bit", flip(gzip.compress(long), -2, 0x01))
w("body", flip(gzip.compress(long), 120, 0x55))
w("long", gzip.compress(long))
w("zlib-format", zlib.compress(text))
with gzip.GzipFile(os.path.join(d, "named.txt.gz"), "wb", mtime=0) as f:
    f.write(text)
PY
cat >"$T/p.lua" <<'LUA'
return weft.pipeline { weft.lua "len" { run = function(doc) doc:set("len", #doc:text()) end } }
LUA
: >"$T/stdin.jsonl"
for f in "$T"/gz/*.txt.gz; do
    $WEFT run "$T/p.lua" - <"$f" >>"$T/stdin.jsonl" 2>/dev/null
done
run dir-j1 1 $WEFT run "$T/p.lua" "$T/gz" -o "$T/j1.jsonl"
run dir-j2 1 $WEFT run "$T/p.lua" "$T/gz" -j 2 -o "$T/j2.jsonl"
if cmp -s "$T/j1.jsonl" "$T/j2.jsonl"; then pass dir-j2-same; else fail dir-j2-same "differs from -j 1"; fi
pycheck same-as-stdin "$T/j1.jsonl" '
import os
ref = [json.loads(l) for l in open(os.path.join(os.path.dirname(path), "stdin.jsonl"))]
assert len(docs) == len(ref) == 18, (len(docs), len(ref))
for a, b in zip(docs, ref):
    name = os.path.basename(a["id"])
    assert a.get("text") == b.get("text"), name
    assert bool(a["errors"]) == bool(b["errors"]), (name, a["errors"], b["errors"])
bad = sorted(os.path.basename(d["id"]).split(".")[0] for d in docs if d["errors"])
byname_err = {os.path.basename(d["id"]).split(".")[0]: d["errors"][0]["message"] for d in docs if d["errors"]}
# zlib-format: the zlib format is no gzip, so it is read as it is: binary data
assert bad == ["body", "crc", "cut", "cut-long", "length-bit", "length-low", "magic-only",
               "second-cut", "zlib-format"], bad
assert "binary data, not text" in byname_err["zlib-format"], byname_err
byname = {os.path.basename(d["id"]).split(".")[0]: d for d in docs}
assert byname["two-members"]["text"] == "first half, second half"
assert byname["plain"]["text"] == "not compressed at all\n"
assert byname["long"]["attrs"]["len"] == 200000
assert byname["trailing"]["text"] == byname["named"]["text"]
'
# (said three times, then counted: a warning of one kind)
contains cut-warns "$T/err" "gz: corrupt or truncated gzip data"
