/*
 * ocr_prep.c - measurements on a page image and the preprocessing they call for.
 *
 * Tesseract reads a clean 300 dpi page well and a poor office scan badly: text a third of
 * the size its model expects (a low-resolution scan, whatever its dpi tag says), a page
 * turned a degree or two (its layout analysis then loses whole paragraphs), a background
 * darker in one corner than in another, dust. Each of these is measured on the image
 * itself, and each step runs only where its measurement says the page needs it, so a good
 * page reaches Tesseract exactly as the tesseract command would give it:
 *
 *   rescale    the text's x-height, from the heights of character-like connected
 *              components, far from what the model wants: scale the grey image so it is;
 *              text scanned at an x-height under 8.5 px (about 100 dpi) also has its
 *              strokes thickened after scaling (half a 3 x 3 grey erosion): blur and
 *              averaging have left them lighter and thinner than the model was trained
 *              on, so the threshold loses the stem of an "i" ("Regtonstyrelsens")
 *   deskew     the angle of the text lines (Leptonica's skew search) beyond a small one:
 *              turn the page back
 *   binarize   the background level varies over the page: flatten the background and let
 *              Tesseract threshold adaptively (Sauvola) instead of with one global level
 *   despeckle  many specks (dots far smaller than a character): a median filter
 *
 * Tesseract keeps reading the grey image, not a binarised one: its recogniser uses the
 * grey levels, and a thresholded scan reads worse.
 */
#include "ocr_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The thresholds of every decision, in one place. */
enum {
	MIN_COMPONENTS = 40, /* fewer character-like components: too little text to measure */
	MAX_HEIGHT = 400     /* components taller than this are not characters */
};
static const double XH_LOW = 14.0;    /* x-height below this (px) is upscaled ... */
static const double XH_TARGET = 22.0; /* ... to this: 10 pt text at 300 dpi */
static const double XH_THIN = 8.5;    /* x-height below this (px): strokes thickened ... */
static const float THIN_MIX = 0.5f;   /* ... by this share of a 3 x 3 grey erosion */
static const double XH_HIGH = 90.0;   /* x-height above this is downscaled ... */
static const double XH_DOWN = 40.0;   /* ... to this */
static const double MAX_UPSCALE = 4.0;
static const double SKEW_MIN = 0.4;       /* degrees; Tesseract copes with less */
static const double SKEW_MIN_CONF = 3.0;  /* Leptonica's confidence score */
static const double BG_SPREAD_MAX = 60.0; /* grey levels between light and dark background */
static const double SPECKLE_MAX = 1.0;    /* specks per character component */
static const double NOISE_MEASURE = 2.0;  /* more specks per component: measure despeckled */
static const double DPI_PER_XH = 14.4;    /* dpi per pixel of x-height (10 pt text) */

/* ------------------------------------------------------------------ grey ------------ */

/* An 8-bit grey copy of pix: transparency on white, colours by luminance. */
static PIX *to_gray(PIX *pix)
{
	PIX *src = pixClone(pix), *t;
	if (pixGetDepth(src) == 32 && pixGetSpp(src) == 4) {
		t = pixAlphaBlendUniform(src, 0xffffff00);
		pixDestroy(&src);
		src = t;
		if (!src)
			return NULL;
	}
	if (pixGetDepth(src) == 8 && !pixGetColormap(src))
		return src;
	t = pixConvertTo8(src, 0);
	pixDestroy(&src);
	return t;
}

/* A binary image of the ink for measuring: background flattened, then Otsu. */
static PIX *ink_mask(PIX *gray)
{
	int w = pixGetWidth(gray), h = pixGetHeight(gray);
	if (w < 32 || h < 32)
		return pixThresholdToBinary(gray, 128);
	PIX *b = pixOtsuThreshOnBackgroundNorm(gray, NULL, 10, 15, 100, 50, 255, 2, 2, 0.1f, NULL);
	return b ? b : pixThresholdToBinary(gray, 128);
}

/* ------------------------------------------------------------------ measuring ------- */

static int cmp_u8(const void *a, const void *b)
{
	return (int)*(const unsigned char *)a - (int)*(const unsigned char *)b;
}

/* Spread of the background (5th to 95th percentile of the background map) and its
 * median level. */
static void background(PIX *gray, double *spread, double *level)
{
	PIX *map = NULL;
	*spread = 0;
	*level = 255;
	if (pixGetBackgroundGrayMap(gray, NULL, 10, 15, 100, 50, &map) != 0 || !map)
		return;
	int w = pixGetWidth(map), h = pixGetHeight(map);
	size_t n = (size_t)w * (size_t)h;
	unsigned char *v = malloc(n ? n : 1);
	if (v) {
		size_t k = 0;
		for (int y = 0; y < h; y++) {
			const l_uint32 *line = pixGetData(map) + (size_t)y * (size_t)pixGetWpl(map);
			for (int x = 0; x < w; x++)
				v[k++] = (unsigned char)GET_DATA_BYTE(line, x);
		}
		qsort(v, n, 1, cmp_u8);
		if (n) {
			*spread = (double)v[n * 95 / 100] - (double)v[n * 5 / 100];
			*level = v[n / 2];
		}
		free(v);
	}
	pixDestroy(&map);
}

/* x-height from the heights of the components: the most common height among the
 * character-like ones (smoothed over neighbouring heights). Also counts specks. */
static void component_sizes(PIX *bin, ocr_measure *m)
{
	BOXA *ba = pixConnCompBB(bin, 8);
	if (!ba)
		return;
	int n = boxaGetCount(ba);
	int hist[MAX_HEIGHT + 2];
	memset(hist, 0, sizeof hist);
	int tiny = 0, chars = 0;
	for (int i = 0; i < n; i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
		if (w <= 2 && h <= 2)
			tiny++;
		/* specks, dots and commas (3 px or less) say nothing of the x-height, and on a
		 * dusty page they would outnumber the letters */
		if (w <= 3 && h <= 3)
			continue;
		if (h >= 4 && h <= MAX_HEIGHT && w <= 6 * h && h <= 8 * w + 8) {
			hist[h]++;
			chars++;
		}
	}
	boxaDestroy(&ba);
	m->ncomp = chars;
	m->speckle = chars ? (double)tiny / chars : tiny;
	if (chars < MIN_COMPONENTS)
		return;
	int best = 0;
	double bestv = -1;
	for (int h = 4; h <= MAX_HEIGHT; h++) {
		double v = 0.5 * hist[h - 1] + hist[h] + 0.5 * hist[h + 1];
		if (v > bestv) {
			bestv = v;
			best = h;
		}
	}
	/* refine to the weighted mean of the peak and its neighbours */
	double s = hist[best - 1] + hist[best] + hist[best + 1];
	m->xheight =
	    s > 0
	        ? ((best - 1) * hist[best - 1] + best * hist[best] + (best + 1) * hist[best + 1]) /
	              s
	        : best;
}

static void measure_gray(PIX *gray, PIX *bin, ocr_measure *m)
{
	memset(m, 0, sizeof *m);
	component_sizes(bin, m);
	if (m->speckle > NOISE_MEASURE) {
		/* so many specks that clumps of them pass for letters: the sizes are measured
		 * again on the page with a 3 x 3 median, the specks are counted as they were */
		double speckle = m->speckle;
		PIX *med = pixMedianFilter(gray, 3, 3);
		PIX *mbin = med ? ink_mask(med) : NULL;
		if (mbin) {
			component_sizes(mbin, m);
			m->speckle = speckle;
		}
		pixDestroy(&mbin);
		pixDestroy(&med);
	}
	/* specks count where the text is large enough for a 3 x 3 median to leave its
	 * strokes whole; tiny components of small text are parts of its letters */
	if (m->xheight < XH_LOW)
		m->speckle = 0;
	float angle = 0, conf = 0;
	if (m->ncomp >= MIN_COMPONENTS && pixFindSkew(bin, &angle, &conf) == 0) {
		m->skew = angle;
		m->skew_conf = conf;
	}
	double level;
	background(gray, &m->bg_spread, &level);
	m->bg_level = level;
	float ink = 0;
	if (m->ncomp >= MIN_COMPONENTS &&
	    pixGetRankValueMasked(gray, bin, 0, 0, 2, 0.5f, &ink, NULL) == 0)
		m->contrast = level - ink;
}

void ocr_measure_page(PIX *pix, ocr_measure *m)
{
	memset(m, 0, sizeof *m);
	PIX *gray = to_gray(pix);
	PIX *bin = gray ? ink_mask(gray) : NULL;
	if (gray && bin)
		measure_gray(gray, bin, m);
	pixDestroy(&bin);
	pixDestroy(&gray);
}

/* ------------------------------------------------------------------ preparing ------- */

void ocr_prepared_clear(ocr_prepared *p)
{
	pixDestroy(&p->pix);
	memset(p, 0, sizeof *p);
}

/* Replaces *cur by next (when next is not NULL); returns 0 when next is NULL. */
static int replace(PIX **cur, PIX *next)
{
	if (!next)
		return 0;
	pixDestroy(cur);
	*cur = next;
	return 1;
}

tv_status ocr_prepare(PIX *pix, int dpi, unsigned steps, double max_pixels, ocr_prepared *out)
{
	return ocr_prepare_with(pix, dpi, steps, max_pixels, NULL, NULL, out);
}

tv_status ocr_prepare_with(PIX *pix, int dpi, unsigned steps, double max_pixels,
                           const ocr_variant *v, const ocr_measure *known, ocr_prepared *out)
{
	double xh_target = v && v->xheight > 0 ? v->xheight : XH_TARGET;
	memset(out, 0, sizeof *out);
	out->scale = 1.0;
	out->dpi = dpi;
	out->w = pixGetWidth(pix);
	out->h = pixGetHeight(pix);
	if (steps == 0) {
		out->pix = pixClone(pix);
		return TV_OK;
	}
	PIX *gray = to_gray(pix);
	if (!gray)
		return TV_ESYSTEM;
	ocr_measure *m = &out->m;
	if (known) {
		*m = *known;
	} else {
		PIX *bin = ink_mask(gray);
		if (!bin) {
			pixDestroy(&gray);
			return TV_ESYSTEM;
		}
		measure_gray(gray, bin, m);
		pixDestroy(&bin);
	}

	double scale = 1.0;
	if ((steps & OCR_STEP_RESCALE) && m->xheight > 0) {
		if (m->xheight < XH_LOW)
			scale = xh_target / m->xheight;
		else if (m->xheight > XH_HIGH)
			scale = XH_DOWN / m->xheight;
		if (scale > MAX_UPSCALE)
			scale = MAX_UPSCALE;
		double px = (double)pixGetWidth(gray) * pixGetHeight(gray);
		if (scale > 1 && px * scale * scale > max_pixels)
			scale = sqrt(max_pixels / px);
		if (fabs(scale - 1.0) < 0.05)
			scale = 1.0;
	}
	int deskew =
	    (steps & OCR_STEP_DESKEW) && m->skew_conf >= SKEW_MIN_CONF && fabs(m->skew) >= SKEW_MIN;
	int flatten = (steps & OCR_STEP_BINARIZE) && m->ncomp >= MIN_COMPONENTS &&
	              m->bg_spread > BG_SPREAD_MAX;
	int despeckle = (steps & OCR_STEP_DESPECKLE) && m->speckle > SPECKLE_MAX;

	if (scale == 1.0 && !deskew && !flatten && !despeckle) {
		pixDestroy(&gray);
		out->pix = pixClone(pix);
		return TV_OK;
	}

	PIX *cur = gray;
	int ok = 1;
	if (flatten) {
		ok = replace(&cur, pixBackgroundNorm(cur, NULL, NULL, 10, 15, 100, 50, 200, 2, 2));
		out->sauvola = 1;
		out->done |= OCR_STEP_BINARIZE;
	}
	if (ok && despeckle) {
		ok = replace(&cur, pixMedianFilter(cur, 3, 3));
		out->done |= OCR_STEP_DESPECKLE;
	}
	if (ok && scale != 1.0) {
		ok = replace(&cur, scale > 1 ? pixScaleGrayLI(cur, (float)scale, (float)scale)
		                             : pixScaleAreaMap(cur, (float)scale, (float)scale));
		out->scale = scale;
		out->done |= OCR_STEP_RESCALE;
		/* Half an erosion: the page and its 3 x 3 grey erosion averaged. On the 6 pages
		 * at an x-height of 6.8 to 8.2 px of make eval (5 readings voted) it left 149
		 * words of 1263 wrong, the full erosion 160 (one page worse than without), none
		 * 171, and no page worse than without; at 8.8 px and above (40 and 50 % scans)
		 * the full erosion did more harm than good (one reading: 2.1 -> 3.6 % over 12
		 * pages), as did a 5 x 5 one anywhere. */
		if (ok && scale > 1 && m->xheight < XH_THIN) {
			PIX *er = pixErodeGray(cur, 3, 3);
			ok = replace(&cur, er ? pixBlendGray(NULL, cur, er, 0, 0, THIN_MIX,
			                                     L_BLEND_GRAY, 0, 0)
			                      : NULL);
			pixDestroy(&er);
			out->thickened = 1;
		}
	}
	if (ok && deskew) {
		/* the corners brought in take the page's own background level: white corners
		 * around a grey page would make Tesseract's threshold take the page for ink */
		int fill = out->done & OCR_STEP_BINARIZE ? 200 : (int)lround(m->bg_level);
		ok = replace(&cur, pixRotateAMGray(cur, (float)(m->skew * M_PI / 180.0),
		                                   (l_uint8)(fill < 0     ? 0
		                                             : fill > 255 ? 255
		                                                          : fill)));
		out->angle = m->skew;
		out->done |= OCR_STEP_DESKEW;
	}
	if (ok && v && v->stretch && m->contrast > 0) {
		/* ink to black, background to white: a faint page read by its full range */
		double lo = m->bg_level - 1.3 * m->contrast, hi = m->bg_level - 10;
		if (lo < 0)
			lo = 0;
		if (hi > lo + 20)
			ok = replace(&cur, pixGammaTRC(NULL, cur, 1.0f, (int)lo, (int)hi));
	}
	if (v && v->sauvola)
		out->sauvola = 1;
	if (!ok) {
		pixDestroy(&cur);
		return TV_ESYSTEM;
	}
	/* The resolution Tesseract is told: the tag, unless the page was rescaled or the tag
	 * is missing; then what the x-height says (10 pt text). */
	if (out->done & OCR_STEP_RESCALE || dpi < 70) {
		double xh = m->xheight * out->scale;
		int est = (int)lround(xh * DPI_PER_XH);
		out->dpi = xh > 0 ? (est < 70 ? 70 : est > 1200 ? 1200 : est) : 300;
	}
	pixSetResolution(cur, out->dpi, out->dpi);
	out->pix = cur;
	out->w = pixGetWidth(cur);
	out->h = pixGetHeight(cur);
	return TV_OK;
}
