/*
 * ocr_int.h - internals of the ocr stage, shared by its files and its unit tests:
 *
 *   ocr_load.c  page sources: one image, every page of a TIFF, every page of a PDF
 *   ocr_pdftext.c  a PDF page's text layer laid out as text, and when to take it
 *   ocr_prep.c  measurements on a page image and the preprocessing they call for
 *   ocr_tess.c  Tesseract engines, recognition, and the text, layout and TSV writers
 *   ocr.c       the stage: options, pages in parallel, output in page order, progress
 *
 * Leptonica's PIX is used throughout; every Pix returned by these functions belongs to the
 * caller, who frees it with pixDestroy.
 */
#ifndef TV_STAGE_OCR_INT_H
#define TV_STAGE_OCR_INT_H

#include "tvatt.h"

#include <leptonica/allheaders.h>

/* ------------------------------------------------------------------ page sources ---- */

typedef enum ocr_kind { OCR_IMAGE, OCR_TIFF, OCR_PDF } ocr_kind;

/* Limits and settings for reading pages. */
typedef struct ocr_load_opts {
	double max_pixels; /* a page with more pixels than this is refused */
	int pdf_dpi;       /* resolution PDF pages are rendered at */
} ocr_load_opts;

/* When a PDF page's text layer is taken instead of OCR (--text-layer). */
typedef enum ocr_text_layer {
	OCR_TL_AUTO,  /* when ocr_text_layer_usable says so */
	OCR_TL_NEVER, /* never: every page is rendered and read */
	OCR_TL_ONLY   /* always: a page without text is an error, nothing is read by OCR */
} ocr_text_layer;

typedef struct ocr_source ocr_source;

/*
 * Opens a page source over data[0..len), which must outlive it. Returns TV_OK, or
 * TV_EINPUT with a message in err (empty file, not an image or PDF, a PDF that cannot be
 * opened or has no pages). The caller frees the source with ocr_source_free.
 */
tv_status ocr_source_open(const unsigned char *data, size_t len, const ocr_load_opts *o,
                          ocr_source **out, tv_buf *err);
void ocr_source_free(ocr_source *s);
ocr_kind ocr_source_kind(const ocr_source *s);
/* Number of pages, when known in advance (PDF, TIFF); 0 when it is not. */
int ocr_source_pages(const ocr_source *s);

/*
 * Decodes the next page. At the end *pix is NULL and TV_OK is returned. A page that cannot
 * be decoded (truncated, damaged, over the pixel limit) gives TV_EINPUT with the reason in
 * err and *pix NULL; the source then goes on with the next page when it can (*more set to
 * 1) or is at its end (*more 0). *dpi gets the page's resolution as tagged (0 if none).
 */
tv_status ocr_source_next(ocr_source *s, PIX **pix, int *dpi, int *more, tv_buf *err);

/* Moves past the page ocr_source_next would decode next without decoding it (a page that
 * cannot be read anyway: the file's Tesseract model is missing). *more as ocr_source_next
 * sets it. */
void ocr_source_skip(ocr_source *s, int *more);

/*
 * For a PDF source: looks at the text layer of the page ocr_source_next would decode next.
 * When mode asks for it (OCR_TL_AUTO: the page is ocr_text_layer_usable; OCR_TL_ONLY:
 * always), the page is taken: its text, laid out by ocr_layout_glyphs, is appended to
 * text, *taken is 1 and the source moves past the page (*more as ocr_source_next sets
 * it). Otherwise *taken is 0 and the source stays on the page. why gets a short note of
 * what the layer held ("2037 characters, images cover 0 %"). Returns TV_OK; TV_EINPUT
 * when the page cannot be opened (the source moves past it, err says why); TV_ESYSTEM.
 * A source that is not a PDF, or mode OCR_TL_NEVER, takes nothing.
 */
tv_status ocr_source_text(ocr_source *s, ocr_text_layer mode, tv_buf *text, tv_buf *why, int *taken,
                          int *more, tv_buf *err);

/* One character of a text layer and its box, in points from the page's top left. */
typedef struct ocr_glyph {
	unsigned cp; /* the code point (0: none) */
	double x1, y1, x2, y2;
	size_t order; /* its place in the layer (set by ocr_layout_glyphs) */
	int col;      /* its column in its fragment (set by ocr_layout_glyphs) */
	int joined;   /* 1: it follows the character before it in the layer in one word */
} ocr_glyph;

/*
 * Appends to out the text of the characters g[0..n) laid out as `pdftotext -layout` lays
 * out a page: one line per row of text, fragments (cells, columns) at columns that line
 * up down the page, words one space apart, blank lines for larger steps between rows (see
 * ocr_pdftext.c). Spaces and characters without a usable box are skipped (the spaces come
 * from the gaps). g is reordered. Returns TV_OK or TV_ESYSTEM.
 */
tv_status ocr_layout_glyphs(ocr_glyph *g, size_t n, tv_buf *out);

/* What a PDF page's text layer holds, for the choice between it and OCR. */
typedef struct ocr_text_info {
	size_t nchars;              /* characters other than white space */
	double image_cover;         /* share of the page's area under images (0-1) */
	double width_pt, height_pt; /* the page's size in points */
} ocr_text_info;

/* 1 when a page with this text layer takes it rather than OCR (the rule is in
 * ocr_pdftext.c), else 0. */
int ocr_text_layer_usable(const ocr_text_info *t);

/*
 * Decode a PNG or a JPEG with silent handlers (ocr_check.c), its header only or, when
 * whole, all of it: TV_OK when it decodes cleanly, TV_EINPUT with the library's reason in
 * err when it is truncated or damaged.
 */
tv_status ocr_check_png(const unsigned char *data, size_t len, int whole, tv_buf *err);
tv_status ocr_check_jpeg(const unsigned char *data, size_t len, int whole, tv_buf *err);
/* Silences libtiff's process-wide message handlers. */
void ocr_quiet_tiff(void);

/* ------------------------------------------------------------------ preprocessing --- */

/* Which preprocessing steps may run (each only where its measurement says it helps). */
enum {
	OCR_STEP_RESCALE = 1 << 0,
	OCR_STEP_DESKEW = 1 << 1,
	OCR_STEP_BINARIZE = 1 << 2,
	OCR_STEP_DESPECKLE = 1 << 3,
	OCR_STEP_ORIENT = 1 << 4,
	OCR_STEP_ALL = (1 << 5) - 1
};

/* What the measurements found on a page. */
typedef struct ocr_measure {
	int ncomp;        /* connected components that look like characters */
	double xheight;   /* estimated x-height in pixels (0: no text found) */
	double skew;      /* skew angle in degrees (positive: clockwise text lines) */
	double skew_conf; /* Leptonica's confidence in it */
	double bg_spread; /* spread of the background level over the page (0-255) */
	double bg_level;  /* median background level (0-255) */
	double contrast;  /* ink-to-background difference (0-255) */
	double speckle;   /* specks (tiny dark dots) per character component */
} ocr_measure;

/* A page prepared for Tesseract. */
typedef struct ocr_prepared {
	PIX *pix;      /* the image to read */
	int dpi;       /* the resolution to tell Tesseract */
	double scale;  /* prepared size / original size */
	double angle;  /* degrees the page was turned to deskew it */
	int sauvola;   /* 1: Tesseract should binarise adaptively */
	int thickened; /* 1: small text whose strokes were thickened after upscaling */
	int quads;     /* quarter turns (clockwise) applied after deskewing, to upright it */
	int w, h;      /* size of the prepared image before those quarter turns */
	unsigned done; /* OCR_STEP_* bits of the steps applied */
	ocr_measure m;
} ocr_prepared;

/* Measures pix (any depth) without changing it. */
void ocr_measure_page(PIX *pix, ocr_measure *m);

/*
 * Prepares pix (any depth; not changed) for Tesseract with the steps allowed in steps.
 * dpi is the page's tagged resolution (0 if none). A page that needs nothing gets a clone
 * of pix itself, so Tesseract reads exactly what the tesseract command would. Returns
 * TV_OK or TV_ESYSTEM (out of memory).
 */
tv_status ocr_prepare(PIX *pix, int dpi, unsigned steps, double max_pixels, ocr_prepared *out);

/* A variant of the preparation, for the extra readings of a poor page. */
typedef struct ocr_variant {
	double xheight; /* the x-height the text is rescaled to when it needs it (0: 22 px) */
	int sauvola;    /* Tesseract thresholds adaptively */
	int stretch;    /* the grey levels are stretched from the ink to the background */
} ocr_variant;

/* The same, as variant v (NULL: the standard preparation), with the measurements of the
 * page when they are known already (m, or NULL). */
tv_status ocr_prepare_with(PIX *pix, int dpi, unsigned steps, double max_pixels,
                           const ocr_variant *v, const ocr_measure *m, ocr_prepared *out);
void ocr_prepared_clear(ocr_prepared *p);

/* ------------------------------------------------------------------ Tesseract ------- */

typedef struct ocr_engine ocr_engine;

/* Output format of a page. */
typedef enum ocr_format { OCR_TEXT, OCR_LAYOUT, OCR_TSV } ocr_format;

typedef struct ocr_engine_opts {
	const char *lang;     /* "swe", "swe+eng" */
	const char *tessdata; /* directory of the models, or NULL for Tesseract's own */
	int psm;              /* page segmentation mode */
} ocr_engine_opts;

/*
 * Turns Leptonica's and libtiff's own messages off. Called once per process (further calls do
 * nothing); thread-safe. (Tesseract's messages and its OpenMP threads are turned off per
 * engine and per reading thread.)
 */
void ocr_global_init(void);

/*
 * Creates an engine for o->lang. Returns TV_OK; TV_EINPUT when a model is missing (err
 * says which, and which Debian package has it); TV_ESYSTEM when out of memory.
 */
tv_status ocr_engine_new(const ocr_engine_opts *o, ocr_engine **out, tv_buf *err);
void ocr_engine_free(ocr_engine *e);

/* Where a word stands in the page's structure (ocr_word.flags). */
enum { OCR_BLOCK_START = 1, OCR_PARA_START = 2, OCR_LINE_START = 4 };

/* One word Tesseract read. */
typedef struct ocr_word {
	int l, t, r, b;  /* its box in the prepared image */
	float conf;      /* Tesseract's confidence, 0-100 */
	unsigned flags;  /* OCR_*_START */
	size_t off, len; /* its text in the page's text buffer */
} ocr_word;

/* The words of one page, in Tesseract's reading order. */
typedef struct ocr_page_words {
	tv_buf words; /* ocr_word[n] */
	tv_buf text;  /* the words' text, one after another */
	tv_buf utf8;  /* the page as Tesseract writes it; empty once the words changed */
	size_t n;
	double conf; /* mean word confidence, weighted by length (0-100) */
} ocr_page_words;

void ocr_page_words_clear(ocr_page_words *w);
/* The i-th word and its text. */
const ocr_word *ocr_page_word(const ocr_page_words *w, size_t i);

/* Reads the prepared page p into w (emptied first). */
tv_status ocr_engine_recognize(ocr_engine *e, const ocr_prepared *p, ocr_page_words *w);

/*
 * Writes the page in format fmt to out: OCR_TEXT as the tesseract command writes it
 * (Tesseract's own text when the words are as read, else rebuilt the same way: words by
 * spaces, lines by newlines, paragraphs by blank lines); OCR_LAYOUT with each line's
 * horizontal positions kept as spaces; OCR_TSV as Tesseract's TSV rows, boxes in the
 * original page's coordinates (p says how the page was prepared). page is 1-based.
 */
tv_status ocr_page_format(const ocr_page_words *w, const ocr_prepared *p, ocr_format fmt, int page,
                          tv_buf *out);

/*
 * Appends to out the comment line that marks the page's words read with less than below
 * confidence, for the stages after ocr: "<!-- tvatt ocr page=P doubtful=L.W,... -->\n",
 * where L is the line of the page's text (as OCR_TEXT writes it, blank lines counted) and
 * W the word in that line, both from 1. Nothing when no word is doubtful.
 */
tv_status ocr_page_doubtful(const ocr_page_words *w, int page, double below, tv_buf *out);

/*
 * Votes word by word among readings of one page (ocr_vote.c): each reading in alts is
 * aligned with ref, word to word, and each word of ref becomes the string most readings
 * agree on (ref wins ties). ref keeps its boxes and structure; a word voted away is
 * dropped. Returns TV_OK or TV_ESYSTEM.
 */
tv_status ocr_vote(ocr_page_words *ref, const ocr_page_words *const *alts, size_t nalts);

/*
 * On a poor scan of Swedish text, turns a lone "I" between two words that go on in lower
 * case into the preposition "i" (its dot lost in the scan), unless the word before it
 * names a numbered part ("kapitel I", "bilaga I"). Returns TV_OK or TV_ESYSTEM.
 */
tv_status ocr_fix_swedish_i(ocr_page_words *w);

/*
 * Tesseract's orientation model on p (told dpi): *quads gets the clockwise quarter turns
 * that put the text upright, *conf its confidence (0 when there is too little text to
 * tell). Returns TV_EINPUT when the osd model is missing (err says which package has it).
 */
tv_status ocr_engine_orientation(ocr_engine *e, PIX *p, int dpi, int *quads, double *conf,
                                 tv_buf *err);

#endif
