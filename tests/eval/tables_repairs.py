#!/usr/bin/env python3
"""tables_repairs.py SCORE-TABLES TVATT [--show] [--proof TEXT] KIND:PAGEDIR... - every
repair the tables stage makes, judged against gold (issue 4: a wrong change is worse
than a miss).

For each page directory (gold.json and KIND.txt, KIND raw, layout or ocr) the page goes
through `TVATT run --to tables`; every repair named in a table's checks ("repair:r3c4=91,1
from 191,1 by ruled column") is compared with the gold row that matches its output row
best (the same label as score-tables compares labels, or one holding the other, plus the
cells that agree): right when the gold cell (in its place, or else anywhere in that gold
row) is the repaired value and not the old one, wrong when it is the old value and not
the new one, unknown otherwise (the row's cells misaligned, or the cell misread in
another way too). Prints the counts per proof; --show lists every repair not judged
right; --proof keeps only repairs whose proof holds TEXT. Run by hand on the dev pages
and the held-out sets (build/eval-tables-N/pages); never part of make test."""
import sys, json, re, glob, os, subprocess
from tables_ceiling import load_score


def main():
    args = sys.argv[1:]
    show = "--show" in args
    args = [a for a in args if a != "--show"]
    proof_filter = ""
    if "--proof" in args:
        k = args.index("--proof")
        proof_filter = args[k + 1]
        del args[k:k + 2]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    st = load_score(args[0])
    tvatt = args[1]

    def num(x):
        try:
            return st.swenum(str(x))
        except Exception:
            return None

    tot = {}
    for spec in args[2:]:
        kind, _, page = spec.partition(":")
        page = page.rstrip("/") + "/"
        if not os.path.exists(page + kind + ".txt"):
            continue
        gold = json.load(open(page + "gold.json", encoding="utf-8"))
        grows = []
        for t in gold["tables"]:
            for r in (t["rows"] if isinstance(t, dict) else t):
                if r and r[0]:
                    grows.append(r)
        out = subprocess.run([tvatt, "run", "--to", "tables", page + kind + ".txt"],
                             capture_output=True, text=True).stdout.split("\n")
        i = 0
        while i < len(out):
            m = re.match(r'<!-- tvatt table .*checks="([^"]*)"', out[i])
            if not m:
                i += 1
                continue
            rows = []
            i += 1
            while i < len(out) and out[i].startswith("|"):
                rows.append(out[i])
                i += 1
            body = [[c.strip() for c in r.strip()[1:-1].split(" | ")] for r in rows[2:]]
            # a value's last group may carry its decimals ("959 930,5")
            for rep in re.finditer(r"repair:r(\d+)c(\d+)=([^ ]+(?: \d{3}(?:,\d+)?)*) from "
                                   r"([^ ]+(?: \d{3}(?:,\d+)?)*) by ([^:;]*)", m.group(1)):
                r, c = int(rep.group(1)), int(rep.group(2))
                new, old, proof = rep.group(3), rep.group(4), rep.group(5)
                if proof_filter not in proof or r - 1 >= len(body):
                    continue
                orow = body[r - 1]
                lab = st.norm(orow[0])

                def score(g):
                    k = st.norm(str(g[0]))
                    s = 10 if k == lab else 5 if min(len(k), len(lab)) >= 6 and (
                        k in lab or lab in k) else 0
                    return s + sum(2 for a, b in zip(orow[1:], g[1:])
                                   if a and num(a) is not None and num(a) == num(b))
                best = max(grows, key=score) if grows else None
                v = "unknown"
                if best is not None and score(best) >= 5:
                    nv, ov = num(new), num(old)
                    if c - 1 < len(best):
                        gn = num(best[c - 1])
                        v = "right" if gn == nv else "wrong" if gn == ov else "unknown"
                    if v == "unknown":
                        gs = [num(x) for x in best[1:]]
                        if nv in gs and ov not in gs:
                            v = "right"
                        elif ov in gs and nv not in gs:
                            v = "wrong"
                tot.setdefault(proof, {"right": 0, "wrong": 0, "unknown": 0})[v] += 1
                if show and v != "right":
                    print("%s %s %-7s r%dc%d %s -> %s by %s | %s | gold %s" %
                          (kind, os.path.basename(page.rstrip("/")), v, r, c, old, new,
                           proof, orow[0][:30], best[1:] if best else None))
    for p in sorted(tot):
        d = tot[p]
        print("repairs by %-28s right %4d  wrong %3d  unknown %3d" %
              (p + ":", d["right"], d["wrong"], d["unknown"]))


main()
