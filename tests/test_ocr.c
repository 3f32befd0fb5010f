/*
 * test_ocr.c - unit tests of the ocr stage: page sources (empty, damaged and oversized
 * inputs, TIFF pages), the measurements and the preprocessing they call for (a good page
 * left exactly as it is, a small one rescaled, a turned one deskewed, an uneven background
 * flattened), word voting, the layout and TSV writers, a missing model, and whole runs
 * with --jobs keeping the page order. Test pages are drawn with Leptonica's bitmap font,
 * so no image file is needed except the golden cases' pages in tests/ocr/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ocr.h"
#include "test_util.h"
#include "ocr_int.h"

static const char *const sentences =
	"Regionstyrelsen redovisar en negativ budgetavvikelse och en "
	"nettokostnadsutveckling som ligger nara den som regionfullmaktige "
	"beslutade om i budgeten for verksamhetsaret. Investeringsutgifterna "
	"uppgar till mycket stora belopp och arbetet fortsatter under aret med "
	"uppfoljning av alla mal och indikatorer inom verksamheterna.";

/* A white 8-bit page w x h with the test sentences drawn in the bitmap font of size
 * fontsize, repeated over the page. */
static PIX *text_page(int w, int h, int fontsize)
{
	PIX *pix = pixCreate(w, h, 8);
	assert_non_null(pix);
	pixSetAll(pix);
	L_BMF *bmf = bmfCreate(NULL, fontsize);
	assert_non_null(bmf);
	int overflow = 0;
	for (int y = 40; y < h - 200 && !overflow; y += 9 * fontsize * 3)
		pixSetTextblock(pix, bmf, sentences, 0x00000000, 40, y, w - 80, 0, &overflow);
	bmfDestroy(&bmf);
	pixSetResolution(pix, 300, 300);
	return pix;
}

/* ------------------------------------------------------------------ sources --------- */

static const ocr_load_opts load_defaults = {1e8, 300};

static void test_source_errors(void **state)
{
	(void)state;
	ocr_source *s = NULL;
	tv_buf err = TV_BUF_INIT;
	assert_int_equal(ocr_source_open((const unsigned char *)"", 0, &load_defaults, &s, &err), TV_EINPUT);
	assert_string_equal(tv_buf_str(&err), "the file is empty");
	tv_buf_clear(&err);
	const char *junk = "this is not an image at all, nor a PDF";
	assert_int_equal(ocr_source_open((const unsigned char *)junk, strlen(junk), &load_defaults, &s, &err), TV_EINPUT);
	assert_null(s);
	tv_buf_clear(&err);
	/* a header claiming a page far over the pixel limit: refused before decoding */
	const char *huge = "P5\n100000 100000\n255\n\0\0\0\0\0\0\0\0";
	assert_int_equal(ocr_source_open((const unsigned char *)huge, 30, &load_defaults, &s, &err), TV_OK);
	PIX *pix = NULL;
	int dpi = 0, more = 1;
	assert_int_equal(ocr_source_next(s, &pix, &dpi, &more, &err), TV_EINPUT);
	assert_null(pix);
	assert_int_equal(more, 0);
	assert_string_equal(tv_buf_str(&err), "the image is 100000 x 100000 pixels, more than the limit of 100000000 (--max-pixels)");
	ocr_source_free(s);
	tv_buf_free(&err);
}

static void test_source_tiff_pages(void **state)
{
	(void)state;
	PIXA *pixa = pixaCreate(3);
	for (int i = 0; i < 3; i++) {
		PIX *p = pixCreate(100 + 10 * i, 50, 8);
		pixSetAll(p);
		pixaAddPix(pixa, p, L_INSERT);
	}
	l_uint8 *data = NULL;
	size_t size = 0;
	assert_int_equal(pixaWriteMemMultipageTiff(&data, &size, pixa), 0);
	pixaDestroy(&pixa);
	ocr_source *s = NULL;
	tv_buf err = TV_BUF_INIT;
	assert_int_equal(ocr_source_open(data, size, &load_defaults, &s, &err), TV_OK);
	assert_int_equal(ocr_source_kind(s), OCR_TIFF);
	assert_int_equal(ocr_source_pages(s), 3);
	for (int i = 0; i < 3; i++) {
		PIX *pix = NULL;
		int dpi, more;
		assert_int_equal(ocr_source_next(s, &pix, &dpi, &more, &err), TV_OK);
		assert_int_equal(pixGetWidth(pix), 100 + 10 * i);
		assert_int_equal(more, i < 2);
		pixDestroy(&pix);
	}
	ocr_source_free(s);
	lept_free(data);
	tv_buf_free(&err);
}

/* ------------------------------------------------------------------ preprocessing --- */

static void test_good_page_left_alone(void **state)
{
	(void)state;
	PIX *pix = text_page(1600, 1200, 16);
	ocr_prepared p;
	assert_int_equal(ocr_prepare(pix, 300, OCR_STEP_ALL, 1e8, &p), TV_OK);
	assert_true(p.m.xheight >= 14);
	assert_true(p.m.ncomp > 100);
	/* nothing to do: Tesseract gets the very image the tesseract command would */
	assert_ptr_equal(p.pix, pix);
	assert_int_equal(p.done, 0);
	assert_int_equal(p.dpi, 300);
	ocr_prepared_clear(&p);
	pixDestroy(&pix);
}

static void test_small_text_rescaled(void **state)
{
	(void)state;
	PIX *big = text_page(1600, 1200, 16);
	ocr_measure mb;
	ocr_measure_page(big, &mb);
	PIX *small = pixScale(big, 0.4f, 0.4f);
	pixSetResolution(small, 300, 300); /* the tag lies: the page is 120 dpi */
	ocr_prepared p;
	assert_int_equal(ocr_prepare(small, 300, OCR_STEP_ALL, 1e8, &p), TV_OK);
	assert_true(fabs(p.m.xheight - 0.4 * mb.xheight) <= 1.5);
	assert_true(p.done & OCR_STEP_RESCALE);
	assert_true(fabs(p.scale * p.m.xheight - 22.0) < 1.0);
	assert_int_equal(pixGetWidth(p.pix), (int)lround(pixGetWidth(small) * p.scale));
	/* Tesseract is told the resolution the text size gives, not the tag */
	assert_true(p.dpi >= 280 && p.dpi <= 360);
	/* the pixel limit caps the upscaling */
	ocr_prepared q;
	double px = (double)pixGetWidth(small) * pixGetHeight(small);
	assert_int_equal(ocr_prepare(small, 300, OCR_STEP_ALL, 2 * px, &q), TV_OK);
	assert_true(q.scale <= sqrt(2.0) + 1e-6);
	/* and --prep without rescale leaves the size alone */
	ocr_prepared r;
	assert_int_equal(ocr_prepare(small, 300, OCR_STEP_DESKEW, 1e8, &r), TV_OK);
	assert_ptr_equal(r.pix, small);
	ocr_prepared_clear(&p);
	ocr_prepared_clear(&q);
	ocr_prepared_clear(&r);
	pixDestroy(&small);
	pixDestroy(&big);
}

static void test_skewed_page_deskewed(void **state)
{
	(void)state;
	PIX *page = text_page(1600, 1200, 16);
	PIX *turned = pixRotateAMGray(page, (float)(2.0 * M_PI / 180.0), 255);
	ocr_prepared p;
	assert_int_equal(ocr_prepare(turned, 300, OCR_STEP_ALL, 1e8, &p), TV_OK);
	assert_true(fabs(fabs(p.m.skew) - 2.0) < 0.3);
	assert_true(p.done & OCR_STEP_DESKEW);
	ocr_measure after;
	ocr_measure_page(p.pix, &after);
	assert_true(fabs(after.skew) < 0.3);
	/* a straight page is not turned */
	ocr_prepared q;
	assert_int_equal(ocr_prepare(page, 300, OCR_STEP_ALL, 1e8, &q), TV_OK);
	assert_false(q.done & OCR_STEP_DESKEW);
	ocr_prepared_clear(&p);
	ocr_prepared_clear(&q);
	pixDestroy(&turned);
	pixDestroy(&page);
}

static void test_uneven_background_flattened(void **state)
{
	(void)state;
	PIX *page = text_page(1600, 1200, 16);
	/* a shadow: the page darkens from white on the left to mid grey on the right */
	PIX *shade = pixCreate(1600, 1200, 8);
	for (int y = 0; y < 1200; y++)
		for (int x = 0; x < 1600; x++)
			pixSetPixel(shade, x, y, (l_uint32)(255 - x * 130 / 1600));
	PIX *dark = pixMultiplyGray(page, shade, 1.0f / 255.0f);
	assert_non_null(dark);
	ocr_prepared p;
	assert_int_equal(ocr_prepare(dark, 300, OCR_STEP_ALL, 1e8, &p), TV_OK);
	assert_true(p.m.bg_spread > 60);
	assert_true(p.done & OCR_STEP_BINARIZE);
	assert_int_equal(p.sauvola, 1);
	ocr_measure after;
	ocr_measure_page(p.pix, &after);
	assert_true(after.bg_spread < 30);
	ocr_prepared q;
	assert_int_equal(ocr_prepare(page, 300, OCR_STEP_ALL, 1e8, &q), TV_OK);
	assert_true(q.m.bg_spread < 10);
	assert_int_equal(q.sauvola, 0);
	ocr_prepared_clear(&p);
	ocr_prepared_clear(&q);
	pixDestroy(&dark);
	pixDestroy(&shade);
	pixDestroy(&page);
}

/* ------------------------------------------------------------------ words ----------- */

/* Builds a page of words from "word@l,t,r,b[/flags]" items separated by spaces; flags
 * are b (block), p (paragraph), l (line). */
static void make_words(ocr_page_words *w, const char *spec)
{
	memset(w, 0, sizeof *w);
	char buf[512];
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *tok = buf, *next; tok && *tok; tok = next) {
		next = strchr(tok, ' ');
		if (next)
			*next++ = '\0';
		ocr_word wd = {0};
		char *at = strchr(tok, '@');
		assert_non_null(at);
		*at = '\0';
		char *slash = strchr(at + 1, '/');
		if (slash) {
			for (char *f = slash + 1; *f; f++)
				wd.flags |= *f == 'b' ? OCR_BLOCK_START | OCR_PARA_START | OCR_LINE_START
					    : *f == 'p' ? OCR_PARA_START | OCR_LINE_START
					    : OCR_LINE_START;
			*slash = '\0';
		}
		assert_int_equal(sscanf(at + 1, "%d,%d,%d,%d", &wd.l, &wd.t, &wd.r, &wd.b), 4);
		wd.conf = 90;
		wd.off = w->text.len;
		wd.len = strlen(tok);
		assert_int_equal(tv_buf_puts(&w->text, tok), TV_OK);
		assert_int_equal(tv_buf_append(&w->words, &wd, sizeof wd), TV_OK);
		w->n++;
	}
}

static char *format(const ocr_page_words *w, const ocr_prepared *p, ocr_format fmt)
{
	tv_buf out = TV_BUF_INIT;
	assert_int_equal(ocr_page_format(w, p, fmt, 1, &out), TV_OK);
	char *s = strdup(tv_buf_str(&out));
	tv_buf_free(&out);
	return s;
}

static const ocr_prepared plain_page = {NULL, 300, 1.0, 0, 0, 0, 1000, 1000, 0, {0}};

static void test_vote(void **state)
{
	(void)state;
	ocr_page_words ref, a, b;
	make_words(&ref, "Det@0,0,30,10/b au@40,0,50,10 Vanenfall@60,0,90,10 ev@0,20,10,30/l "
			 "äv@20,20,30,30 .@40,20,42,30");
	make_words(&a, "Det@0,0,1,1/b att@0,0,1,1 Vattenfall@0,0,1,1 en@0,0,1,1/l av@0,0,1,1");
	make_words(&b, "Det@0,0,1,1/b att@0,0,1,1 Vattenfal@0,0,1,1 en@0,0,1,1/l av@0,0,1,1");
	const ocr_page_words *alts[] = {&a, &b};
	assert_int_equal(ocr_vote(&ref, alts, 2), TV_OK);
	/* two readings agreeing outvote the reference; where all three differ it stays;
	 * the stray dot both others lack is dropped; lines and boxes stay the reference's */
	char *s = format(&ref, &plain_page, OCR_TEXT);
	assert_string_equal(s, "Det att Vanenfall\nen av\n");
	free(s);
	assert_int_equal(ref.n, 5);
	assert_int_equal(ocr_page_word(&ref, 3)->l, 0);
	assert_int_equal(ocr_page_word(&ref, 3)->t, 20);
	ocr_page_words_clear(&ref);
	ocr_page_words_clear(&a);
	ocr_page_words_clear(&b);

	/* a word one reading splits in two: the two words vote as one candidate */
	make_words(&ref, "Sveripeime@0,0,50,10/b har@60,0,80,10");
	make_words(&a, "Sverige@0,0,1,1/b inte@0,0,1,1 har@0,0,1,1");
	make_words(&b, "Sverige@0,0,1,1/b inte@0,0,1,1 har@0,0,1,1");
	assert_int_equal(ocr_vote(&ref, alts, 2), TV_OK);
	s = format(&ref, &plain_page, OCR_TEXT);
	assert_string_equal(s, "Sverige inte har\n");
	free(s);
	ocr_page_words_clear(&ref);
	ocr_page_words_clear(&a);
	ocr_page_words_clear(&b);
}

static void test_swedish_i(void **state)
{
	(void)state;
	ocr_page_words w;
	/* the preposition between lower-case words; not at a sentence start, not after a
	 * word naming a part, not before a capital */
	make_words(&w, "arbetet@0,0,1,1/b I@0,0,1,1 regionen.@0,0,1,1 I@0,0,1,1 bilaga@0,0,1,1 "
		       "I@0,0,1,1 och@0,0,1,1 mål@0,0,1,1 I@0,0,1,1 Umeå@0,0,1,1 växer@0,0,1,1 "
		       "I@0,0,1,1/l år@0,0,1,1");
	assert_int_equal(ocr_fix_swedish_i(&w), TV_OK);
	char *s = format(&w, &plain_page, OCR_TEXT);
	assert_string_equal(s, "arbetet i regionen. I bilaga I och mål I Umeå växer\ni år\n");
	free(s);
	ocr_page_words_clear(&w);
}

static void test_doubtful_words(void **state)
{
	(void)state;
	ocr_page_words w;
	make_words(&w, "Ett@0,0,1,1/b två@0,0,1,1 tre@0,0,1,1/l Fyra@0,0,1,1/p fem@0,0,1,1");
	((ocr_word *)(void *)w.words.data)[1].conf = 40;
	((ocr_word *)(void *)w.words.data)[4].conf = 60;
	tv_buf out = TV_BUF_INIT;
	assert_int_equal(ocr_page_doubtful(&w, 2, 70, &out), TV_OK);
	/* the text is "Ett två\ntre\n\nFyra fem\n": line 4 is the second paragraph's */
	assert_string_equal(tv_buf_str(&out), "<!-- tvatt ocr page=2 doubtful=1.2,4.2 -->\n");
	tv_buf_clear(&out);
	assert_int_equal(ocr_page_doubtful(&w, 2, 30, &out), TV_OK);
	assert_string_equal(tv_buf_str(&out), "");
	tv_buf_free(&out);
	ocr_page_words_clear(&w);
}

static void test_text_format(void **state)
{
	(void)state;
	ocr_page_words w;
	make_words(&w, "Första@0,0,1,1/b raden.@0,0,1,1 Andra@0,0,1,1/l Nytt@0,0,1,1/p stycke.@0,0,1,1 "
		       "Block@0,0,1,1/b två@0,0,1,1");
	char *s = format(&w, &plain_page, OCR_TEXT);
	assert_string_equal(s, "Första raden.\nAndra\n\nNytt stycke.\n\nBlock två\n");
	free(s);
	ocr_page_words_clear(&w);
}

static void test_layout(void **state)
{
	(void)state;
	ocr_page_words w;
	/* a table row whose cells Tesseract read as three blocks, a second row, then a gap
	 * and a paragraph line; characters are 10 px wide */
	make_words(&w, "Intäkter@100,100,180,120/b 1250@400,101,440,121/b 1310@600,100,640,120/b "
		       "Kostnader@100,130,190,150/b -1190@390,131,440,151 -1297@590,130,640,150 "
		       "Text@100,220,140,240/b här.@150,220,190,240");
	char *s = format(&w, &plain_page, OCR_LAYOUT);
	assert_string_equal(s, "Intäkter                      1250                1310\n"
			       "Kostnader                    -1190               -1297\n"
			       "\n"
			       "Text här.\n");
	free(s);
	ocr_page_words_clear(&w);
}

static void test_tsv_boxes_in_original_pixels(void **state)
{
	(void)state;
	ocr_page_words w;
	make_words(&w, "Ord@200,100,260,140/b två@300,100,360,140");
	w.conf = 90;
	ocr_prepared p = plain_page;
	p.scale = 2.0; /* the page was read at twice its size */
	p.w = 2000;
	p.h = 1000;
	char *s = format(&w, &p, OCR_TSV);
	assert_string_equal(s, "1\t1\t0\t0\t0\t0\t0\t0\t1000\t500\t-1.00\t\n"
			       "2\t1\t1\t0\t0\t0\t100\t50\t80\t20\t-1.00\t\n"
			       "3\t1\t1\t1\t0\t0\t100\t50\t80\t20\t-1.00\t\n"
			       "4\t1\t1\t1\t1\t0\t100\t50\t80\t20\t-1.00\t\n"
			       "5\t1\t1\t1\t1\t1\t100\t50\t30\t20\t90.00\tOrd\n"
			       "5\t1\t1\t1\t1\t2\t150\t50\t30\t20\t90.00\ttvå\n");
	free(s);
	ocr_page_words_clear(&w);
}

/* ------------------------------------------------------------------ engine and runs - */

static void test_missing_model(void **state)
{
	(void)state;
	ocr_engine_opts o = {"swe+xyz", NULL, 3};
	ocr_engine *e = NULL;
	tv_buf err = TV_BUF_INIT;
	assert_int_equal(ocr_engine_new(&o, &e, &err), TV_EINPUT);
	assert_null(e);
	assert_string_equal(tv_buf_str(&err), "no Tesseract model for 'xyz' (install the Debian package tesseract-ocr-xyz)");
	tv_buf_free(&err);
}

/* Reads a golden case's page image into buf. */
static void read_case(const char *name, tv_buf *buf)
{
	char path[256];
	snprintf(path, sizeof path, "tests/ocr/%s.in", name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		assert_int_equal(tv_buf_append(buf, chunk, n), TV_OK);
	fclose(fp);
}

/* Runs the stage on data with options kv; returns the output (caller frees). */
static char *run_ocr(const tv_buf *data, const tv_kv *kv, size_t nkv, tv_status want,
		     tv_buf *diag_out)
{
	tv_diag d = {NULL, diag_out, 0, 0, -1};
	tv_opts o;
	memset(&o, 0, sizeof o);
	o.diag = &d;
	o.kv = kv;
	o.nkv = nkv;
	return tv_test_run(tv_ocr_run, data->data, data->len, "page.tif", &o, want);
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

static void test_jobs_keep_page_order(void **state)
{
	(void)state;
	tv_buf data = TV_BUF_INIT, diag = TV_BUF_INIT;
	read_case("tiff-jobs", &data);
	char *one = run_ocr(&data, NULL, 0, TV_OK, &diag);
	tv_kv two_jobs = {"jobs", "2"};
	char *two = run_ocr(&data, &two_jobs, 1, TV_OK, &diag);
	assert_string_equal(one, two);
	assert_int_equal(count_char(one, '\f'), 3);
	/* pages one and three are the same paragraph, page two the table */
	const char *p2 = strchr(one, '\f') + 1, *p3 = strchr(p2, '\f') + 1;
	assert_int_equal(strncmp(one, p3, (size_t)(p2 - one)), 0);
	assert_non_null(strstr(p2, "Intäkter"));
	assert_true(strstr(one, "Intäkter") > p2);
	assert_string_equal(tv_buf_str(&diag), "");
	free(one);
	free(two);
	tv_buf_free(&data);
	tv_buf_free(&diag);
}

static void test_damaged_page_partial(void **state)
{
	(void)state;
	tv_buf data = TV_BUF_INIT, diag = TV_BUF_INIT;
	read_case("tiff-damaged", &data);
	char *out = run_ocr(&data, NULL, 0, TV_EPARTIAL, &diag);
	/* page one is written, page two is an empty page and is named in the message */
	assert_int_equal(count_char(out, '\f'), 2);
	assert_non_null(strstr(out, "Regionstyrelsen"));
	assert_string_equal(tv_buf_str(&diag), "tvatt: page.tif: error: page 2: a truncated or damaged TIFF page\n");
	free(out);
	tv_buf_free(&data);
	tv_buf_free(&diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_errors),
		cmocka_unit_test(test_source_tiff_pages),
		cmocka_unit_test(test_good_page_left_alone),
		cmocka_unit_test(test_small_text_rescaled),
		cmocka_unit_test(test_skewed_page_deskewed),
		cmocka_unit_test(test_uneven_background_flattened),
		cmocka_unit_test(test_vote),
		cmocka_unit_test(test_text_format),
		cmocka_unit_test(test_swedish_i),
		cmocka_unit_test(test_doubtful_words),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_tsv_boxes_in_original_pixels),
		cmocka_unit_test(test_missing_model),
		cmocka_unit_test(test_jobs_keep_page_order),
		cmocka_unit_test(test_damaged_page_partial),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
