/*
 * fuzz_ocr.c - libFuzzer target: the ocr stage's image decoding path on arbitrary bytes.
 * Every page a source hands out (image, TIFF page, PDF page rendered at 72 dpi) goes
 * through the measurements and preprocessing, under a small pixel limit so that a header
 * claiming a huge page is refused, as it must be; a PDF page's text layer is taken and laid
 * out when the rule takes it. Tesseract itself is not run: it is slow and not ours to
 * fuzz. The same bytes are also read as the character boxes of a text layer (10 bytes a
 * character: code point, left, top, right, bottom, 16 bits each; joined to the one before
 * when the code point is odd) and laid out.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../stages/ocr_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ocr_global_init();
	ocr_load_opts o = {4e6, 72};
	ocr_source *s = NULL;
	tv_buf err = TV_BUF_INIT, text = TV_BUF_INIT, why = TV_BUF_INIT;
	if (ocr_source_open(data, size, &o, &s, &err) == TV_OK) {
		for (int i = 0; i < 4; i++) {
			PIX *pix = NULL;
			int dpi = 0, more = 0, taken = 0;
			tv_buf_clear(&err);
			tv_buf_clear(&text);
			tv_buf_clear(&why);
			if (ocr_source_text(s, OCR_TL_AUTO, &text, &why, &taken, &more, &err) ==
			        TV_OK &&
			    !taken)
				(void)ocr_source_next(s, &pix, &dpi, &more, &err);
			if (pix) {
				ocr_prepared p;
				if (ocr_prepare(pix, dpi, OCR_STEP_ALL, o.max_pixels, &p) == TV_OK)
					ocr_prepared_clear(&p);
				pixDestroy(&pix);
			}
			if (!more)
				break;
		}
		ocr_source_free(s);
	}
	size_t n = size / 10;
	ocr_glyph *g = n ? malloc(n * sizeof *g) : NULL;
	if (g) {
		for (size_t i = 0; i < n; i++) {
			const uint8_t *p = data + 10 * i;
			ocr_glyph c = {(unsigned)(p[0] | p[1] << 8),
			               (p[2] | p[3] << 8) / 8.0,
			               (p[4] | p[5] << 8) / 8.0,
			               (p[6] | p[7] << 8) / 8.0,
			               (p[8] | p[9] << 8) / 8.0,
			               0,
			               0,
			               p[0] & 1};
			g[i] = c;
		}
		tv_buf_clear(&text);
		(void)ocr_layout_glyphs(g, n, &text);
		free(g);
	}
	tv_buf_free(&err);
	tv_buf_free(&text);
	tv_buf_free(&why);
	return 0;
}
