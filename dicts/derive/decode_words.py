#!/usr/bin/env python3
"""decode_words.py - derives dicts/decode_words.txt, the small word list the decode stage
uses to tell which encoding makes a text read as Swedish.

Run by hand from the repository root (it reads ../shared, which the build never does):
    python3 dicts/derive/decode_words.py ../shared/corpus > dicts/decode_words.txt

It counts lower-cased words in the Swedish statutes (sfs/, no copyright) and the Riksdag
interpellations (riksdagen-interpellationer/, "Källa: Sveriges riksdag") and keeps the N
most frequent words that hold a letter outside ASCII (default 1500) and the N_ASCII most
frequent that do not (default 2000: "nej" in ”nej” tells Windows-1252's quotation marks
from CP850's "önejö"), one a line, sorted bytewise.
"""
import collections
import os
import re
import sys

N = int(os.environ.get("N", "1500"))
N_ASCII = int(os.environ.get("N_ASCII", "2000"))
root = sys.argv[1]
files = [os.path.join(root, "sfs", "sfs_1970plus.txt")]
ipq = os.path.join(root, "riksdagen-interpellationer")
files += sorted(os.path.join(ipq, f) for f in os.listdir(ipq) if f.startswith("ipq_"))
word = re.compile(r"[^\W\d_]+")
count = collections.Counter()
for path in files:
    with open(path, encoding="utf-8", errors="replace") as fp:
        for line in fp:
            if line.startswith("### "):
                continue
            for w in word.findall(line):
                count[w.lower()] += 1
# words of Swedish letters only: no foreign names, no artefacts of old conversions
ok = re.compile(r"^[a-zåäöéü]+$")
ranked = [w for w, _ in count.most_common() if ok.match(w) and 2 <= len(w) <= 24]
keep = [w for w in ranked if not w.isascii()][:N] + [w for w in ranked if w.isascii()][:N_ASCII]
for w in sorted(keep, key=lambda s: s.encode("utf-8")):
    print(w)
