/*
 * ocr_pdftext.c - the text layer of a PDF page, laid out as text with its columns kept.
 *
 * A born-digital PDF (a report an office suite exported) or a scan an earlier OCR gave an
 * invisible text layer already holds its text: reading it is exact and takes milliseconds,
 * where rendering and OCR take seconds a page. poppler-glib hands out the page's characters
 * with one box each (poppler_page_get_text and poppler_page_get_text_layout) but has no
 * physical-layout mode, so the layout is rebuilt here from the boxes, the way
 * `pdftotext -layout` lays a page out (the form the tables stage reads best):
 *
 *   turning    text set sideways or upside down (a landscape page) is turned first, by the
 *              way most characters follow each other in the layer
 *   rows       characters whose boxes end on the same baseline (within 0.4 box heights)
 *   words      a gap wider than a tenth of the box height is a space
 *   fragments  a gap wider than FRAG_GAP box heights ends a fragment (a table cell, a
 *              column of text); a fragment's words are written one space apart
 *   columns    every fragment, taken from left to right over the whole page, starts at the
 *              first column that clears the fragments to its left (two spaces after one that
 *              ends before it; the column of the character it starts under in one it
 *              overlaps), so cells and columns line up down the page; the text is written
 *              from the leftmost column (no margin)
 *   lines      rows one under the other; a larger step between baselines gives blank lines
 *              (up to four)
 *
 * Whether a page's text layer is taken (ocr_text_layer_usable) depends on how much text it
 * holds against how much of the page images cover: see that function.
 */
#include "ocr_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SPACE_GAP 0.1 /* box heights: a wider gap between characters is a space */
#define FRAG_GAP  0.5 /* box heights: a wider gap ends a fragment */
#define FRAG_SEP  2   /* columns at least between two fragments of a row */
#define UNDER                                                                                      \
	0.75 /* a fragment starts under the character it starts left of the                        \
	      * last quarter of (cell padding moves a column a little right) */
#define ROW_DELTA                                                                                  \
	0.4              /* box heights: baselines closer than this share a row (half the          \
	                  * font size, as pdftotext: a cell centred beside a cell of two lines     \
	                  * gets a line of its own between them, the form the tables stage         \
	                  * reads; 0.5 joins it to the first line, which read 2 rows more on       \
	                  * the dev pages but 52 fewer on 20 pages made with mktables) */
#define DUP_OVERLAP 0.2  /* box heights: the same character this close is drawn twice (bold) */
#define FONT_OF_BOX 0.8  /* font size / box height, for the blank lines between rows */
#define MAX_BLANK   4    /* blank lines between two rows at most */
#define MAX_ALIGNED 3000 /* fragments lined up with each other; more are placed by x alone */
#define MAX_COL                                                                                    \
	400 /* no fragment starts further right (a page is some 100 wide; this                     \
	     * bounds the spaces a crafted page can ask for) */

/* The rule for taking a page's text layer (ocr_text_layer_usable). */
#define SCAN_COVER   0.5 /* images cover at least this share of a scanned page */
#define SCAN_DENSITY 1.5 /* characters per square inch a scan's text layer needs */

/* Blank code points above U+0020 (the gaps between boxes give the spaces). */
static const unsigned blanks[] = {0x7f,   0x85,   0xa0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
                                  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b,
                                  0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff};

static int is_blank(unsigned cp)
{
	if (cp <= 0x20)
		return 1;
	for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++)
		if (blanks[i] == cp)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ rows -------------- */

typedef struct frag {
	size_t first, n; /* its glyphs: g[first .. first + n) */
	double x1, x2;   /* its left and right edges */
	int len;         /* columns it takes (characters and the spaces between its words) */
	int col;         /* the column it starts at */
	size_t row;      /* its row */
} frag;

typedef struct row {
	size_t first, n; /* its fragments, left to right */
	double base;     /* its baseline (the bottom of its first character's box) */
	double height;   /* that box's height */
} row;

static double glyph_height(const ocr_glyph *g)
{
	return g->y2 - g->y1;
}

static int by_base(const void *a, const void *b)
{
	const ocr_glyph *p = a, *q = b;
	if (p->y2 != q->y2)
		return p->y2 < q->y2 ? -1 : 1;
	if (p->x1 != q->x1)
		return p->x1 < q->x1 ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

static int by_x(const void *a, const void *b)
{
	const ocr_glyph *p = a, *q = b;
	if (p->x1 != q->x1)
		return p->x1 < q->x1 ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

/* A fragment in the order of left edges (then rows, for a fixed order). */
typedef struct frag_key {
	double x1;
	size_t row, idx;
} frag_key;

static int by_left_edge(const void *a, const void *b)
{
	const frag_key *p = a, *q = b;
	if (p->x1 != q->x1)
		return p->x1 < q->x1 ? -1 : 1;
	return p->row < q->row ? -1 : p->row > q->row;
}

/* ------------------------------------------------------------------ columns ----------- */

/* The column where a fragment starting at x begins, as far as fragment f says: FRAG_SEP
 * columns past f's end when f ends before x, else the column of f's first character that
 * x starts left of the last quarter of (the character it starts under). f's glyphs carry
 * their columns in col. */
static int column_after(const frag *f, const ocr_glyph *g, double x)
{
	if (x >= f->x2)
		return f->col + f->len + FRAG_SEP;
	size_t lo = 0, hi = f->n; /* the first glyph x starts under */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ocr_glyph *m = &g[f->first + mid];
		if (x >= m->x1 + UNDER * (m->x2 - m->x1))
			lo = mid + 1;
		else
			hi = mid;
	}
	return f->col + (lo < f->n ? g[f->first + lo].col : f->len);
}

/* Gives every fragment its column: in order of left edges, the largest column the
 * fragments before it ask for (quadratic in the fragments, so a page with more than
 * MAX_ALIGNED of them places each by its left edge over the mean character width). */
static tv_status assign_columns(frag *f, size_t nf, const ocr_glyph *g, size_t ng)
{
	if (nf > MAX_ALIGNED) {
		double w = 0, left = f[0].x1;
		for (size_t i = 0; i < ng; i++)
			w += g[i].x2 - g[i].x1;
		w = ng && w > 0 ? w / (double)ng : 1;
		for (size_t i = 0; i < nf; i++)
			if (f[i].x1 < left)
				left = f[i].x1;
		for (size_t i = 0; i < nf; i++) {
			double c = (f[i].x1 - left) / w;
			f[i].col = c > 0 ? (c < MAX_COL ? (int)c : MAX_COL) : 0;
		}
		return TV_OK;
	}
	frag_key *ord = malloc(nf * sizeof *ord);
	if (!ord)
		return TV_ESYSTEM;
	for (size_t i = 0; i < nf; i++) {
		frag_key k = {f[i].x1, f[i].row, i};
		ord[i] = k;
	}
	qsort(ord, nf, sizeof *ord, by_left_edge);
	for (size_t i = 0; i < nf; i++) {
		frag *a = &f[ord[i].idx];
		int col = 0;
		for (size_t j = 0; j < i; j++) {
			int c = column_after(&f[ord[j].idx], g, a->x1);
			if (c > col)
				col = c;
		}
		a->col = col < MAX_COL ? col : MAX_COL;
	}
	free(ord);
	return TV_OK;
}

/* ------------------------------------------------------------------ layout ------------ */

static tv_status put_glyph(tv_buf *out, unsigned cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return tv_buf_append(out, s, n);
}

static tv_status put_spaces(tv_buf *out, int n)
{
	tv_status rc = TV_OK;
	for (; n > 0 && !rc; n--)
		rc = tv_buf_putc(out, ' ');
	return rc;
}

/* Splits the glyphs (sorted by baseline) into rows and fragments: sorts each row by x,
 * drops characters drawn twice, and fills frags and rows. Glyphs dropped get cp 0. */
static tv_status find_fragments(ocr_glyph *g, size_t ng, tv_buf *frags, tv_buf *rows)
{
	tv_status rc = TV_OK;
	size_t i = 0;
	while (i < ng && !rc) {
		double base = g[i].y2, h = glyph_height(&g[i]);
		size_t end = i + 1;
		while (end < ng && g[end].y2 - base <= ROW_DELTA * h)
			end++;
		qsort(g + i, end - i, sizeof *g, by_x);
		row r = {frags->len / sizeof(frag), 0, base, h};
		frag f = {0, 0, 0, 0, 0, 0, rows->len / sizeof(row)};
		const ocr_glyph *prev = NULL;
		for (size_t k = i; k < end && !rc; k++) {
			ocr_glyph *c = &g[k];
			double ch = glyph_height(c);
			if (prev && c->cp == prev->cp &&
			    fabs(c->x1 - prev->x1) < DUP_OVERLAP * ch) {
				c->cp = 0; /* fake bold: the same glyph again, a little offset */
				continue;
			}
			double gap = prev ? c->x1 - prev->x2 : 0;
			if (prev && gap > FRAG_GAP * ch) {
				rc = tv_buf_append(frags, &f, sizeof f);
				r.n++;
				prev = NULL;
			}
			if (!prev) {
				f.first = k;
				f.n = 0;
				f.x1 = c->x1;
				f.len = 0;
			} else if (gap > SPACE_GAP * ch) {
				f.len++; /* a space */
			}
			f.n = k - f.first + 1;
			c->col = f.len;
			f.len++;
			if (c->x2 > f.x2 || f.n == 1)
				f.x2 = c->x2;
			prev = c;
		}
		if (prev && !rc) {
			rc = tv_buf_append(frags, &f, sizeof f);
			r.n++;
		}
		if (!rc)
			rc = tv_buf_append(rows, &r, sizeof r);
		i = end;
	}
	return rc;
}

/* Writes the rows: each fragment at its column (at least two spaces after the one before
 * it in the row), its words one space apart. */
static tv_status write_rows(const ocr_glyph *g, const frag *f, const row *r, size_t nr, tv_buf *out)
{
	tv_status rc = TV_OK;
	for (size_t i = 0; i < nr && !rc; i++) {
		int col = 0;
		for (size_t k = r[i].first; k < r[i].first + r[i].n && !rc; k++) {
			const frag *a = &f[k];
			int at = a->col;
			if (k > r[i].first && at < col + FRAG_SEP)
				at = col + FRAG_SEP;
			rc = put_spaces(out, at - col);
			col = at;
			int c = 0;
			for (size_t j = a->first; j < a->first + a->n && !rc; j++) {
				if (!g[j].cp)
					continue;
				if (g[j].col > c)
					rc = tv_buf_putc(out, ' ');
				if (!rc)
					rc = put_glyph(out, g[j].cp);
				c = g[j].col + 1;
			}
			col += a->len;
		}
		int blank = 0;
		if (i + 1 < nr && r[i].height > 0) {
			double d = (r[i + 1].base - r[i].base) / (FONT_OF_BOX * r[i].height);
			blank = d >= 2 ? (d >= MAX_BLANK + 1 ? MAX_BLANK : (int)d - 1) : 0;
		}
		if (!rc)
			rc = tv_buf_putc(out, '\n');
		for (; blank > 0 && !rc; blank--)
			rc = tv_buf_putc(out, '\n');
	}
	return rc;
}

/* The way the step from character a to character b goes: 0 to the right, 1 down, 2 to the
 * left, 3 up; -1 when it is no step (the same place, or further than three box sizes). */
static int step_direction(const ocr_glyph *a, const ocr_glyph *b)
{
	double dx = 0.5 * (b->x1 + b->x2 - a->x1 - a->x2);
	double dy = 0.5 * (b->y1 + b->y2 - a->y1 - a->y2);
	double size = fmax(fmax(b->x2 - b->x1, b->y2 - b->y1), 1e-9);
	if (fabs(dx) + fabs(dy) > 3 * size || (dx == 0 && dy == 0))
		return -1;
	return fabs(dx) >= fabs(dy) ? (dx > 0 ? 0 : 2) : (dy > 0 ? 1 : 3);
}

/* The way the text on a page runs, from the step between characters one after the other
 * in one word of the layer (joined, and a step shorter than three box sizes): 0 to the
 * right, 1 down, 2 to the left, 3 up (a page turned for landscape, text set sideways).
 * The way most steps go wins; 0 when there are none. */
static int text_direction(const ocr_glyph *g, size_t n)
{
	size_t votes[4] = {0, 0, 0, 0};
	for (size_t i = 1; i < n; i++) {
		int d = g[i].joined ? step_direction(&g[i - 1], &g[i]) : -1;
		if (d >= 0)
			votes[d]++;
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (votes[k] > votes[best])
			best = k;
	return best;
}

/* Turns the boxes so that text running in direction dir (text_direction) runs to the
 * right, each box's bottom on its baseline's side. */
static void turn_upright(ocr_glyph *g, size_t n, int dir)
{
	for (size_t i = 0; i < n; i++) {
		ocr_glyph c = g[i];
		switch (dir) {
		case 1: /* down the page: the tops face right */
			g[i].x1 = c.y1, g[i].x2 = c.y2, g[i].y1 = -c.x2, g[i].y2 = -c.x1;
			break;
		case 2: /* upside down */
			g[i].x1 = -c.x2, g[i].x2 = -c.x1, g[i].y1 = -c.y2, g[i].y2 = -c.y1;
			break;
		case 3: /* up the page: the tops face left */
			g[i].x1 = -c.y2, g[i].x2 = -c.y1, g[i].y1 = c.x1, g[i].y2 = c.x2;
			break;
		default:
			break;
		}
	}
}

/* Lays out g[0..m), text running in direction dir, turned upright first. */
static tv_status layout_run(ocr_glyph *g, size_t m, int dir, tv_buf *out)
{
	turn_upright(g, m, dir);
	qsort(g, m, sizeof *g, by_base);
	tv_buf frags = TV_BUF_INIT, rows = TV_BUF_INIT;
	tv_status rc = find_fragments(g, m, &frags, &rows);
	frag *f = (frag *)(void *)frags.data;
	size_t nf = frags.len / sizeof(frag);
	if (!rc && nf)
		rc = assign_columns(f, nf, g, m);
	if (!rc && nf)
		rc = write_rows(g, f, (const row *)(const void *)rows.data, rows.len / sizeof(row),
		                out);
	tv_buf_free(&frags);
	tv_buf_free(&rows);
	return rc;
}

/*
 * Marks in dir[i] the way each character's word runs where it is not the page's way d0
 * (a chart's axis title running up an upright page), and -1 elsewhere. A word of three
 * characters or more whose steps all go one other way runs that way; a shorter word ("i",
 * "av") runs the way of the word before it in the layer when the step from that word goes
 * that way too. Returns how many characters run another way.
 */
static size_t mark_other_ways(const ocr_glyph *g, size_t m, int d0, signed char *dir)
{
	size_t other = 0;
	int prev = -1; /* the way the word before ran, when not d0 */
	for (size_t a = 0; a < m;) {
		size_t b = a + 1;
		while (b < m && g[b].joined)
			b++;
		int way = -2, steps = 0; /* -2: no step yet; -1: steps disagree */
		for (size_t i = a + 1; i < b; i++) {
			int d = step_direction(&g[i - 1], &g[i]);
			if (d < 0)
				continue;
			steps++;
			way = way == -2 || way == d ? d : -1;
		}
		int w = -1;
		if (steps >= 2 && way >= 0 && way != d0)
			w = way;
		else if (steps < 2 && prev >= 0 && a > 0 &&
		         step_direction(&g[a - 1], &g[a]) == prev && (steps == 0 || way == prev))
			w = prev;
		for (size_t i = a; i < b; i++)
			dir[i] = (signed char)w;
		if (w >= 0)
			other += b - a;
		prev = w;
		a = b;
	}
	return other;
}

tv_status ocr_layout_glyphs(ocr_glyph *g, size_t n, tv_buf *out)
{
	size_t m = 0;
	int dropped = 0;
	for (size_t i = 0; i < n; i++) {
		ocr_glyph c = g[i];
		if (!(isfinite(c.x1) && isfinite(c.x2) && isfinite(c.y1) && isfinite(c.y2)) ||
		    c.x2 < c.x1 || c.y2 <= c.y1 || is_blank(c.cp) || c.cp > 0x10ffff ||
		    (c.cp >= 0xd800 && c.cp < 0xe000)) {
			dropped = 1;
			continue;
		}
		c.order = i;
		c.joined = c.joined && !dropped && m > 0;
		dropped = 0;
		g[m++] = c;
	}
	if (m == 0)
		return TV_OK;
	int d0 = text_direction(g, m);
	signed char *dir = malloc(m);
	if (!dir)
		return TV_ESYSTEM;
	size_t other = mark_other_ways(g, m, d0, dir);
	if (other == 0 || other == m) {
		free(dir);
		return layout_run(g, m, d0, out);
	}
	/* Words running another way (labels set sideways on an upright page) are laid out on
	 * their own, after the page's text, each way turned upright: among the page's rows
	 * they would be one character a line. */
	ocr_glyph *rest = malloc(other * sizeof *rest);
	if (!rest) {
		free(dir);
		return TV_ESYSTEM;
	}
	/* rest: the other ways' characters, way by way, each way's in the layer's order */
	size_t nrest = 0, nmain = 0, start[5] = {0, 0, 0, 0, 0};
	for (int w = 0; w < 4; w++) {
		start[w] = nrest;
		for (size_t i = 0; i < m; i++)
			if (dir[i] == w)
				rest[nrest++] = g[i];
	}
	start[4] = nrest;
	for (size_t i = 0; i < m; i++)
		if (dir[i] < 0)
			g[nmain++] = g[i];
	tv_status rc = layout_run(g, nmain, d0, out);
	for (int w = 0; w < 4 && !rc; w++) {
		if (start[w + 1] == start[w])
			continue;
		rc = tv_buf_append(out, "\n", 1);
		if (!rc)
			rc = layout_run(rest + start[w], start[w + 1] - start[w], w, out);
	}
	free(rest);
	free(dir);
	return rc;
}

/* ------------------------------------------------------------------ the rule ---------- */

/*
 * A page's text layer is taken when it has text and the page is not a scan whose text
 * layer holds only a few words: on a page that images cover for SCAN_COVER or more (a
 * scan), the layer needs SCAN_DENSITY characters per square inch (about 150 on A4, a
 * quarter of a sparse page of prose), so a scan with a stamped header or page number is
 * still read by OCR, while one an earlier OCR gave its whole text keeps that text. A page
 * without such images takes any text it has: its text is what it shows (text drawn as
 * shapes, with no text layer at all, goes to OCR).
 */
int ocr_text_layer_usable(const ocr_text_info *t)
{
	if (t->nchars == 0)
		return 0;
	if (t->image_cover < SCAN_COVER)
		return 1;
	double sq_in = t->width_pt * t->height_pt / (72.0 * 72.0);
	return sq_in > 0 && (double)t->nchars / sq_in >= SCAN_DENSITY;
}
