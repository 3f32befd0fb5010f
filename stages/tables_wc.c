/*
 * tables_wc.c - the word-column reader of the tables stage (tb_word_table).
 *
 * A -layout dump prints a table with a column of words between its labels and its
 * numbers ("Namn på fond   Fondsyfte   Miljoner SEK", each description wrapped over
 * several lines beside its label, the number on one of them) in cells at fixed x
 * positions: the header names each column where it starts, and the lines of one row's
 * words start at one x. The fitter (tables_fit.c) reads a line as a label and a tail of
 * numbers, which such a table is not: it is read here from the x positions alone, or not
 * at all, before the fitter sees the block (tb_fit_block).
 */
#include "tables_int.h"

#include <stdlib.h>
#include <string.h>

#define WC_CELLS      8 /* cells of a line read; a line with more is no line of such a table */
#define WC_HEAD_WORDS 4 /* words of a header cell at most */

/* A cell of a -layout line: bytes [off, off + len) of it, display columns [x, xe). */
typedef struct wcell {
	int off, len, x, xe;
} wcell;

/* The cells of l, runs of text between gaps of two spaces or more, into c; their count,
 * or -1 when there are more than WC_CELLS. */
static int wide_cells(const tb_line *l, wcell *c)
{
	int n = 0, x = 0;
	size_t i = 0;
	while (i < l->n) {
		if (l->s[i] == ' ') {
			x++, i++;
			continue;
		}
		if (n == WC_CELLS)
			return -1;
		wcell *w = &c[n++];
		w->off = (int)i;
		w->x = x;
		while (i < l->n && !(l->s[i] == ' ' && (i + 1 == l->n || l->s[i + 1] == ' '))) {
			x += ((unsigned char)l->s[i] & 0xC0) != 0x80; /* a character a column */
			i++;
		}
		w->len = (int)i - w->off;
		w->xe = x;
	}
	return n;
}

/* wide_cells of a line that may be one of a table's (WC_CELLS at most); -1 for a blank
 * line and for a Markdown table row or a comment, which are never touched. */
static int line_cells_wide(const tb_line *l, wcell *c)
{
	return l->cls == TB_BLANK || l->cls == TB_KEEP ? -1 : wide_cells(l, c);
}

/* One line of a word-column table: its label piece, its words piece (bytes; len 0:
 * none, wx: the column the words start at) and its numbers (cells [num, ncells)). */
typedef struct wcline {
	int lab0, lablen, txt0, txtlen, wx;
	int num, ncells;
	wcell c[WC_CELLS];
} wcline;

/* Does a word of cell c of l start one space after the word before, near column tx (a
 * label that runs into the words column)? */
static int word_near(const tb_line *l, const wcell *c, int tx)
{
	int x = c->x;
	for (int i = c->off; i < c->off + c->len; i++) {
		if (i > c->off && x >= tx - 8 && x <= tx + 2 && l->s[i - 1] == ' ' &&
		    l->s[i] != ' ')
			return 1;
		x += ((unsigned char)l->s[i] & 0xC0) != 0x80;
	}
	return 0;
}

/* Reads line l of a table whose words column starts near column tx and whose numbers
 * start at column nx or right of it, k numbers a number line: 1 when it is such a line
 * (out filled), 0 when it is not (prose, a heading, a line of other columns). */
static int wc_read(const tb_line *l, int tx, int nx, int k, wcline *out)
{
	int nc = line_cells_wide(l, out->c);
	if (nc < 1)
		return 0;
	int num = nc;
	while (num > 0 && out->c[num - 1].x >= nx - 10 &&
	       tv_swnum_cell(l->s + out->c[num - 1].off, (size_t)out->c[num - 1].len, NULL))
		num--;
	if (num < nc && nc - num != k)
		return 0;
	out->num = num;
	out->ncells = nc;
	/* wc_row reads lab0 of a line without a label too */
	out->lab0 = out->lablen = out->txt0 = out->txtlen = 0;
	out->wx = -1;
	for (int j = 0; j < num; j++) {
		const wcell *c = &out->c[j];
		/* a label at the margin ends before the words, or one space before them */
		if (c->x < tx - 8 && j == 0 && (c->xe <= tx || word_near(l, c, tx))) {
			out->lab0 = c->off, out->lablen = c->len;
		} else if (c->x >= tx - 8 && c->xe <= nx && !out->txtlen) {
			out->txt0 = c->off, out->txtlen = c->len;
			out->wx = c->x;
		} else {
			return 0;
		}
	}
	return 1;
}

/* A header line's part: short cells of words, each at a column's start (0, tx) or over
 * the numbers. */
static int wc_head_part(const tb_line *l, int tx, int nx)
{
	wcell c[WC_CELLS];
	int nc = line_cells_wide(l, c);
	if (nc < 1)
		return 0;
	for (int j = 0; j < nc; j++)
		if (tb_count_words(l->s + c[j].off, (size_t)c[j].len, 1) > 3 ||
		    tv_swnum_cell(l->s + c[j].off, (size_t)c[j].len, NULL) ||
		    !(c[j].x == 0 || abs(c[j].x - tx) <= 2 || c[j].x >= nx - 4))
			return 0;
	return 1;
}

/* The header line of a table whose first row line is block line 0 and whose numbers start
 * at column nx: above that line, past the first row's lines of words and the header's
 * parts over the numbers, a line of two cells or more of WC_HEAD_WORDS words at most, the
 * first at the margin, the second (the words column: *tx, where it starts) left of the
 * numbers, the others over them. Returns its index (< 0), or 0: none. */
static int wc_header(const tb_block *b, int nx, int *tx)
{
	wcell c[WC_CELLS];
	for (int i = -1; i >= -b->nback && i >= -8; i--) {
		const tb_line *l = &b->lines[i];
		int nc = line_cells_wide(l, c);
		if (nc == 1 && c[0].x >= CELL_INDENT && c[0].xe <= nx)
			continue; /* words of the first row, above its number */
		if (nc == 1 && c[0].x >= nx - 4 && wc_head_part(l, 0, nx))
			continue; /* a part of the header over the numbers */
		if (nc < 2 || c[0].x != 0 || c[1].x < CELL_INDENT || c[1].xe >= nx - 1 ||
		    b->ff[i + 1])
			return 0;
		for (int j = 0; j < nc; j++)
			if (tb_count_words(l->s + c[j].off, (size_t)c[j].len, 1) > WC_HEAD_WORDS ||
			    tv_swnum_cell(l->s + c[j].off, (size_t)c[j].len, NULL) ||
			    (j >= 2 && c[j].x < nx - 4))
				return 0;
		*tx = c[1].x;
		return i;
	}
	return 0;
}

/* Lines of a word-column table read at most, and rows. */
#define WC_LINES 128
#define WC_ROWS  48

/* Where the row after a number line starts, a line in [lo, hi] of L (lo >= 1, the lines
 * of the rows' labels left out): the words of one row start at one column, so the first
 * line whose words start elsewhere than the line's before; else the first that opens a
 * sentence after one ends; else halfway. */
static int wc_split(const tb_block *b, int b0, const wcline *L, int lo, int hi)
{
	for (int p = lo; p <= hi; p++)
		if (L[p - 1].txtlen && L[p].txtlen && abs(L[p - 1].wx - L[p].wx) >= 2)
			return p;
	for (int p = lo; p <= hi; p++) {
		if (!L[p - 1].txtlen || !L[p].txtlen)
			continue;
		char e = b->lines[b0 + p - 1].s[L[p - 1].txt0 + L[p - 1].txtlen - 1];
		if ((e == '.' || e == '!' || e == '?') &&
		    tb_is_upper_start(b->lines[b0 + p].s + L[p].txt0, (size_t)L[p].txtlen))
			return p;
	}
	return lo + (hi - lo + 1) / 2;
}

/* A label cell of l that runs into the words column (one space between, not two:
 * "klimatplaner ”NDC-partnership” konsultstöd"): the byte where the word at column wx
 * starts, or -1. */
static int wc_word_at(const tb_line *l, const wcline *w, int wx)
{
	int x = 0;
	for (int i = w->lab0; i < w->lab0 + w->lablen; i++) {
		if (x == wx)
			return i > w->lab0 && l->s[i - 1] == ' ' && l->s[i] != ' ' ? i : -1;
		x += ((unsigned char)l->s[i] & 0xC0) != 0x80;
	}
	return -1;
}

/* Appends s[0..n) to out, a space between it and what out holds. */
static tv_status wc_join(tv_buf *out, const char *s, size_t n)
{
	tv_status rc = out->len && n ? tv_buf_putc(out, ' ') : TV_OK;
	return rc ? rc : tv_buf_append(out, s, n);
}

/* The header row of a word-column table: its lines [top, b0) put into columns by x
 * (label, words, and the k numbers of the first row line z, whose cells they are over). */
static tv_status wc_head(const tb_block *b, int top, int b0, int tx, const wcline *z, int k,
                         tb_table *t)
{
	tv_buf cell = TV_BUF_INIT;
	tv_status rc = TV_OK;
	for (int j = 0; j < k + 2 && !rc; j++) {
		tv_buf_clear(&cell);
		for (int i = top; i < b0 && !rc; i++) {
			wcell c[WC_CELLS];
			const tb_line *l = &b->lines[i];
			int nc = wide_cells(l, c);
			for (int q = 0; q < nc && !rc; q++) {
				int col = c[q].x < tx - 8 ? 0 : c[q].xe < z->c[z->num].x ? 1 : 2;
				for (int m = 1; col == 2 && m < k; m++)
					if (c[q].x >= z->c[z->num + m].x - 2)
						col = 2 + m;
				if (col == j)
					rc = wc_join(&cell, l->s + c[q].off, (size_t)c[q].len);
			}
		}
		if (!rc)
			rc = tb_put_cell(t, cell.len ? cell.data : "", cell.len, j >= 2);
	}
	tv_buf_free(&cell);
	return rc;
}

/* One body row of a word-column table: lines [r0, r1) of L (line b0 + q of the block is
 * L[q]), its numbers on line nl. Returns 0 when its label or its words are missing or do
 * not part where the row's words start. */
static int wc_row(const tb_block *b, int b0, const wcline *L, int r0, int r1, int nl, int k,
                  tb_table *t, tv_status *rc)
{
	/* the column the row's words start at: where most of its lines start them */
	int wx = -1, best = 0;
	for (int q = r0; q < r1; q++) {
		int n = 0;
		for (int p = r0; p < r1; p++)
			n += L[p].txtlen && L[p].wx == L[q].wx;
		if (L[q].txtlen && n > best)
			best = n, wx = L[q].wx;
	}
	tv_buf lab = TV_BUF_INIT, txt = TV_BUF_INIT;
	int ok = wx >= 0;
	for (int q = r0; q < r1 && ok && !*rc; q++) {
		const tb_line *l = &b->lines[b0 + q];
		const wcline *w = &L[q];
		int cut = w->lablen ? w->lab0 + w->lablen : 0;
		if (w->lablen && w->c[0].xe > wx - 1) {
			cut = wc_word_at(l, w, wx);
			ok = cut > 0 && !w->txtlen;
			if (!ok)
				break;
		}
		int le = cut;
		while (le > w->lab0 && l->s[le - 1] == ' ')
			le--;
		if (w->lablen)
			*rc = wc_join(&lab, l->s + w->lab0, (size_t)(le - w->lab0));
		if (!*rc && cut < w->lab0 + w->lablen)
			*rc = wc_join(&txt, l->s + cut, (size_t)(w->lab0 + w->lablen - cut));
		if (!*rc && w->txtlen)
			*rc = wc_join(&txt, l->s + w->txt0, (size_t)w->txtlen);
	}
	ok = ok && !*rc && lab.len && txt.len;
	if (ok)
		*rc = tb_put_cell(t, lab.data, lab.len, 0);
	if (ok && !*rc)
		*rc = tb_put_cell(t, txt.data, txt.len, 0);
	for (int j = 0; ok && !*rc && j < k; j++) {
		const wcell *c = &L[nl].c[L[nl].num + j];
		*rc = tb_put_cell(t, b->lines[b0 + nl].s + c->off, (size_t)c->len, 1);
	}
	tv_buf_free(&lab);
	tv_buf_free(&txt);
	return ok;
}

int tb_word_table(const tb_block *b, tb_table *t, tv_status *rcp)
{
	/* (most blocks have no line above with cells apart at the margin: read no further) */
	int head = 0;
	for (int i = -1; i >= -b->nback && i >= -8 && !head; i--)
		head = b->lines[i].cls == TB_TEXT && b->lines[i].wide && !b->lines[i].indent;
	wcline L[WC_LINES];
	wcell c0[WC_CELLS];
	int nc = head && b->n && b->lines[0].wide ? wide_cells(&b->lines[0], c0) : -1;
	if (nc < 2)
		return 0;
	int k = 0;
	while (k < nc &&
	       tv_swnum_cell(b->lines[0].s + c0[nc - 1 - k].off, (size_t)c0[nc - 1 - k].len, NULL))
		k++;
	if (!k || k == nc || k > TB_MAX_COLS)
		return 0;
	int nx = c0[nc - k].x, tx;
	int h = wc_header(b, nx, &tx);
	if (!h)
		return 0;
	int top = h, b0 = h + 1;
	while (top > -b->nback && top > h - 2 && !b->ff[top] &&
	       wc_head_part(&b->lines[top - 1], tx, nx))
		top--;
	while (b0 < 0 && wc_head_part(&b->lines[b0], tx, nx))
		b0++;
	for (int i = top + 1; i < b0; i++)
		if (b->ff[i])
			return 0;
	/* the body: lines read as the columns say, up to one that is none of the table's */
	int nl = 0, nrow = 0, row[WC_ROWS];
	for (int i = b0; i < b->n && nl < WC_LINES && !(i > b0 && b->ff[i]); i++, nl++) {
		if (!wc_read(&b->lines[i], tx, nx, k, &L[nl]))
			break;
		if (L[nl].num < L[nl].ncells) {
			if (nrow == WC_ROWS)
				return 0;
			row[nrow++] = nl;
		}
	}
	if (nrow < 2 || row[0] != -b0)
		return 0;
	/* after the last number: its row's words, and its label lines that go on from it */
	int end = row[nrow - 1] + 1, words = 0;
	while (end < nl && (!L[end].lablen || L[end - 1].lablen || end - 1 == row[nrow - 1]))
		end++;
	for (int q = 0; q < end; q++)
		words += L[q].txtlen && !L[q].lablen && L[q].num == L[q].ncells;
	if (words < nrow)
		return 0; /* no column of words wrapped over the rows' lines */
	/* each label line goes with the nearest number line (the one above when as near);
	 * a row starts after the label lines of the one before and before its own */
	int first[WC_ROWS], last[WC_ROWS], start[WC_ROWS + 1];
	for (int r = 0; r < nrow; r++)
		first[r] = last[r] = row[r];
	for (int q = 0, r = 0; q < end; q++) {
		while (r + 1 < nrow && row[r + 1] - q < q - row[r])
			r++;
		if (!L[q].lablen || q == row[r])
			continue;
		if (q < first[r])
			first[r] = q;
		if (q > last[r])
			last[r] = q;
	}
	start[0] = 0;
	start[nrow] = end;
	for (int r = 0; r + 1 < nrow; r++) {
		if (last[r] + 1 > first[r + 1])
			return 0;
		start[r + 1] = wc_split(b, b0, L, last[r] + 1, first[r + 1]);
	}
	t->ncols = k + 2;
	t->numeric_col[0] = t->numeric_col[1] = 0;
	for (int j = 2; j < k + 2; j++)
		t->numeric_col[j] = 1;
	tv_status rc = wc_head(b, top, b0, tx, &L[row[0]], k, t);
	t->nheadrows = t->header = 1;
	/* the caption: a text line right above the header, one blank line between or not,
	 * gives the title and unit as it does other tables' */
	int cap = top - 1;
	if (cap >= -b->nback && b->lines[cap].cls == TB_BLANK && !b->ff[cap + 1])
		cap--;
	if (!rc && cap >= -b->nback && !b->ff[cap + 1] && b->lines[cap].cls == TB_TEXT &&
	    !tb_is_prose_line(&b->lines[cap]))
		rc = tb_caption_title(b, cap, t);
	tb_table_unit(t);
	for (int r = 0; r < nrow && !rc; r++)
		if (!wc_row(b, b0, L, start[r], start[r + 1], row[r], k, t, &rc) && !rc)
			return 0;
	*rcp = rc;
	t->nrows = nrow;
	t->first = top;
	t->last = b0 + end - 1;
	return !rc;
}
