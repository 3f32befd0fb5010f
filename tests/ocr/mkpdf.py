#!/usr/bin/env python3
# mkpdf.py KIND OUT [N] - writes a small PDF for tests/check_ocr_textlayer.sh, made at test
# time so that no PDF is committed: Helvetica text (the standard font, its widths built into
# every PDF reader) in WinAnsiEncoding, A4 pages.
#   born       a born-digital report page (a heading, prose, a table) and a page with one line
#   encrypted  the same behind the standard security handler, with a password nobody knows
#   sideways   the same set sideways (running up a landscape page) on pages shown turned
#              (/Rotate 90) to portrait
#   many       one page of N characters, each its own fragment, 100 to a row (pathological)
import sys, zlib
def pdf(pages, encrypt=False, rotate=0):
    """pages: list of content streams (str). Helvetica, WinAnsiEncoding, A4."""
    objs = []
    def add(s):
        objs.append(s); return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    pages_id = len(objs) + 1 + 2 * len(pages)
    for c in pages:
        data = c.encode('cp1252')
        cid = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s] /Rotate %d /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, b"842 595" if rotate else b"595 842", rotate, font, cid)))
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
if kind in ("born", "encrypted", "sideways"):
    p1 = text(56, 780, "Regionstyrelsen redovisar 2024 ett resultat", 14)
    p1 += text(56, 750, "Ärendet RS/595/2023 avgörs i maj. Beloppen i miljoner kronor:")
    rows = [("", "2023", "2024"), ("Intäkter", "1 250", "1 310"), ("Kostnader", "-1 190", "-1 297"), ("Årets resultat", "60", "13")]
    y = 720
    for label, a, b in rows:
        p1 += text(60, y, label) + text(300, y, a) + text(380, y, b)
        y -= 16
    p1 += text(56, y - 24, "Källa: regionens årsredovisning.")
    p2 = text(56, 780, "Sida 2 av 2")
    open(out, "wb").write(pdf([p1, p2], encrypt=kind == "encrypted", rotate=90 if SIDEWAYS else 0))
elif kind == "many":
    # a page of N characters (argv[3]), each its own fragment, 100 to a row
    n = int(sys.argv[3])
    c = "".join(text(20 + (i % 100) * 5.5, 820 - (i // 100) * 4, "x", 4) for i in range(n))
    open(out, "wb").write(pdf([c]))
