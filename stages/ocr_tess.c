/*
 * ocr_tess.c - Tesseract through its C API: engines, reading a prepared page, and the
 * three ways a page is written (text as the tesseract command writes it; --layout, where
 * each line keeps its words' horizontal positions as spaces, as `pdftotext -layout` does;
 * --tsv, Tesseract's TSV columns with boxes in the original image's coordinates).
 *
 * One engine belongs to one thread at a time. Tesseract's own OpenMP threads are turned
 * off once per process (they make it about ten times slower on a two-core machine, and the
 * stage parallelises by page instead), and its and Leptonica's messages are silenced:
 * library code reports through tv_report only.
 */
#include "ocr_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

/* From libgomp (linked with -lgomp); declared here because clang ships no omp.h. */
void omp_set_max_active_levels(int max_levels);
void omp_set_num_threads(int num_threads);

struct ocr_engine {
	TessBaseAPI *api;
	TessBaseAPI *osd; /* the orientation model, loaded on first use */
	char *tessdata;
	int psm;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init_once(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

/* OpenMP's nesting and thread count are settings of the calling thread (libgomp keeps
 * them per thread since OpenMP 5.1), so every thread that runs Tesseract sets them. */
static void thread_no_openmp(void)
{
	omp_set_max_active_levels(0);
	omp_set_num_threads(1);
}

void ocr_global_init(void)
{
	pthread_once(&global_once, global_init_once);
}

/* ------------------------------------------------------------------ engines --------- */

/* A Tesseract handle with its messages silenced, initialised for lang; NULL on failure. */
static TessBaseAPI *api_new(const char *tessdata, const char *lang)
{
	TessBaseAPI *api = TessBaseAPICreate();
	if (!api)
		return NULL;
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(api, tessdata, lang) != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

/* Names the models of lang ("swe+eng") that cannot be loaded, with their packages. */
static void missing_models(const char *tessdata, const char *lang, tv_buf *err)
{
	tv_buf one = TV_BUF_INIT, pkgs = TV_BUF_INIT;
	int n = 0;
	const char *p = lang;
	while (*p) {
		size_t k = strcspn(p, "+");
		tv_buf_clear(&one);
		tv_buf_append(&one, p, k);
		TessBaseAPI *api = k ? api_new(tessdata, tv_buf_str(&one)) : NULL;
		if (api) {
			TessBaseAPIEnd(api);
			TessBaseAPIDelete(api);
		} else if (k) {
			tv_buf_printf(err, "%s'%s'", n ? ", " : "", tv_buf_str(&one));
			tv_buf_printf(&pkgs, "%stesseract-ocr-", n ? " " : "");
			for (size_t i = 0; i < k; i++)
				tv_buf_putc(&pkgs, p[i] == '_' ? '-' : (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]));
			n++;
		}
		p += k;
		if (*p == '+')
			p++;
	}
	if (n == 0)
		tv_buf_printf(err, "Tesseract cannot load the models for '%s'", lang);
	else
		tv_buf_printf(err, " (install the Debian package%s %s%s%s)", n > 1 ? "s" : "",
			      tv_buf_str(&pkgs), tessdata ? " into " : "", tessdata ? tessdata : "");
	tv_buf_free(&one);
	tv_buf_free(&pkgs);
}

tv_status ocr_engine_new(const ocr_engine_opts *o, ocr_engine **out, tv_buf *err)
{
	*out = NULL;
	ocr_global_init();
	ocr_engine *e = calloc(1, sizeof *e);
	if (!e)
		return TV_ESYSTEM;
	e->psm = o->psm;
	if (o->tessdata && !(e->tessdata = strdup(o->tessdata))) {
		free(e);
		return TV_ESYSTEM;
	}
	e->api = api_new(e->tessdata, o->lang);
	if (!e->api) {
		tv_buf_puts(err, "no Tesseract model for ");
		missing_models(e->tessdata, o->lang, err);
		ocr_engine_free(e);
		return TV_EINPUT;
	}
	*out = e;
	return TV_OK;
}

void ocr_engine_free(ocr_engine *e)
{
	if (!e)
		return;
	if (e->api) {
		TessBaseAPIEnd(e->api);
		TessBaseAPIDelete(e->api);
	}
	if (e->osd) {
		TessBaseAPIEnd(e->osd);
		TessBaseAPIDelete(e->osd);
	}
	free(e->tessdata);
	free(e);
}

void ocr_page_result_clear(ocr_page_result *r)
{
	tv_buf_free(&r->text);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ geometry -------- */

/* Maps a point of the prepared image back to the original page: undoes the quarter
 * turns, the deskewing rotation (about the centre) and the scaling, in that order. */
static void to_original(const ocr_prepared *p, double x, double y, double *ox, double *oy)
{
	double w = p->w, h = p->h, u = x, v = y;
	switch (p->quads & 3) {
	case 1: u = y; v = h - 1 - x; break;
	case 2: u = w - 1 - x; v = h - 1 - y; break;
	case 3: u = w - 1 - y; v = x; break;
	default: break;
	}
	if (p->angle != 0) {
		double a = p->angle * M_PI / 180.0, c = cos(a), s = sin(a);
		double cx = w / 2.0, cy = h / 2.0, dx = u - cx, dy = v - cy;
		u = cx + dx * c + dy * s;
		v = cy - dx * s + dy * c;
	}
	double sc = p->scale > 0 ? p->scale : 1.0;
	*ox = u / sc;
	*oy = v / sc;
}

/* The box l,t,r,b of the prepared image as a box of the original page. */
static void box_to_original(const ocr_prepared *p, int *l, int *t, int *r, int *b)
{
	if ((p->quads & 3) == 0 && p->angle == 0 && p->scale == 1.0)
		return;
	double xs[4] = {*l, *r, *l, *r}, ys[4] = {*t, *t, *b, *b};
	double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
	for (int i = 0; i < 4; i++) {
		double x, y;
		to_original(p, xs[i], ys[i], &x, &y);
		x0 = fmin(x0, x);
		y0 = fmin(y0, y);
		x1 = fmax(x1, x);
		y1 = fmax(y1, y);
	}
	*l = (int)lround(fmax(x0, 0));
	*t = (int)lround(fmax(y0, 0));
	*r = (int)lround(x1);
	*b = (int)lround(y1);
}

/* ------------------------------------------------------------------ words ----------- */

typedef struct word {
	int l, t, r, b;
	int line;        /* index of its text line in reading order */
	int ltop;        /* top of its text line (set by layout_page) */
	float conf;
	size_t off, len; /* its text in the page's word text buffer */
	size_t chars;    /* code points */
} word;

static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* Collects the words Tesseract read (in its reading order) into words (an array of
 * struct word) and their text into text. */
static tv_status collect_words(TessBaseAPI *api, tv_buf *words, tv_buf *text)
{
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (!it)
		return TV_OK;
	TessPageIterator *pi = TessResultIteratorGetPageIterator(it);
	int line = -1;
	tv_status rc = TV_OK;
	do {
		char *t = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (!t)
			continue;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) || line < 0)
			line++;
		word w = {0};
		TessPageIteratorBoundingBox(pi, RIL_WORD, &w.l, &w.t, &w.r, &w.b);
		w.line = line;
		w.conf = TessResultIteratorConfidence(it, RIL_WORD);
		w.off = text->len;
		w.len = strlen(t);
		w.chars = utf8_chars(t, w.len);
		rc = tv_buf_append(text, t, w.len);
		if (!rc)
			rc = tv_buf_append(words, &w, sizeof w);
		TessDeleteText(t);
	} while (!rc && TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	return rc;
}

/* ------------------------------------------------------------------ layout ---------- */

typedef struct row {
	int t, b;        /* vertical extent */
	size_t first, n; /* its words in the sorted word array */
} row;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Orders words by the top of their line, then by line, then left to right. */
static int cmp_word_rows(const void *a, const void *b)
{
	const word *x = a, *y = b;
	if (x->ltop != y->ltop)
		return (x->ltop > y->ltop) - (x->ltop < y->ltop);
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->l > y->l) - (x->l < y->l);
}

static int cmp_word_left(const void *a, const void *b)
{
	const word *x = a, *y = b;
	return (x->l > y->l) - (x->l < y->l);
}

/*
 * Writes the words as lines that keep their horizontal positions: text lines whose
 * vertical extents overlap by half the smaller height form one output row (so the cells
 * of a table row that Tesseract read as separate blocks come together again); a word
 * starts at the column its left edge gives at the page's median character width, and at
 * least two spaces after a wide gap; a blank line marks a gap taller than a line.
 */
static tv_status layout_page(word *w, size_t n, const char *text, tv_buf *out)
{
	if (n == 0)
		return TV_OK;
	int nlines = w[n - 1].line + 1;
	tv_buf tops = TV_BUF_INIT, widths = TV_BUF_INIT, rows = TV_BUF_INIT, heights = TV_BUF_INIT;
	tv_status rc = tv_buf_reserve(&tops, (size_t)nlines * sizeof(int));
	if (rc)
		return rc;
	int *top = (int *)(void *)tops.data;
	for (int i = 0; i < nlines; i++)
		top[i] = 1 << 30;
	int xmin = 1 << 30;
	for (size_t i = 0; i < n; i++) {
		if (w[i].t < top[w[i].line])
			top[w[i].line] = w[i].t;
		if (w[i].l < xmin)
			xmin = w[i].l;
		if (w[i].chars > 0) {
			int cw = (int)lround(10.0 * (w[i].r - w[i].l) / (double)w[i].chars);
			rc = rc ? rc : tv_buf_append(&widths, &cw, sizeof cw);
		}
	}
	for (size_t i = 0; i < n; i++)
		w[i].ltop = top[w[i].line];
	qsort(w, n, sizeof *w, cmp_word_rows);

	/* the page's character width (tenths of a pixel) */
	size_t nw = widths.len / sizeof(int);
	int *cws = (int *)(void *)widths.data;
	double cw = 10;
	if (nw) {
		qsort(cws, nw, sizeof *cws, cmp_int);
		cw = cws[nw / 2] / 10.0;
	}
	if (cw < 1)
		cw = 1;

	/* rows: consecutive lines (by top) that overlap vertically */
	for (size_t i = 0; i < n && !rc;) {
		row r = {w[i].t, w[i].b, i, 0};
		size_t j = i;
		while (j < n) {
			int lt = 1 << 30, lb = -1;
			size_t k = j;
			for (; k < n && w[k].line == w[j].line; k++) {
				lt = w[k].t < lt ? w[k].t : lt;
				lb = w[k].b > lb ? w[k].b : lb;
			}
			if (j > i) {
				int ov = (lb < r.b ? lb : r.b) - (lt > r.t ? lt : r.t);
				int mh = (lb - lt) < (r.b - r.t) ? (lb - lt) : (r.b - r.t);
				if (ov * 2 < mh)
					break;
			}
			r.t = lt < r.t ? lt : r.t;
			r.b = lb > r.b ? lb : r.b;
			j = k;
		}
		r.n = j - i;
		rc = tv_buf_append(&rows, &r, sizeof r);
		int hgt = r.b - r.t;
		if (!rc)
			rc = tv_buf_append(&heights, &hgt, sizeof hgt);
		i = j;
	}
	size_t nr = rows.len / sizeof(row);
	row *rs = (row *)(void *)rows.data;
	int *hs = (int *)(void *)heights.data;
	int mh = 0;
	if (nr) {
		qsort(hs, nr, sizeof *hs, cmp_int);
		mh = hs[nr / 2];
	}
	for (size_t i = 0; i < nr && !rc; i++) {
		if (i > 0 && rs[i].t - rs[i - 1].b > mh)
			rc = tv_buf_putc(out, '\n');
		qsort(w + rs[i].first, rs[i].n, sizeof *w, cmp_word_left);
		size_t col = 0;
		int prev_r = 0;
		for (size_t k = rs[i].first; k < rs[i].first + rs[i].n && !rc; k++) {
			size_t want = (size_t)lround((w[k].l - xmin) / cw);
			if (col > 0) {
				size_t gap = w[k].l - prev_r > 2 * cw ? 2 : 1;
				if (want < col + gap)
					want = col + gap;
			}
			while (col < want && !rc) {
				rc = tv_buf_putc(out, ' ');
				col++;
			}
			if (!rc)
				rc = tv_buf_append(out, text + w[k].off, w[k].len);
			col += w[k].chars;
			prev_r = w[k].r;
		}
		if (!rc)
			rc = tv_buf_putc(out, '\n');
	}
	tv_buf_free(&tops);
	tv_buf_free(&widths);
	tv_buf_free(&rows);
	tv_buf_free(&heights);
	return rc;
}

/* ------------------------------------------------------------------ TSV ------------- */

static tv_status tsv_row(tv_buf *out, const ocr_prepared *p, int level, int page, int block,
			 int par, int line, int wordno, int l, int t, int r, int b, double conf,
			 const char *text)
{
	box_to_original(p, &l, &t, &r, &b);
	return tv_buf_printf(out, "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%s\n", level,
			     page, block, par, line, wordno, l, t, r - l, b - t, conf,
			     text ? text : "");
}

/* Tesseract's TSV rows for the page (levels 1 page, 2 block, 3 paragraph, 4 line,
 * 5 word), with boxes in the original page's coordinates. */
static tv_status tsv_page(TessBaseAPI *api, const ocr_prepared *p, int page, tv_buf *out)
{
	tv_status rc = tsv_row(out, p, 1, page, 0, 0, 0, 0, 0, 0, p->w, p->h, -1, NULL);
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (!it || rc)
		return rc;
	TessPageIterator *pi = TessResultIteratorGetPageIterator(it);
	int block = 0, par = 0, line = 0, wordno = 0, l, t, r, b;
	do {
		char *text = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (!text)
			continue;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK) || block == 0) {
			block++;
			par = line = 0;
			TessPageIteratorBoundingBox(pi, RIL_BLOCK, &l, &t, &r, &b);
			rc = tsv_row(out, p, 2, page, block, 0, 0, 0, l, t, r, b, -1, NULL);
		}
		if (!rc && (TessPageIteratorIsAtBeginningOf(pi, RIL_PARA) || par == 0)) {
			par++;
			line = 0;
			TessPageIteratorBoundingBox(pi, RIL_PARA, &l, &t, &r, &b);
			rc = tsv_row(out, p, 3, page, block, par, 0, 0, l, t, r, b, -1, NULL);
		}
		if (!rc && (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) || line == 0)) {
			line++;
			wordno = 0;
			TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r, &b);
			rc = tsv_row(out, p, 4, page, block, par, line, 0, l, t, r, b, -1, NULL);
		}
		if (!rc) {
			wordno++;
			TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b);
			rc = tsv_row(out, p, 5, page, block, par, line, wordno, l, t, r, b,
				     TessResultIteratorConfidence(it, RIL_WORD), text);
		}
		TessDeleteText(text);
	} while (!rc && TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	return rc;
}

/* ------------------------------------------------------------------ reading --------- */

tv_status ocr_engine_read(ocr_engine *e, const ocr_prepared *p, ocr_format fmt, int page,
			  ocr_page_result *r)
{
	TessBaseAPI *api = e->api;
	thread_no_openmp();
	tv_buf_clear(&r->text);
	r->words = 0;
	r->conf = 0;
	TessBaseAPISetPageSegMode(api, (TessPageSegMode)e->psm);
	TessBaseAPISetVariable(api, "thresholding_method", p->sauvola ? "2" : "0");
	TessBaseAPISetImage2(api, p->pix);
	if (p->dpi > 0 && p->dpi != pixGetYRes(p->pix))
		TessBaseAPISetSourceResolution(api, p->dpi);
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPIClear(api);
		return TV_OK; /* nothing Tesseract could read: an empty page */
	}
	tv_buf words = TV_BUF_INIT, text = TV_BUF_INIT;
	tv_status rc = collect_words(api, &words, &text);
	size_t n = words.len / sizeof(word);
	word *w = (word *)(void *)words.data;
	double sum = 0, chars = 0;
	for (size_t i = 0; i < n; i++) {
		sum += w[i].conf * (double)w[i].chars;
		chars += (double)w[i].chars;
	}
	r->words = (int)n;
	r->conf = chars > 0 ? sum / chars : 0;
	if (!rc) {
		if (fmt == OCR_LAYOUT) {
			rc = layout_page(w, n, tv_buf_str(&text), &r->text);
		} else if (fmt == OCR_TSV) {
			rc = tsv_page(api, p, page, &r->text);
		} else {
			char *t = TessBaseAPIGetUTF8Text(api);
			if (t)
				rc = tv_buf_puts(&r->text, t);
			TessDeleteText(t);
		}
	}
	tv_buf_free(&words);
	tv_buf_free(&text);
	TessBaseAPIClear(api);
	return rc;
}

tv_status ocr_engine_orientation(ocr_engine *e, PIX *p, int dpi, int *quads, double *conf,
				 tv_buf *err)
{
	*quads = 0;
	*conf = 0;
	thread_no_openmp();
	if (!e->osd) {
		e->osd = api_new(e->tessdata, "osd");
		if (!e->osd) {
			tv_buf_puts(err, "no Tesseract orientation model 'osd' (install the Debian "
					 "package tesseract-ocr-osd)");
			return TV_EINPUT;
		}
	}
	TessBaseAPISetPageSegMode(e->osd, PSM_OSD_ONLY);
	TessBaseAPISetImage2(e->osd, p);
	if (dpi > 0)
		TessBaseAPISetSourceResolution(e->osd, dpi);
	int deg = 0;
	float oconf = 0, sconf = 0;
	const char *script = NULL;
	if (TessBaseAPIDetectOrientationScript(e->osd, &deg, &oconf, &script, &sconf)) {
		/* deg is how far the text is turned counter-clockwise; undo it clockwise */
		*quads = ((deg / 90) % 4 + 4) % 4;
		*conf = oconf;
	}
	TessBaseAPIClear(e->osd);
	return TV_OK;
}
