#!/usr/bin/env python3
"""The fixed split of the boilerplate dev pages into two halves, by id.

A page belongs to half "A" when the first byte of SHA-1(id) is even, else to
"B". Training tunes on one half and reports on the other; every tool that
splits (bench/boilerplate/quality.py, the training make target) imports this
rule so that the halves are the same everywhere.

    python3 bench/boilerplate/split.py A|B ID...   prints the ids of that half
"""
import hashlib
import sys


def half(pid):
    return "A" if hashlib.sha1(pid.encode("utf-8")).digest()[0] % 2 == 0 else "B"


if __name__ == "__main__":
    want = sys.argv[1]
    for pid in sys.argv[2:]:
        if half(pid) == want:
            print(pid)
