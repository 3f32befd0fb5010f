#!/bin/sh
# make-fixtures.sh - remakes the page images of the ocr golden cases (tests/ocr/*.in) from
# the Swedish sentences below. Run by hand when a case needs new pictures, then check the
# new .out files by eye before committing them; `make test` never runs it.
# Needs text2image (Debian's tesseract-ocr package), ImageMagick and fonts-dejavu.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

cat > para.txt <<'TXT'
Regionstyrelsen redovisar 2024 en negativ budgetavvikelse på 87 miljoner kronor
och en nettokostnadsutveckling på 5,8 procent. Ärendet RS/595/2023 avgörs i maj.
TXT
cat > table.txt <<'TXT'
Resultat (mnkr)        2023      2024
Intäkter              1 250     1 310
Kostnader            -1 190    -1 297
Årets resultat           60        13
TXT

# render TEXT OUT FONT [PTSIZE]: a 300 dpi greyscale PNG of the text, small page
render() {
	text2image --text="$1" --outputbase="$tmp/r" --font="$3" --fonts_dir=/usr/share/fonts \
	  --ptsize="${4:-10}" --resolution=300 --xsize=1500 --ysize=330 --margin=40 \
	  --degrade_image=false >/dev/null 2>&1
	convert "$tmp/r.tif[0]" -colorspace Gray -density 300 -units PixelsPerInch "$2"
	rm -f "$tmp/r.tif" "$tmp/r.box"
}
render para.txt clean.png "DejaVu Serif"
render table.txt table.png "DejaVu Sans Mono"

# clean: the page as rendered
cp clean.png "$dir/clean.in"
# lowres: a poor office scan of it: 40 % size, blur, noise, turned 1.8 degrees, JPEG,
# tagged 300 dpi although it is 120
convert clean.png -resize 40% -blur 0x0.5 -attenuate 0.6 +noise Gaussian \
  -background white -rotate 1.8 -colorspace Gray -quality 40 -density 300 \
  -units PixelsPerInch "jpg:$dir/lowres.in"
# lowres-tiny: three lines of scans/sample-page.jpg (35 % size, about 105 dpi, an x-height
# of 7.2 px), JPEG again; the build before strokes were thickened read "novembor", "sodan"
# and "bur" in it, this one still "sodan" ("§" reads "$", as in the page's ground truth)
convert "$dir/../../scans/sample-page.jpg" -crop 858x82+40+345 +repage -quality 92 \
  "jpg:$dir/lowres-tiny.in"
# upside-down: turned 180 degrees
convert clean.png -rotate 180 "png:$dir/upside-down.in"
# layout: a table in a monospaced font, read with --layout
cp table.png "$dir/layout.in"
# tsv: the table again, with --tsv
cp table.png "$dir/tsv.in"
# two-pages: a scanned PDF of two pages (the paragraph, then the table)
convert clean.png -quality 90 "jpg:$tmp/p1.jpg"
convert table.png -quality 90 "jpg:$tmp/p2.jpg"
python3 - "$tmp/p1.jpg" "$tmp/p2.jpg" "$dir/two-pages.in" <<'PY'
# a minimal PDF with one JPEG page image per page, at 300 dpi, as a scanner writes it
import struct, sys
def jpeg_size(b):
    i = 2
    while i < len(b):
        m, n = b[i + 1], struct.unpack('>H', b[i + 2:i + 4])[0]
        if m in (0xc0, 0xc1, 0xc2):
            return struct.unpack('>HH', b[i + 5:i + 9])[::-1]
        i += 2 + n
objs, kids = [], []
imgs = [open(f, 'rb').read() for f in sys.argv[1:-1]]
n = len(imgs)
for k, img in enumerate(imgs):
    w, h = jpeg_size(img)
    pw, ph = w * 72 / 300, h * 72 / 300
    page, content, image = 3 + 3 * k, 4 + 3 * k, 5 + 3 * k
    kids.append('%d 0 R' % page)
    draw = ('q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q' % (pw, ph)).encode()
    objs.append((page, b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R /Resources << /XObject << /Im0 %d 0 R >> >> >>' % (pw, ph, content, image)))
    objs.append((content, b'<< /Length %d >>\nstream\n' % len(draw) + draw + b'\nendstream'))
    objs.append((image, b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(img)) + img + b'\nendstream'))
objs = [(1, b'<< /Type /Catalog /Pages 2 0 R >>'), (2, ('<< /Type /Pages /Kids [%s] /Count %d >>' % (' '.join(kids), n)).encode())] + objs
out, offs = bytearray(b'%PDF-1.4\n'), {}
for num, body in sorted(objs):
    offs[num] = len(out)
    out += b'%d 0 obj\n' % num + body + b'\nendobj\n'
xref = len(out)
out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
for num in sorted(offs):
    out += b'%010d 00000 n \n' % offs[num]
out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
open(sys.argv[-1], 'wb').write(out)
PY
# tiff-jobs: a three-page TIFF read with --jobs 2
convert clean.png table.png clean.png -compress lzw "tiff:$dir/tiff-jobs.in"
# tiff-damaged: a two-page TIFF whose second page's image data lies past the end
convert clean.png table.png -compress none -depth 1 "tiff:$tmp/two.tif"
python3 - "$tmp/two.tif" "$dir/tiff-damaged.in" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
ifd = struct.unpack('<I', b[4:8])[0]
n = struct.unpack('<H', b[ifd:ifd + 2])[0]
ifd = struct.unpack('<I', b[ifd + 2 + 12 * n:ifd + 6 + 12 * n])[0]  # the second page
n = struct.unpack('<H', b[ifd:ifd + 2])[0]
for i in range(n):
    e = ifd + 2 + 12 * i
    if struct.unpack('<H', b[e:e + 2])[0] == 273:  # StripOffsets
        b[e + 8:e + 12] = struct.pack('<I', len(b) + 100000)
open(sys.argv[2], 'wb').write(b)
PY
# truncated: the first kilobytes of a PNG
head -c 3000 clean.png > "$dir/truncated.in"
# huge: a PNM header claiming 100000 x 100000 pixels
printf 'P5\n100000 100000\n255\n' > "$dir/huge.in"
# no-pages: a PDF whose page tree is empty
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$dir/no-pages.in"
# noise: random pixels, the pathological page (must finish quickly)
convert -size 400x300 xc:gray50 -attenuate 2 +noise Uniform -colorspace Gray -depth 8 "png:$dir/noise.in"
: > "$dir/empty.in"
