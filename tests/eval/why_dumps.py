#!/usr/bin/env python3
"""why_dumps.py DIR [REGEX] - where and why paragraphs of `tvatt run --to reflow` are not
whole, on the dumps of mkdumps.py (DIR holds NNN.txt, NNN.json, NNN.md).

Aligns the truth's words with the output's (difflib), then counts each paragraph end the
output missed (merge: two truth blocks in one output block) and each break it made inside
a truth block (split), by layout (blank, none, indent; P proportional font, M monospaced),
at a page break or not, whether the line before ends a sentence and the next begins with a
capital, and whether the end is one no layout shows (mkdumps' unseen_end). With REGEX,
also lists the cases whose description matches it: layout, measure, the line's length in
characters, file, line number, the line's end and the next line's first word."""
import collections
import difflib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_dumps  # noqa: E402  (the output is read one way for both)


def out_blocks(md):
    """The output's blocks as score_dumps reads them, each a list of words."""
    return [b.split() for b in score_dumps.out_blocks(md)]


def line_starts(blocks, lines, bl):
    """For each block, (dump line, index of the first of its words that starts there)."""
    starts = collections.defaultdict(list)
    for k, b in enumerate(blocks):
        ws, j, partial = b["text"].split(), 0, ""
        for li in bl[k]:
            toks = lines[li].replace("\f", "").split()
            if b["kind"] == "item" and toks and li == bl[k][0] and not re.match(r"\d+\.$", toks[0]):
                toks = toks[1:]  # the bullet
            first = None
            for tk in toks:
                if partial:  # the rest of a word broken at the line end before
                    partial += tk
                    if len(partial) >= len(ws[j]):
                        j, partial = j + 1, ""
                    continue
                if j >= len(ws):
                    break
                if first is None:
                    first = j
                if tk != ws[j] and tk.endswith("-") and ws[j].startswith(tk[:-1]):
                    partial = tk if ws[j].startswith(tk) else tk[:-1]
                else:
                    j += 1
            starts[k].append((li, first))
    return starts


def main():
    d = sys.argv[1]
    show = sys.argv[2] if len(sys.argv) > 2 else None
    rows = []
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json") or not os.path.exists(os.path.join(d, f[:-5] + ".md")):
            continue
        t = json.load(open(os.path.join(d, f), encoding="utf-8"))
        if "line_block" not in t:
            continue
        lines = open(os.path.join(d, f[:-5] + ".txt"), encoding="utf-8").read().split("\n")
        md = open(os.path.join(d, f[:-5] + ".md"), encoding="utf-8", errors="replace").read()
        lay, blocks, lb = t["layout"], t["blocks"], t["line_block"]
        gw, ow, oid = [], [], []
        for b in blocks:
            gw += b["text"].split()
        for k, b in enumerate(out_blocks(md)):
            ow += b
            oid += [k] * len(b)
        g2o = [None] * len(gw)
        for a, b, n in difflib.SequenceMatcher(None, gw, ow, autojunk=False).get_matching_blocks():
            for i in range(n):
                g2o[a + i] = oid[b + i]
        bl = collections.defaultdict(list)
        for i, k in enumerate(lb):
            if k is not None:
                bl[k].append(i)
        starts = line_starts(blocks, lines, bl)
        sep = lay["sep"] + ("P" if lay.get("prop") else "M")

        def row(li, lj, err, unseen):
            last = lines[li].replace("\f", "").rstrip()
            nxt = lines[lj].replace("\f", "").strip()
            fw = nxt.split()[0] if nxt else ""
            pb = any("\f" in x for x in lines[li + 1:lj + 1]) or any(x.strip() for x in lines[li + 1:lj])
            return dict(err=err, sep=sep, unseen=unseen, pb=pb, meas=lay["measure"], ll=len(last),
                        send=bool(re.search(r"[.:?!][”\")]?$", last)),
                        cap=bool(re.match(r"[A-ZÅÄÖÉ0-9”\"]", fw)), last=last[-50:], fw=fw, f=f, li=li + 1)

        base = 0
        for k, b in enumerate(blocks):
            n = len(b["text"].split())
            ids = g2o[base:base + n]
            if k + 1 < len(blocks) and ids and ids[-1] is not None and ids[-1] == g2o[base + n]:
                rows.append(row(bl[k][-1], bl[k + 1][0], "merge %s>%s" % (b["kind"], blocks[k + 1]["kind"]),
                                b.get("unseen_end", False)))
            for i in range(1, n):
                if ids[i] is not None and ids[i - 1] is not None and ids[i] != ids[i - 1]:
                    at = [li for li, fi in starts[k] if fi is not None and fi <= i]
                    lj = at[-1] if at else bl[k][0]
                    before = [li for li in bl[k] if li < lj]
                    rows.append(row(before[-1] if before else lj, lj, "split " + b["kind"], False))
            base += n
    count = collections.Counter(
        "%-16s layout=%-7s %s%s%s" % (r["err"], r["sep"], "page-break " if r["pb"] else "",
                                     "sentence-end+capital " if r["send"] and r["cap"] else "",
                                     "unseen-end" if r["unseen"] else "") for r in rows)
    print("why_dumps: %d paragraph ends missed (merge), %d breaks made inside a block (split)" % (
        sum(r["err"].startswith("merge") for r in rows), sum(r["err"].startswith("split") for r in rows)))
    for k, v in count.most_common():
        print("%5d %s" % (v, k))
    if show:
        for r in rows:
            desc = "%s %s" % (r["err"], r["sep"])
            if re.search(show, desc):
                print("%s %s measure=%d len=%d %s%s:%d | %s | %s" % (
                    r["err"], r["sep"], r["meas"], r["ll"], "unseen " if r["unseen"] else "",
                    r["f"], r["li"], r["last"], r["fw"]))


main()
