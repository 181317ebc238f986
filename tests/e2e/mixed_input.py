# A folder of every kind of input, good and bad, for the tests that check
# that threads, processes and -j give the same records, error records and
# warnings: python3 tests/e2e/mixed_input.py DIR N (N JSON Lines records
# in DIR/a.jsonl, among them broken JSON, a lone surrogate, a numeric id, a
# blank line, a record without text and, past 600, a list; plain, gzip,
# two-member gzip and truncated gzip files; a sub-folder).
import gzip, json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(d, "a.jsonl"), "w") as f:
    f.write("\ufeff" + json.dumps({"id": "first", "text": "cat one"}) + "\n")
    for i in range(n):
        if i == 100:
            f.write("{not json\n")
        elif i == 200:
            f.write('{"text": "lone \\udc80 cat"}\n')  # a warning, no error
        elif i == 300:
            f.write('{"id": 7, "text": "cat 7"}\n')
        elif i == 400:
            f.write("   \n")  # blank: no document
        elif i == 500:
            f.write('{"id": "x"}\n')  # no text
        elif i == 600:
            f.write('["cat"]\n')
        else:
            f.write(json.dumps({"id": "a%d" % i, "text": "cat %d caf\u00e9" % i}) + "\n")
with open(os.path.join(d, "b.txt"), "w") as f:
    f.write("cat plain file")
with gzip.open(os.path.join(d, "c.txt.gz"), "wb") as f:
    f.write(b"cat gzip " * 20000)
# two members: the size in the trailer is the second's alone
with open(os.path.join(d, "d.txt.gz"), "wb") as f:
    f.write(gzip.compress(b"cat first member " * 5000) + gzip.compress(b"and the second"))
with open(os.path.join(d, "e.txt.gz"), "wb") as f:
    f.write(gzip.compress(b"cat broken " * 1000)[:-30])  # truncated
with open(os.path.join(d, "sub", "f.jsonl"), "w") as f:
    for i in range(50):
        f.write(json.dumps({"id": "f%d" % i, "text": "cat" if i != 25 else 5}) + "\n")
