#!/usr/bin/env python3
"""why_real.py DIR [--show] - where paragraphs of `tvatt run --to reflow` are not whole in
the real dumps of mkodt.py (DIR holds NNN.txt, NNN.json, NNN.md of one dump kind).

why_dumps.py reads the simulated dumps by the dump line of each truth word, which mkdumps
writes and mkodt cannot; here the output's provenance comments ("lines=A-B") give the dump
lines of each output block, and the truth's words are aligned with the dump's (difflib) to
give the dump lines of each truth block. Counts each paragraph end the output missed
(merge: the last line of a truth block and the first of the next in one output block) and
each break it made inside a truth block (split: neighbouring lines of one truth block in
two output blocks), by the document's layout (justified J or ragged R, hyphenated H or
not; --show adds the font), at a page break or not, and whether the line ends a sentence and the next begins
with a capital (only the words can tell such a break where the line is full). With --show,
also lists them: file, line, layout, the line's end and the next line's start."""
import collections
import difflib
import json
import os
import re
import sys


def output_blocks(md):
    """Output block index of each dump line (1-based) that a provenance comment names."""
    block = {}
    for k, m in enumerate(re.finditer(r"<!-- tvatt page=\d+ lines=(\d+)-(\d+) -->", md)):
        for i in range(int(m.group(1)), int(m.group(2)) + 1):
            block[i] = k
    return block


def truth_lines(blocks, lines):
    """The dump lines (1-based) that hold the words of each truth block."""
    dw, dl, tw, tb = [], [], [], []
    for i, line in enumerate(lines):
        for w in line.replace("\f", "").split():
            dw.append(w)
            dl.append(i + 1)
    for k, b in enumerate(blocks):
        for w in b["text"].split():
            tw.append(w)
            tb.append(k)
    at = collections.defaultdict(set)
    for a, b, n in difflib.SequenceMatcher(None, tw, dw, autojunk=False).get_matching_blocks():
        for i in range(n):
            at[tb[a + i]].add(dl[b + i])
    return at


def main():
    d, show = sys.argv[1], "--show" in sys.argv[2:]
    rows = []
    for f in sorted(os.listdir(d)):
        base = os.path.join(d, f[:-5])
        if not f.endswith(".json") or not os.path.exists(base + ".md"):
            continue
        t = json.load(open(base + ".json", encoding="utf-8"))
        lines = open(base + ".txt", encoding="utf-8").read().split("\n")
        out = output_blocks(open(base + ".md", encoding="utf-8", errors="replace").read())
        lay, blocks = t["layout"], t["blocks"]
        at = truth_lines(blocks, lines)
        layout = ("J" if lay["justify"] else "R") + ("H" if lay["hyphenate"] else "-")

        def row(err, li):
            last = lines[li - 1].replace("\f", "").strip()
            nxt = lines[li].replace("\f", "").strip() if li < len(lines) else ""
            return dict(err=err, layout=layout, font=lay["font"], f=f[:-5], li=li, last=last[-50:], next=nxt[:30],
                        pb="\f" in (lines[li] if li < len(lines) else ""),
                        send=bool(re.search(r"[.:?!][”\")]?$", last)),
                        cap=bool(re.match(r"[A-ZÅÄÖÉ0-9”\"]", nxt)))

        for k, b in enumerate(blocks):
            ls = sorted(at[k])
            for x, y in zip(ls, ls[1:]):
                if y == x + 1 and x in out and y in out and out[x] != out[y]:
                    rows.append(row("split " + b["kind"], x))
            if ls and k + 1 < len(blocks) and at[k + 1]:
                x, y = ls[-1], min(at[k + 1])
                if x in out and y in out and out[x] == out[y]:
                    rows.append(row("merge %s>%s" % (b["kind"], blocks[k + 1]["kind"]), x))
    count = collections.Counter(
        "%-16s layout=%s %s%s" % (r["err"], r["layout"], "page-break " if r["pb"] else "",
                              "sentence-end+capital" if r["send"] and r["cap"] else "") for r in rows)
    print("why_real: %d paragraph ends missed (merge), %d breaks made inside a block (split)" % (
        sum(r["err"].startswith("merge") for r in rows), sum(r["err"].startswith("split") for r in rows)))
    for k, v in count.most_common():
        print("%5d %s" % (v, k))
    if show:
        for r in rows:
            print("%s %s:%d %s %s | %s | %s" % (r["err"], r["f"], r["li"], r["layout"], r["font"], r["last"],
                                               r["next"]))


main()
