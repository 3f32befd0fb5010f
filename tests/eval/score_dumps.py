#!/usr/bin/env python3
"""score_dumps.py DIR [--show] - the figures of issue 6 for `tvatt run --to reflow` output.

DIR holds NNN.json (truth, from mkdumps.py) and NNN.md (tvatt's output). The output is
read as the held-out test reads it: blocks separated by blank lines, comment lines and
Markdown markers ("#", "- ", "1. ") ignored, spaces collapsed. Prints one line per figure:
split words rejoined, suspended compounds kept, hyphen words kept, paragraphs whole (and
headings and list items), furniture left (headers' and footers' texts and page numbers,
each time one is in the output), and how often a topic word is shared across paragraph
breaks and across sentence ends inside paragraphs, in the truth (what a signal of lexical
cohesion could see in these dumps). --show lists the misses."""
import collections
import json
import os
import re
import sys

WORD = re.compile(r"[\wåäöéÅÄÖÉ]+(?:-[\wåäöéÅÄÖÉ]+)*-?")


SENT = re.compile(r"(?<=[.!?:])\s+(?=[\"”]?[A-ZÅÄÖÉ0-9])")
LETTERS = re.compile(r"[a-zåäöéA-ZÅÄÖÉ]+")


def topic_shared(before, after):
    """Whether one of the first three words of 6+ letters of after (its first 120
    characters) begins, in its first 5 letters, a word of before (its last 2000); None
    when after has no such word."""
    ws = [w for w in LETTERS.findall(after[:120]) if len(w) >= 6][:3]
    if not ws:
        return None
    ctx = before[-2000:].lower()
    return int(any(re.search(r"\b" + re.escape(w.lower()[:5]), ctx) for w in ws))


def norm(s):
    return " ".join(s.split())


def out_blocks(md):
    blocks, cur = [], []
    for line in md.split("\n"):
        if line.startswith("<!--"):
            continue
        if not line.strip():
            if cur:
                blocks.append(norm(" ".join(cur)))
            cur = []
            continue
        cur.append(line)
    if cur:
        blocks.append(norm(" ".join(cur)))
    plain = []
    for b in blocks:
        b = re.sub(r"^#+ ", "", b)
        b = re.sub(r"^- ", "", b)
        plain.append(b)
    return plain


def main():
    d = sys.argv[1]
    show = "--show" in sys.argv
    tot = collections.Counter()
    misses = collections.defaultdict(list)
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        truth = json.load(open(os.path.join(d, f), encoding="utf-8"))
        md_path = os.path.join(d, f[:-5] + ".md")
        md = open(md_path, encoding="utf-8", errors="replace").read() if os.path.exists(md_path) else ""
        blocks = out_blocks(md)
        text = "\n".join(blocks)
        out_words = collections.Counter(WORD.findall(text))
        gold_text = "\n".join(b["text"] for b in truth["blocks"])
        gold_words = collections.Counter(WORD.findall(gold_text))
        for w in truth["splits"]:
            tot["splits"] += 1
            if out_words[w] >= gold_words[w]:
                tot["splits_ok"] += 1
            else:
                misses["split"].append("%s: %s" % (f, w))
        for w in truth["hyphen_words"]:
            tot["hyph"] += 1
            if out_words[w] >= gold_words[w]:
                tot["hyph_ok"] += 1
            else:
                misses["hyphen"].append("%s: %s" % (f, w))
        sus = collections.Counter(truth["suspended"])
        for s, k in sus.items():
            tot["sus"] += k
            got = min(k, text.count(s))
            tot["sus_ok"] += got
            if got < k:
                misses["suspended"].append("%s: %s" % (f, s))
        have = collections.Counter(blocks)
        sep = truth["layout"]["sep"]
        prev_unseen = False
        for b in truth["blocks"]:
            kind = b["kind"]
            t = norm(b["text"])
            tot[kind] += 1
            if kind == "para":
                tot["para_" + sep] += 1
                # a paragraph next to an end no layout shows cannot come out whole
                unseen = b.get("unseen_end", False) or prev_unseen
                tot["para_unseen"] += unseen
                prev_unseen = b.get("unseen_end", False)
            if have[t] > 0:
                have[t] -= 1
                tot[kind + "_ok"] += 1
                if kind == "para":
                    tot["para_%s_ok" % sep] += 1
            else:
                misses[kind].append("%s: %s" % (f, t[:100]))
        # furniture left: each time a header's or footer's text is in the output more often
        # than in the truth's blocks (wherever it is: a line of its own, joined to a
        # paragraph, after a page number); a page number printed alone ("7", or "2" in
        # front of a header) each time that number is in the output as a word more often
        # than in the truth's blocks and the dump's chart debris together (so a number of
        # the text or of left debris is not taken for one)
        for fl in set(truth["furniture"]):
            k = max(0, text.count(fl) - gold_text.count(fl))
            tot["furn_left"] += k
            if k:
                misses["furniture"].append("%s: %s (%d)" % (f, fl, k))
        debris_words = collections.Counter(WORD.findall("\n".join(truth.get("debris", []))))
        for n, printed in collections.Counter(truth.get("page_numbers", [])).items():
            k = min(printed, max(0, out_words[n] - gold_words[n] - debris_words[n]))
            tot["furn_left"] += k
            if k:
                misses["furniture"].append("%s: page number %s (%d)" % (f, n, k))
        tot["docs"] += 1
        # what a signal of the subject across a break would see: the shuffled dumps
        # share a topic word across a break far less often than the text inside a
        # paragraph does, the in-order ones (like the corpus) nearly as often
        for a, b in zip(truth["blocks"], truth["blocks"][1:]):
            if a["kind"] == "para" and b["kind"] == "para":
                h = topic_shared(a["text"], b["text"])
                if h is not None:
                    tot["topic_break"] += 1
                    tot["topic_break_hit"] += h
        for a in truth["blocks"]:
            if a["kind"] == "para":
                ss = SENT.split(a["text"])
                for k in range(1, len(ss)):
                    h = topic_shared(" ".join(ss[:k]), " ".join(ss[k:]))
                    if h is not None:
                        tot["topic_inside"] += 1
                        tot["topic_inside_hit"] += h

    def pct(a, b):
        return 100.0 * tot[a] / max(1, tot[b])
    print("clean_reflow: %d generated dumps" % tot["docs"])
    print("clean_reflow: split words rejoined: %d/%d = %.2f %% (target >= 99.5)" % (tot["splits_ok"], tot["splits"], pct("splits_ok", "splits")))
    print("clean_reflow: suspended compounds kept: %d/%d (target: all)" % (tot["sus_ok"], tot["sus"]))
    print("clean_reflow: own-hyphen words kept (IT-system): %d/%d = %.2f %%" % (tot["hyph_ok"], tot["hyph"], pct("hyph_ok", "hyph")))
    print("clean_reflow: paragraphs whole: %d/%d = %.2f %% (target >= 99)" % (tot["para_ok"], tot["para"], pct("para_ok", "para")))
    print("clean_reflow: paragraphs whole by layout: blank lines %.2f %% (%d), first-line indents %.2f %% (%d), "
          "neither %.2f %% (%d)" % (pct("para_blank_ok", "para_blank"), tot["para_blank"], pct("para_indent_ok", "para_indent"),
                                    tot["para_indent"], pct("para_none_ok", "para_none"), tot["para_none"]))
    print("clean_reflow: paragraphs next to an end the layout does not show (full last line, sentence end, "
          "capital next; no blank line or indent): %d, so the layout alone brings at most %.2f %% out whole" % (
              tot["para_unseen"], 100.0 * (tot["para"] - tot["para_unseen"]) / max(1, tot["para"])))
    print("clean_reflow: headings whole: %d/%d = %.2f %%; list items whole: %d/%d = %.2f %%" % (
        tot["heading_ok"], tot["heading"], pct("heading_ok", "heading"), tot["item_ok"], tot["item"], pct("item_ok", "item")))
    print("clean_reflow: header/footer lines left: %d (target 0)" % tot["furn_left"])
    if tot["topic_break"] + tot["topic_inside"]:
        print("clean_reflow: topic word shared with the paragraph before (truth): across paragraph breaks "
              "%.1f %% (%d), across sentence ends inside paragraphs %.1f %% (%d)" % (pct("topic_break_hit", "topic_break"), tot["topic_break"],
                                                                 pct("topic_inside_hit", "topic_inside"), tot["topic_inside"]))
    if show:
        for k, v in misses.items():
            print("missed %s (%d):" % (k, len(v)))
            for m in v[:40]:
                print("   ", m)


if __name__ == "__main__":
    main()
