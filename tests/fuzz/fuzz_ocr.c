/*
 * fuzz_ocr.c - libFuzzer target: the ocr stage's image decoding path on arbitrary bytes.
 * Every page a source hands out (image, TIFF page, PDF page rendered at 72 dpi) goes
 * through the measurements and preprocessing, under a small pixel limit so that a header
 * claiming a huge page is refused, as it must be. Tesseract itself is not run: it is slow
 * and not ours to fuzz.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../stages/ocr_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ocr_global_init();
	ocr_load_opts o = {4e6, 72};
	ocr_source *s = NULL;
	tv_buf err = TV_BUF_INIT;
	if (ocr_source_open(data, size, &o, &s, &err) == TV_OK) {
		for (int i = 0; i < 4; i++) {
			PIX *pix = NULL;
			int dpi = 0, more = 0;
			tv_buf_clear(&err);
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
	tv_buf_free(&err);
	return 0;
}
