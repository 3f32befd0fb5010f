#!/usr/bin/env python3
"""mkodt.py SHARED OUTDIR CACHE [NDOCS] [SEED] - report dumps made by real tools, for make eval.

Where mkdumps.py simulates a report dump line by line, this lays the same kind of document
out for real: the held-out paragraphs of mkdumps.paragraphs (gold prose and held-out
interpellations, each document's paragraphs in their order) become, per document, a flat
ODT (.fodt) with a master page whose header holds a title and an organisation (and, in
some, a page-number field; in some, swapped on even pages) and whose footer holds the page
number as "Sidan N av M", "N (M)", "- N -" or a bare N (some under a footer text line);
body text justified or ragged in one of six fonts at 10-12 pt, headings numbered or not at
a larger size, bullet and numbered lists, paragraphs spaced, not spaced or indented, and
Swedish hyphenation (fo:hyphenate, hyphen-sv) on in half the documents. LibreOffice
(soffice --headless --convert-to pdf, all documents in one call, niced) lays them out; the
PDFs are cached in CACHE by a hash of the .fodt, so a second run converts nothing. Then
pdftotext dumps each PDF three ways, default, -raw and -layout.

Writes OUTDIR/{plain,raw,layout}/NNN.txt (the dump) and NNN.json (the truth, in the shape
mkdumps.py writes, so score_dumps.py scores it): blocks (kind, text), furniture (header
and footer texts, page-number strings other than bare numbers), page_numbers (bare ones, one
per page), debris (none), splits and hyphen_words found from the dump's own hyphenated line
ends against the truth's words (a split word is one whose halves joined are a word of the
truth and joined by a hyphen are not), suspended compounds, and layout. Also writes
OUTDIR/features.txt: counts of what a real dump holds that the simulator never writes
(soft hyphens U+00AD, ligatures U+FB00-FB06, form feeds, hyphenated line ends, non-ASCII
spaces). Needs: libreoffice-writer-nogui, hyphen-sv, poppler-utils, fonts-dejavu,
fonts-urw-base35."""
import collections
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkdumps  # noqa: E402  (the same paragraphs, headings, headers and footer texts)

FONTS = ["DejaVu Sans", "DejaVu Serif", "Nimbus Sans", "Nimbus Roman", "C059", "P052"]
FOOT_STYLES = ["Sidan {n} av {m}", "{n} ({m})", "- {n} -", "{n}"]
WORD = re.compile(r"[\wåäöéÅÄÖÉ]+")

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


def page_field(style):
    """A footer's page-number text with LibreOffice's fields for N and M."""
    n = '<text:page-number text:select-page="current">1</text:page-number>'
    m = '<text:page-count>1</text:page-count>'
    return escape(style).replace("{n}", n).replace("{m}", m)


def header_xml(a, b, num, num_first):
    """A header paragraph: a left, b right (tab stops), the page number at one end."""
    pn = '<text:page-number text:select-page="current">1</text:page-number>'
    if not num:
        return '<text:p text:style-name="Header">%s<text:tab/>%s</text:p>' % (escape(a), escape(b))
    if num_first:
        return '<text:p text:style-name="Header">%s<text:tab/>%s<text:tab/>%s</text:p>' % (pn, escape(a), escape(b))
    return '<text:p text:style-name="Header">%s<text:tab/>%s<text:tab/>%s</text:p>' % (escape(a), escape(b), pn)


def make_doc(pool, rnd):
    """One document: (fodt text, truth without the dump-dependent parts, page style)."""
    lay = {
        "font": rnd.choice(FONTS), "size": rnd.choice([10, 10.5, 11, 11, 12]),
        "justify": rnd.random() < 0.6, "hyphenate": rnd.random() < 0.5,
        "spacing": rnd.choice(["space", "space", "none", "indent"]),
        "header": rnd.choice(mkdumps.HEADERS) if rnd.random() < 0.85 else None,
        "header_num": rnd.random() < 0.35, "header_swap": rnd.random() < 0.4,
        "footer_text": rnd.choice(mkdumps.FOOTER_TEXTS), "page_style": rnd.choice(FOOT_STYLES),
        "numbered": rnd.random() < 0.7, "caps_headings": rnd.random() < 0.3,
        "bullet": rnd.choice(["•", "–", "-", "▪"]),
        "margin": rnd.choice([2.0, 2.5, 3.0]),
    }
    lay["sep"] = "indent" if lay["spacing"] == "indent" else "none"
    blocks, body, numbers = [], [], []
    hl = type("L", (), {"numbered": lay["numbered"], "caps_headings": lay["caps_headings"]})
    n_blocks = rnd.randint(25, 55)
    i = 0
    while i < n_blocks and pool:
        r = rnd.random()
        if r < 0.12 and (not blocks or blocks[-1]["kind"] != "heading"):
            t = mkdumps.heading_text(rnd, hl, numbers)
            blocks.append({"kind": "heading", "text": t})
            body.append('<text:h text:style-name="H" text:outline-level="1">%s</text:h>' % escape(t))
        elif r < 0.2:
            p = pool.pop()
            items = [s for s in re.split(r"(?<=[.?!])\s+", p) if len(s.split()) >= 3][:5]
            if len(items) < 2:
                continue
            numbered = rnd.random() < 0.25
            body.append('<text:list text:style-name="%s">' % ("LN" if numbered else "LB"))
            for k, it in enumerate(items):
                blocks.append({"kind": "item", "text": ("%d. " % (k + 1) if numbered else "") + it})
                body.append('<text:list-item><text:p text:style-name="Item">%s</text:p></text:list-item>' % escape(it))
            body.append('</text:list>')
        else:
            p = pool.pop()
            blocks.append({"kind": "para", "text": p})
            body.append('<text:p text:style-name="Body">%s</text:p>' % escape(p))
        i += 1
    sz = lay["size"]
    width = 21.0 - 2 * lay["margin"]
    spacing = {"space": ('0cm', '%.2fcm' % (sz * 0.035 * 1.4), '0cm'), "none": ('0cm', '0cm', '0cm'),
               "indent": ('0cm', '0cm', '0.6cm')}[lay["spacing"]]
    hyph = "true" if lay["hyphenate"] else "false"
    styles = f'''<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{lay["font"]}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
<style:text-properties style:font-name="F" fo:font-size="{sz}pt" fo:language="sv" fo:country="SE" fo:hyphenate="{hyph}" fo:hyphenation-remain-char-count="3" fo:hyphenation-push-char-count="3"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="{"justify" if lay["justify"] else "start"}" fo:margin-top="{spacing[0]}" fo:margin-bottom="{spacing[1]}" fo:text-indent="{spacing[2]}" fo:orphans="2" fo:widows="2"/></style:style>
<style:style style:name="Item" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start" fo:margin-bottom="{spacing[1]}"/></style:style>
<style:style style:name="H" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="{sz + rnd.choice([2, 3, 4])}pt" fo:font-weight="bold" fo:hyphenate="false"/></style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position="{width / 2:.2f}cm" style:type="center"/><style:tab-stop style:position="{width:.2f}cm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="{sz - 1.5}pt" fo:hyphenate="false"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="{rnd.choice(["center", "end", "start"])}"/><style:text-properties fo:font-size="{sz - 1.5}pt" fo:hyphenate="false"/></style:style>
<text:list-style style:name="LB"><text:list-level-style-bullet text:level="1" text:bullet-char="{lay["bullet"]}"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.64cm" fo:text-indent="-0.64cm" fo:margin-left="0.64cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
<text:list-style style:name="LN"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.64cm" fo:text-indent="-0.64cm" fo:margin-left="0.64cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="{lay["margin"]}cm" fo:margin-right="{lay["margin"]}cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.6cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.6cm"/></style:footer-style></style:page-layout></office:automatic-styles>'''
    furniture, master = [], []
    if lay["header"]:
        a, b = lay["header"]
        furniture += [a, b]
        master.append('<style:header>%s</style:header>' % header_xml(a, b, lay["header_num"], False))
        if lay["header_swap"]:
            master.append('<style:header-left>%s</style:header-left>' % header_xml(b, a, lay["header_num"], True))
    foot = []
    if lay["footer_text"]:
        furniture.append(lay["footer_text"])
        foot.append('<text:p text:style-name="Footer">%s</text:p>' % escape(lay["footer_text"]))
    foot.append('<text:p text:style-name="Footer">%s</text:p>' % page_field(lay["page_style"]))
    master.append('<style:footer>%s</style:footer>' % "".join(foot))
    fodt = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.text">\n%s\n<office:master-styles>'
            '<style:master-page style:name="Standard" style:page-layout-name="pm1">%s</style:master-page>'
            '</office:master-styles>\n<office:body><office:text>\n%s\n</office:text></office:body></office:document>\n'
            % (NS, styles, "".join(master), "\n".join(body)))
    truth = {"blocks": blocks, "furniture": furniture, "page_numbers": [], "debris": [], "layout": lay}
    return fodt, truth


def convert(fodts, cache):
    """The PDF of each .fodt text, from CACHE or made by one soffice call for those missing."""
    os.makedirs(cache, exist_ok=True)
    keys = [hashlib.sha1(f.encode("utf-8")).hexdigest()[:16] for f in fodts]
    todo = [(k, f) for k, f in zip(keys, fodts) if not os.path.exists(os.path.join(cache, k + ".pdf"))]
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            srcs = []
            for k, f in todo:
                srcs.append(os.path.join(tmp, k + ".fodt"))
                open(srcs[-1], "w", encoding="utf-8").write(f)
            subprocess.run(["nice", "-n", "10", "soffice", f"-env:UserInstallation=file://{tmp}/profile",
                            "--headless", "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp] + srcs,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for k, _ in todo:
                shutil.move(os.path.join(tmp, k + ".pdf"), os.path.join(cache, k + ".pdf"))
    return [os.path.join(cache, k + ".pdf") for k in keys]


def split_words(dump, truth):
    """The words broken at the dump's hyphenated line ends: (splits, hyphen words). A line
    ending in letter + "-" is joined with the first word of the next line that makes a
    word of the truth (headers and footers may come between, at a page break)."""
    gold = collections.Counter(WORD.findall("\n".join(b["text"] for b in truth["blocks"])))
    hy = collections.Counter(re.findall(r"[\wåäöéÅÄÖÉ]+(?:-[\wåäöéÅÄÖÉ]+)+", "\n".join(b["text"] for b in truth["blocks"])))
    lines = dump.replace("\f", "\n").split("\n")
    splits, hwords = [], []
    for i, line in enumerate(lines):
        m = re.search(r"([\wåäöéÅÄÖÉ-]*[\wåäöéÅÄÖÉ])[-\u00ad\u2010]\s*$", line)
        if not m:
            continue
        pre = m.group(1)
        for nxt in lines[i + 1:i + 8]:
            n = re.match(r"\s*([\wåäöéÅÄÖÉ]+)", nxt)
            if not n:
                continue
            suf = n.group(1)
            if pre + "-" + suf in hy:
                hwords.append(pre + "-" + suf)
                break
            if gold[pre + suf]:
                splits.append(pre + suf)
                break
    return splits, hwords


def main():
    shared, outdir, cache = sys.argv[1:4]
    ndocs = int(sys.argv[4]) if len(sys.argv) > 4 else 24
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 6
    rnd = random.Random(seed)
    pool = mkdumps.paragraphs(shared, rnd, heldout=True, inorder=True)
    docs = [make_doc(pool, rnd) for _ in range(ndocs)]
    pdfs = convert([d[0] for d in docs], cache)
    feats = collections.Counter()
    for kind, opt in (("plain", []), ("raw", ["-raw"]), ("layout", ["-layout"])):
        os.makedirs(os.path.join(outdir, kind), exist_ok=True)
        for d, ((_, truth), pdf) in enumerate(zip(docs, pdfs)):
            dump = subprocess.run(["pdftotext", "-enc", "UTF-8"] + opt + [pdf, "-"], check=True,
                                  capture_output=True).stdout.decode("utf-8")
            t = json.loads(json.dumps(truth))
            m = dump.count("\f") if dump.endswith("\f") else dump.count("\f") + 1
            style = t["layout"]["page_style"]
            for n in range(1, m + 1):
                pn = style.format(n=n, m=m)
                (t["page_numbers"] if pn.isdigit() else t["furniture"]).append(pn)
                if " " in pn and not pn.isdigit():
                    t["furniture"].append(pn.replace(" ", ""))  # pdftotext writes "- 2 -" as "-2-"
                if t["layout"]["header"] and t["layout"]["header_num"]:
                    t["page_numbers"].append(str(n))
            t["pages"] = m
            t["splits"], t["hyphen_words"] = split_words(dump, t)
            t["suspended"] = [x.group(0) for b in t["blocks"] for x in re.finditer(mkdumps.SUSPEND, b["text"])]
            open(os.path.join(outdir, kind, "%03d.txt" % d), "w", encoding="utf-8").write(dump)
            json.dump(t, open(os.path.join(outdir, kind, "%03d.json" % d), "w", encoding="utf-8"), ensure_ascii=False)
            feats[kind, "soft hyphens U+00AD"] += dump.count("\u00ad")
            feats[kind, "ligatures U+FB00-FB06"] += len(re.findall("[\ufb00-\ufb06]", dump))
            feats[kind, "form feeds"] += dump.count("\f")
            feats[kind, "non-ASCII spaces"] += len(re.findall("[\u00a0\u2000-\u200b\u202f]", dump))
            feats[kind, "hyphenated line ends"] += len(re.findall(r"[^\W\d_]-\n", dump))
            feats[kind, "blank lines"] += len(re.findall(r"\n\s*\n", dump))
            feats[kind, "pages"] += m
    with open(os.path.join(outdir, "features.txt"), "w", encoding="utf-8") as f:
        for kind in ("plain", "raw", "layout"):
            f.write("%s: %s\n" % (kind, ", ".join("%s %d" % (k[1], v) for k, v in feats.items() if k[0] == kind)))


if __name__ == "__main__":
    main()
