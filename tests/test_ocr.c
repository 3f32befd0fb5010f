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

#include <cairo-pdf.h>
#include <cairo.h>
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
	assert_int_equal(ocr_source_open((const unsigned char *)"", 0, &load_defaults, &s, &err),
	                 TV_EINPUT);
	assert_string_equal(tv_buf_str(&err), "the file is empty");
	tv_buf_clear(&err);
	const char *junk = "this is not an image at all, nor a PDF";
	assert_int_equal(
	    ocr_source_open((const unsigned char *)junk, strlen(junk), &load_defaults, &s, &err),
	    TV_EINPUT);
	assert_null(s);
	tv_buf_clear(&err);
	/* a header claiming a page far over the pixel limit: refused before decoding */
	const char *huge = "P5\n100000 100000\n255\n\0\0\0\0\0\0\0\0";
	assert_int_equal(ocr_source_open((const unsigned char *)huge, 30, &load_defaults, &s, &err),
	                 TV_OK);
	PIX *pix = NULL;
	int dpi = 0, more = 1;
	assert_int_equal(ocr_source_next(s, &pix, &dpi, &more, &err), TV_EINPUT);
	assert_null(pix);
	assert_int_equal(more, 0);
	assert_string_equal(
	    tv_buf_str(&err),
	    "the image is 100000 x 100000 pixels, more than the limit of 100000000 (--max-pixels)");
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

/* Mean grey level of pix (8 bpp): lower is more ink. */
static double mean_gray(PIX *pix)
{
	float v = 0;
	assert_int_equal(pixGetAverageMasked(pix, NULL, 0, 0, 1, L_MEAN_ABSVAL, &v), 0);
	return v;
}

static void test_tiny_text_thickened(void **state)
{
	(void)state;
	PIX *big = text_page(1600, 1200, 16);
	ocr_measure mb;
	ocr_measure_page(big, &mb);
	/* text scanned at about 100 dpi: upscaled, and its strokes thickened */
	double f = 7.5 / mb.xheight;
	PIX *tiny = pixScale(big, (float)f, (float)f);
	ocr_prepared p;
	assert_int_equal(ocr_prepare(tiny, 300, OCR_STEP_RESCALE, 1e8, &p), TV_OK);
	assert_true(p.m.xheight < 8.5);
	assert_true(p.done & OCR_STEP_RESCALE);
	assert_int_equal(p.thickened, 1);
	/* the same page only upscaled is lighter: the erosion added ink */
	PIX *plain = pixScaleGrayLI(tiny, (float)p.scale, (float)p.scale);
	assert_int_equal(pixGetWidth(plain), pixGetWidth(p.pix));
	assert_true(mean_gray(p.pix) < mean_gray(plain) - 2.0);
	/* text at 40 % of 300 dpi (an x-height over 8.5 px) is upscaled only */
	double g = 10.0 / mb.xheight;
	PIX *small = pixScale(big, (float)g, (float)g);
	ocr_prepared q;
	assert_int_equal(ocr_prepare(small, 300, OCR_STEP_RESCALE, 1e8, &q), TV_OK);
	assert_true(q.m.xheight >= 8.5);
	assert_true(q.done & OCR_STEP_RESCALE);
	assert_int_equal(q.thickened, 0);
	ocr_prepared_clear(&p);
	ocr_prepared_clear(&q);
	pixDestroy(&plain);
	pixDestroy(&small);
	pixDestroy(&tiny);
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
				wd.flags |= *f == 'b'
				                ? OCR_BLOCK_START | OCR_PARA_START | OCR_LINE_START
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

static const ocr_prepared plain_page = {NULL, 300, 1.0, 0, 0, 0, 0, 1000, 1000, 0, {0}};

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
	make_words(&w,
	           "Första@0,0,1,1/b raden.@0,0,1,1 Andra@0,0,1,1/l Nytt@0,0,1,1/p stycke.@0,0,1,1 "
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
	assert_string_equal(
	    tv_buf_str(&err),
	    "no Tesseract model for 'xyz' (install the Debian package tesseract-ocr-xyz)");
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
	assert_string_equal(tv_buf_str(&diag),
	                    "tvatt: page.tif: error: page 2: a truncated or damaged TIFF page\n");
	free(out);
	tv_buf_free(&data);
	tv_buf_free(&diag);
}

/* ------------------------------------------------------------------ text layer ------ */

/* Glyphs of a monospaced text at (x, base) in points: each character 6 pt wide, its box
 * 12 pt high ending at base; spaces advance without a glyph. */
static size_t put_text(ocr_glyph *g, size_t n, double x, double base, const char *s)
{
	int joined = 0;
	for (; *s; s++, x += 6) {
		if (*s == ' ') {
			joined = 0;
			continue;
		}
		ocr_glyph c = {(unsigned char)*s, x, base - 12, x + 6, base, 0, 0, joined};
		g[n++] = c;
		joined = 1;
	}
	return n;
}

static void test_layout_glyphs(void **state)
{
	(void)state;
	ocr_glyph g[200];
	size_t n = 0;
	/* a short line of prose, then a table whose cells stand apart (given in the order a
	 * PDF may draw them: by column) and a paragraph step after it */
	n = put_text(g, n, 50, 100, "Resultat i mnkr:");
	n = put_text(g, n, 62, 118, "Intakter");
	n = put_text(g, n, 62, 136, "Kostnader");
	n = put_text(g, n, 200, 118, "1 250");
	n = put_text(g, n, 200, 136, "-1 190");
	n = put_text(g, n, 280, 118, "1 310");
	n = put_text(g, n, 280, 136, "-1 297");
	n = put_text(g, n, 50, 160, "Slut.");
	/* drawn twice a little offset (fake bold): written once */
	n = put_text(g, n, 50.5, 160, "S");
	/* the same page set sideways, running down (the tops of the letters to the right) */
	ocr_glyph side[200];
	for (size_t i = 0; i < n; i++) {
		side[i] = g[i];
		side[i].x1 = -g[i].y2, side[i].x2 = -g[i].y1, side[i].y1 = g[i].x1,
		side[i].y2 = g[i].x2;
	}
	const char *want = "Resultat i mnkr:\n"
	                   "  Intakter        1 250   1 310\n"
	                   "  Kostnader       -1 190  -1 297\n"
	                   "\n"
	                   "Slut.\n";
	tv_buf out = TV_BUF_INIT;
	assert_int_equal(ocr_layout_glyphs(g, n, &out), TV_OK);
	assert_string_equal(tv_buf_str(&out), want);
	tv_buf_clear(&out);
	assert_int_equal(ocr_layout_glyphs(side, n, &out), TV_OK);
	assert_string_equal(tv_buf_str(&out), want);
	/* nothing usable: no output */
	tv_buf_clear(&out);
	ocr_glyph bad[3] = {
	    {' ', 0, 0, 5, 10, 0, 0, 0}, {'a', 5, 10, 4, 0, 0, 0, 0}, {'b', NAN, 0, 1, 1, 0, 0, 0}};
	assert_int_equal(ocr_layout_glyphs(bad, 3, &out), TV_OK);
	assert_int_equal(out.len, 0);
	tv_buf_free(&out);
}

static void test_text_layer_rule(void **state)
{
	(void)state;
	/* A4 in points; a scan is a page images cover */
	ocr_text_info born = {30, 0.0, 595, 842}, none = {0, 0.0, 595, 842},
	              scan_header = {12, 0.98, 595, 842}, scan_ocrd = {2400, 0.98, 595, 842},
	              photo_caption = {120, 0.6, 595, 842};
	assert_true(ocr_text_layer_usable(&born));
	assert_false(ocr_text_layer_usable(&none));
	assert_false(ocr_text_layer_usable(&scan_header));
	assert_true(ocr_text_layer_usable(&scan_ocrd));
	assert_false(ocr_text_layer_usable(&photo_caption));
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return tv_buf_append(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draws s in a 20 pt sans-serif font at (x, y) on cr. */
static void draw_text(cairo_t *cr, double x, double y, const char *s)
{
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 20);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

/* A picture of s (a scan of it): a 300 dpi image of the text, drawn over the page. */
static void draw_scan(cairo_t *cr, const char *s)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 500);
	cairo_t *ic = cairo_create(img);
	cairo_set_source_rgb(ic, 1, 1, 1);
	cairo_paint(ic);
	cairo_set_source_rgb(ic, 0, 0, 0);
	cairo_scale(ic, 300.0 / 72, 300.0 / 72);
	draw_text(ic, 20, 60, s);
	cairo_destroy(ic);
	cairo_save(cr);
	cairo_scale(cr, 72.0 / 300, 72.0 / 300);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

/* A three-page PDF, 240 x 120 points a page: born-digital text (a line and a small
 * table), a scan of a line with no text layer, and a scan whose text layer holds only a
 * stamped page number. */
static void make_mixed_pdf(tv_buf *pdf)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, pdf, 240, 120);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_text(cr, 10, 30, "Årets resultat");
	draw_text(cr, 10, 60, "Intäkter");
	draw_text(cr, 150, 60, "1 310");
	draw_text(cr, 10, 84, "Kostnader");
	draw_text(cr, 150, 84, "-1 297");
	cairo_show_page(cr);
	draw_scan(cr, "Regionen växer");
	cairo_show_page(cr);
	draw_scan(cr, "Kalmar län");
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_text(cr, 200, 110, "3");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* Runs the stage on pdf with --text-layer=mode (NULL: not given), verbose, with a log. */
static char *run_pdf(const tv_buf *pdf, const char *mode, tv_status want, tv_buf *diag, tv_buf *log)
{
	tv_diag d = {NULL, diag, 0, 1, -1};
	tv_log lg = {NULL, log};
	tv_kv kv = {"text-layer", mode};
	tv_opts o;
	memset(&o, 0, sizeof o);
	o.stage = "ocr";
	o.diag = &d;
	o.log = &lg;
	o.kv = &kv;
	o.nkv = mode ? 1 : 0;
	return tv_test_run(tv_ocr_run, pdf->data, pdf->len, "mixed.pdf", &o, want);
}

static void test_pdf_text_layer(void **state)
{
	(void)state;
	tv_buf pdf = TV_BUF_INIT, diag = TV_BUF_INIT, log = TV_BUF_INIT;
	make_mixed_pdf(&pdf);
	const char *page1 = "Årets resultat\n"
	                    "Intäkter        1 310\n"
	                    "Kostnader       -1 297\n";
	/* auto: page 1 its text layer, pages 2 and 3 by OCR */
	char *out = run_pdf(&pdf, NULL, TV_OK, &diag, &log);
	tv_buf want = TV_BUF_INIT;
	tv_buf_printf(&want, "%s\fRegionen växer\n\fKalmar län\n\f", page1);
	assert_string_equal(out, tv_buf_str(&want));
	assert_non_null(
	    strstr(tv_buf_str(&diag), "page 1: text layer (39 characters, images cover 0 %)\n"));
	assert_non_null(strstr(tv_buf_str(&diag), "page 2: read by OCR (text layer: no text); "));
	assert_non_null(
	    strstr(tv_buf_str(&diag),
	           "page 3: read by OCR (text layer: 1 character, images cover 100 %); "));
	assert_string_equal(tv_buf_str(&log), "ocr\t1\t0\t\ttext layer\tpage-source\t1.000\n"
	                                      "ocr\t2\t0\t\tOCR\tpage-source\t1.000\n"
	                                      "ocr\t3\t0\t\tOCR\tpage-source\t1.000\n");
	free(out);
	/* only: the text layers, the page without one an error */
	tv_buf_clear(&diag);
	out = run_pdf(&pdf, "only", TV_EPARTIAL, &diag, &log);
	tv_buf_clear(&want);
	tv_buf_printf(&want, "%s\f\f3\n\f", page1);
	assert_string_equal(out, tv_buf_str(&want));
	assert_non_null(strstr(tv_buf_str(&diag), "tvatt: mixed.pdf: error: page 2: the page has "
	                                          "no text layer (--text-layer=only: no OCR)\n"));
	free(out);
	/* never: every page by OCR, page 1 too */
	tv_buf_clear(&diag);
	out = run_pdf(&pdf, "never", TV_OK, &diag, &log);
	assert_non_null(strstr(out, "Intäkter"));
	assert_null(strstr(tv_buf_str(&diag), "text layer"));
	assert_int_equal(count_char(out, '\f'), 3);
	free(out);
	/* a bad value */
	out = run_pdf(&pdf, "sometimes", TV_EUSAGE, &diag, &log);
	free(out);
	tv_buf_free(&want);
	tv_buf_free(&pdf);
	tv_buf_free(&diag);
	tv_buf_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_source_errors),
	    cmocka_unit_test(test_source_tiff_pages),
	    cmocka_unit_test(test_good_page_left_alone),
	    cmocka_unit_test(test_small_text_rescaled),
	    cmocka_unit_test(test_tiny_text_thickened),
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
	    cmocka_unit_test(test_layout_glyphs),
	    cmocka_unit_test(test_text_layer_rule),
	    cmocka_unit_test(test_pdf_text_layer),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* the fonts cairo's text API looked up (make_mixed_pdf) are cached until this */
	cairo_debug_reset_static_data();
	return failed;
}
