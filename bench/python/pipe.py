"""The Python side of bench/python/run.sh: what `weft run` does, from Python.

    python3 pipe.py jsonl PROFILE JOBS FILE [parse]   # JSON Lines records
    python3 pipe.py files PROFILE JOBS FILE...        # one document per file (.gz read)

Loads the profile, reads the input, streams it through Pipeline.pipe on
JOBS worker threads and writes each result's JSON line to stdout, as weft
run -f jsonl --offsets codepoints does. With "parse", every result is also
parsed (doc.attrs), the cost a consumer reading the results adds.
"""
import gzip
import json
import sys

import weft

mode, profile, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = weft.load_profile(profile, verbosity="error")
if mode == "jsonl":
    parse = len(sys.argv) > 5 and sys.argv[5] == "parse"

    def items():
        with open(sys.argv[4], encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)

else:
    parse = False

    def items():
        for path in sys.argv[4:]:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                yield {"id": path, "text": f.read()}


out = sys.stdout
n = 0
for doc in p.pipe(items(), jobs=jobs):
    if parse:
        n += len(doc.attrs)
    out.write(doc.to_json())
    out.write("\n")
