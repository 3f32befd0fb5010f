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

/* Leptonica prints some messages whatever the severity; they go nowhere. */
static void lept_quiet(const char *msg)
{
	(void)msg;
}

static void global_init_once(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
	leptSetStderrHandler(lept_quiet);
	ocr_quiet_tiff();
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

/* 1 when every language of lang ("swe+eng") is loaded in api: Tesseract skips a missing
 * second language with a warning only. */
static int all_loaded(TessBaseAPI *api, const char *lang)
{
	char **have = TessBaseAPIGetLoadedLanguagesAsVector(api);
	int ok = 1;
	for (const char *p = lang; *p && ok;) {
		size_t k = strcspn(p, "+");
		int found = k == 0;
		for (char **h = have; h && *h && !found; h++)
			found = strlen(*h) == k && strncmp(*h, p, k) == 0;
		ok = found;
		p += k;
		if (*p == '+')
			p++;
	}
	TessDeleteTextArray(have);
	return ok;
}

/* Names the models of lang ("swe+eng") that cannot be loaded, with where they were looked
 * for (--tessdata, else TESSDATA_PREFIX, which Tesseract reads) or else their packages. */
static void missing_models(const char *tessdata, const char *lang, tv_buf *err)
{
	tv_buf one = TV_BUF_INIT, pkgs = TV_BUF_INIT;
	const char *prefix = getenv("TESSDATA_PREFIX");
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
				tv_buf_putc(&pkgs, p[i] == '_' ? '-'
				                               : (char)((p[i] >= 'A' && p[i] <= 'Z')
				                                            ? p[i] + 32
				                                            : p[i]));
			n++;
		}
		p += k;
		if (*p == '+')
			p++;
	}
	if (n == 0)
		tv_buf_printf(err, "'%s': Tesseract cannot load these models together", lang);
	else if (tessdata)
		tv_buf_printf(err, " in %s (its LANG.traineddata files)", tessdata);
	else if (prefix && *prefix)
		tv_buf_printf(err,
		              " in %s, where TESSDATA_PREFIX points (its LANG.traineddata files)",
		              prefix);
	else
		tv_buf_printf(err, " (install the Debian package%s %s)", n > 1 ? "s" : "",
		              tv_buf_str(&pkgs));
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
	if (e->api && !all_loaded(e->api, o->lang)) {
		TessBaseAPIEnd(e->api);
		TessBaseAPIDelete(e->api);
		e->api = NULL;
	}
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

void ocr_page_words_clear(ocr_page_words *w)
{
	tv_buf_free(&w->words);
	tv_buf_free(&w->text);
	tv_buf_free(&w->utf8);
	w->n = 0;
	w->conf = 0;
}

const ocr_word *ocr_page_word(const ocr_page_words *w, size_t i)
{
	return (const ocr_word *)(const void *)w->words.data + i;
}

/* ------------------------------------------------------------------ geometry -------- */

/* Maps a point of the prepared image back to the original page: undoes the quarter
 * turns, the deskewing rotation (about the centre) and the scaling, in that order. */
static void to_original(const ocr_prepared *p, double x, double y, double *ox, double *oy)
{
	double w = p->w, h = p->h, u = x, v = y;
	switch (p->quads & 3) {
	case 1:
		u = y;
		v = h - 1 - x;
		break;
	case 2:
		u = w - 1 - x;
		v = h - 1 - y;
		break;
	case 3:
		u = w - 1 - y;
		v = x;
		break;
	default:
		break;
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

/* Collects the words Tesseract read, in its reading order, into w. */
static tv_status collect_words(TessBaseAPI *api, ocr_page_words *w)
{
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (!it)
		return TV_OK;
	TessPageIterator *pi = TessResultIteratorGetPageIterator(it);
	tv_status rc = TV_OK;
	double sum = 0, chars = 0;
	int first = 1;
	do {
		char *t = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (!t)
			continue;
		ocr_word wd = {0};
		TessPageIteratorBoundingBox(pi, RIL_WORD, &wd.l, &wd.t, &wd.r, &wd.b);
		if (first || TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK))
			wd.flags |= OCR_BLOCK_START | OCR_PARA_START | OCR_LINE_START;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_PARA))
			wd.flags |= OCR_PARA_START | OCR_LINE_START;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
			wd.flags |= OCR_LINE_START;
		first = 0;
		wd.conf = TessResultIteratorConfidence(it, RIL_WORD);
		wd.off = w->text.len;
		wd.len = strlen(t);
		double nc = (double)tv_utf8_chars(t, wd.len);
		sum += wd.conf * nc;
		chars += nc;
		rc = tv_buf_append(&w->text, t, wd.len);
		if (!rc)
			rc = tv_buf_append(&w->words, &wd, sizeof wd);
		if (!rc)
			w->n++;
		TessDeleteText(t);
	} while (!rc && TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	w->conf = chars > 0 ? sum / chars : 0;
	return rc;
}

/* The page as Tesseract's GetUTF8Text writes it: words by spaces, a newline after each
 * line and a blank line between paragraphs. */
static tv_status words_text(const ocr_page_words *w, tv_buf *out)
{
	tv_status rc = TV_OK;
	for (size_t i = 0; i < w->n && !rc; i++) {
		const ocr_word *wd = ocr_page_word(w, i);
		if (i > 0) {
			if (wd->flags & OCR_PARA_START)
				rc = tv_buf_puts(out, "\n\n");
			else if (wd->flags & OCR_LINE_START)
				rc = tv_buf_putc(out, '\n');
			else
				rc = tv_buf_putc(out, ' ');
		}
		if (!rc)
			rc = tv_buf_append(out, w->text.data + wd->off, wd->len);
	}
	if (!rc && w->n)
		rc = tv_buf_putc(out, '\n');
	return rc;
}

/* ------------------------------------------------------------------ layout ---------- */

/* A word placed by the layout writer. */
typedef struct item {
	int l, t, r, b;
	int line;        /* its text line, counted in reading order */
	int ltop;        /* the top of that line */
	size_t off, len; /* its text */
	size_t chars;    /* code points */
} item;

typedef struct row {
	int t, b;        /* vertical extent */
	size_t first, n; /* its items in the sorted item array */
} row;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Orders items by the top of their line, then by line, then left to right. */
static int cmp_item_rows(const void *a, const void *b)
{
	const item *x = a, *y = b;
	if (x->ltop != y->ltop)
		return (x->ltop > y->ltop) - (x->ltop < y->ltop);
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->l > y->l) - (x->l < y->l);
}

static int cmp_item_left(const void *a, const void *b)
{
	const item *x = a, *y = b;
	return (x->l > y->l) - (x->l < y->l);
}

/* The median of the n ints at v (sorted in place); 0 for none. */
static int median(int *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_int);
	return v[n / 2];
}

/*
 * Writes the words as lines that keep their horizontal positions: text lines whose
 * vertical extents overlap by half the smaller height form one output row (so the cells
 * of a table row that Tesseract read as separate blocks come together again); a word
 * after a gap of a word space (up to two characters) follows with one space,
 * a word after a wider gap starts at the column its left edge gives at the page's median
 * character width, two spaces at least; a blank line marks a gap taller than a row.
 */
static tv_status layout_page(const ocr_page_words *w, tv_buf *out)
{
	size_t n = w->n;
	if (n == 0)
		return TV_OK;
	tv_buf items = TV_BUF_INIT, ints = TV_BUF_INIT, rows = TV_BUF_INIT;
	tv_status rc = tv_buf_reserve(&items, n * sizeof(item));
	if (!rc)
		rc = tv_buf_reserve(&ints, n * sizeof(int));
	if (rc)
		goto done;
	item *it = (item *)(void *)items.data;
	int *iv = (int *)(void *)ints.data;
	int line = -1, xmin = 1 << 30;
	size_t nw = 0;
	for (size_t i = 0; i < n; i++) {
		const ocr_word *wd = ocr_page_word(w, i);
		if (i == 0 || (wd->flags & OCR_LINE_START))
			line++;
		item x = {wd->l,   wd->t,   wd->r,
		          wd->b,   line,    0,
		          wd->off, wd->len, tv_utf8_chars(w->text.data + wd->off, wd->len)};
		it[i] = x;
		if (x.l < xmin)
			xmin = x.l;
		if (x.chars > 0)
			iv[nw++] = (int)lround(10.0 * (x.r - x.l) / (double)x.chars);
	}
	/* the page's character width, in tenths of a pixel */
	double cw = nw ? median(iv, nw) / 10.0 : 10.0;
	if (cw < 1)
		cw = 1;
	/* each item gets the top of its line, then all are sorted into reading rows */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int top = it[i].t;
		for (; j < n && it[j].line == it[i].line; j++)
			top = it[j].t < top ? it[j].t : top;
		for (size_t k = i; k < j; k++)
			it[k].ltop = top;
		i = j;
	}
	qsort(it, n, sizeof *it, cmp_item_rows);

	/* rows: consecutive lines (by top) that overlap vertically by half a line */
	size_t nr = 0;
	for (size_t i = 0; i < n && !rc;) {
		row r = {it[i].t, it[i].b, i, 0};
		size_t j = i;
		while (j < n) {
			int lt = 1 << 30, lb = -1;
			size_t k = j;
			for (; k < n && it[k].line == it[j].line; k++) {
				lt = it[k].t < lt ? it[k].t : lt;
				lb = it[k].b > lb ? it[k].b : lb;
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
		iv[nr++] = r.b - r.t;
		i = j;
	}
	row *rs = (row *)(void *)rows.data;
	int mh = median(iv, nr);
	for (size_t i = 0; i < nr && !rc; i++) {
		if (i > 0 && rs[i].t - rs[i - 1].b > mh)
			rc = tv_buf_putc(out, '\n');
		qsort(it + rs[i].first, rs[i].n, sizeof *it, cmp_item_left);
		size_t col = 0;
		int prev_r = 0;
		for (size_t k = rs[i].first; k < rs[i].first + rs[i].n && !rc; k++) {
			size_t want = (size_t)lround((it[k].l - xmin) / cw);
			if (k > rs[i].first) {
				/* a word space is one space; a wider gap goes to the word's column,
				 * two spaces at least, so columns stay apart */
				if (it[k].l - prev_r <= 2 * cw)
					want = col + 1;
				else if (want < col + 2)
					want = col + 2;
			}
			for (; col < want && !rc; col++)
				rc = tv_buf_putc(out, ' ');
			if (!rc)
				rc = tv_buf_append(out, w->text.data + it[k].off, it[k].len);
			col += it[k].chars;
			prev_r = it[k].r;
		}
		if (!rc)
			rc = tv_buf_putc(out, '\n');
	}
done:
	tv_buf_free(&items);
	tv_buf_free(&ints);
	tv_buf_free(&rows);
	return rc;
}

/* ------------------------------------------------------------------ TSV ------------- */

typedef struct tsv_box {
	int l, t, r, b;
} tsv_box;

static tv_status tsv_row(tv_buf *out, const ocr_prepared *p, int level, const int *ids, tsv_box bx,
                         double conf, const char *text, size_t len)
{
	box_to_original(p, &bx.l, &bx.t, &bx.r, &bx.b);
	tv_status rc = tv_buf_printf(out, "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t", level,
	                             ids[0], ids[1], ids[2], ids[3], ids[4], bx.l, bx.t,
	                             bx.r - bx.l, bx.b - bx.t, conf);
	if (!rc && len)
		rc = tv_buf_append(out, text, len);
	return rc ? rc : tv_buf_putc(out, '\n');
}

/* The box around words [i, j) of w. */
static tsv_box words_box(const ocr_page_words *w, size_t i, size_t j)
{
	tsv_box b = {1 << 30, 1 << 30, -1, -1};
	for (; i < j; i++) {
		const ocr_word *wd = ocr_page_word(w, i);
		b.l = wd->l < b.l ? wd->l : b.l;
		b.t = wd->t < b.t ? wd->t : b.t;
		b.r = wd->r > b.r ? wd->r : b.r;
		b.b = wd->b > b.b ? wd->b : b.b;
	}
	return b;
}

/* End (exclusive) of the unit that starts at word i: the next word with flag set. */
static size_t unit_end(const ocr_page_words *w, size_t i, unsigned flag)
{
	for (i++; i < w->n && !(ocr_page_word(w, i)->flags & flag); i++)
		;
	return i;
}

/* Tesseract's TSV rows for the page (levels 1 page, 2 block, 3 paragraph, 4 line,
 * 5 word), boxes in the original page's coordinates. */
static tv_status tsv_page(const ocr_page_words *w, const ocr_prepared *p, int page, tv_buf *out)
{
	int ids[5] = {page, 0, 0, 0, 0};
	double sc = p->scale > 0 ? p->scale : 1;
	tv_status rc = tv_buf_printf(out, "1\t%d\t0\t0\t0\t0\t0\t0\t%ld\t%ld\t-1.00\t\n", page,
	                             lround(p->w / sc), lround(p->h / sc));
	for (size_t i = 0; i < w->n && !rc; i++) {
		const ocr_word *wd = ocr_page_word(w, i);
		if (wd->flags & OCR_BLOCK_START) {
			ids[1]++;
			ids[2] = ids[3] = 0;
			rc = tsv_row(out, p, 2, ids,
			             words_box(w, i, unit_end(w, i, OCR_BLOCK_START)), -1, NULL, 0);
		}
		if (!rc && (wd->flags & OCR_PARA_START)) {
			ids[2]++;
			ids[3] = 0;
			rc = tsv_row(out, p, 3, ids,
			             words_box(w, i, unit_end(w, i, OCR_PARA_START)), -1, NULL, 0);
		}
		if (!rc && (wd->flags & OCR_LINE_START)) {
			ids[3]++;
			ids[4] = 0;
			rc = tsv_row(out, p, 4, ids,
			             words_box(w, i, unit_end(w, i, OCR_LINE_START)), -1, NULL, 0);
		}
		if (!rc) {
			ids[4]++;
			tsv_box b = {wd->l, wd->t, wd->r, wd->b};
			rc = tsv_row(out, p, 5, ids, b, wd->conf, w->text.data + wd->off, wd->len);
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ reading --------- */

tv_status ocr_engine_recognize(ocr_engine *e, const ocr_prepared *p, ocr_page_words *w)
{
	TessBaseAPI *api = e->api;
	thread_no_openmp();
	ocr_page_words_clear(w);
	TessBaseAPISetPageSegMode(api, (TessPageSegMode)e->psm);
	TessBaseAPISetVariable(api, "thresholding_method", p->sauvola ? "2" : "0");
	TessBaseAPISetImage2(api, p->pix);
	if (p->dpi > 0 && p->dpi != pixGetYRes(p->pix))
		TessBaseAPISetSourceResolution(api, p->dpi);
	tv_status rc = TV_OK;
	if (TessBaseAPIRecognize(api, NULL) == 0) {
		rc = collect_words(api, w);
		char *t = rc ? NULL : TessBaseAPIGetUTF8Text(api);
		if (t)
			rc = tv_buf_puts(&w->utf8, t);
		TessDeleteText(t);
	}
	TessBaseAPIClear(api);
	return rc;
}

tv_status ocr_page_doubtful(const ocr_page_words *w, int page, double below, tv_buf *out)
{
	size_t line = 0, word = 0, marked = 0;
	tv_buf list = TV_BUF_INIT;
	tv_status rc = TV_OK;
	for (size_t i = 0; i < w->n && !rc; i++) {
		const ocr_word *wd = ocr_page_word(w, i);
		if (i == 0 || (wd->flags & OCR_LINE_START)) {
			/* a new paragraph follows a blank line, as in the text */
			line += i > 0 && (wd->flags & OCR_PARA_START) ? 2 : 1;
			word = 0;
		}
		word++;
		if (wd->conf < below) {
			rc = tv_buf_printf(&list, "%s%zu.%zu", marked ? "," : "", line, word);
			marked++;
		}
	}
	if (!rc && marked)
		rc = tv_buf_printf(out, "<!-- tvatt ocr page=%d doubtful=%s -->\n", page,
		                   tv_buf_str(&list));
	tv_buf_free(&list);
	return rc;
}

tv_status ocr_page_format(const ocr_page_words *w, const ocr_prepared *p, ocr_format fmt, int page,
                          tv_buf *out)
{
	switch (fmt) {
	case OCR_LAYOUT:
		return layout_page(w, out);
	case OCR_TSV:
		return tsv_page(w, p, page, out);
	default:
		if (w->utf8.len || w->n == 0)
			return tv_buf_append(out, w->utf8.data ? w->utf8.data : "", w->utf8.len);
		return words_text(w, out);
	}
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
		/* deg is how far the page is turned clockwise (the tesseract command prints it
		 * as "Orientation in degrees"); turning it on to a full turn uprights it */
		*quads = (4 - ((deg / 90) % 4 + 4) % 4) % 4;
		*conf = oconf;
	}
	TessBaseAPIClear(e->osd);
	return TV_OK;
}
