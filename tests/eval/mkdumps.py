#!/usr/bin/env python3
"""mkdumps.py SHARED OUTDIR [NDOCS] [SEED] [heldout] [inorder] - report dumps with known truth, for make eval.

Lays out clean Swedish paragraphs (the gold prose of SHARED/devdata/prose/gold and
interpellations of SHARED/corpus) as pdftotext and OCR write report dumps, with the
damage of issue 6 varied per document so that clean and reflow are measured on layouts
they were not written for:

  measure 55-100 characters, in a monospaced font or (three documents in four, as most
  report PDFs) in a proportional one (Helvetica's widths), so that a line full in width
  varies in length by characters as pdftotext's lines do; paragraphs separated by a blank line, by nothing (pdftotext
  -raw, OCR), or by a first-line indent; long words hyphenated at line ends (some docs
  hyphenate rarely); words with their own hyphen (IT-system) and suspended compounds
  (hälso- och) broken at line ends; numbered and unnumbered headings (capitalised or in
  capitals); bullet and numbered lists with wrapped items; running headers that alternate
  on odd and even pages and may hold the page number; footers in six page-number styles,
  some under a footer text line; form feeds (or, in a few docs, lost form feeds with a
  page starting with one space, as in seed 003); chart debris between paragraphs; and
  paragraphs that go on over a page break.

With "heldout", the interpellation paragraphs come only from the corpus documents held out
from every table in dicts/ (see dicts/derive/corpus.py). With "inorder", a dump's paragraphs
are runs of consecutive paragraphs of one source document (see paragraphs()).

Writes OUTDIR/NNN.txt (the dump) and OUTDIR/NNN.json (truth: blocks with their kind and
text, split words, hyphen words, suspended compounds, furniture (the texts of headers and
footers, and page numbers other than bare ones), page_numbers (a page number printed alone,
on its own line or beside a header), debris (the chart debris lines), and line_block: for
each line of the dump, the index of the block it belongs to, or null)."""
import json
import os
import random
import re
import sys

SUSPEND = r"\b(\w+)- (och|eller|samt|respektive|till)\b"

HEADINGS = [
    "Sammanfattning", "Inledning", "Bakgrund", "Ekonomiskt resultat", "Perioden som gått",
    "Händelser av väsentlig betydelse", "Förväntad utveckling", "Analys", "Investeringar",
    "Uppföljning av fullmäktiges mål", "Personal och kompetensförsörjning", "Måluppfyllelse",
    "Verksamhetens utveckling", "Miljö och hållbarhet", "Intern kontroll", "Slutsatser",
    "Ärendebeskrivning", "Förslag till beslut", "Beslutsunderlag", "Konsekvenser",
    "Hälso- och sjukvård", "Kollektivtrafik", "Regional utveckling", "Kultur och fritid",
    "Digitalisering", "Patientsäkerhet", "Tillgänglighet", "Uppdrag från fullmäktige",
]

HEADERS = [
    ("Region Exempel", "Årsrapport 2024"), ("ÅRSREDOVISNING 2023", "Kommunstyrelsen"),
    ("Delårsrapport augusti 2024", "Region Norrland"), ("Tjänsteskrivelse", "Dnr RS/595/2023"),
    ("Kultur- och fritidsnämnden", "Verksamhetsberättelse 2023"),
    ("Regionstyrelsens plan 2025", "Sammanträdesprotokoll"),
]
FOOTER_TEXTS = [
    "Region Exempel | Box 123 | 901 85 Umeå | www.regionexempel.se",
    "regionexempel.se", "Postadress: Kommunhuset, 831 82 Östersund. Telefon 063-14 30 00",
    "Kommunstyrelsens förvaltning", "",
]
PAGE_STYLES = ["Sidan {n} av {m}", "{n} ({m})", "- {n} -", "{n}", "Sida {n}", "{n}/{m}"]
BULLETS = ["• ", "- ", "– ", "e ", "\uf0b7 ", "o "]
DEBRIS = [
    ["[ Utfall —— Mål", "100", "50", "0", "T1 2024 T2 2024 T3 2024"],
    ["B Utfall —— M3l", "", "15", "10", "5", "0", "2021 2022 2023 2024"],
    ["Källa: egen bearbetning", "80 %", "60 %", "40 %", "20 %", "0 %"],
]


def ipq_documents(shared, rnd, heldout):
    """The interpellations to take paragraphs from, one text per interpellation: those of
    six random year files, or (heldout) the documents that dicts/derive/corpus.py holds out
    from every table derived in dicts/ (para_starts.tsv among them), so that the figures on
    them measure generalisation."""
    ipq = os.path.join(shared, "corpus/riksdagen-interpellationer")
    if not heldout:
        files = sorted(f for f in os.listdir(ipq) if f.startswith("ipq_"))
        for f in rnd.sample(files, min(6, len(files))):
            text = open(os.path.join(ipq, f), encoding="utf-8").read()
            for doc in re.split(r"(?m)^### .*\n", text):
                yield doc
        return
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "dicts", "derive"))
    os.environ["SHARED"] = shared
    import corpus
    for n, path, head, text in corpus.heldout_documents():
        if "riksdagen-interpellationer" in path:
            yield text


def paragraphs(shared, rnd, heldout=False, inorder=False):
    """Candidate paragraphs: gold prose split at blank lines, and interpellation lines,
    shuffled, so that neighbouring paragraphs of a dump come from different documents and
    rarely share a content word (of the sentence ends reflow leaves to the words, 54 % are
    breaks where the lines around share none, 9 % where they share one or more; measured on
    seeds 6, 11, 21, 33): a signal of lexical cohesion would score here far above what it
    can do on a real report, whose paragraphs keep to one subject.

    With inorder, the source documents (a gold prose file, an interpellation) are shuffled
    but each keeps its paragraphs in their order, so a dump is runs of consecutive
    paragraphs of one document, as a real report is: a paragraph's neighbours share its
    subject, and a document's last paragraph is followed by the next document's first. (The
    lines the filter below drops, such as a paragraph cut by the source's own page break,
    leave a gap in a run.) This measures what the shuffled dumps cannot: a signal that uses
    the subject of the lines around a break, and one that uses a paragraph's place in its
    document."""
    docs = []
    gold = os.path.join(shared, "devdata/prose/gold")
    for f in sorted(os.listdir(gold)):
        text = open(os.path.join(gold, f), encoding="utf-8").read()
        doc = []
        for block in re.split(r"\n\s*\n", text):
            p = " ".join(block.split())
            if len(p.split()) >= 6 and "|" not in p and p[-1] in ".:?!":
                doc.append(p)
        docs.append(doc)
    for text in ipq_documents(shared, rnd, heldout):
        doc = []
        for line in text.split("\n"):
            p = " ".join(line.split())
            if p.startswith("###") or len(p.split()) < 5 or "|" in p or p[-1] not in ".:?!":
                continue
            if re.search(r"[\u00ad\ufffd\u2028]|\s-\s*$", p) or not re.match(r"[A-ZÅÄÖÉ0-9”\"]", p):
                continue
            doc.append(p)
        docs.append(doc)
    if not inorder:
        out = [p for doc in docs for p in doc]
        rnd.shuffle(out)
        return out
    rnd.shuffle(docs)
    out = [p for doc in docs for p in doc]
    out.reverse()  # make_doc takes them with pop()
    return out


# Helvetica's advance widths (AFM, 1/1000 em): report PDFs set prose in proportional fonts,
# so pdftotext's lines vary in length by characters even when full in width.
WIDTHS = dict(zip("abcdefghijklmnopqrstuvwxyz", [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
                                                   222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500,
                                                   722, 500, 500, 500]))
WIDTHS.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556,
                                                 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
                                                 667, 611]))
WIDTHS.update({"å": 556, "ä": 556, "ö": 556, "é": 556, "Å": 667, "Ä": 667, "Ö": 778, "É": 667, " ": 278,
               ".": 278, ",": 278, ":": 278, ";": 278, "!": 278, "-": 333, "(": 333, ")": 333, "?": 556,
               "”": 333, '"': 355, "%": 889, "/": 278, "–": 556, "'": 191})

def width(s, prop):
    """The width of s in the document's font: characters in a monospaced one, else
    Helvetica's widths with half their spread about 500, in units of an average character
    of prose (490). Half the spread was measured against real dumps: of the lines inside a
    paragraph that are followed by a word in lower case, the next word would have fitted
    by the count of characters (the measure taken as the 95th percentile of line lengths)
    for 25 % of devdata/tables/*/plain.txt's and 17 % of seed 003's, and for 21 % of these
    dumps' (full spread: 40 %; a monospaced font: none)."""
    if not prop:
        return len(s)
    return sum(500 + 0.5 * (WIDTHS.get(c, 556) - 500) for c in s) / 490.0


def hyphen_points(word):
    """Where a word may be split at a line end: between letters, 3 from each end."""
    m = re.fullmatch(r"([a-zåäöé]+)([.,;:?!)]?)", word)
    if not m or len(m.group(1)) < 8:
        return []
    return list(range(3, len(m.group(1)) - 2))


class Layout:
    def __init__(self, rnd):
        self.measure = rnd.randint(55, 100)
        self.sep = rnd.choice(["blank", "none", "none", "indent"])
        self.hyph = rnd.choice([0.15, 0.6, 1.0])
        self.page_len = rnd.randint(38, 60)
        self.header = rnd.choice(HEADERS) if rnd.random() < 0.85 else None
        self.header_num = rnd.random() < 0.35
        self.footer_text = rnd.choice(FOOTER_TEXTS)
        self.page_style = rnd.choice(PAGE_STYLES)
        self.footer_gap = rnd.random() < 0.5
        self.lost_ff = rnd.random() < 0.15
        self.caps_headings = rnd.random() < 0.3
        self.numbered = rnd.random() < 0.7
        self.bullet = rnd.choice(BULLETS)
        self.debris = rnd.random() < 0.3
        self.prop = False  # set by make_doc: proportional font (most report PDFs)


def wrap(words, measure, indent, hyph, rnd, truth, cont_indent="", prop=False):
    """Breaks words into lines of at most measure (characters, or the width of as many in
    a proportional font), hyphenating long words."""
    lines, cur, empty = [], indent, True
    for w in words:
        if empty:
            cur += w
            empty = False
            continue
        if width(cur + " " + w, prop) <= measure:
            cur += " " + w
            continue
        if "-" in w[1:-1] and not w.endswith("-"):
            # a word with its own hyphen breaks there: IT-|system
            k = w.index("-", 1)
            if width(cur + " " + w[:k + 1], prop) <= measure and rnd.random() < 0.7:
                lines.append(cur + " " + w[:k + 1])
                truth["hyphen_words"].append(re.sub(r"[.,;:?!)]+$", "", w))
                cur = cont_indent + w[k + 1:]
                continue
        points = [k for k in hyphen_points(w) if width(cur + " " + w[:k] + "-", prop) <= measure]
        if points and rnd.random() < hyph:
            k = max(points) if rnd.random() < 0.5 else rnd.choice(points)
            lines.append(cur + " " + w[:k] + "-")
            truth["splits"].append(re.sub(r"[.,;:?!)]+$", "", w))
            cur = cont_indent + w[k:]
            continue
        lines.append(cur)
        cur = cont_indent + w
    lines.append(cur)
    return lines


def heading_text(rnd, lay, numbers):
    title = rnd.choice(HEADINGS)
    if lay.numbered:
        level = rnd.choice([1, 2, 2]) if numbers else 1
        if level == 1 or not numbers:
            numbers[:] = [numbers[0] + 1 if numbers else 1]
        else:
            numbers[:] = [numbers[0], (numbers[1] + 1) if len(numbers) > 1 else 1]
        title = ".".join(map(str, numbers)) + " " + title
    elif lay.caps_headings:
        title = title.upper()
    return title


def make_doc(pool, rnd, idx, fonts):
    lay = Layout(rnd)
    lay.prop = fonts.random() < 0.75
    truth = {"blocks": [], "splits": [], "hyphen_words": [], "furniture": [], "page_numbers": [],
             "debris": [], "layout": vars(lay).copy()}
    body = []  # (lines, kind)
    numbers = []
    n_blocks = rnd.randint(25, 55)
    i = 0
    while i < n_blocks and pool:
        r = rnd.random()
        if r < 0.12 and (not body or body[-1][1] != "heading"):
            t = heading_text(rnd, lay, numbers)
            body.append(([t], "heading"))
            truth["blocks"].append({"kind": "heading", "text": t})
        elif r < 0.2:
            p = pool.pop()
            items = [s for s in re.split(r"(?<=[.?!])\s+", p) if len(s.split()) >= 3][:5]
            if len(items) < 2:
                continue
            numbered = rnd.random() < 0.2
            for k, it in enumerate(items):
                mark = "%d. " % (k + 1) if numbered else lay.bullet
                ls = wrap(it.split(), lay.measure, mark, lay.hyph, rnd, truth,
                          cont_indent=" " * len(mark) if rnd.random() < 0.5 else "", prop=lay.prop)
                body.append((ls, "item"))
                truth["blocks"].append({"kind": "item", "text": ("%d. " % (k + 1) if numbered else "") + it})
        elif r < 0.23 and lay.debris:
            body.append((rnd.choice(DEBRIS), "debris"))
            truth["debris"].extend(body[-1][0])
        else:
            p = pool.pop()
            indent = " " * rnd.randint(2, 4) if lay.sep == "indent" else ""
            body.append((wrap(p.split(), lay.measure, indent, lay.hyph, rnd, truth, prop=lay.prop), "para"))
            truth["blocks"].append({"kind": "para", "text": p})
            if len(body) >= 2 and body[-2][1] == "para" and lay.sep == "none":
                # the paragraph before ends unseen when its last line is full, it ends a
                # sentence and this one starts with a capital: nothing in the layout
                # tells that end from a sentence end inside a paragraph
                last = body[-2][0][-1]
                if width(last + " " + p.split()[0], lay.prop) > lay.measure and last[-1] in ".:?!":
                    truth["blocks"][-2]["unseen_end"] = True
        i += 1
    # lines of the body, then pages
    flat, flat_ids = [], []  # lines, and the index of the truth block each belongs to
    nb = 0
    for k, (ls, kind) in enumerate(body):
        gap = lay.sep == "blank" or kind in ("heading", "debris") and rnd.random() < 0.6
        if flat and gap and kind != "item":
            flat.append("")
            flat_ids.append(None)
        flat.extend(ls)
        flat_ids.extend([None if kind == "debris" else nb] * len(ls))
        nb += kind != "debris"
        if kind == "heading" and (lay.sep == "blank" or rnd.random() < 0.5):
            flat.append("")
            flat_ids.append(None)
    pages = [flat[j:j + lay.page_len] for j in range(0, len(flat), lay.page_len)]
    page_ids = [flat_ids[j:j + lay.page_len] for j in range(0, len(flat), lay.page_len)]
    m = len(pages)
    out, out_ids = [], []
    for pi, lines in enumerate(pages, 1):
        ids = page_ids[pi - 1]
        page = []
        if lay.header and pi > 1:
            a, b = lay.header if pi % 2 else lay.header[::-1]
            gapw = max(3, lay.measure - len(a) - len(b))
            h = a + " " * gapw + b
            if lay.header_num:
                h = (h + "   " + str(pi)) if pi % 2 else (str(pi) + "   " + h)
                truth["page_numbers"].append(str(pi))
            page.append(h)
            page.append("")
            truth["furniture"].append(a)
            truth["furniture"].append(b)
        while lines and lines[0] == "":
            lines, ids = lines[1:], ids[1:]
        head = len(page)
        page.extend(lines)
        if lay.footer_gap:
            page.append("")
        if lay.footer_text:
            page.append(lay.footer_text)
            truth["furniture"].append(lay.footer_text)
        pn = lay.page_style.format(n=pi, m=m)
        page.append(pn)
        if not pn.isdigit():
            truth["furniture"].append(pn)
        else:
            truth["page_numbers"].append(pn)
        if pi > 1:
            if lay.lost_ff:
                page[0] = " " + page[0]
            else:
                page[0] = "\f" + page[0]
        out.extend(page)
        out_ids.extend([None] * head + ids + [None] * (len(page) - head - len(ids)))
    truth["line_block"] = out_ids
    return "\n".join(out) + "\n", truth


def main():
    shared, outdir = sys.argv[1], sys.argv[2]
    ndocs = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    heldout = "heldout" in sys.argv[5:]
    inorder = "inorder" in sys.argv[5:]
    rnd = random.Random(seed)
    fonts = random.Random(seed + 1000)  # its own stream, so the other choices stay as they were
    pool = paragraphs(shared, rnd, heldout, inorder)
    os.makedirs(outdir, exist_ok=True)
    for d in range(ndocs):
        text, truth = make_doc(pool, rnd, d, fonts)
        truth["suspended"] = [m.group(0) for b in truth["blocks"] for m in re.finditer(SUSPEND, b["text"])]
        open(os.path.join(outdir, "%03d.txt" % d), "w", encoding="utf-8").write(text)
        json.dump(truth, open(os.path.join(outdir, "%03d.json" % d), "w", encoding="utf-8"), ensure_ascii=False)


main()
