/*
 * tables.c - the tables stage: finds the tables in a text stream (pdftotext default,
 * -raw and -layout dumps, Tesseract output) and writes each as a GitHub pipe table after
 * one comment line (the table block of README.md, "The stream between stages"):
 *
 *   <!-- tvatt table page=P last_page=Q lines=A-B unit=U title="..." header=H checks="..." -->
 *   | label | c1 | c2 |
 *   |:--|--:|--:|
 *   | ... |
 *   (blank line)
 *
 * The stream is read line by line. Lines flow out through a short look-back queue (the
 * title and header lines above a table are in it when the table is found). A line with a
 * label and numbers opens a block; the block grows while rows, short label lines and
 * blank lines follow, and is handed to the fitter (tables_fit.c) when something else
 * comes, or when it reaches TB_BLOCK_LINES. Lines the fitter does not take pass through
 * byte for byte, so prose around a table is left exactly as it was. Form feeds inside a
 * table (one stitched across a page break) are written right after it, so the page
 * count of every later line stays right; the "removed" markers inside it go before its
 * comment, whose lines=A-B already count them. Markdown table rows and comment lines are never
 * touched, which makes the stage idempotent.
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

#include "tables_int.h"

const tv_optdef tv_tables_optdefs[] = {{NULL, NULL, NULL}};

/* One line of the window: its raw bytes (form feeds and newline included) in text. The
 * raw bytes start with the "removed" marker lines (clean --mark-removed) read before it:
 * they are part of no table and bound none, and are written before the table (those of
 * its first line with their form feeds; those of the lines inside it without, their form
 * feeds going right after the table). */
typedef struct wline {
	size_t off, len;      /* raw bytes: markers, form feeds, content, newline */
	size_t pre;           /* bytes of the markers before the line's own bytes */
	size_t c0, cn;        /* content: after markers and form feeds, before "\r\n" */
	unsigned long lineno; /* in the input of clean: removed lines counted, markers not */
	unsigned long page;   /* page of the content */
	int ff;               /* form feeds before the content (the markers' included) */
} wline;

/* Markers carried by one line at most; more in a row are read as ordinary comment lines
 * (which end a table), so memory stays bounded. */
#define MARKS_MAX 16

typedef struct stream {
	tv_reader *in;
	tv_writer *out;
	const tv_opts *opts;
	tv_buf text;   /* raw bytes of the window's lines */
	tv_buf wl;     /* wline[] */
	tv_buf parsed; /* tb_line[], parallel to wl */
	size_t head;   /* first line not yet written */
	size_t n;      /* lines in the window */
	unsigned long page;
	int eof;
	int cont; /* the last line read was a piece of a line longer than the reader's cap */
	/* removed-line markers read and not yet given to a line */
	tv_buf marks;
	int nmarks, marks_ff;
	unsigned long removed; /* lines the markers said were removed, minus the markers */
	/* the block being collected */
	int collecting;
	size_t bstart, last_row, noblock_until;
	int gap_text, gap_blank, gap;
	int gap_cell; /* indented text lines since the last row: a -layout column of words */
	int have_noblock;
	tb_work *work;
	tv_buf ff;    /* per block: form feeds before each of its lines */
	tv_buf block; /* the table block being written */
} stream;

#define WL(st) ((wline *)(void *)(st)->wl.data)
#define PL(st) ((tb_line *)(void *)(st)->parsed.data)

/* Written lines are dropped from the window once there are 256 of them, or when they
 * hold this many bytes (the pieces of a line longer than the reader's cap: the window
 * holds a few lines, not the whole line). */
#define WRITTEN_MAX (4 * TV_LINE_MAX)

/* Drops the written lines from the window when it is worth it. */
static void compact(stream *st)
{
	if (st->head == 0 ||
	    (st->head < 256 && st->head < st->n && WL(st)[st->head].off < WRITTEN_MAX))
		return;
	size_t drop = st->head, keep = st->n - drop;
	size_t boff = keep ? WL(st)[drop].off : st->text.len;
	memmove(st->text.data, st->text.data + boff, st->text.len - boff);
	tv_buf_truncate(&st->text, st->text.len - boff);
	memmove(WL(st), WL(st) + drop, keep * sizeof(wline));
	/* each kept line's parse up to its last atom (a tb_line holds room for forty, and
	 * most lines have none): nothing reads the atoms past natoms */
	for (size_t i = 0; i < keep; i++) {
		const tb_line *l = &PL(st)[drop + i];
		memmove(&PL(st)[i], l,
		        offsetof(tb_line, atoms) + (size_t)l->natoms * sizeof(tb_atom));
	}
	for (size_t i = 0; i < keep; i++)
		WL(st)[i].off -= boff;
	st->wl.len = keep * sizeof(wline);
	st->parsed.len = keep * sizeof(tb_line);
	st->n = keep;
	st->head = 0;
	st->bstart -= st->bstart >= drop ? drop : st->bstart;
	st->last_row -= st->last_row >= drop ? drop : st->last_row;
	if (st->have_noblock) {
		if (st->noblock_until >= drop)
			st->noblock_until -= drop;
		else
			st->have_noblock = 0;
	}
}

/* Lines clean removed, when s[0..n) (form feeds and newline stripped) is its marker
 * "<!-- tvatt removed lines=N -->"; else 0. */
static unsigned long marker_lines(const char *s, size_t n)
{
	static const char head[] = "<!-- tvatt removed lines=", tail[] = " -->";
	size_t h = sizeof head - 1, t = sizeof tail - 1, i = h;
	if (n < h + 1 + t || memcmp(s, head, h) || memcmp(s + n - t, tail, t))
		return 0;
	unsigned long v = 0;
	for (; i < n - t; i++) {
		if (s[i] < '0' || s[i] > '9' || v >= 1000000)
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v;
}

/* Reads the next line into the window; 0 at the end of input. */
static tv_status read_line(stream *st, int *got)
{
	const char *s;
	size_t n;
	*got = 0;
	if (st->eof)
		return TV_OK;
	tv_status rc;
	size_t c, e;
	int part; /* the line is a piece of one longer than the reader's cap */
	for (;;) {
		/* not copied by the reader: the line is copied to the window (or the marks)
		 * before the next read */
		if ((rc = tv_reader_view(st->in, &s, &n)))
			return rc;
		if (!s) {
			st->eof = 1;
			return TV_OK; /* markers after the last line are written at the end */
		}
		/* a line longer than the reader's cap comes in pieces, each read as text: the
		 * reader is warned at its start, except in a chain (run says it) */
		part = tv_reader_partial(st->in);
		if (part && !st->cont && !tv_opt(st->opts, "long-lines-said"))
			tv_report(st->opts, TV_WARNING, tv_reader_name(st->in),
			          tv_reader_lineno(st->in), 1,
			          "a line longer than %zu bytes: passed through unchanged",
			          TV_LINE_MAX);
		st->cont = part;
		c = 0;
		while (c < n && s[c] == '\f')
			c++;
		e = n;
		if (e > c && s[e - 1] == '\n')
			e--;
		if (e > c && s[e - 1] == '\r')
			e--;
		unsigned long k = part || st->nmarks >= MARKS_MAX ? 0 : marker_lines(s + c, e - c);
		if (!k)
			break;
		/* a marker: held for the next line, its removed lines counted in line numbers */
		if ((rc = tv_buf_append(&st->marks, s, n)))
			return rc;
		st->nmarks++;
		st->marks_ff += (int)c;
		st->page += c;
		st->removed += k - 1;
	}
	compact(st);
	wline w;
	memset(&w, 0, sizeof w);
	w.off = st->text.len;
	w.pre = st->marks.len;
	w.len = w.pre + n;
	w.lineno = tv_reader_lineno(st->in) + st->removed;
	w.ff = (int)c + st->marks_ff;
	st->page += c;
	w.page = st->page;
	w.c0 = w.pre + c;
	w.cn = e - c;
	/* a piece of an over-long line is never a row: parse it as text */
	if (part)
		w.cn = 0;
	if ((rc = tv_buf_append(&st->text, st->marks.data, st->marks.len)) ||
	    (rc = tv_buf_append(&st->text, s, n)) || (rc = tv_buf_append(&st->wl, &w, sizeof w)) ||
	    (rc = tv_buf_reserve(&st->parsed, sizeof(tb_line))))
		return rc;
	tv_buf_clear(&st->marks);
	st->nmarks = st->marks_ff = 0;
	tb_line *l = (tb_line *)(void *)(st->parsed.data + st->parsed.len);
	st->parsed.len += sizeof(tb_line);
	tb_line_scan(st->text.data + w.off + w.c0, w.cn, l);
	if (part || (w.cn == 0 && e > c))
		l->cls = TB_TEXT;
	st->n++;
	*got = 1;
	return TV_OK;
}

static tv_status write_lines(stream *st, size_t upto)
{
	tv_status rc = TV_OK;
	for (; st->head < upto && !rc; st->head++) {
		const wline *w = &WL(st)[st->head];
		rc = tv_writer_write(st->out, st->text.data + w->off, w->len);
	}
	return rc;
}

/* ------------------------------------------------------------------ writing -------- */

/* Appends s[0..n) as a comment attribute value, quoted, with &quot; &amp; &#45;. */
static tv_status put_quoted(tv_buf *b, const char *s, size_t n)
{
	tv_status rc = tv_buf_putc(b, '"');
	for (size_t i = 0; i < n && !rc; i++) {
		char c = s[i];
		/* a run of bytes that stay as they are, at once */
		size_t e = i;
		while (e < n && s[e] != '"' && s[e] != '&' && s[e] != '-' && s[e] != '\n' &&
		       s[e] != '\r' && s[e] != '\t')
			e++;
		if (e > i) {
			rc = tv_buf_append(b, s + i, e - i);
			i = e - 1;
			continue;
		}
		if (c == '"')
			rc = tv_buf_puts(b, "&quot;");
		else if (c == '&')
			rc = tv_buf_puts(b, "&amp;");
		else if (c == '-' &&
		         ((i + 1 < n && s[i + 1] == '-') || (i > 0 && s[i - 1] == '-') ||
		          (i + 1 == n) || (i + 1 < n && s[i + 1] == '>')))
			rc = tv_buf_puts(b, "&#45;");
		else if (c == '\n' || c == '\r' || c == '\t')
			rc = tv_buf_putc(b, ' ');
		else
			rc = tv_buf_putc(b, c);
	}
	return rc ? rc : tv_buf_putc(b, '"');
}

/* Appends one pipe-table cell: "|" inside it as "\|". */
static tv_status put_cell_text(tv_buf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *bar;
	tv_status rc = TV_OK;
	if (!n)
		return TV_OK;
	while (!rc && (bar = memchr(p, '|', (size_t)(end - p)))) {
		rc = tv_buf_append(b, p, (size_t)(bar - p));
		if (!rc)
			rc = tv_buf_append(b, "\\|", 2);
		p = bar + 1;
	}
	return rc ? rc : tv_buf_append(b, p, (size_t)(end - p));
}

/* Appends the marker lines s[0..n) without their form feeds. */
static tv_status put_markers(tv_buf *b, const char *s, size_t n)
{
	tv_status rc = TV_OK;
	for (size_t a = 0; a < n && !rc;) {
		if (s[a] == '\f') {
			a++;
			continue;
		}
		const char *nl = memchr(s + a, '\n', n - a);
		size_t e = nl ? (size_t)(nl - s) + 1 : n;
		rc = tv_buf_append(b, s + a, e - a);
		a = e;
	}
	return rc;
}

/* Appends text, then v in decimal (as printf's %lu; a minus sign first when neg). */
static tv_status put_num_attr(tv_buf *b, const char *text, unsigned long v, int neg)
{
	char d[24];
	size_t k = sizeof d;
	do {
		d[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		d[--k] = '-';
	tv_status rc = tv_buf_puts(b, text);
	return rc ? rc : tv_buf_append(b, d + k, sizeof d - k);
}

typedef struct emit_ctx {
	stream *st;
	size_t base; /* window index of block line 0 */
} emit_ctx;

/* The table block of t (lines first to last of the window) into st->block. */
static tv_status format_table(stream *st, size_t first, size_t last, const tb_table *t)
{
	tv_buf *b = &st->block;
	const wline *f = &WL(st)[first], *l = &WL(st)[last];
	tv_status rc;
	tv_buf_clear(b);
	/* markers and form feeds before the first line stay before the table; so do the
	 * markers of lines inside it (a page break it was stitched across), their form feeds
	 * left out: the comment's lines=A-B count the lines they name, and a reader that
	 * counts on from B (reflow) must not count them again after the table */
	if ((rc = tv_buf_append(b, st->text.data + f->off, f->c0)))
		return rc;
	for (size_t i = first + 1; i <= last; i++)
		if ((rc = put_markers(b, st->text.data + WL(st)[i].off, WL(st)[i].pre)))
			return rc;
	if ((rc = put_num_attr(b, "<!-- tvatt table page=", f->page, 0)))
		return rc;
	/* a table stitched across a page break names its last page: its form feeds go after
	 * it, where they may end the stream, and there they begin no page for a reader */
	if (l->page > f->page && (rc = put_num_attr(b, " last_page=", l->page, 0)))
		return rc;
	if ((rc = put_num_attr(b, " lines=", f->lineno, 0)) ||
	    (rc = put_num_attr(b, "-", l->lineno, 0)))
		return rc;
	if (t->unit && ((rc = tv_buf_puts(b, " unit=")) || (rc = tv_buf_puts(b, t->unit))))
		return rc;
	if (t->title.len &&
	    ((rc = tv_buf_puts(b, " title=")) || (rc = put_quoted(b, t->title.data, t->title.len))))
		return rc;
	unsigned long h = t->header < 0 ? 0UL - (unsigned long)t->header : (unsigned long)t->header;
	if ((rc = put_num_attr(b, " header=", h, t->header < 0)))
		return rc;
	if (t->checks.len && ((rc = tv_buf_puts(b, " checks=")) ||
	                      (rc = put_quoted(b, t->checks.data, t->checks.len))))
		return rc;
	if ((rc = tv_buf_puts(b, " -->\n")))
		return rc;
	const tb_cell *cells = (const tb_cell *)(const void *)t->cells.data;
	int nrows = 1 + t->nrows; /* header row (stored or empty) and body */
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const tb_cell *x = &cells[r * t->ncols + c];
			if ((rc = tv_buf_append(b, c ? " | " : "| ", c ? 3u : 2u)) ||
			    (rc = put_cell_text(b, t->text.data + x->off, x->len)))
				return rc;
		}
		if ((rc = tv_buf_puts(b, " |\n")))
			return rc;
		if (r == 0) {
			for (int c = 0; c < t->ncols; c++)
				if ((rc = tv_buf_puts(b, t->numeric_col[c] ? "|--:" : "|:--")))
					return rc;
			if ((rc = tv_buf_puts(b, "|\n")))
				return rc;
		}
	}
	if ((rc = tv_buf_putc(b, '\n')))
		return rc;
	/* the form feeds of lines inside the table, so every later line keeps its page */
	for (size_t i = first + 1; i <= last; i++)
		for (int k = 0; k < WL(st)[i].ff; k++)
			if ((rc = tv_buf_putc(b, '\f')))
				return rc;
	return TV_OK;
}

/* Writes the table block of t, made whole first (one write). */
static tv_status write_table(stream *st, size_t first, size_t last, const tb_table *t)
{
	tv_status rc = format_table(st, first, last, t);
	return rc ? rc : tv_writer_write(st->out, st->block.data, st->block.len);
}

static tv_status emit_table(void *ctx, tb_table *t)
{
	emit_ctx *e = ctx;
	stream *st = e->st;
	size_t first = (size_t)((long)e->base + t->first), last = e->base + (size_t)t->last;
	if (first < st->head)
		first = st->head;
	if (last < first)
		return TV_OK;
	tv_status rc = write_lines(st, first);
	if (!rc)
		rc = write_table(st, first, last, t);
	st->head = last + 1;
	return rc;
}

static void on_repair(void *ctx, int line, size_t col, const char *before, const char *after,
                      const char *rule)
{
	emit_ctx *e = ctx;
	const wline *w = &WL(e->st)[e->base + (size_t)line];
	tv_audit(e->st->opts, w->lineno, col + w->c0 - w->pre + 1, before, after, rule, 0.9);
}

/* Hands the block [bstart, end) with its look-back to the fitter and writes the result. */
static tv_status fit_block(stream *st, size_t end)
{
	size_t back = st->bstart - st->head;
	if (back > TB_LOOKBACK)
		back = TB_LOOKBACK;
	tv_status rc = write_lines(st, st->bstart - back);
	if (rc)
		return rc;
	size_t from = st->bstart - back, n = end - from;
	tv_buf_clear(&st->ff);
	if ((rc = tv_buf_reserve(&st->ff, sizeof(int) * (n + 1))))
		return rc;
	int *ff = (int *)(void *)st->ff.data;
	for (size_t i = 0; i < n; i++) {
		wline *w = &WL(st)[from + i];
		tb_line *l = &PL(st)[from + i];
		l->s = st->text.data + w->off + w->c0;
		tb_line_finish(l); /* a line of prose near the table is read now */
		ff[i] = w->ff;
	}
	ff[n] = 0;
	tb_block b;
	b.lines = PL(st) + st->bstart;
	b.n = (int)(end - st->bstart);
	b.nback = (int)back;
	b.ff = ff + back;
	emit_ctx e = {st, st->bstart};
	rc = tb_fit_block(st->work, &b, emit_table, on_repair, &e);
	/* rows the fitter left are passed through; trailing text is looked at again */
	st->noblock_until = st->last_row;
	st->have_noblock = 1;
	if (!rc && st->head <= st->last_row)
		rc = write_lines(st, st->last_row + 1);
	st->collecting = 0;
	return rc;
}

/* Does line i (the next one) keep the block open? */
static int continues_block(stream *st, size_t i)
{
	tb_line *l = &PL(st)[i];
	tb_line_finish(l); /* its label is looked at */
	switch (l->cls) {
	case TB_ROW:
	case TB_YEARS:
		return 1;
	case TB_KEEP:
		return 0;
	case TB_BLANK:
		return st->gap_blank < 2 && st->gap < 6;
	default: {
		if (tb_count_words(l->s + l->lab0, l->lab1 - l->lab0, 0) >= 16)
			return 0;
		/* the indented lines of a -layout cell of words (a column of descriptions
		 * beside the labels and numbers, no blank line since the last row) are not the
		 * gap of prose that ends a table */
		if (l->indent >= CELL_INDENT && st->gap == st->gap_text)
			return st->gap_cell < 8 && st->gap_text < 4;
		return st->gap_text < 4 && st->gap < 6;
	}
	}
}

tv_status tv_tables_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	stream st;
	memset(&st, 0, sizeof st);
	st.in = in;
	st.out = out;
	st.opts = opts;
	st.page = 1;
	tv_status rc = tb_work_new(&st.work);
	if (rc)
		return rc;
	size_t proc = 0;
	for (;;) {
		if (proc == st.n) {
			int got;
			size_t before = st.head;
			if ((rc = read_line(&st, &got)))
				break;
			proc -= before - st.head; /* compact() moved the window */
			if (!got)
				break;
		}
		tb_line *l = &PL(&st)[proc];
		l->s = st.text.data + WL(&st)[proc].off + WL(&st)[proc].c0;
		if (!st.collecting) {
			int may = !(st.have_noblock && proc <= st.noblock_until);
			if (may && (l->cls == TB_ROW || l->cls == TB_YEARS)) {
				st.collecting = 1;
				st.bstart = st.last_row = proc;
				st.gap = st.gap_text = st.gap_blank = st.gap_cell = 0;
			}
			proc++;
			if (!st.collecting && proc - st.head > TB_LOOKBACK)
				if ((rc = write_lines(&st, proc - TB_LOOKBACK)))
					break;
			continue;
		}
		if (continues_block(&st, proc) && proc - st.bstart < TB_BLOCK_LINES) {
			if (l->cls == TB_ROW || l->cls == TB_YEARS) {
				st.last_row = proc;
				st.gap = st.gap_text = st.gap_blank = st.gap_cell = 0;
			} else if (l->cls == TB_TEXT && l->indent >= CELL_INDENT &&
			           st.gap == st.gap_text) {
				st.gap_cell++; /* a line of a cell of words (continues_block) */
			} else {
				st.gap++;
				if (l->cls == TB_BLANK)
					st.gap_blank++;
				else
					st.gap_text++, st.gap_blank = 0;
			}
			proc++;
			continue;
		}
		if ((rc = fit_block(&st, proc)))
			break;
		proc = st.head > st.last_row + 1 ? st.head : st.last_row + 1;
		if (proc < st.head)
			proc = st.head;
	}
	if (!rc && st.collecting)
		rc = fit_block(&st, st.n);
	if (!rc)
		rc = write_lines(&st, st.n);
	if (!rc && st.marks.len)
		rc = tv_writer_write(out, st.marks.data, st.marks.len);
	tv_buf_free(&st.marks);
	tv_buf_free(&st.text);
	tv_buf_free(&st.wl);
	tv_buf_free(&st.parsed);
	tv_buf_free(&st.ff);
	tv_buf_free(&st.block);
	tb_work_free(st.work);
	return rc;
}
