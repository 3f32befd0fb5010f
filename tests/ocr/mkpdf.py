#!/usr/bin/env python3
# mkpdf.py KIND OUT [N] - writes a small PDF for tests/check_ocr_textlayer.sh, made at test
# time so that no PDF is committed: Helvetica text (the standard font, its widths built into
# every PDF reader) in WinAnsiEncoding, A4 pages.
#   born       a born-digital report page (a heading, prose, a table) and a page with one line
#   encrypted  the same behind the standard security handler, with a password nobody knows
#   sideways   the same set sideways (running up a landscape page) on pages shown turned
#              (/Rotate 90) to portrait
#   many       one page of N characters, each its own fragment, 100 to a row (pathological)
#   scan       N pages that are each one page-sized image and no text (a scan without a
#              text layer: every page needs OCR)
#   mixed      a born-digital page, a scanned page, a born-digital page
#   label      the born pages with a label running up the first (a chart axis title)
import sys, zlib
def pdf(pages, encrypt=False, rotate=0):
    """pages: list of content streams (str), or of (content, image) where image is (w, h,
    8-bit grey samples) drawn as /Im1. Helvetica, WinAnsiEncoding, A4."""
    objs = []
    def add(s):
        objs.append(s); return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    pages_id = len(objs) + 1 + sum(3 if isinstance(c, tuple) else 2 for c in pages)
    for c in pages:
        img = b""
        if isinstance(c, tuple):
            c, (w, h, samples) = c
            z = zlib.compress(samples)
            iid = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(z)) + z + b"\nendstream")
            img = b" /XObject << /Im1 %d 0 R >>" % iid
        data = c.encode('cp1252')
        cid = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s] /Rotate %d /Resources << /Font << /F1 %d 0 R >>%s >> /Contents %d 0 R >>" % (pages_id, b"842 595" if rotate else b"595 842", rotate, font, img, cid)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    cat = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    enc = add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>") if encrypt else None
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objs) + 1, cat)
    if enc:
        out += b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % enc
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % x
    return bytes(out)
SIDEWAYS = False
def text(x, y, s, size=11):
    s = s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
    if SIDEWAYS:  # the page's text turned a quarter left, to be read on a page shown turned
        return "BT /F1 %d Tf 0 1 -1 0 %g %g Tm (%s) Tj ET\n" % (size, 842 - y, x, s)
    return "BT /F1 %d Tf %g %g Td (%s) Tj ET\n" % (size, x, y, s)
kind, out = sys.argv[1], sys.argv[2]
SIDEWAYS = kind == "sideways"
def up_label(x, y, s, size=11):  # one label running up an upright page (a chart's axis)
    return "BT /F1 %d Tf 0 1 -1 0 %g %g Tm (%s) Tj ET\n" % (size, x, y, s)
if kind in ("born", "encrypted", "sideways", "label"):
    p1 = text(56, 780, "Regionstyrelsen redovisar 2024 ett resultat", 14)
    p1 += text(56, 750, "Ärendet RS/595/2023 avgörs i maj. Beloppen i miljoner kronor:")
    rows = [("", "2023", "2024"), ("Intäkter", "1 250", "1 310"), ("Kostnader", "-1 190", "-1 297"), ("Årets resultat", "60", "13")]
    y = 720
    for label, a, b in rows:
        p1 += text(60, y, label) + text(300, y, a) + text(380, y, b)
        y -= 16
    p1 += text(56, y - 24, "Källa: regionens årsredovisning.")
    if kind == "label":
        p1 += up_label(40, 620, "Belopp i miljoner kronor")
    p2 = text(56, 780, "Sida 2 av 2")
    open(out, "wb").write(pdf([p1, p2], encrypt=kind == "encrypted", rotate=90 if SIDEWAYS else 0))
elif kind == "many":
    # a page of N characters (argv[3]), each its own fragment, 100 to a row
    n = int(sys.argv[3])
    c = "".join(text(20 + (i % 100) * 5.5, 820 - (i // 100) * 4, "x", 4) for i in range(n))
    open(out, "wb").write(pdf([c]))
elif kind in ("scan", "mixed"):
    # a grey page image with dark bars where lines of text would be, drawn over the page
    w, h = 210, 297
    rows = bytearray()
    for y in range(h):
        ink = 30 <= y < 260 and y % 12 < 4
        rows += bytes(60 if ink and 20 <= x < 190 else 235 for x in range(w))
    scan = ("q 595 0 0 842 0 0 cm /Im1 Do Q\n", (w, h, bytes(rows)))
    if kind == "scan":
        pages = [scan] * int(sys.argv[3])
    else:
        pages = [text(56, 780, "Sida 1 av 3"), scan, text(56, 780, "Sida 3 av 3")]
    open(out, "wb").write(pdf(pages))
