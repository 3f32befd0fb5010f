/*
 * ocr.c - the ocr stage: page images and scanned PDFs to text with Tesseract, and
 * born-digital PDFs through their text layer.
 *
 * The input (a page image, a multi-page TIFF or a PDF) is read into memory and handed out
 * one page at a time by a page source (ocr_load.c). With --jobs N, N worker threads each
 * own one Tesseract engine; a worker takes the next page from the source (decoding is
 * serialised, it is cheap next to OCR), prepares it (ocr_prep.c) and reads it
 * (ocr_tess.c), while the calling thread writes finished pages in page order, each
 * followed by a form feed as Tesseract and pdftotext write them. At most 2N pages are in
 * flight, so memory does not grow with the page count.
 *
 * A PDF page whose text layer holds its text (ocr_text_layer_usable, --text-layer) is not
 * rendered: the source hands out its text, laid out (ocr_pdftext.c), and the page skips
 * the engine altogether; a PDF loads a Tesseract model only for its first page that needs
 * one (when that fails, the error is reported once for the file and the pages that need
 * OCR are not read). -v notes and the --log rows say per page which way it went.
 *
 * A page that cannot be decoded is reported with its file and page; the file's status is
 * then TV_EPARTIAL, or TV_EINPUT when no page at all could be read (nothing is written for
 * it). Engines are kept for the life of the process, so several files in one call load
 * the models once. On a terminal, standard error shows a progress bar.
 *
 * This file and the other stages/ocr_*.c are the OCR plugin tvatt-ocr.so; the command
 * holds only the options and the loader (ocr_shim.c), which calls tv_ocr_run here.
 */
#include "ocr.h"

#include "ocr_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS           256 /* as `tvatt run --jobs` */
#define MAX_WORKERS        64  /* threads per file */
#define DEFAULT_MAX_PIXELS 1e8
#define TSV_HEADER                                                                                 \
	"level\tpage_num\tblock_num\tpar_num\tline_num\tword_"                                     \
	"num\tleft\ttop\twidth\theight\tconf\ttext\n"

/* The preprocessing steps by name, for --prep. */
static const struct {
	const char *name;
	unsigned bits;
} step_names[] = {
    {"all", OCR_STEP_ALL},           {"none", 0},
    {"rescale", OCR_STEP_RESCALE},   {"deskew", OCR_STEP_DESKEW},
    {"binarize", OCR_STEP_BINARIZE}, {"despeckle", OCR_STEP_DESPECKLE},
    {"orient", OCR_STEP_ORIENT},
};

/* --text-layer's values. */
static const struct {
	const char *name;
	ocr_text_layer mode;
} text_layer_names[] = {
    {"auto", OCR_TL_AUTO},
    {"never", OCR_TL_NEVER},
    {"only", OCR_TL_ONLY},
};

/* The stage's settings, from the options. */
typedef struct settings {
	ocr_engine_opts eng;
	ocr_load_opts load;
	ocr_format fmt;
	unsigned steps;
	ocr_text_layer text_layer;
	int jobs;
	double mark_below; /* 0: no marking */
} settings;

/* ------------------------------------------------------------------ options --------- */

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_steps(const char *s, unsigned *out)
{
	unsigned bits = 0;
	while (*s) {
		size_t k = strcspn(s, ",");
		size_t i = 0;
		for (; i < sizeof step_names / sizeof step_names[0]; i++)
			if (strlen(step_names[i].name) == k &&
			    strncmp(step_names[i].name, s, k) == 0)
				break;
		if (i == sizeof step_names / sizeof step_names[0])
			return -1;
		bits |= step_names[i].bits;
		s += k;
		if (*s == ',')
			s++;
	}
	*out = bits;
	return 0;
}

/* Reads the options into st; reports a bad value and returns TV_EUSAGE. */
static tv_status read_settings(const tv_opts *o, settings *st)
{
	memset(st, 0, sizeof *st);
	st->eng.lang = "swe";
	st->eng.psm = 3;
	st->load.max_pixels = DEFAULT_MAX_PIXELS;
	st->load.pdf_dpi = 300;
	st->steps = OCR_STEP_ALL;
	st->jobs = 1;
	st->fmt = tv_opt(o, "tsv") ? OCR_TSV : tv_opt(o, "layout") ? OCR_LAYOUT : OCR_TEXT;
	const char *v;
	long n;
	if ((v = tv_opt(o, "lang"))) {
		if (!*v ||
		    strspn(v,
		           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-") !=
		        strlen(v))
			return tv_usage(o, "--lang wants names like swe or swe+eng, not '%s'", v);
		st->eng.lang = v;
	}
	if ((v = tv_opt(o, "jobs"))) {
		if (parse_long(v, 1, MAX_JOBS, &n))
			return tv_usage(o, "--jobs wants a whole number from 1 to %d, not '%s'",
			                MAX_JOBS, v);
		st->jobs = (int)n;
	}
	if ((v = tv_opt(o, "psm"))) {
		if (parse_long(v, 0, 13, &n) || n == 0 || n == 2)
			return tv_usage(o,
			                "--psm wants a page segmentation mode that reads text (1, "
			                "3 to 13), not '%s'",
			                v);
		st->eng.psm = (int)n;
	}
	if ((v = tv_opt(o, "dpi"))) {
		if (parse_long(v, 50, 1200, &n))
			return tv_usage(o, "--dpi wants a whole number from 50 to 1200, not '%s'",
			                v);
		st->load.pdf_dpi = (int)n;
	}
	if ((v = tv_opt(o, "max-pixels"))) {
		if (parse_long(v, 1, 4000000000L, &n))
			return tv_usage(
			    o, "--max-pixels wants a whole number from 1 to 4000000000, not '%s'",
			    v);
		st->load.max_pixels = (double)n;
	}
	if ((v = tv_opt(o, "prep")) && parse_steps(v, &st->steps))
		return tv_usage(o,
		                "--prep wants all, none or a comma list of rescale, deskew, "
		                "binarize, despeckle, orient; not '%s'",
		                v);
	if ((v = tv_opt(o, "tessdata")) && *v)
		st->eng.tessdata = v;
	if ((v = tv_opt(o, "text-layer"))) {
		size_t i = 0;
		for (; i < sizeof text_layer_names / sizeof text_layer_names[0]; i++)
			if (strcmp(v, text_layer_names[i].name) == 0)
				break;
		if (i == sizeof text_layer_names / sizeof text_layer_names[0])
			return tv_usage(o, "--text-layer wants auto, never or only, not '%s'", v);
		st->text_layer = text_layer_names[i].mode;
	}
	if (st->fmt == OCR_TSV) {
		if (st->text_layer == OCR_TL_ONLY)
			return tv_usage(o, "--tsv writes what Tesseract read: it does not go with "
			                   "--text-layer=only");
		st->text_layer = OCR_TL_NEVER;
	}
	if ((v = tv_opt(o, "mark-below"))) {
		if (parse_long(v, 0, 100, &n))
			return tv_usage(
			    o, "--mark-below wants a whole number from 0 to 100, not '%s'", v);
		st->mark_below = (double)n;
	}
	return TV_OK;
}

/* ------------------------------------------------------------------ engine pool ----- */

/* Idle engines, kept for the life of the process and freed at exit. An engine is
 * reusable by any later call with the same languages and model directory. */
typedef struct pooled {
	ocr_engine *e;
	char *key;
	struct pooled *next;
} pooled;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pooled *pool;
static int pool_atexit;

static void pool_free_all(void)
{
	pthread_mutex_lock(&pool_lock);
	while (pool) {
		pooled *p = pool;
		pool = p->next;
		ocr_engine_free(p->e);
		free(p->key);
		free(p);
	}
	pthread_mutex_unlock(&pool_lock);
}

static void engine_key(const ocr_engine_opts *o, tv_buf *key)
{
	tv_buf_printf(key, "%s\n%s\n%d", o->lang, o->tessdata ? o->tessdata : "", o->psm);
}

/* An engine for o: an idle one from the pool, or a new one. */
static tv_status pool_get(const ocr_engine_opts *o, ocr_engine **out, tv_buf *err)
{
	tv_buf key = TV_BUF_INIT;
	engine_key(o, &key);
	pthread_mutex_lock(&pool_lock);
	for (pooled **pp = &pool; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->key, tv_buf_str(&key)) == 0) {
			pooled *p = *pp;
			*pp = p->next;
			pthread_mutex_unlock(&pool_lock);
			*out = p->e;
			free(p->key);
			free(p);
			tv_buf_free(&key);
			return TV_OK;
		}
	pthread_mutex_unlock(&pool_lock);
	tv_buf_free(&key);
	return ocr_engine_new(o, out, err);
}

/* Gives e back to the pool (or frees it when memory is short). */
static void pool_put(const ocr_engine_opts *o, ocr_engine *e)
{
	if (!e)
		return;
	tv_buf key = TV_BUF_INIT;
	engine_key(o, &key);
	pooled *p = malloc(sizeof *p);
	char *k = strdup(tv_buf_str(&key));
	tv_buf_free(&key);
	if (!p || !k) {
		free(p);
		free(k);
		ocr_engine_free(e);
		return;
	}
	p->e = e;
	p->key = k;
	pthread_mutex_lock(&pool_lock);
	if (!pool_atexit) {
		atexit(pool_free_all);
		pool_atexit = 1;
	}
	p->next = pool;
	pool = p;
	pthread_mutex_unlock(&pool_lock);
}

/* ------------------------------------------------------------------ page slots ------ */

/* With --jobs N the command also reads N files at once, each with up to N workers; the
 * page slots keep the pages being read in the whole process at N (the largest --jobs
 * seen), so the cores are not oversubscribed. */
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free = PTHREAD_COND_INITIALIZER;
static int slots_busy, slots_max;

static void page_slot_take(int jobs)
{
	pthread_mutex_lock(&slot_lock);
	if (jobs > slots_max)
		slots_max = jobs;
	while (slots_busy >= slots_max)
		pthread_cond_wait(&slot_free, &slot_lock);
	slots_busy++;
	pthread_mutex_unlock(&slot_lock);
}

static void page_slot_give(void)
{
	pthread_mutex_lock(&slot_lock);
	slots_busy--;
	pthread_cond_signal(&slot_free);
	pthread_mutex_unlock(&slot_lock);
}

/* ------------------------------------------------------------------ one page -------- */

typedef enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct slot {
	slot_state state;
	int page;       /* 1-based */
	tv_status rc;   /* TV_OK, or why the page could not be read */
	tv_buf err;     /* the reason */
	tv_buf note;    /* what preprocessing did (for -v) */
	tv_buf out;     /* the page, formatted */
	int text_layer; /* 1: the page is its PDF text layer, not read by OCR */
	int no_model;   /* 1: not read, the file's Tesseract model could not be loaded */
} slot;

/* The extra readings of a poor page (one that had to be rescaled and read with less
 * than VOTE_BELOW confidence): at other working sizes, with Tesseract's adaptive
 * threshold, with the grey levels stretched. Their words vote with the first reading's
 * (ocr_vote.c). On 15 hard pages made with mkdamage scan one reading left 8.6 % of the
 * words wrong, three readings (17 and 28 px) 7.6 %, these five 7.1 %. */
static const ocr_variant vote_variants[] = {
    {17.0, 0, 0},
    {28.0, 0, 0},
    {22.0, 1, 0},
    {22.0, 0, 1},
};
#define VOTE_BELOW 94.0

/* Reads one decoded page with engine e: prepares it, reads it, and when the text looks
 * turned (little read from much text), asks the orientation model and reads it turned
 * back if that reads better. A page that had to be rescaled is read at other working
 * sizes too, and the readings vote word by word. */
static tv_status read_page(ocr_engine *e, const settings *st, PIX *pix, int dpi, slot *sl)
{
	ocr_prepared p;
	ocr_page_words w = {TV_BUF_INIT, TV_BUF_INIT, TV_BUF_INIT, 0, 0};
	tv_status rc = ocr_prepare(pix, dpi, st->steps, st->load.max_pixels, &p);
	if (rc)
		return rc;
	rc = ocr_engine_recognize(e, &p, &w);
	/* Orientation: a page that is turned reads as little or as nonsense. */
	int suspicious = p.m.ncomp >= 100 && (w.n < (size_t)p.m.ncomp / 20 || w.conf < 60);
	if (!rc && (st->steps & OCR_STEP_ORIENT) && suspicious) {
		int quads = 0;
		double conf = 0;
		tv_status orc = ocr_engine_orientation(e, p.pix, p.dpi, &quads, &conf, &sl->err);
		if (orc == TV_OK)
			tv_buf_printf(&sl->note, "orientation model: %d°, confidence %.1f; ",
			              90 * quads, conf);
		else
			tv_buf_printf(&sl->note, "%s; ", tv_buf_str(&sl->err));
		tv_buf_clear(&sl->err);
		PIX *turned =
		    orc == TV_OK && quads != 0 && conf >= 2.0 ? pixRotateOrth(p.pix, quads) : NULL;
		if (turned) {
			ocr_prepared q = p;
			q.pix = turned;
			q.quads = quads;
			ocr_page_words w2 = {TV_BUF_INIT, TV_BUF_INIT, TV_BUF_INIT, 0, 0};
			if (ocr_engine_recognize(e, &q, &w2) == TV_OK &&
			    w2.conf * (double)w2.n > w.conf * (double)w.n) {
				ocr_page_words_clear(&w);
				w = w2;
				pixDestroy(&p.pix);
				p.pix = turned;
				p.quads = quads;
				p.done |= OCR_STEP_ORIENT;
			} else {
				ocr_page_words_clear(&w2);
				pixDestroy(&turned);
			}
		}
	}
	size_t nalts = 0;
	ocr_page_words alts[sizeof vote_variants / sizeof vote_variants[0]];
	const ocr_page_words *altp[sizeof vote_variants / sizeof vote_variants[0]];
	if (!rc && (p.done & OCR_STEP_RESCALE) && p.scale > 1 && w.n > 0 && w.conf < VOTE_BELOW) {
		for (size_t k = 0; k < sizeof vote_variants / sizeof vote_variants[0] && !rc; k++) {
			ocr_prepared q;
			rc = ocr_prepare_with(pix, dpi, st->steps, st->load.max_pixels,
			                      &vote_variants[k], &p.m, &q);
			if (!rc && p.quads) {
				PIX *t = pixRotateOrth(q.pix, p.quads);
				pixDestroy(&q.pix);
				q.pix = t;
				rc = t ? TV_OK : TV_ESYSTEM;
			}
			memset(&alts[nalts], 0, sizeof alts[nalts]);
			if (!rc)
				rc = ocr_engine_recognize(e, &q, &alts[nalts]);
			altp[nalts] = &alts[nalts];
			nalts++;
			ocr_prepared_clear(&q);
		}
		if (!rc)
			rc = ocr_vote(&w, altp, nalts);
	}
	/* a poor scan's "i" often reads as "I" (its dot lost) */
	if (!rc && (p.done & OCR_STEP_RESCALE) && p.scale > 1 &&
	    strncmp(st->eng.lang, "swe", 3) == 0)
		rc = ocr_fix_swedish_i(&w);
	for (size_t k = 0; k < nalts; k++)
		ocr_page_words_clear(&alts[k]);
	if (!rc && st->mark_below > 0 && st->fmt == OCR_TEXT)
		rc = ocr_page_doubtful(&w, sl->page, st->mark_below, &sl->out);
	if (!rc)
		rc = ocr_page_format(&w, &p, st->fmt, sl->page, &sl->out);
	tv_buf_printf(&sl->note, "x-height %.1f px, skew %.2f°, background spread %.0f",
	              p.m.xheight, p.m.skew, p.m.bg_spread);
	if (p.done & OCR_STEP_RESCALE)
		tv_buf_printf(&sl->note, "; rescaled x%.2f (told %d dpi)%s", p.scale, p.dpi,
		              p.thickened ? ", strokes thickened" : "");
	if (p.done & OCR_STEP_DESKEW)
		tv_buf_printf(&sl->note, "; deskewed %.2f°", p.angle);
	if (p.done & OCR_STEP_BINARIZE)
		tv_buf_puts(&sl->note, "; background flattened, adaptive threshold");
	if (p.done & OCR_STEP_DESPECKLE)
		tv_buf_puts(&sl->note, "; despeckled");
	if (p.done & OCR_STEP_ORIENT)
		tv_buf_printf(&sl->note, "; turned %d°", 90 * p.quads);
	if (nalts)
		tv_buf_printf(&sl->note, "; %zu readings voted", nalts + 1);
	tv_buf_printf(&sl->note, "; %zu words, confidence %.0f", w.n, w.conf);
	ocr_page_words_clear(&w);
	ocr_prepared_clear(&p);
	return rc;
}

/* ------------------------------------------------------------------ the run --------- */

typedef struct run {
	const settings *st;
	const tv_opts *opts;
	const char *name;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	ocr_source *src;
	int more;    /* the source may have more pages */
	int next;    /* pages taken from the source */
	int written; /* pages handed to the writer */
	int abort;   /* stop: the output failed */
	int nslots;
	slot *slots;        /* page p (1-based) lives in slots[(p - 1) % nslots] */
	ocr_engine *first;  /* the engine made up front (checks the models), for worker 0 */
	int bad;            /* pages that could not be read */
	tv_status sysrc;    /* a system error in a worker */
	int no_model;       /* a worker could not load the model: no page tries again */
	tv_buf model_err;   /* why (set with no_model, under mu) */
	int model_reported; /* the writer has reported it (once for the file) */
} run;

static void *worker(void *arg)
{
	run *r = arg;
	ocr_engine *e = NULL;
	tv_buf err = TV_BUF_INIT, why = TV_BUF_INIT;
	pthread_mutex_lock(&r->mu);
	if (r->first) {
		e = r->first;
		r->first = NULL;
	}
	pthread_mutex_unlock(&r->mu);
	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (!r->abort && r->more && r->next - r->written >= r->nslots)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->abort || !r->more) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		int page = ++r->next;
		slot *sl = &r->slots[(page - 1) % r->nslots];
		sl->state = SLOT_BUSY;
		sl->page = page;
		sl->no_model = 0;
		tv_buf_clear(&sl->err);
		tv_buf_clear(&sl->note);
		tv_buf_clear(&sl->out);
		PIX *pix = NULL;
		int dpi = 0;
		tv_buf_clear(&why);
		sl->rc = ocr_source_text(r->src, r->st->text_layer, &sl->out, &why, &sl->text_layer,
		                         &r->more, &sl->err);
		/* Once the model could not be loaded, a page that needs OCR is not rendered. */
		if (!sl->rc && !sl->text_layer && r->no_model) {
			ocr_source_skip(r->src, &r->more);
			sl->no_model = 1;
			sl->rc = TV_EINPUT;
			tv_buf_puts(&sl->note, "not rendered (no Tesseract model)");
		} else if (!sl->rc && !sl->text_layer) {
			sl->rc = ocr_source_next(r->src, &pix, &dpi, &r->more, &sl->err);
		}
		pthread_mutex_unlock(&r->mu);

		if (!sl->rc && sl->text_layer)
			tv_buf_printf(&sl->note, "text layer (%s)", tv_buf_str(&why));
		else if (!sl->rc && why.len)
			tv_buf_printf(&sl->note, "read by OCR (text layer: %s); ",
			              tv_buf_str(&why));
		if (!sl->rc && !sl->text_layer &&
		    !pix) { /* a source with fewer pages than it said */
			sl->rc = TV_EINPUT;
			tv_buf_puts(&sl->err, "the page is missing");
		}
		/* The model is loaded with the first page that needs it; when it cannot be,
		 * the pages after do not try again and the writer reports it once. */
		if (!sl->rc && !sl->text_layer && !e) {
			pthread_mutex_lock(&r->mu);
			sl->no_model = r->no_model;
			pthread_mutex_unlock(&r->mu);
			tv_buf_clear(&err);
			sl->rc = sl->no_model ? TV_EINPUT : pool_get(&r->st->eng, &e, &err);
			if (sl->rc && !sl->no_model)
				tv_buf_puts(&sl->err, tv_buf_str(&err));
			if (sl->no_model) {
				/* rendered before another page found the model missing */
				tv_buf_clear(&sl->note);
				tv_buf_puts(&sl->note, "not read (no Tesseract model)");
			}
			if (sl->rc == TV_EINPUT && !sl->no_model) {
				sl->no_model = 1;
				pthread_mutex_lock(&r->mu);
				if (!r->no_model) {
					r->no_model = 1;
					tv_buf_puts(&r->model_err, tv_buf_str(&err));
				}
				pthread_mutex_unlock(&r->mu);
			}
		}
		if (!sl->rc && !sl->text_layer) {
			page_slot_take(r->st->jobs);
			sl->rc = read_page(e, r->st, pix, dpi, sl);
			page_slot_give();
		}
		pixDestroy(&pix);
		pthread_mutex_lock(&r->mu);
		if (sl->rc == TV_ESYSTEM)
			r->sysrc = TV_ESYSTEM;
		sl->state = SLOT_DONE;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	pool_put(&r->st->eng, e);
	tv_buf_free(&err);
	tv_buf_free(&why);
	return NULL;
}

/* ------------------------------------------------------------------ progress -------- */

typedef struct progress {
	FILE *fp; /* NULL: no bar */
	struct timespec t0;
} progress;

static void progress_init(progress *pg, const tv_opts *o)
{
	memset(pg, 0, sizeof *pg);
	tv_diag *d = o ? o->diag : NULL;
	FILE *fp = d && d->fp ? d->fp : stderr;
	if ((d && (d->capture || d->quiet)) || !isatty(fileno(fp)))
		return;
	pg->fp = fp;
	clock_gettime(CLOCK_MONOTONIC, &pg->t0);
}

static void progress_show(progress *pg, const char *name, int done, int total)
{
	if (!pg->fp)
		return;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	double min =
	    ((double)(t.tv_sec - pg->t0.tv_sec) + (double)(t.tv_nsec - pg->t0.tv_nsec) / 1e9) /
	    60.0;
	char bar[21];
	int fill = total > 0 ? done * 20 / total : 0;
	for (int i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	tv_buf line = TV_BUF_INIT;
	if (total > 0 && !done) /* at the start: no rate yet */
		tv_buf_printf(&line, "tvatt: %s: [%s] page 0 of %d", name, bar, total);
	else if (total > 0)
		tv_buf_printf(&line, "tvatt: %s: [%s] page %d of %d, %.1f pages/min", name, bar,
		              done, total, min > 0 ? done / min : 0.0);
	else
		tv_buf_printf(&line, "tvatt: %s: page %d, %.1f pages/min", name, done,
		              min > 0 ? done / min : 0.0);
	tv_status_line(pg->fp, tv_buf_str(&line));
	tv_buf_free(&line);
}

static void progress_end(progress *pg)
{
	if (pg->fp)
		tv_status_line(pg->fp, NULL);
}

/* ------------------------------------------------------------------ entry point ----- */

/* Reads all of in into buf. */
static tv_status slurp(tv_reader *in, tv_buf *buf)
{
	for (;;) {
		tv_status rc = tv_buf_reserve(buf, (size_t)1 << 16);
		if (rc)
			return rc;
		size_t got = 0;
		rc = tv_reader_read(in, buf->data + buf->len, buf->cap - buf->len - 1, &got);
		if (rc)
			return rc;
		if (got == 0)
			return TV_OK;
		buf->len += got;
		buf->data[buf->len] = '\0';
	}
}

/* Writes the finished page in sl (or, for a page that failed, reports it). failed counts
 * the pages not yet written whose form feed is owed once a good page has been. */
static tv_status emit(run *r, slot *sl, tv_writer *out, int *good, int *failed, int multi)
{
	const tv_opts *o = r->opts;
	if (sl->rc == TV_ESYSTEM) {
		tv_report(o, TV_ERROR, r->name, 0, 0, "out of memory");
		return TV_ESYSTEM;
	}
	if (sl->no_model) { /* one message for the file, as when the model is loaded up front */
		if (!r->model_reported)
			tv_report(o, TV_ERROR, r->name, 0, 0, "%s", tv_buf_str(&r->model_err));
		else if (sl->note.len)
			tv_report(o, TV_NOTE, r->name, 0, 0, "page %d: %s", sl->page,
			          tv_buf_str(&sl->note));
		r->model_reported = 1;
		(*failed)++;
		r->bad++;
		return TV_OK;
	}
	if (sl->rc) {
		if (multi)
			tv_report(o, TV_ERROR, r->name, 0, 0, "page %d: %s", sl->page,
			          tv_buf_str(&sl->err));
		else
			tv_report(o, TV_ERROR, r->name, 0, 0, "%s", tv_buf_str(&sl->err));
		(*failed)++;
		r->bad++;
		return TV_OK;
	}
	if (sl->note.len)
		tv_report(o, TV_NOTE, r->name, 0, 0, "page %d: %s", sl->page,
		          tv_buf_str(&sl->note));
	/* the log's row for the page (its line is the page number): which way it was read */
	tv_audit(o, (unsigned long)sl->page, 0, "", sl->text_layer ? "text layer" : "OCR",
	         "page-source", 1.0);
	tv_status rc = TV_OK;
	if (*good == 0 && r->st->fmt == OCR_TSV)
		rc = tv_writer_puts(out, TSV_HEADER);
	for (; *failed > 0 && !rc; (*failed)--)
		rc = tv_writer_puts(out, r->st->fmt == OCR_TSV ? "" : "\f");
	if (!rc)
		rc = tv_writer_write(out, sl->out.data ? sl->out.data : "", sl->out.len);
	if (!rc && r->st->fmt != OCR_TSV)
		rc = tv_writer_puts(out, "\f");
	(*good)++;
	return rc;
}

#ifndef TV_OCR_ABI
#define TV_OCR_ABI "unstamped"
#endif
/* The interface this plugin was built for; the loader (ocr_shim.c) compares it with its own. */
extern const char tv_ocr_abi[];
const char tv_ocr_abi[] = TV_VERSION " " TV_OCR_ABI;

tv_status tv_ocr_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	settings st;
	tv_status rc = read_settings(opts, &st);
	if (rc)
		return rc;
	ocr_global_init();
	const char *name = tv_reader_name(in);
	tv_buf data = TV_BUF_INIT, err = TV_BUF_INIT;
	run r;
	memset(&r, 0, sizeof r);
	r.st = &st;
	r.opts = opts;
	r.name = name;
	pthread_t tid[MAX_WORKERS];
	int started = 0, good = 0, failed = 0;
	progress pg;
	progress_init(&pg, opts);

	rc = slurp(in, &data);
	if (rc) {
		tv_report(opts, TV_ERROR, name, 0, 0,
		          rc == TV_ESYSTEM ? "out of memory" : "cannot read: %s", strerror(errno));
		goto done;
	}
	rc = ocr_source_open((const unsigned char *)data.data, data.len, &st.load, &r.src, &err);
	if (rc) {
		if (rc == TV_ESYSTEM)
			tv_report(opts, TV_ERROR, name, 0, 0, "out of memory");
		else
			tv_report(opts, TV_ERROR, name, 0, 0, "%s", tv_buf_str(&err));
		goto done;
	}
	/* One engine up front: a missing model is one message for the file, not one a page.
	 * A PDF whose pages may take their text layer gets its engine with its first page
	 * that needs one, so a born-digital PDF loads no model at all (a missing model is
	 * then still one message, see worker and emit). */
	if (ocr_source_kind(r.src) != OCR_PDF || st.text_layer == OCR_TL_NEVER)
		rc = pool_get(&st.eng, &r.first, &err);
	if (rc) {
		tv_report(opts, TV_ERROR, name, 0, 0, "%s",
		          rc == TV_ESYSTEM ? "out of memory" : tv_buf_str(&err));
		goto done;
	}
	int total = ocr_source_pages(r.src);
	int multi = ocr_source_kind(r.src) != OCR_IMAGE;
	/* the bar from the start where the pages are counted: the first page may take a
	 * minute, and a terminal that shows nothing looks hung */
	if (total > 0)
		progress_show(&pg, name, 0, total);
	int jobs = st.jobs < total ? st.jobs : total;
	if (jobs > MAX_WORKERS)
		jobs = MAX_WORKERS;
	if (jobs < 1)
		jobs = 1;
	r.more = 1;
	r.nslots = 2 * jobs;
	r.slots = calloc((size_t)r.nslots, sizeof *r.slots);
	if (!r.slots || pthread_mutex_init(&r.mu, NULL) || pthread_cond_init(&r.cv, NULL)) {
		tv_report(opts, TV_ERROR, name, 0, 0, "out of memory");
		rc = TV_ESYSTEM;
		goto done;
	}
	for (; started < jobs; started++)
		if (pthread_create(&tid[started], NULL, worker, &r) != 0)
			break;
	if (started == 0) {
		tv_report(opts, TV_ERROR, name, 0, 0, "cannot start a thread");
		rc = TV_ESYSTEM;
		goto done;
	}
	tv_status wrc = TV_OK;
	for (int page = 1;; page++) {
		slot *sl = &r.slots[(page - 1) % r.nslots];
		pthread_mutex_lock(&r.mu);
		while (!(sl->state == SLOT_DONE && sl->page == page) && !(page > r.next && !r.more))
			pthread_cond_wait(&r.cv, &r.mu);
		int finished = page > r.next && !r.more;
		pthread_mutex_unlock(&r.mu);
		if (finished)
			break;
		if (!wrc)
			wrc = emit(&r, sl, out, &good, &failed, multi);
		progress_show(&pg, name, page, total);
		tv_buf_free(&sl->out);
		pthread_mutex_lock(&r.mu);
		sl->state = SLOT_FREE;
		r.written = page;
		if (wrc)
			r.abort = 1;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
		if (wrc)
			break;
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	progress_end(&pg);
	if (!wrc && good > 0)
		for (; failed > 0 && !wrc; failed--)
			wrc = tv_writer_puts(out, st.fmt == OCR_TSV ? "" : "\f");
	rc = wrc ? wrc : r.sysrc ? r.sysrc : good == 0 ? TV_EINPUT : r.bad ? TV_EPARTIAL : TV_OK;
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
done:
	pool_put(&st.eng, r.first);
	if (r.slots)
		for (int i = 0; i < r.nslots; i++) {
			tv_buf_free(&r.slots[i].err);
			tv_buf_free(&r.slots[i].note);
			tv_buf_free(&r.slots[i].out);
		}
	free(r.slots);
	tv_buf_free(&r.model_err);
	ocr_source_free(r.src);
	tv_buf_free(&data);
	tv_buf_free(&err);
	return rc;
}
