/*
 * tables_logical.c - the logical rows of a block, for the fitter (tables_fit.h).
 *
 * A line with a label and numbers is a row; text lines around it are parts of a wrapped
 * label (a lower-case start, a label ending in "-", "," or "och", the line pdftotext
 * -layout prints below a number line), group rows ("Verksamhetens intäkter"), or prose
 * that ends the table. A line of numbers alone takes the text lines above it as its
 * label; a line of years is a header and starts a new table. Here too: the text helpers
 * that tell labels from prose, cells that -raw stacks one a line under their label, and
 * numbers that -raw wraps in their cell.
 */
#include "tables_fit.h"

/* Words that open a total row (compared on the label's first word, lower case). All start
 * with "t" or "s": first_word_is_total passes other labels at their first byte. */
static const char *const total_words[] = {"total",    "totalt", "summa",      "s:a", "sum",
                                          "samtliga", "totala", "totalsumma", NULL};

/* ------------------------------------------------------------------ text helpers ---- */

/* True when s[0..n) has a finite verb or clause word ("har", "är", "vilket"). */
static int has_clause_word(const char *s, size_t n);

/* The last word of s[0..n). */
static void last_word(const char *s, size_t n, const char **w, size_t *wn)
{
	size_t e = n;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	size_t a = e;
	while (a > 0 && s[a - 1] != ' ')
		a--;
	*w = s + a;
	*wn = e - a;
}

/* A label that stops in the middle: ends in "-", "–", ",", or a word like "och", "till". */
static int ends_open(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	char c = s[n - 1];
	if (c == '-' || c == ',' || c == '/' || c == '&')
		return 1;
	if (n >= 3 && (memcmp(s + n - 3, "\xe2\x80\x93", 3) == 0 ||
	               memcmp(s + n - 3, "\xe2\x80\x94", 3) == 0)) /* en or em dash */
		return 1;
	const char *w;
	size_t wn;
	last_word(s, n, &w, &wn);
	return tb_stopword(w, wn);
}

/* A label that names something: at least one word of two or more letters, and such
 * words make up half its tokens or more ("B Utfall —— M3l" and "T2 2024 T3" do not). */
static int good_label(const char *s, size_t n)
{
	int tokens = 0, words = 0, dash = 0; /* dash: a lead byte of U+2014 seen */
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t j = i;
		int letters = 0, other = 0;
		while (j < n && s[j] != ' ') {
			unsigned char c = (unsigned char)s[j];
			dash |= c == 0xE2;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0)
				letters++;
			else if (c < 0x80 && c != '-' && c != '/' && c != '.' && c != ',' &&
			         c != ':' && c != '(' && c != ')' && c != '*' && c != '\\' &&
			         c != '&')
				other++;
			j++;
		}
		tokens++;
		words += letters >= 2 && !other;
		i = j;
	}
	/* a chart legend's line sample: "Utfall —— Mål", "—e— Mål" */
	if (dash && (holds(s, n, "\xe2\x80\x94\xe2\x80\x94", 6) || holds(s, n,
	                                                                 "\xe2\x80\x94"
	                                                                 "e",
	                                                                 4)))
		return 0;
	return words && 2 * words >= tokens;
}

static int sentence_inside(const char *s, size_t n);

/* Finite verbs and clause words: a label with them and six words or more is a sentence. */
static const char *const clause_words[] = {
    "har",    "är",      "var",     "hade",   "blev",  "kan",   "ska",   "skulle",
    "vilket", "innebär", "uppgick", "uppgår", "visar", "beror", "finns", NULL};
#define CLAUSE_WORD_MAX 8 /* bytes of the longest ("innebär") */

/* A row label that reads as prose: ends in a word like "med", is very long, or has a
 * clause word or a sentence end inside and six words or more. */
int tb_prose_label(const char *s, size_t n)
{
	int w = count_words(s, n);
	const char *lw;
	size_t lwn;
	last_word(s, n, &lw, &lwn);
	if (tb_stopword(lw, lwn) || w >= 18)
		return 1;
	if (w < 6)
		return 0;
	if (s[n - 1] == '.' && !(n >= 4 && s[n - 3] == '.')) /* "m.m." ends a label */
		return 1;
	return sentence_inside(s, n) || has_clause_word(s, n);
}

/* Does a sentence end inside s[0..n): ". " after a lower-case letter, before a capital? */
static int sentence_inside(const char *s, size_t n)
{
	for (size_t i = 3; i + 2 < n; i++)
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i + 1] == ' ' &&
		    s[i + 2] >= 'A' && s[i + 2] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z')
			return 1;
	return 0;
}

static int has_clause_word(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		/* (a longer word is none of them: it is not lowered and compared) */
		if (j - i > CLAUSE_WORD_MAX) {
			i = j;
			continue;
		}
		char low[16];
		size_t k = 0;
		for (size_t q = i; q < j; q++)
			low[k++] = (char)(s[q] >= 'A' && s[q] <= 'Z' ? s[q] + 32 : s[q]);
		low[k] = 0;
		for (int c = 0; clause_words[c]; c++)
			if (clause_words[c][0] == low[0] && strcmp(low, clause_words[c]) == 0)
				return 1;
		i = j;
	}
	return 0;
}

/* A line of prose inside a block: a sentence, not a label or a group row. (A label may
 * end in "till" or "och": it goes on in the next line.) */
int tb_is_prose_line(const tb_line *l)
{
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	int w = count_words(s, n);
	if (w >= 16)
		return 1;
	if (w >= 6 && n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ';') &&
	    !(n >= 4 && s[n - 3] == '.'))
		return 1;
	return w >= 8 && has_clause_word(s, n);
}

/* A text line that may be part of a wrapped label: not prose, not a caption or heading,
 * not a line ending a sentence or introducing something ("... för: Antal dagar" is). */
static int label_part(const tb_line *l)
{
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	if (!n || tb_is_prose_line(l) || tb_is_heading_line(l) || memchr(s, ':', n))
		return 0;
	return !(s[n - 1] == '.' && !(n >= 4 && s[n - 3] == '.')); /* "m.m." may end one */
}

/* Does s[0..n) hold a colon inside it, a word after it ("Bidragstak med mera: Kostnader",
 * or glued on in capitals: "under 18 år:Ikappvaccinering"; "FN:s" is a genitive)? */
static int inner_colon(const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);
	return c && (size_t)(c - s) + 2 < n && (c[1] == ' ' || (c[1] >= 'A' && c[1] <= 'Z'));
}

/* label_part, or a line with a colon inside in a table whose row labels have such colons
 * (two rows at least): "Aktivitetskrav: Kostnader för IT-utveckling och administration
 * för offentlig" over "verksamhet 62 101 90" is the first line of that row's label. */
static int label_part_in(const fit *f, const tb_line *l)
{
	if (label_part(l))
		return 1;
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	if (f->colon_rows < 2 || !n || !inner_colon(s, n) || tb_is_prose_line(l) ||
	    tb_is_heading_line(l))
		return 0;
	const char *c = memchr(s, ':', n);
	return !memchr(c + 1, ':', n - (size_t)(c + 1 - s)) && s[n - 1] != '.';
}

static int first_word_is_total(const char *s, size_t n)
{
	char w[16];
	size_t k = 0;
	/* (every word of the list starts with "t" or "s": most labels are done here) */
	if (!n || ((s[0] | 0x20) != 't' && (s[0] | 0x20) != 's'))
		return 0;
	while (k < n && k + 1 < sizeof w && s[k] != ' ' && s[k] != ',') {
		char c = s[k];
		w[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	w[k] = 0;
	for (int i = 0; total_words[i]; i++)
		if (total_words[i][0] == w[0] && strcmp(w, total_words[i]) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ rows ------------ */

static tv_status add_row(fit *f, int kind, int line, lrow **out)
{
	/* (made in place: a row is some 400 bytes, most of them zero) */
	tv_status rc = tv_buf_reserve(&f->rows, sizeof(lrow));
	if (rc)
		return rc;
	lrow *r = (lrow *)(void *)(f->rows.data + f->rows.len);
	f->rows.len += sizeof(lrow);
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->line0 = r->line1 = line;
	r->best = r->contrib = -1;
	r->a0 = (int)(f->atoms.len / sizeof(tb_atom));
	*out = r;
	return TV_OK;
}

void tb_add_piece(lrow *r, int line, const tb_line *l)
{
	if (l->lab1 <= l->lab0)
		return;
	if (r->npieces == MAX_PIECES)
		return;
	piece *p = &r->pieces[r->npieces++];
	p->line = line;
	p->off = l->lab0;
	p->len = l->lab1 - l->lab0;
	if (line > r->line1)
		r->line1 = line;
	if (line < r->line0)
		r->line0 = line;
}

/* Appends the atoms of line i to the last row (the first one hard). */
static tv_status add_atoms(fit *f, int i)
{
	const tb_line *l = line_at(f, i);
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	/* room for the line's atoms at once; each is then copied straight in */
	tv_status rc = tv_buf_reserve(&f->atoms, (size_t)l->natoms * sizeof(tb_atom));
	if (rc)
		return rc;
	for (int k = 0; k < l->natoms; k++) {
		if (r->na == TB_MAX_ATOMS)
			break;
		tb_atom a = l->atoms[k];
		a.line = (unsigned short)i;
		/* the first number of a row's line of numbers starts a cell; on the line
		 * right under the row's last numbers (a number wrapped in its cell: "-55
		 * 180" / "524") it may continue the number before; after a blank line (one
		 * cell a paragraph, as pdftotext prints tables by default) it may not */
		if (k == 0)
			a.hard =
			    r->na == 0 || ATOMS(f)[r->a0 + r->na - 1].line + 1 != i ? 1 : a.hard;
		memcpy(f->atoms.data + f->atoms.len, &a, sizeof a);
		f->atoms.len += sizeof a;
		r->na++;
		r->range_ok = 0;
	}
	if (i > r->line1)
		r->line1 = i;
	return TV_OK;
}

/* The label of row r as one string, pieces joined ("Nettokost-" + "nadsutv." joined). */
tv_status tb_row_label(const fit *f, const lrow *r, tv_buf *out)
{
	tv_status rc = TV_OK;
	for (int k = 0; k < r->npieces && !rc; k++) {
		const piece *p = &r->pieces[k];
		const char *s = line_at(f, p->line)->s + p->off;
		size_t n = p->len;
		if (out->len) {
			char last = out->data[out->len - 1];
			char before = out->len >= 2 ? out->data[out->len - 2] : ' ';
			/* "NIS 2-" / "direktivet", "EU-" / "medel": a compound with a number or
			 * an abbreviation keeps its hyphen */
			int compound =
			    (before >= '0' && before <= '9') || (before >= 'A' && before <= 'Z');
			int broken =
			    last == '-' && is_lower_start(s, n) && s[0] != '(' && before != ' ';
			if (broken && !compound)
				tv_buf_truncate(out, out->len - 1);
			else if (!broken)
				rc = tv_buf_putc(out, ' ');
		}
		if (!rc)
			rc = tv_buf_append(out, s, n);
	}
	if (!rc && !out->data)
		rc = tv_buf_reserve(out, 1);
	return rc;
}

/* The next non-blank line after i in the block, or -1. */
static int next_nonblank(const fit *f, int i)
{
	for (int j = i + 1; j < f->b->n; j++)
		if (line_at(f, j)->cls != TB_BLANK)
			return j;
	return -1;
}

/* Line i (text) continues the label of row r, which came just before it. */
static int continues(const fit *f, const lrow *r, int i)
{
	const tb_line *l = line_at(f, i);
	if (r->kind != R_DATA || !r->npieces)
		return 0;
	for (int j = r->line1 + 1; j < i; j++)
		if (line_at(f, j)->cls != TB_BLANK)
			return 0;
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	if (f->b->ff[i] && !is_lower_start(s, n))
		return 0;
	if (count_words(s, n) > 10 || tb_is_prose_line(l))
		return 0;
	const piece *lp = &r->pieces[r->npieces - 1];
	if (is_lower_start(s, n) || ends_open(line_at(f, lp->line)->s + lp->off, lp->len))
		return 1;
	if (r->sandwich && i == r->line1 + 1) {
		int nx = next_nonblank(f, i);
		return nx < 0 || !(line_at(f, nx)->cls == TB_ROW &&
		                   line_at(f, nx)->lab1 == line_at(f, nx)->lab0);
	}
	return 0;
}

/* Words that open a caption: "Tabell 3. Kostnader per område". */
const char *const tb_caption_words[] = {"Tabell ", "Tab. ", "Table ", "Diagram ", "Figur ", NULL};

/* A caption with its number ("Tabell 3. Intäkter per kommun"): it opens a table, so it
 * ends the one above it. */
static int is_caption(const tb_line *l)
{
	const char *s = l->s + l->indent;
	size_t n = l->n - (size_t)l->indent;
	for (int i = 0; tb_caption_words[i]; i++) {
		size_t k = strlen(tb_caption_words[i]);
		if (n > k && s[k] >= '1' && s[k] <= '9' && !strncmp(s, tb_caption_words[i], k))
			return 1;
	}
	return 0;
}

/* A line of six words or more with a sentence ending inside it ("av högre löner. Under
 * 2025 genomfördes 41 utbildningar och antalet"): a paragraph's, never a group row. */
static int sentences(const tb_line *l)
{
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	return count_words(s, n) >= 6 && sentence_inside(s, n);
}

/* After line i, a blank line and then, on the same page, a total row ("52 759 36 866" /
 * "" / "Summa 358 858 32 428 030"): numbers alone on line i are the upper half of that
 * total, wrapped in its cells, as numbers alone after a blank line are. */
static int total_after_blank(const fit *f, int i)
{
	int j = next_nonblank(f, i);
	if (j < i + 2 || f->b->ff[j])
		return 0;
	const tb_line *t = line_at(f, j);
	return t->cls == TB_ROW && first_word_is_total(t->s + t->lab0, t->lab1 - t->lab0);
}

/* Turns the pending text lines into group rows (or breaks, for prose and captions). */
static tv_status flush_pending(fit *f, const int *pend, int npend)
{
	for (int k = 0; k < npend; k++) {
		lrow *r;
		const tb_line *l = line_at(f, pend[k]);
		/* prose ends the table, but not an indented line of a -layout dump: that is
		 * text in a cell of the table's grid */
		int brk = (tb_is_prose_line(l) || is_caption(l) || sentences(l)) &&
		          !(f->layout && l->indent >= 8);
		tv_status rc = add_row(f, brk ? R_BREAK : R_GROUP, pend[k], &r);
		if (rc)
			return rc;
		tb_add_piece(r, pend[k], l);
	}
	return TV_OK;
}

/*
 * A total row alone after one or two lines of prose, at the block's end or before more
 * prose, with a row of the table above them ("Vägunderhåll 500" / "Kapitaltillskott
 * Norrlandsfonden och ytterligare 140 som avsattes för ändamålet i BP25)." / "Summa
 * 5 834,8"): the lines are words of the table's cells, not a paragraph between two
 * tables, for a total sums the rows above it and no table opens with one. They become
 * group rows, so the total stays with its table. Captions, long lines, lines with a
 * sentence ending inside them and lines after a row of prose stay breaks.
 */
void tb_breaks_before_total(fit *f)
{
	int nr = NROWS(f);
	for (int i = 1, k; i < nr; i = k + 1) {
		for (k = i; k < nr && ROWS(f)[k].kind == R_BREAK; k++) {
			const tb_line *l = line_at(f, ROWS(f)[k].line0);
			const char *s;
			size_t n;
			line_label(l, &s, &n);
			if (is_caption(l) || sentences(l) || count_words(s, n) >= 16)
				break;
		}
		if (k == i || k - i > 2 || k == nr)
			continue;
		const lrow *above = &ROWS(f)[i - 1], *t = &ROWS(f)[k];
		if (!(above->kind == R_GROUP || (above->kind == R_DATA && !above->prosy)) ||
		    t->kind != R_DATA || !t->total || t->prosy || !t->na ||
		    (k + 1 < nr && ROWS(f)[k + 1].kind != R_BREAK))
			continue;
		for (int q = i; q < k; q++)
			ROWS(f)[q].kind = R_GROUP;
	}
}

/* Line i, at the top of a page inside a table, repeats a line of the table's head (the
 * lines above its first row): a header printed again after a page break. */
static int repeats_head(const fit *f, int i, int first_row_line)
{
	const tb_line *l = line_at(f, i);
	size_t n = l->n;
	while (n && l->s[n - 1] == ' ')
		n--;
	if (n <= (size_t)l->indent)
		return 0;
	for (int j = -f->b->nback; j < first_row_line; j++) {
		const tb_line *h = line_at(f, j);
		size_t m = h->n;
		while (m && h->s[m - 1] == ' ')
			m--;
		if (m > (size_t)h->indent && m - (size_t)h->indent == n - (size_t)l->indent &&
		    memcmp(h->s + h->indent, l->s + l->indent, n - (size_t)l->indent) == 0)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ stacked cells --- */

/*
 * In a -layout dump a number too long for its cell wraps inside it ("89" over "339"),
 * and the row's one-line cells (its label, other numbers) sit on the middle line, or the
 * label wraps too:
 *
 *                        89      82          Förstärkt arbete mot     83      89
 *   Västernorrland                   6 926                                       6 926
 *                        339     155         välfärdsbrottslighet     907     981
 *
 * A stack is lines u, (m,) d of one row: every cell of d starts in the column of a cell
 * of u and each pair, joined, is one number ("89" + "339", "(100" + "024,1)"). Shapes:
 * u and d without a label around a label line m; or u with a label, d going on it in
 * lower case, and at most one line of numbers m between. Finds the stack that opens at
 * line i; returns its last line (d) and sets *m (-1: none), or returns -1.
 *
 * A number with no space in it wraps between two characters: its sign alone ("-" over
 * "2142,34"), or its digits ("85103010,7" over "7", "2216679," over "1"). Around a label
 * line such parts join with no space where the whole reads as one number whose decimals
 * are those of its column in the labelled rows around (glue_atom, pair_join); the join
 * is logged (rule layout-wrapped-number).
 */
#define STACK_CELLS TB_MAX_COLS

typedef struct stack_cell {
	int a, n;     /* atoms [a, a + n) of its line; a < 0: a fragment of text */
	int off, len; /* the fragment: bytes [off, off + len) of its line */
	int x, xend;  /* display columns it spans */
} stack_cell;

/* The cells of a -layout line: runs of atoms, a new one at every hard atom and at every
 * atom that cannot go on the number before it ("113877 199824", the rests of two numbers
 * wrapped under their signs, one space apart). */
static int stack_cells(const tb_line *l, stack_cell *c)
{
	int nc = 0;
	for (int k = 0; k < l->natoms; k++) {
		if (k == 0 || l->atoms[k].hard || !joinable(&l->atoms[k - 1], &l->atoms[k])) {
			if (nc == STACK_CELLS)
				return -1;
			c[nc].a = k;
			c[nc].n = 0;
			c[nc].off = c[nc].len = 0;
			c[nc].x = l->atoms[k].x;
			nc++;
		}
		c[nc - 1].n++;
		c[nc - 1].xend = l->atoms[k].xend;
	}
	return nc;
}

/* The cells of a text line that holds only the heads of numbers wrapped in their cells,
 * which tb_line_parse reads as no number: a sign alone ("-"), digits ending in the
 * decimal mark ("2216679,"). Each word is a cell; -1 when a word holds anything else
 * (a letter, a dot) or the line is blank. */
static int fragment_cells(const tb_line *l, stack_cell *c)
{
	int nc = 0, col = 0;
	size_t i = 0;
	while (i < l->n) {
		if (l->s[i] == ' ') {
			i++, col++;
			continue;
		}
		if (nc == STACK_CELLS)
			return -1;
		size_t j = i;
		int x = col;
		while (j < l->n && l->s[j] != ' ') {
			unsigned char ch = (unsigned char)l->s[j];
			if (ch >= '0' && ch <= '9')
				j++;
			else if (ch == '-' || ch == ',' || ch == '(')
				j++;
			else if (j + 2 < l->n && ch == 0xe2 &&
			         ((l->s[j + 1] == '\x88' && l->s[j + 2] == '\x92') ||
			          (l->s[j + 1] == '\x80' && l->s[j + 2] == '\x93')))
				j += 3; /* a minus sign or an en dash */
			else
				return -1;
			col++;
		}
		c[nc].a = -1;
		c[nc].n = 0;
		c[nc].off = (int)i;
		c[nc].len = (int)(j - i);
		c[nc].x = x;
		c[nc].xend = col;
		nc++;
		i = j;
	}
	return nc ? nc : -1;
}

static int has_label(const tb_line *l)
{
	return l->lab1 > l->lab0;
}

/* Text line l may hold fragment_cells: its first character past the blanks is a digit,
 * a sign or "(" (a quick test before stack_at on every text line of a block). */
static int fragment_start(const tb_line *l)
{
	size_t i = 0;
	while (i < l->n && l->s[i] == ' ')
		i++;
	if (i == l->n)
		return 0;
	unsigned char c = (unsigned char)l->s[i];
	return (c >= '0' && c <= '9') || c == '-' || c == '(' || c == 0xe2;
}

/* The lower cell cd of a stack stands in the column of the upper cu: it starts where cu
 * starts or up to two columns to its left (a "(" or a sign above, the line shifted by
 * one); with inside, anywhere under cu (the tail of a number cut between two digits:
 * "61883837,3" over "1"). */
static int under(const stack_cell *cu, const stack_cell *cd, int inside)
{
	return cd->x >= cu->x - 2 && cd->x <= (inside ? cu->xend : cu->x);
}

/* Atom a of line l opens a bracket: "(" read as part of it, or glued before it and taken
 * for a glyph ("(7 977", no ")" on its line). */
static int opens(const tb_line *l, const tb_atom *a)
{
	return a->popen || (a->gpre && a->off > 0 && l->s[a->off - 1] == '(');
}

/* ... closes one: ")" read as part of it, or glued after it and taken for a glyph. */
static int closes(const tb_line *l, const tb_atom *a)
{
	return a->pclose ||
	       (a->gsuf && (size_t)a->off + a->len < l->n && l->s[a->off + a->len] == ')');
}

/* Joins the upper cell cu of line u and the lower cd of line d with no space between
 * into *out when the two, so joined, read as one number and nothing else
 * ("85103010,7" + "7", "-" + "2142,34", "2216679," + "1"): the lower part's atom with
 * the number's digits, sign and decimals, and the upper part as its head. */
static int glue_atom(const tb_line *u, int ui, const stack_cell *cu, const tb_line *d,
                     const stack_cell *cd, tb_atom *out)
{
	if (cd->a < 0 || cd->n != 1 || (cu->a >= 0 && cu->n != 1) || ui > SHRT_MAX)
		return 0;
	const tb_atom *da = &d->atoms[cd->a];
	size_t hoff, hlen;
	if (cu->a >= 0) {
		const tb_atom *ua = &u->atoms[cu->a];
		if (ua->glyph || ua->unit || ua->pct || ua->pclose || ua->end != ua->off + ua->len)
			return 0;
		hoff = ua->off;
		hlen = ua->len;
	} else {
		hoff = (size_t)cu->off;
		hlen = (size_t)cu->len;
	}
	if (da->glyph || da->neg || da->popen || hlen + da->len >= GLUE_MAX)
		return 0;
	char buf[GLUE_MAX];
	memcpy(buf, u->s + hoff, hlen);
	memcpy(buf + hlen, d->s + da->off, da->len);
	size_t n = hlen + da->len;
	tb_line t;
	tb_line_parse(buf, n, &t);
	if (t.cls != TB_ROW || t.natoms != 1 || has_label(&t))
		return 0;
	const tb_atom *g = &t.atoms[0];
	if (g->off != 0 || g->len != n || g->glyph || g->unit || g->pct || g->point || g->lead0)
		return 0;
	*out = *da;
	out->neg = g->neg;
	out->popen = g->popen;
	out->pclose = g->pclose;
	out->intd = g->intd;
	out->dec = g->dec;
	out->ival = g->ival;
	out->frac = g->frac;
	out->x = (unsigned short)(cu->x < cd->x ? cu->x : cd->x);
	out->xend = (unsigned short)(cu->xend > cd->xend ? cu->xend : cd->xend);
	out->hline = (short)ui;
	out->hoff = (unsigned short)hoff;
	out->hlen = (unsigned short)hlen;
	out->hard = 1;
	return 1;
}

/* Line d is a ")" alone (under the number ua of line u in -layout: from its first column
 * to one past its last) that closes the bracket ua opens, a number wrapped in its cell
 * after its digits ("(44,7" / ")"): the atom of the whole, its ")" on line d and its head
 * ua, into *out (as glue_atom: the join is logged). */
static int bracket_atom(const tb_line *u, int ui, const tb_atom *ua, const tb_line *d, int layout,
                        tb_atom *out)
{
	int open = opens(u, ua);
	size_t hoff = ua->popen || !open ? ua->off : (size_t)ua->off - 1u;
	size_t c = (size_t)d->indent;
	if (!open || ua->pclose || ua->unit || ua->pct || (ua->glyph && !ua->gpre) ||
	    ua->end != ua->off + ua->len || ui > SHRT_MAX || c + 1 != d->n || d->s[c] != ')' ||
	    (layout && (d->indent + 2 < ua->x || d->indent > ua->xend)))
		return 0;
	*out = *ua;
	out->popen = out->pclose = 1;
	out->glyph = out->gpre = 0;
	out->off = (unsigned short)c;
	out->len = 1;
	out->end = (unsigned short)(c + 1);
	out->hline = (short)ui;
	out->hoff = (unsigned short)hoff;
	out->hlen = (unsigned short)(ua->off + ua->len - hoff);
	return 1;
}

/* The column of a glued number (columns x0 to x1) has the same decimals in the labelled
 * rows around the stack (lines u-3 .. d+3): 1 when at least one such cell and no other
 * does, -1 when another does, 0 when there is none. With bare, the lines of numbers
 * alone count too: a column where every row wraps its number ("-" / "Halland  -6498586"
 * / "7600854", the next row's alike) has no labelled cell. */
static int column_decimals(const fit *f, int u, int d, int x0, int x1, int dec, int bare)
{
	int seen = 0;
	for (int i = u - 3; i <= d + 3; i++) {
		if (i >= u && i <= d)
			continue;
		if (i < 0 || i >= f->b->n)
			continue;
		const tb_line *l = line_at(f, i);
		if (l->cls != TB_ROW || (!bare && !has_label(l)))
			continue;
		for (int k = 0; k < l->natoms; k++) {
			const tb_atom *a = &l->atoms[k];
			if (a->xend <= x0 || a->x >= x1)
				continue;
			if (a->dec != dec || a->glyph)
				return -1;
			seen = 1;
		}
	}
	return seen;
}

/* A column that sets its numbers flush right ends both parts of a number wrapped in its
 * cell alike, give or take the two columns -layout moves a line ("-16 948" over "Summa
 * totalt", "173" under it ending two to the left; "12" over "291,57"): the lower cell cd
 * of a stack around a label line (u, u + 1, d) ends within two columns of the upper cu's
 * end, and the shorter of the two lies within the columns of the longer (parts shifted
 * past each other, "89" over " 339", are not one number's). Only where the label line
 * opens a row: under a label that goes on in lower case ("Bild- och" / "785 652" /
 * "funktionsmedicin" / "143 377") the lines of numbers are two rows', and a right-set
 * column ends those alike too. */
static int right_under(const fit *f, int u, const stack_cell *cu, int d, const stack_cell *cd)
{
	int within =
	    (cd->x >= cu->x && cd->xend <= cu->xend) || (cu->x >= cd->x && cu->xend <= cd->xend);
	if (d != u + 2 || cd->xend < cu->xend - 2 || cd->xend > cu->xend + 2 || !within)
		return 0;
	const char *s;
	size_t n;
	line_label(line_at(f, u + 1), &s, &n);
	return n && !is_lower_start(s, n);
}

/* How the k-th upper cell cu (line u) and lower cell cd (line d) of a stack join: 1 with
 * a space (a digit group goes on: "-175" / "631", "(7 977" / "127,1)"), 2 with none
 * (glue_atom, only where glue allows it: the number's decimals are its column's, and a
 * head with digits has decimals), 0 not at all. */
static int pair_join(const fit *f, int u, const stack_cell *cu, int d, const stack_cell *cd,
                     int glue)
{
	const tb_line *lu = line_at(f, u), *ld = line_at(f, d);
	/* (a sign alone stands anywhere over its number: -layout sets the short line and
	 * the long one apart, "-" at column 35 over "44018209,6" at 31) */
	int sign = cu->a < 0 && cu->len == 1 && lu->s[cu->off] == '-';
	int right = glue && right_under(f, u, cu, d, cd);
	if (!(under(cu, cd, 1) || right || (sign && cu->x >= cd->x - 2 && cu->x < cd->xend)) ||
	    cd->a < 0)
		return 0;
	if (cu->a >= 0 && (under(cu, cd, 0) || right)) {
		tb_atom a = ld->atoms[cd->a];
		a.hard = 0;
		/* brackets on both parts or on neither: "(7 977" / "127,1)" */
		if (opens(lu, &lu->atoms[cu->a]) != closes(ld, &ld->atoms[cd->a + cd->n - 1]))
			return 0;
		if (joinable(&lu->atoms[cu->a + cu->n - 1], &a))
			return 1;
	}
	tb_atom g;
	if (!glue || !glue_atom(lu, u, cu, ld, cd, &g))
		return 0;
	int head_digits = 0;
	for (int k = 0; k < (int)g.hlen; k++)
		head_digits |= lu->s[g.hoff + k] >= '0' && lu->s[g.hoff + k] <= '9';
	if (head_digits && !g.dec)
		return 0;
	/* a head that ends in the decimal mark is no number: the digits under it are its
	 * decimals, in a column where every number wrapped too ("5722187," / "3") */
	if (head_digits && lu->s[g.hoff + g.hlen - 1] == ',')
		return 2;
	int col = column_decimals(f, u, d, g.x, g.xend, g.dec, 0);
	/* a sign alone over a column of no labelled cell: the other rows wrapped there too */
	if (!col && !head_digits)
		col = column_decimals(f, u, d, g.x, g.xend, g.dec, 1);
	return col > 0 ? 2 : 0;
}

/* Cells cu[0..nu) of line u and cd[0..nd) of line d pair one to one by column, and each
 * pair joins as one number (pair_join). */
static int stack_pairs(const fit *f, int u, const stack_cell *cu, int nu, int d,
                       const stack_cell *cd, int nd, int glue)
{
	if (nu < 1 || nu != nd)
		return 0;
	for (int k = 0; k < nu; k++)
		if (!pair_join(f, u, &cu[k], d, &cd[k], glue))
			return 0;
	return 1;
}

/* Line l holds only unit words, each starting inside the span of one of the cells c[0..n)
 * in turn, or a column before it ("1 561 902,82      2 297 742,92" over the label line,
 * "tkr               tkr" under it: the units of the two cells wrapped). */
static int units_under(const tb_line *l, const stack_cell *c, int n)
{
	int k = 0, words = 0;
	for (size_t p = 0; p < l->n;) {
		if (l->s[p] == ' ') {
			p++;
			continue;
		}
		size_t q = p;
		while (q < l->n && l->s[q] != ' ')
			q++;
		/* the line holds spaces and ASCII unit words: bytes are display columns */
		while (k < n && c[k].xend <= (int)p)
			k++;
		if (k == n || (int)p + 1 < c[k].x || !tb_unit_word(l->s + p, q - p))
			return 0;
		k++;
		words++;
		p = q;
	}
	return words > 0;
}

/* Line l is one unit word alone, starting at display column x (or one off). */
static int unit_line(const tb_line *l, int x)
{
	size_t a = 0, b = l->n;
	while (a < b && l->s[a] == ' ')
		a++;
	while (b > a && l->s[b - 1] == ' ')
		b--;
	if (a == b || memchr(l->s + a, ' ', b - a) || l->indent < x - 1 || l->indent > x + 1)
		return 0;
	return tb_unit_word(l->s + a, b - a);
}

/* The cells of the upper line u of a stack: its numbers, or the fragments of a text
 * line (fragment_cells). */
static int upper_cells(const tb_line *u, stack_cell *c)
{
	if (u->cls == TB_ROW)
		return stack_cells(u, c);
	return u->cls == TB_TEXT ? fragment_cells(u, c) : -1;
}

static int stack_at(const fit *f, int i, int *m)
{
	const tb_block *b = f->b;
	*m = -1;
	if (!f->layout || i + 1 >= b->n)
		return -1;
	const tb_line *u = line_at(f, i);
	stack_cell cu[STACK_CELLS], cd[STACK_CELLS], cm[STACK_CELLS];
	int nu = upper_cells(u, cu);
	if (nu < 1)
		return -1;
	int text = u->cls == TB_TEXT;
	int mid = -1, d = -1;
	if (!has_label(u) || text) {
		/* numbers, a label line, numbers */
		if (i + 2 >= b->n || b->ff[i + 1] || b->ff[i + 2])
			return -1;
		const tb_line *lm = line_at(f, i + 1), *ld = line_at(f, i + 2);
		if (!(lm->cls == TB_TEXT || lm->cls == TB_ROW) || !has_label(lm) || !label_part(lm))
			return -1;
		mid = i + 1, d = i + 2;
		if (!text && ld->cls == TB_TEXT && nu == 1 && !u->atoms[u->natoms - 1].unit &&
		    unit_line(ld, cu[0].x)) {
			/* "-10" / label / "mnkr": the unit of the number above wrapped */
			int nm = stack_cells(lm, cm);
			for (int k = 0; k < nm; k++)
				if (cm[k].x == cu[0].x)
					return -1;
			*m = mid;
			return d;
		}
		tb_atom g;
		if (!text && ld->cls == TB_TEXT && nu == 1 &&
		    bracket_atom(u, i, &u->atoms[u->natoms - 1], ld, 1, &g)) {
			/* "(44,7" / label / ")": the bracket of the number above wrapped; the
			 * label line's numbers stand in other columns */
			int nm = stack_cells(lm, cm);
			for (int k = 0; k < nm; k++)
				if (cm[k].x < cu[0].xend && cm[k].xend > cu[0].x)
					return -1;
			*m = mid;
			return d;
		}
		if (!text && ld->cls == TB_TEXT && nu >= 2 && units_under(ld, cu, nu)) {
			/* the units of several numbers above wrapped, each under its number;
			 * the label line's numbers stand in other columns */
			int nm = stack_cells(lm, cm);
			for (int k = 0; k < nm; k++)
				for (int j = 0; j < nu; j++)
					if (cm[k].x < cu[j].xend && cm[k].xend > cu[j].x)
						return -1;
			*m = mid;
			return d;
		}
		if (ld->cls != TB_ROW || has_label(ld))
			return -1;
	} else {
		/* a label and numbers, perhaps a line of numbers, the label going on */
		for (int j = i + 1; j <= i + 2 && j < b->n; j++) {
			const tb_line *l = line_at(f, j);
			if (b->ff[j] || l->cls != TB_ROW)
				return -1;
			const char *s;
			size_t n;
			line_label(l, &s, &n);
			if (has_label(l)) {
				if (!is_lower_start(s, n) || !label_part(l))
					return -1;
				d = j;
				break;
			}
			if (j == i + 2)
				return -1;
			mid = j;
		}
		if (d < 0)
			return -1;
	}
	const tb_line *ld = line_at(f, d);
	int nd = stack_cells(ld, cd);
	if (!stack_pairs(f, i, cu, nu, d, cd, nd, !has_label(u) || text))
		return -1;
	if (mid >= 0) {
		/* the middle line's numbers are cells of other columns; one may reach two
		 * columns into the stack's, as -layout moves a line ("9 878 768" at 32-41
		 * beside "14 377" at 39-45 over "183") */
		int nm = stack_cells(line_at(f, mid), cm);
		if (nm < 0)
			return -1;
		for (int k = 0; k < nm; k++)
			for (int j = 0; j < nu; j++) {
				int x0 = cu[j].x < cd[j].x ? cu[j].x : cd[j].x;
				int x1 = cu[j].xend > cd[j].xend ? cu[j].xend : cd[j].xend;
				if (cm[k].x == cu[j].x || (cm[k].x < x1 - 2 && cm[k].xend > x0 + 2))
					return -1;
			}
	}
	if (u->natoms + ld->natoms + (mid >= 0 ? line_at(f, mid)->natoms : 0) > TB_MAX_ATOMS)
		return -1;
	*m = mid;
	return d;
}

/* Appends atom a to the last row (its cached cell bounds made stale). */
static tv_status push_atom(fit *f, const tb_atom *a)
{
	tv_status rc = tv_buf_append(&f->atoms, a, sizeof *a);
	if (rc)
		return rc;
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	r->na++;
	r->range_ok = 0;
	return TV_OK;
}

/* Appends the atoms of stack u, m, d (stack_at) to the last row, cell by cell in the
 * order of their columns, the lower part of a wrapped number right after its upper, or
 * the two as one atom where they join without a space (glue_atom). */
static tv_status add_stack_atoms(fit *f, int u, int m, int d)
{
	stack_cell c[3][STACK_CELLS];
	int line[3] = {u, m, d}, nc[3] = {0, 0, 0}, at[3] = {0, 0, 0};
	nc[0] = upper_cells(line_at(f, u), c[0]);
	for (int k = 1; k < 3; k++)
		if (line[k] >= 0)
			nc[k] = stack_cells(line_at(f, line[k]), c[k]);
	int glue = !has_label(line_at(f, u)) || line_at(f, u)->cls == TB_TEXT;
	for (;;) {
		/* the next cell by column: of u (its pair in d follows) or of m */
		int pick = -1;
		for (int k = 0; k < 2; k++)
			if (at[k] < nc[k] && (pick < 0 || c[k][at[k]].x < c[pick][at[pick]].x))
				pick = k;
		if (pick < 0)
			break;
		if (pick == 0 && at[2] < nc[2] &&
		    pair_join(f, u, &c[0][at[0]], d, &c[2][at[2]], glue) == 2) {
			tb_atom a;
			if (!glue_atom(line_at(f, u), u, &c[0][at[0]], line_at(f, d), &c[2][at[2]],
			               &a))
				return TV_ESYSTEM; /* pair_join has just glued them */
			a.line = (unsigned short)d;
			tv_status rc = push_atom(f, &a);
			if (rc)
				return rc;
			at[0]++;
			at[2]++;
			continue;
		}
		int paired = pick == 0 && at[2] < nc[2];
		int bracket = paired && opens(line_at(f, u), &line_at(f, u)->atoms[c[0][at[0]].a]);
		for (int part = 0; part < (paired ? 2 : 1); part++) {
			int k = pick == 0 && part ? 2 : pick;
			const tb_line *l = line_at(f, line[k]);
			const stack_cell *x = &c[k][at[k]];
			for (int j = 0; j < x->n; j++) {
				tb_atom a = l->atoms[x->a + j];
				if (bracket && !part && j == 0 && !a.popen) {
					/* the "(" that tb_line_parse took for a glyph opens the
					 * number closed on the line below */
					a.off--;
					a.len++;
					a.x--;
					a.popen = 1;
					a.glyph = a.gpre = 0;
				}
				a.line = (unsigned short)line[k];
				a.hard =
				    (unsigned char)(j == 0 && !(pick == 0 && part) ? 1 : a.hard);
				if (j == 0 && pick == 0 && part)
					a.hard = 0;
				/* "(100" / "024,1)": the ")" that tb_line_parse took for a ruling
				 * line (no "(" on its line) closes the bracket opened above */
				if (bracket && part && j == x->n - 1 && a.glyph && a.gsuf &&
				    l->atoms[x->a + j].pclose == 0 &&
				    (size_t)a.off + a.len < l->n && l->s[a.off + a.len] == ')') {
					a.len++;
					a.xend++;
					a.pclose = 1;
					a.glyph = a.gsuf = 0;
					if (a.end < a.off + a.len)
						a.end = (unsigned short)(a.off + a.len);
				}
				tv_status rc = push_atom(f, &a);
				if (rc)
					return rc;
			}
			at[k]++;
		}
	}
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	tb_atom *z = &ATOMS(f)[r->a0 + r->na - 1];
	for (int k = r->na - 1; k >= 0 && z->line != u; k--)
		z = &ATOMS(f)[r->a0 + k];
	tb_atom g;
	if (z->line == u && bracket_atom(line_at(f, u), u, z, line_at(f, d), 1, &g)) {
		g.line = (unsigned short)d; /* the bracket below closes the number of u */
		*z = g;
	}
	if (d > r->line1)
		r->line1 = d;
	return TV_OK;
}

/* ------------------------------------------------------------------ -raw wraps ------ */

/*
 * pdftotext -raw writes a number too wide for its cell as the cell wraps it, each piece on
 * a line of its own, like the cells of a row printed one a line under its label:
 *
 *   Totalt                Gotland
 *   -                     5722187,
 *   113877                3
 *   -                     3947059,4
 *   199824
 *   -60080
 *
 * A head that ends in the decimal mark is no number and always joins the digits below it.
 * A sign alone may be a cell of its own (a dash for nothing): it joins only where the
 * numbers of the lines around it fill the row's columns and the dashes as cells would
 * not fit (two dashes, three numbers, three columns). The join is logged
 * (raw-wrapped-number).
 */

/* The number of cells of a line of numbers with each digit group joined to the one
 * before it where it may be (the fewest cells it can make), and the most. */
static void line_cells(const tb_line *l, int *mn, int *mx)
{
	*mn = *mx = l->natoms;
	for (int k = 1; k < l->natoms; k++)
		*mn -= !l->atoms[k].hard && joinable(&l->atoms[k - 1], &l->atoms[k]);
}

/* Line i of a -raw block is followed by more of its row: numbers alone or the head of
 * a number ("-") on the next line, on this page or the next. */
static int raw_row_goes_on(const fit *f, int i)
{
	if (i + 1 >= f->b->n)
		return 0;
	const tb_line *d = line_at(f, i + 1);
	stack_cell c[STACK_CELLS];
	if (d->cls == TB_ROW)
		return !has_label(d);
	return d->cls == TB_TEXT && fragment_start(d) && fragment_cells(d, c) > 0;
}

/* Line i of a -raw block ends a table's region: a line of prose ("Under året
 * genomfördes 42 insatser och antalet deltagare uppgick till"). */
static int raw_region_end(const fit *f, int i)
{
	const tb_line *l = line_at(f, i);
	return (l->cls == TB_TEXT || l->cls == TB_ROW) && tb_is_prose_line(l);
}

/* The count of cells shared by most rows that print their label and numbers on one line
 * with no digit group that may join (two rows at least), or the years of a header line,
 * in the region of line i: from the years line or the prose above it to the prose or
 * years line below (a block may hold several tables). A row that goes on below
 * ("Östersund 2431388 4802918" / "-" / "6255917"), a line of prose ("318 204.
 * Prognosen pekar på ... om cirka 37 miljoner") and a caption's year ("Årsredovisning
 * 2025") do not vote. 0: not known. Kept for the region, for the next sign in it. */
static int raw_row_cells(fit *f, int i)
{
	if (i >= f->rc_lo && i < f->rc_hi)
		return f->rowcells;
	int lo = i, hi = i + 1;
	while (lo > 0 && line_at(f, lo)->cls != TB_YEARS && !raw_region_end(f, lo - 1))
		lo--;
	while (hi < f->b->n && line_at(f, hi)->cls != TB_YEARS && !raw_region_end(f, hi))
		hi++;
	int votes[TB_MAX_COLS + 1] = {0};
	f->rowcells = 0;
	for (int j = lo; j < hi; j++) {
		const tb_line *l = line_at(f, j);
		int mn, mx;
		if (l->cls != TB_ROW && l->cls != TB_YEARS)
			continue;
		if (l->cls == TB_ROW &&
		    (l->lab1 == l->lab0 || tb_prose_label(l->s + l->lab0, l->lab1 - l->lab0)))
			continue;
		if (raw_row_goes_on(f, j) || (l->natoms == 1 && year_atom(l->atoms)))
			continue;
		line_cells(l, &mn, &mx);
		if (mn == mx && mn >= 1 && mn <= TB_MAX_COLS)
			votes[mn] += l->cls == TB_YEARS ? 2 : 1;
	}
	for (int k = 1; k <= TB_MAX_COLS; k++)
		if (votes[k] >= 2 && votes[k] > votes[f->rowcells])
			f->rowcells = k;
	f->rc_lo = lo;
	f->rc_hi = hi;
	return f->rowcells;
}

/* Line l is a sign alone: "-", a minus sign or an en dash. */
static int sign_alone(const tb_line *l)
{
	stack_cell c[STACK_CELLS];
	if (fragment_cells(l, c) != 1)
		return 0;
	const char *s = l->s + c[0].off;
	return (c[0].len == 1 && *s == '-') ||
	       (c[0].len == 3 && (!memcmp(s, "\xe2\x88\x92", 3) || !memcmp(s, "\xe2\x80\x93", 3)));
}

/* Line i of a -raw block holds only the head of a number whose rest opens line i + 1:
 * the head joined to that line's first number, as one atom, into *out. */
static int raw_head(fit *f, int i, tb_atom *out)
{
	const tb_block *b = f->b;
	if (f->layout || i + 1 >= b->n || b->ff[i + 1])
		return 0;
	const tb_line *u = line_at(f, i), *d = line_at(f, i + 1);
	stack_cell cu[STACK_CELLS], cd;
	if (u->cls != TB_TEXT || d->cls != TB_ROW || has_label(d) || !fragment_start(u) ||
	    fragment_cells(u, cu) != 1)
		return 0;
	cd.a = 0;
	cd.n = 1;
	cd.off = cd.len = 0;
	cd.x = d->atoms[0].x;
	cd.xend = d->atoms[0].xend;
	if (!glue_atom(u, i, &cu[0], d, &cd, out))
		return 0;
	const char *h = u->s + cu[0].off;
	int hn = cu[0].len;
	if (hn >= 2 && h[hn - 1] == ',' && h[hn - 2] >= '0' && h[hn - 2] <= '9')
		return out->dec > 0; /* "5722187," / "3" */
	int cells = out->neg ? raw_row_cells(f, i) : 0;
	if (cells < 1)
		return 0;
	/* a sign alone: the lines of signs and numbers around it, to the label above */
	int lo = i, hi = i + 1, dashes = 0, mn = 0, mx = 0;
	while (lo > 0 && !b->ff[lo] && line_at(f, lo - 1)->cls != TB_BLANK &&
	       (line_at(f, lo - 1)->cls == TB_ROW ? !has_label(line_at(f, lo - 1))
	                                          : fragment_cells(line_at(f, lo - 1), cu) == 1))
		lo--;
	/* the label's line, when it holds the row's first numbers ("Östersund 2431388
	 * 4802918" / "-" / "6255917" / "8156827") */
	if (lo > 0 && !b->ff[lo] && line_at(f, lo - 1)->cls == TB_ROW)
		lo--;
	while (hi + 1 < b->n && !b->ff[hi + 1] &&
	       (line_at(f, hi + 1)->cls == TB_ROW ? !has_label(line_at(f, hi + 1))
	                                          : fragment_cells(line_at(f, hi + 1), cu) == 1))
		hi++;
	for (int j = lo; j <= hi; j++) {
		const tb_line *l = line_at(f, j);
		int a, z;
		if (l->cls != TB_ROW) {
			dashes += sign_alone(l);
			continue;
		}
		line_cells(l, &a, &z);
		mn += a;
		mx += z;
	}
	if (mn <= cells && cells <= mx && mn + dashes > cells)
		return 1;
	/* a row with an empty cell ("Växjö" / "-" / "2797073" / "-8058261 6622181" in four
	 * columns): the dash would fit as a cell, but -raw prints the cells of one line on
	 * one line, as the next line shows (two cells or more); a dash on a line of its own
	 * between the label alone and a number alone that the next line does not go on is
	 * the head of that number, wrapped in its cell. (Where each cell has a line of its
	 * own, "Övrigt" / "-" / "120" / "95", the dash stays a cell.) */
	const tb_line *e = i + 2 < b->n && !b->ff[i + 2] ? line_at(f, i + 2) : NULL;
	int emn = 0, emx = 0;
	if (e && e->cls == TB_ROW)
		line_cells(e, &emn, &emx);
	return dashes == 1 && mn <= cells && lo == i && i > 0 &&
	       line_at(f, i - 1)->cls == TB_TEXT && has_label(line_at(f, i - 1)) &&
	       d->natoms == 1 && emn >= 2 && !has_label(e) &&
	       (e->atoms[0].hard || !joinable(&d->atoms[0], &e->atoms[0]));
}

/* Line i of a -raw block is digits alone, as many as a number's last decimals wrapped in
 * its cell may be ("9" under "7919059,7"). */
static int digits_alone(const tb_line *l)
{
	const tb_atom *t = l->atoms;
	return l->cls == TB_ROW && l->natoms == 1 && !has_label(l) && !t->neg && !t->dec &&
	       !t->popen && !t->glyph && !t->unit && !t->pct && t->len == t->intd && t->intd <= 3 &&
	       (size_t)t->off + t->len == l->n;
}

/* The decimals of the numbers in the region of line i (raw_row_cells): d when every
 * number there with decimals has d of them, and two or more do; else 0. A number that
 * ends its line over digits alone (digits_alone) is left out: its decimals may go on. */
static int raw_region_decimals(const fit *f, int i)
{
	int lo = i, hi = i + 1, dec = 0, seen = 0;
	while (lo > 0 && line_at(f, lo)->cls != TB_YEARS && !raw_region_end(f, lo - 1))
		lo--;
	while (hi < f->b->n && line_at(f, hi)->cls != TB_YEARS && !raw_region_end(f, hi))
		hi++;
	for (int j = lo; j < hi; j++) {
		const tb_line *l = line_at(f, j);
		int over = j + 1 < f->b->n && digits_alone(line_at(f, j + 1));
		for (int k = 0; l->cls == TB_ROW && k < l->natoms; k++) {
			const tb_atom *a = &l->atoms[k];
			if (!a->dec || (over && k == l->natoms - 1))
				continue;
			if (dec && a->dec != dec)
				return 0;
			dec = a->dec;
			seen++;
		}
	}
	return seen >= 2 ? dec : 0;
}

/*
 * Line i of a -raw block holds only the last decimals of the number that ends line i - 1,
 * the last atom of row r, wrapped in its cell between two digits ("7919059,7" / "9"):
 * digits alone, and the number joined to them has the decimals the other numbers of the
 * region have (raw_region_decimals), which it lacks alone. The joined number
 * into *out (logged raw-wrapped-number).
 */
static int raw_decimal_tail(const fit *f, const lrow *r, int i, tb_atom *out)
{
	if (f->layout || i < 1 || !r->na)
		return 0;
	const tb_line *u = line_at(f, i - 1), *d = line_at(f, i);
	const tb_atom *h = &ATOMS(f)[r->a0 + r->na - 1], *t = d->atoms;
	if (h->line != i - 1 || u->cls != TB_ROW || !digits_alone(d) || !h->dec || h->hlen ||
	    h->end != u->n || h->dec + t->intd != raw_region_decimals(f, i))
		return 0;
	stack_cell cu, cd;
	cu.a = -1;
	for (int k = 0; k < u->natoms; k++)
		if (u->atoms[k].off == h->off)
			cu.a = k;
	if (cu.a < 0)
		return 0;
	cu.n = 1;
	cu.off = cu.len = 0;
	cu.x = h->x;
	cu.xend = h->xend;
	cd.a = 0;
	cd.n = 1;
	cd.off = cd.len = 0;
	cd.x = t->x;
	cd.xend = t->xend;
	if (!glue_atom(u, i - 1, &cu, d, &cd, out))
		return 0;
	out->line = (unsigned short)i;
	out->hard = h->hard;
	return 1;
}

/* Tesseract's debris after the rests of numbers wrapped in their cells, where the cell's
 * second line meets a rule or the next label's top ("805,4 ”", "381,0 ,", "932,43 '"):
 * tokens of one or two bytes of punctuation, or a curly quote. The length of line l
 * without it, where it ends l after a digit; else 0. */
static size_t debris_end(const tb_line *l)
{
	const char *s = l->s;
	size_t e = l->n, cut = 0;
	for (;;) {
		while (e > 0 && s[e - 1] == ' ')
			e--;
		size_t a = e;
		while (a > 0 && s[a - 1] != ' ')
			a--;
		size_t k = e - a, q = a;
		while (q < e && s[q] && strchr(",;.:'\"`", s[q]))
			q++;
		int quote = k == 3 && (memcmp(s + a, "\xe2\x80\x9d", 3) == 0 ||
		                       memcmp(s + a, "\xe2\x80\x9c", 3) == 0);
		if (!k || a == 0 || !(quote || (k <= 2 && q == e)))
			break;
		e = cut = a;
	}
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	return cut && s[cut - 1] >= '0' && s[cut - 1] <= '9' ? cut : 0;
}

/* Line i as the rests of numbers wrapped in their cells (wrapped_rests): a row line as
 * it is, a text line only for the debris that ends it (debris_end), read again without
 * it into *tmp; else NULL. */
static const tb_line *rests_view(const fit *f, int i, tb_line *tmp)
{
	const tb_line *l = line_at(f, i);
	if (l->cls == TB_ROW)
		return l;
	size_t cut = l->cls == TB_TEXT ? debris_end(l) : 0;
	if (!cut)
		return NULL;
	tb_line_parse(l->s, cut, tmp);
	return tmp->cls == TB_ROW ? tmp : NULL;
}

/* The label of rests line d under row line u, where the OCR read the wrapped cells'
 * second line with bits of the row beside it: none, debris (every token three bytes or
 * less: "J ,", "g g", "psy") or the label of u read again in part (its first four
 * bytes are in u's, case aside: "anspo" under "Transporter", "mbulanssjukvå" under
 * "Ambulanssjukvård"). The rests drop it. (A label that goes on u's, "Bidrag till
 * regionala utvecklingsinsatser och" / "kompetensförsörjning i glesbygden 363,03 856,86",
 * is left alone: joined, its row may move the table's column count.) */
static int rests_label(const tb_line *u, const tb_line *d)
{
	const char *s, *us;
	size_t n, un;
	line_label(d, &s, &n);
	line_label(u, &us, &un);
	int shortw = 1;
	for (size_t i = 0, w = 0; i <= n; i++) {
		if (i == n || s[i] == ' ') {
			shortw = shortw && w <= 3;
			w = 0;
		} else {
			w++;
		}
	}
	if (shortw)
		return 1;
	char low[256], pre[4];
	if (un > sizeof low || n < 4)
		return 0;
	for (size_t i = 0; i < un; i++)
		low[i] = (char)(us[i] >= 'A' && us[i] <= 'Z' ? us[i] + 32 : us[i]);
	for (int i = 0; i < 4; i++)
		pre[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return holds(low, un, pre, 4);
}

/* The decimals every number with decimals on line l prints, one such number at least;
 * else 0. */
static int line_decimals(const tb_line *l)
{
	int dec = 0;
	for (int k = 0; k < l->natoms; k++) {
		int d = l->atoms[k].dec;
		if (d && dec && d != dec)
			return 0;
		dec = d ? d : dec;
	}
	return dec;
}

/*
 * Line i holds the rests of numbers on line u, the last line of the last row, blank
 * lines between or none, wrapped in their cells after a digit group, as where the row
 * goes on over a page break ("Helsingborg 1 791 9 942 1 171 887,7" / form feed / "494,8
 * 087,6"): each number of line i is one digit group with the decimals the numbers of
 * the region have (raw_region_decimals, -layout's too; in OCR, where a misread number
 * breaks the region's, those of line u's numbers), and line u, labelled, holds as many
 * numbers without decimals as line i has numbers, the others with those decimals. Where
 * the region's numbers are whole, no decimals tell a head from a number, so the rests
 * must come after a page break and every number of line u is a head ("Norrbotten 63 67
 * 96" / form feed / "659 530 015"). Line i may carry the OCR's debris of the row
 * (rests_view, rests_label). Each rest goes after its head, in order, in the row's
 * atoms, to read as one number with it (written as printed, a space between); *done
 * tells whether it was so.
 */
static tv_status glue_rests(fit *f, int i, int *done)
{
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	int ui = i - 1;
	while (ui > 0 && line_at(f, ui)->cls == TB_BLANK)
		ui--;
	if (ui < 0)
		return TV_OK;
	tb_line tmp;
	const tb_line *u = line_at(f, ui), *d = rests_view(f, i, &tmp);
	if (!d || u->cls != TB_ROW || !has_label(u))
		return TV_OK;
	int m = d->natoms, nu = u->natoms, dec;
	if (!m || r->na < nu || r->na + m > TB_MAX_ATOMS ||
	    (size_t)(r->a0 + r->na) * sizeof(tb_atom) != f->atoms.len)
		return TV_OK;
	for (int k = 0; k < m; k++) {
		const tb_atom *t = &d->atoms[k];
		if (t->intd != 3 || t->dec != d->atoms[0].dec || t->neg || t->popen || t->pclose ||
		    t->glyph || t->unit || t->pct || t->point)
			return TV_OK;
	}
	if (!rests_label(u, d))
		return TV_OK;
	if (!(dec = raw_region_decimals(f, i)) && !f->layout)
		dec = line_decimals(u);
	if ((!dec && (!f->b->ff[i] || ui < i - 1)) || d->atoms[0].dec != dec)
		return TV_OK;
	tb_atom *a = &ATOMS(f)[r->a0 + r->na - nu];
	int heads = 0;
	for (int q = 0; q < nu; q++) {
		if (a[q].line != ui)
			return TV_OK;
		if (q + 1 < nu && joinable(&a[q], &a[q + 1]))
			continue;
		if (a[q].dec && a[q].dec != dec)
			return TV_OK;
		heads += !a[q].dec;
	}
	if (heads != m)
		return TV_OK;
	tv_status rc = tv_buf_reserve(&f->atoms, (size_t)m * sizeof(tb_atom));
	if (rc)
		return rc;
	tb_atom out[TB_MAX_ATOMS];
	int n = 0, k = 0;
	a = &ATOMS(f)[r->a0 + r->na - nu]; /* (the buffer may have moved) */
	for (int q = 0; q < nu; q++) {
		out[n++] = a[q];
		if ((q + 1 == nu || !joinable(&a[q], &a[q + 1])) && !a[q].dec) {
			tb_atom t = d->atoms[k++];
			t.line = (unsigned short)i;
			t.hard = 0;
			out[n++] = t;
		}
	}
	memcpy(a, out, (size_t)n * sizeof(tb_atom));
	r->na += m;
	f->atoms.len += (size_t)m * sizeof(tb_atom);
	r->range_ok = 0;
	r->line1 = i;
	*done = 1;
	return TV_OK;
}

/* glue_rests, for a line that may hold rests: a row line that opens with a group of
 * three digits, with decimals or after a page break, or a text line that ends in a byte
 * of debris (debris_end; 9C and 9D end the curly quotes). (Most lines of a block are
 * neither: a quick test.) */
static tv_status wrapped_rests(fit *f, int i, int *done)
{
	const tb_line *l = line_at(f, i);
	size_t e = l->n;
	while (e > 0 && l->s[e - 1] == ' ')
		e--;
	*done = 0;
	if (l->cls == TB_ROW
	        ? !l->natoms || l->atoms[0].intd != 3 || (!l->atoms[0].dec && !f->b->ff[i])
	        : l->cls != TB_TEXT || !e || !l->s[e - 1] ||
	              !strchr(",;.:'\"`\x9c\x9d", l->s[e - 1]))
		return TV_OK;
	return glue_rests(f, i, done);
}

/* Atom k of line l may be the rest of a number wrapped in its cell after its head: one
 * digit group with decimals ("526,44") that no digit group before it on its line opens
 * ("-4 866,15" is a whole number). */
static int wrapped_rest(const tb_line *l, int k)
{
	const tb_atom *t = &l->atoms[k];
	return t->intd == 3 && t->dec && !t->neg && !t->popen && !t->point && !t->pct && !t->unit &&
	       !t->glyph && !(k && joinable(&l->atoms[k - 1], t));
}

/* Line l, whose numbers are whole, opens with this many lone digit groups, each the rest
 * of a whole number wrapped in its cell after its head ("Gotland 288 123 2163 194" under
 * "9 521 6 250": 2); no decimals tell them from numbers of their own. */
static int whole_rests(const tb_line *l)
{
	int n = 0;
	for (int k = 0; k < l->natoms; k++)
		if (l->atoms[k].dec || l->atoms[k].point)
			return 0;
	while (n < l->natoms) {
		const tb_atom *t = &l->atoms[n];
		if (t->intd != 3 || t->neg || t->popen || t->pclose || t->pct || t->unit ||
		    t->glyph || t->rule1)
			break;
		n++;
	}
	return n;
}

/* The row lines around line h, [*lo, *hi]: those between the text lines (a header, a
 * caption, a paragraph) next above and below it. */
static void row_run(const fit *f, int h, int *lo, int *hi)
{
	*lo = *hi = h;
	while (*lo > 0 && line_at(f, *lo - 1)->cls != TB_TEXT &&
	       line_at(f, *lo - 1)->cls != TB_YEARS)
		(*lo)--;
	while (*hi + 1 < f->b->n && line_at(f, *hi + 1)->cls != TB_TEXT)
		(*hi)++;
}

/* The most digits of a number on the row lines around line h (row_run), line h left
 * out, its digit groups joined ("6 181 866": 7). Only numbers whose first group is
 * shorter than three digits or signed count: "866 286 771 866" may be two numbers or one. */
static int widest_number(const fit *f, int h)
{
	int most = 0, lo, hi;
	row_run(f, h, &lo, &hi);
	for (int i = lo; i <= hi; i++) {
		const tb_line *l = line_at(f, i);
		if (i == h || l->cls != TB_ROW)
			continue;
		for (int k = 0, d = 0, sure = 0; k < l->natoms; k++) {
			const tb_atom *t = &l->atoms[k];
			if (!k || !joinable(&l->atoms[k - 1], t)) {
				sure =
				    t->intd < 3 || t->neg || t->popen; /* (a number opens here) */
				d = 0;
			}
			d += t->intd;
			most = sure && d > most ? d : most;
		}
	}
	return most;
}

/* The first line above line h that is not blank is a row line with a label and numbers
 * of its own, or a header of years: the OCR prints a row whole on its line, where
 * pdftotext -raw writes a row's numbers that did not wrap on a line alone after its
 * wrapped ones ("Norrbotten" / "7 957" / "873" / "9 524 882 9 696 090" / "Värmland 865
 * 810"). */
static int after_row(const fit *f, int h)
{
	int i = h - 1;
	while (i >= 0 && line_at(f, i)->cls == TB_BLANK && !f->b->ff[i + 1])
		i--;
	if (i < 0 || f->b->ff[i + 1])
		return 0;
	const tb_line *p = line_at(f, i);
	return p->cls == TB_YEARS || (p->cls == TB_ROW && has_label(p) && p->natoms);
}

static int heads_at(const fit *f, int h, int check);

/* Another of the row lines around line h (row_run) holds the heads of whole numbers
 * over their rests (heads_at): the block prints its numbers so. */
static int other_heads(const fit *f, int h)
{
	int lo, hi;
	row_run(f, h, &lo, &hi);
	for (int j = lo; j < hi; j++)
		if (j != h && heads_at(f, j, 0) == 3)
			return 1;
	return 0;
}

/* Row line h holds only the heads of numbers the OCR wrapped in their cells, whose rests
 * open the cells of the labelled row line below it (". -4" / "Pensionskostnader -4 866,15
 * 526,44 -3 522,53", "1 376 7 298" / "Kronoberg 563,57 795,62"): no label but OCR debris
 * (good_label), whole numbers only and no year, as many of them as line h + 1 has rests
 * (wrapped_rest) on the same page: 1 where they count so with their digit groups joined
 * ("-1 091 3 444"), 2 where each atom is a head ("252 529" over "Konsulttjänster 498,8
 * 089,1"); else 0. The count that matches is the evidence: heads that could be read in
 * another count are left alone. Where line h + 1's numbers are whole, its rests are the
 * lone digit groups that open it (whole_rests), as many as the heads with their digit
 * groups joined, line h follows a whole row (after_row), and either no head joined to
 * its rest makes a number wider than any the rows around print (widest_number) or
 * another line around holds such heads (other_heads): 3. A row of its own over small
 * numbers is no heads. */
static int wrapped_heads(const fit *f, int h)
{
	return heads_at(f, h, 1);
}

/* wrapped_heads; without check, the heads of whole numbers need no evidence but their
 * count. */
static int heads_at(const fit *f, int h, int check)
{
	const tb_block *b = f->b;
	if (f->layout || h + 1 >= b->n || b->ff[h + 1])
		return 0;
	const tb_line *u = line_at(f, h), *d = line_at(f, h + 1);
	if (u->cls != TB_ROW || d->cls != TB_ROW || !u->natoms || u->lab1 - u->lab0 > 8 ||
	    d->natoms + u->natoms > TB_MAX_ATOMS)
		return 0; /* (OCR debris is a few characters: ".", "- -", "o ok o0") */
	int heads = 0, rests = 0, digits = 0, widest = 0;
	for (int q = 0; q < u->natoms; q++) {
		const tb_atom *a = &u->atoms[q];
		if (a->dec || a->pct || a->unit || a->popen || a->pclose || a->point ||
		    year_atom(a))
			/* (a year alone is a header's cell: "2024" / "Jönköping 196,20") */
			return 0;
		digits += a->intd;
		if (q + 1 == u->natoms || !joinable(a, &u->atoms[q + 1])) {
			heads++;
			widest = digits > widest ? digits : widest;
			digits = 0;
		}
	}
	for (int k = 0; k < d->natoms; k++)
		rests += wrapped_rest(d, k);
	int how = !rests ? 0 : rests == heads ? 1 : rests == u->natoms ? 2 : 0;
	if (!rests && whole_rests(d) == heads && after_row(f, h))
		how = 3;
	const char *s;
	size_t n;
	line_label(u, &s, &n);
	if (!how || good_label(s, n))
		return 0;
	line_label(d, &s, &n);
	if (!good_label(s, n))
		return 0;
	if (how == 3 && check && widest + 3 > widest_number(f, h) && !other_heads(f, h))
		return 0;
	return how;
}

/* The last row was just made of line h + 1 alone; the heads on line h (wrapped_heads,
 * how it read them), with how 2 each atom a head, go before their rests, in order, each
 * rest to read as one number with its head (written as printed, a space between, as
 * wrapped_rests's). */
static tv_status glue_heads(fit *f, int h, int how)
{
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	const tb_line *u = line_at(f, h), *d = line_at(f, h + 1);
	tv_status rc = tv_buf_reserve(&f->atoms, (size_t)u->natoms * sizeof(tb_atom));
	if (rc)
		return rc;
	tb_atom out[TB_MAX_ATOMS];
	tb_atom *a = &ATOMS(f)[r->a0];
	int n = 0, q = 0, lead = how == 3 ? whole_rests(d) : 0;
	for (int k = 0; k < r->na; k++) {
		if (a[k].line == h + 1 && (how == 3 ? k < lead : wrapped_rest(d, k))) {
			int first = 1;
			for (; q < u->natoms; q++) {
				out[n] = u->atoms[q];
				out[n].line = (unsigned short)h;
				out[n].hard = first ? 1 : u->atoms[q].hard;
				first = 0;
				n++;
				if (how == 2 || q + 1 == u->natoms ||
				    !joinable(&u->atoms[q], &u->atoms[q + 1])) {
					q++;
					break;
				}
			}
			out[n] = a[k];
			out[n++].hard = 0;
			continue;
		}
		out[n++] = a[k];
	}
	memcpy(a, out, (size_t)n * sizeof(tb_atom));
	f->atoms.len += (size_t)(n - r->na) * sizeof(tb_atom);
	r->na = n;
	r->range_ok = 0;
	r->line0 = h;
	return TV_OK;
}

/* The first atom of line i, just added to the last row, is the rest of a number whose
 * head (raw_head) is g: g takes its place. */
static void glue_raw_head(fit *f, int i, const tb_atom *g)
{
	lrow *r = &ROWS(f)[NROWS(f) - 1];
	for (int k = 0; k < r->na; k++) {
		tb_atom *a = &ATOMS(f)[r->a0 + k];
		if (a->line == i) {
			tb_atom n = *g;
			n.line = a->line;
			n.hard = a->hard;
			*a = n;
			r->range_ok = 0;
			return;
		}
	}
}

/* The atom of row r (its index) whose "(" opens a bracket that atom k, the last of its
 * line, leaves open: atom k itself or the first of the digit groups that join it ("(2
 * 615"), its "(" read as a bracket or, no ")" closing it on its line, as a ruling glyph
 * (tb_line_parse); -1 when there is none. */
static int wrap_open(const fit *f, const lrow *r, int k)
{
	const tb_atom *a = ATOMS(f) + r->a0;
	for (int q = k; q >= 0 && a[q].line == a[k].line && !a[q].pclose; q--) {
		if (a[q].popen ||
		    (a[q].gpre && a[q].off && line_at(f, a[q].line)->s[a[q].off - 1] == '('))
			return q;
		if (q == 0 || !joinable(&a[q - 1], &a[q]))
			return -1;
	}
	return -1;
}

/* The atom of row r whose "(" its last atom leaves open (wrap_open), or NULL. Most rows
 * print no "(" on their last line: those are passed at a glance. */
static tb_atom *open_at_end(fit *f, const lrow *r)
{
	tb_atom *a = ATOMS(f) + r->a0;
	int k = r->na - 1, q = k;
	while (q >= 0 && a[q].line == a[k].line && !a[q].popen)
		q--;
	if (q < 0 || a[q].line != a[k].line || (q = wrap_open(f, r, k)) < 0 || !a[q].popen)
		return NULL;
	return &a[q];
}

/* Text line i holds only unit words that go with numbers of row r printed on the line
 * right above it: pdftotext -raw writes a cell of a number and its unit wrapped in two
 * lines ("Skåne" / "1 561 902,82" / "tkr" / "8 231 016,87 tkr"), or the units of several
 * such cells on one line ("Malmö 4 006 015,96 4 803 866,16 4 632 675,94 tkr" / "tkr
 * tkr"), a page break between or not; -layout writes them under their numbers
 * (units_under). They are no words of the row's label. Returns the unit of a word alone
 * without layout when it ends the cell of the last number above (that number ends its
 * line and has no unit), -1 for other such lines, 0 when line i is not one. */
static int wrapped_unit(const fit *f, const lrow *r, int i)
{
	const tb_line *l = line_at(f, i);
	if (r->kind != R_DATA || !r->na)
		return 0;
	const tb_atom *a = &ATOMS(f)[r->a0 + r->na - 1];
	if (a->line != i - 1)
		return 0;
	if (f->layout) {
		/* each unit under a number of the row's line */
		stack_cell c[STACK_CELLS];
		int n = stack_cells(line_at(f, i - 1), c);
		return n > 0 && units_under(l, c, n) ? -1 : 0;
	}
	int words = 0, unit = 0;
	for (size_t p = (size_t)l->indent; p < l->n;) {
		size_t q = p;
		while (q < l->n && l->s[q] != ' ')
			q++;
		if (q > p && !(unit = tb_unit_word(l->s + p, q - p)))
			return 0;
		words += q > p;
		p = q + 1;
	}
	if (!words)
		return 0;
	return words == 1 && !a->unit && !a->pct && a->end == line_at(f, i - 1)->n ? unit : -1;
}

/* Line i, a ")" alone, closes the bracket of row r's last number, on the line above
 * ("(44,7" / ")"): that number is made whole (bracket_atom) and the row runs to line i. */
static int closed_below(fit *f, lrow *r, int i)
{
	tb_atom *a = r->kind == R_DATA && r->na ? &ATOMS(f)[r->a0 + r->na - 1] : NULL;
	tb_atom g;
	if (!a || a->line != i - 1 ||
	    !bracket_atom(line_at(f, i - 1), i - 1, a, line_at(f, i), f->layout, &g))
		return 0;
	g.line = (unsigned short)i;
	*a = g;
	r->range_ok = 0;
	r->line1 = i;
	return 1;
}

/* Text line l starts a label rather than going on with the label on line above: it
 * opens in upper case, and above does not end open ("och", "-", ","). */
static int label_starts(const tb_line *l, const tb_line *above)
{
	const char *s, *ps;
	size_t n, pn;
	line_label(l, &s, &n);
	line_label(above, &ps, &pn);
	return !is_lower_start(s, n) && !ends_open(ps, pn);
}

/* Text line j may be part of the label of numbers alone under it: 1 with eight words at
 * most; 2 (its first line: no line above it is) where text line `goes` goes on it in
 * lower case (INT_MIN: none), a label wrapped in its cell, with fifteen; else 0. `goes`
 * is the line below j taken already in -raw ("Satsning på ökad tillgänglighet i hälso-
 * och sjukvården för barn" / "och unga i hela landet" / "308 220"), or in -layout the
 * line under the numbers, the label wrapped around them. */
static int label_above(const fit *f, int j, int goes)
{
	const tb_line *l = line_at(f, j);
	int words = count_words(l->s + l->lab0, l->lab1 - l->lab0);
	if (words <= 8)
		return 1;
	if (goes == INT_MIN || goes >= f->b->n || words > 15 || line_at(f, goes)->cls != TB_TEXT)
		return 0;
	const char *s;
	size_t n;
	line_label(line_at(f, goes), &s, &n);
	return is_lower_start(s, n) && s[0] != '(' ? 2 : 0;
}

tv_status tb_build_rows(fit *f)
{
	const tb_block *b = f->b;
	int pend[MAX_PEND], npend = 0;
	int last = -1; /* index of the last data row */
	tv_status rc;
	int wide = 0, ind = 0, nrow = 0;
	for (int i = 0; i < b->n; i++) {
		const tb_line *l = line_at(f, i);
		if (l->cls == TB_ROW) {
			nrow++;
			wide += l->wide;
			ind += l->lab1 == l->lab0 && l->indent >= 8;
		}
	}
	f->layout = nrow && (2 * wide >= nrow || ind > 0);
	f->rc_lo = f->rc_hi = 0; /* (raw_row_cells: no region yet) */
	f->colon_rows = 0;
	for (int i = 0; i < b->n; i++) {
		const tb_line *l = line_at(f, i);
		if (l->cls == TB_ROW && l->lab1 > l->lab0)
			f->colon_rows += inner_colon(l->s + l->lab0, l->lab1 - l->lab0);
	}
	/* a block that opens with numbers alone: their label is the text right above,
	 * in the look-back ("Övre Norrland" / "" / "196" in a default pdftotext dump) */
	if (b->n && line_at(f, 0)->cls == TB_ROW && line_at(f, 0)->lab0 == line_at(f, 0)->lab1) {
		int blanks = 0, got = 0, above[2];
		for (int j = -1; j >= -b->nback && got < 2; j--) {
			const tb_line *l = line_at(f, j);
			if (l->cls == TB_BLANK) {
				if (got || ++blanks > 1)
					break;
				continue;
			}
			if (l->cls != TB_TEXT || b->ff[j + 1] || tb_is_prose_line(l) ||
			    tb_is_heading_line(l))
				break;
			int goes = got ? above[got - 1] : f->layout ? 1 : INT_MIN;
			int take = label_above(f, j, goes);
			if (!take)
				break;
			above[got++] = j;
			if (take == 2)
				break;
		}
		while (got)
			pend[npend++] = above[--got];
	}
	tb_atom head;                       /* the number whose head is line head_line (raw_head) */
	int head_line = -2;                 /* (its rest opens the line after) */
	int heads_line = -2, heads_how = 0; /* a line of heads whose rests are on the next
	                                     * (wrapped_heads) */
	int first_row_line = -1;            /* the block's first row line: the head is above it */
	int page_top = 0; /* after a page break inside the table, before its rows */
	/* the heads of the first row's numbers wrapped in their cells, in the look-back
	 * ("-" / "Norrköping 9422,05" / "2142,34"): the rows start there */
	int i0 = 0, m0;
	if (f->layout && !npend && b->nback >= 1 && line_at(f, -1)->cls == TB_TEXT &&
	    fragment_start(line_at(f, -1)) && stack_at(f, -1, &m0) >= 0)
		i0 = -1;
	for (int i = i0; i < b->n; i++) {
		const tb_line *l = line_at(f, i);
		lrow *r;
		if (b->ff[i] && last >= 0)
			page_top = 1;
		if (page_top && (l->cls == TB_TEXT || l->cls == TB_YEARS) && first_row_line >= 0 &&
		    repeats_head(f, i, first_row_line)) {
			/* the header again on the next page: the table goes on (stitched) */
			if ((rc = add_row(f, R_REPEAT, i, &r)))
				return rc;
			r->ff = b->ff[i];
			continue;
		}
		if (l->cls == TB_ROW)
			page_top = 0;
		if (l->cls == TB_ROW && first_row_line < 0)
			first_row_line = i;
		switch (l->cls) {
		case TB_BLANK:
		case TB_KEEP:
			continue;
		case TB_YEARS:
			if ((rc = flush_pending(f, pend, npend)))
				return rc;
			npend = 0;
			if ((rc = add_row(f, R_YEARS, i, &r)) || (rc = add_atoms(f, i)))
				return rc;
			ROWS(f)[NROWS(f) - 1].ff = b->ff[i];
			last = -1;
			continue;
		case TB_TEXT: {
			int sm;
			if (f->layout && fragment_start(l) && stack_at(f, i, &sm) >= 0)
				break; /* the heads of numbers wrapped in their cells: a stack */
			if (last >= 0 && !npend && NROWS(f) - 1 == last) {
				/* the rests of numbers wrapped in their cells, with debris */
				int rests;
				if ((rc = wrapped_rests(f, i, &rests)))
					return rc;
				if (rests)
					continue;
			}
			if (!f->layout && raw_head(f, i, &head)) {
				head_line = i; /* joined to the next line's first number */
				continue;
			}
			if (last >= 0 && !npend && closed_below(f, &ROWS(f)[last], i))
				continue; /* "(44,7" / ")": the bracket of the number above */
			int unit = last >= 0 && !npend ? wrapped_unit(f, &ROWS(f)[last], i) : 0;
			if (unit > 0) {
				/* the unit of the number above, ending its cell */
				tb_atom *a = &ATOMS(f)[ROWS(f)[last].a0 + ROWS(f)[last].na - 1];
				a->unit = (unsigned char)unit;
				a->pct = unit == TV_UNIT_PERCENT;
			}
			if (unit) {
				ROWS(f)[last].line1 = i; /* the row's lines run to it */
				continue;
			}
			if (last >= 0 && !npend && continues(f, &ROWS(f)[last], i)) {
				tb_add_piece(&ROWS(f)[last], i, l);
				continue;
			}
			if (npend == MAX_PEND) {
				if ((rc = flush_pending(f, pend, 1)))
					return rc;
				memmove(pend, pend + 1, sizeof pend[0] * (MAX_PEND - 1));
				npend--;
			}
			pend[npend++] = i;
			continue;
		}
		default:
			break;
		}
		/* a row line */
		int how = wrapped_heads(f, i);
		if (how) {
			heads_line = i; /* its numbers go on the next line's row */
			heads_how = how;
			continue;
		}
		int nolabel = l->lab1 == l->lab0;
		const char *s;
		size_t n;
		line_label(l, &s, &n);
		int k = 0;
		int smid = -1, send = stack_at(f, i, &smid);
		if (send >= 0) {
			/* a row whose numbers wrap in their cells around its label (stack_at) */
			while (k < npend && last >= 0 && continues(f, &ROWS(f)[last], pend[k])) {
				tb_add_piece(&ROWS(f)[last], pend[k], line_at(f, pend[k]));
				k++;
			}
			if ((rc = flush_pending(f, pend + k, npend - k)))
				return rc;
			npend = 0;
			if ((rc = add_row(f, R_DATA, i, &r)))
				return rc;
			r->ff = b->ff[i];
			if (l->cls == TB_ROW)
				tb_add_piece(r, i, l);
			if (smid >= 0)
				tb_add_piece(r, smid, line_at(f, smid));
			if (line_at(f, send)->cls == TB_ROW) /* not a wrapped unit word */
				tb_add_piece(r, send, line_at(f, send));
			if ((rc = add_stack_atoms(f, i, smid, send)))
				return rc;
			r = &ROWS(f)[NROWS(f) - 1];
			const piece *p = &r->pieces[0];
			r->total = r->npieces &&
			           first_word_is_total(line_at(f, p->line)->s + p->off, p->len);
			last = NROWS(f) - 1;
			i = send;
			continue;
		}
		/* numbers alone after a blank line (or before one and a total:
		 * total_after_blank) under a row whose last line holds its label and two atoms
		 * or more, and two or more themselves, are a row of their own (a total whose
		 * label the OCR put elsewhere, the upper half of a wrapped total), not more
		 * cells of the row (as the lines of one cell each under a label alone, "Övre
		 * Norrland" / "196" / "" / "1 823", in a default pdftotext dump) */
		int own_row = 0;
		if (nolabel && i > 0 &&
		    (line_at(f, i - 1)->cls == TB_BLANK || total_after_blank(f, i)) &&
		    l->natoms >= 2 && last >= 0 && ROWS(f)[last].na >= 2) {
			const lrow *lr = &ROWS(f)[last];
			const tb_line *ll = line_at(f, ATOMS(f)[lr->a0 + lr->na - 1].line);
			own_row = has_label(ll) && ll->natoms >= 2;
		}
		if (!npend && last >= 0 && NROWS(f) - 1 == last) {
			/* the rests of numbers wrapped in their cells, a page break between or
			 * not */
			int rests;
			if ((rc = wrapped_rests(f, i, &rests)))
				return rc;
			if (rests)
				continue;
		}
		if (nolabel && !npend && last >= 0 && !b->ff[i] && !own_row &&
		    ROWS(f)[last].na + l->natoms <= TB_MAX_ATOMS && NROWS(f) - 1 == last) {
			/* numbers alone under a row: more cells of it (one cell a line), or the
			 * last decimals of the number above */
			tb_atom g;
			if (raw_decimal_tail(f, &ROWS(f)[last], i, &g)) {
				ATOMS(f)[ROWS(f)[last].a0 + ROWS(f)[last].na - 1] = g;
				ROWS(f)[last].range_ok = 0;
				ROWS(f)[last].line1 = i;
				continue;
			}
			if ((rc = add_atoms(f, i)))
				return rc;
			if (head_line == i - 1)
				glue_raw_head(f, i, &head);
			continue;
		}
		int takes_pending = nolabel || (npend && is_lower_start(s, n)) ||
		                    (npend && ends_open(line_at(f, pend[npend - 1])->s +
		                                            line_at(f, pend[npend - 1])->lab0,
		                                        line_at(f, pend[npend - 1])->lab1 -
		                                            line_at(f, pend[npend - 1])->lab0));
		/* pending lines that go on the row before: lower-case starts */
		while (k < npend && last >= 0 && !takes_pending &&
		       continues(f, &ROWS(f)[last], pend[k])) {
			tb_add_piece(&ROWS(f)[last], pend[k], line_at(f, pend[k]));
			k++;
		}
		int keep_from = npend;
		if (takes_pending) {
			/* the label lines of this row: the adjacent text lines just above it; in
			 * -raw, numbers alone (but a year: a header's cell) that open the block
			 * take them up to the line their label starts on (the lines above
			 * "Ekonomi" / "-155" / "219,5" are a header: "Kommun Återbetalt
			 * Fördelning") */
			keep_from = npend;
			int upto = nolabel && !f->layout && last < 0 && !year_alone(l);
			while (keep_from > k && npend - keep_from < 4 &&
			       label_part_in(f, line_at(f, pend[keep_from - 1])) &&
			       !(upto && keep_from < npend &&
			         label_starts(line_at(f, pend[keep_from]),
			                      line_at(f, pend[keep_from - 1]))))
				keep_from--;
		}
		if ((rc = flush_pending(f, pend + k, keep_from - k)))
			return rc;
		if ((rc = add_row(f, R_DATA, i, &r)))
			return rc;
		r->ff = b->ff[i];
		for (int j = keep_from; j < npend; j++) {
			tb_add_piece(r, pend[j], line_at(f, pend[j]));
			r->ff |= b->ff[pend[j]];
		}
		if (nolabel && npend - keep_from == 1 && pend[npend - 1] == i - 1 && f->layout)
			r->sandwich = 1;
		npend = 0;
		tb_add_piece(r, i, l);
		if ((rc = add_atoms(f, i)))
			return rc;
		if (head_line == i - 1)
			glue_raw_head(f, i, &head);
		if (heads_line == i - 1 && (rc = glue_heads(f, i - 1, heads_how)))
			return rc;
		r = &ROWS(f)[NROWS(f) - 1];
		if (r->npieces) {
			const piece *p = &r->pieces[0];
			r->total = first_word_is_total(line_at(f, p->line)->s + p->off, p->len);
		}
		/* such a row of its own that ends the rows ("213364198,2 171052754,76" under
		 * the last, "Total" printed after the prose) is taken for a total: checked as
		 * one, and its cells kept out of the body's evidence and repairs */
		int more = 0;
		for (int j = i + 1; own_row && j < b->n && !more; j++)
			more = line_at(f, j)->cls == TB_ROW || line_at(f, j)->cls == TB_YEARS;
		if (own_row && !more)
			r->total = 1;
		last = NROWS(f) - 1;
	}
	/* "(100" / "024,1)" or "(2 615" / "870)": a bracketed number wrapped onto the row's
	 * next line, whose ")" tb_line_parse took for a ruling glyph (no "(" on its line), is
	 * closed again */
	for (int i = 0; i < NROWS(f); i++) {
		const lrow *r = &ROWS(f)[i];
		for (int k = 1; r->kind == R_DATA && k < r->na; k++) {
			tb_atom *p = &ATOMS(f)[r->a0 + k - 1], *a = &ATOMS(f)[r->a0 + k];
			const tb_line *l = line_at(f, a->line);
			int q = !p->dec && a->line == p->line + 1 ? wrap_open(f, r, k - 1) : -1;
			if (q >= 0 && !a->hard && a->intd == 3 && a->glyph && a->gsuf &&
			    !a->pclose && (size_t)a->off + a->len < l->n &&
			    l->s[a->off + a->len] == ')') {
				tb_atom *o = &ATOMS(f)[r->a0 + q];
				if (!o->popen) { /* its "(" is the bracket's again */
					o->popen = 1;
					o->glyph = o->gpre = 0;
					o->off--;
					o->len++;
					o->x--;
				}
				a->len++;
				a->xend++;
				a->pclose = 1;
				a->glyph = a->gsuf = 0;
				if (a->end < a->off + a->len)
					a->end = (unsigned short)(a->off + a->len);
			}
		}
		/* "Skåne 218099,4 566324,4 (285548,6": a "(" left open at the row's end that
		 * no line below closes is a ruling line, as tb_line_parse takes one inside a
		 * line (over the open sets 37 such cells were positive in the gold, none
		 * negative) */
		tb_atom *o = r->kind == R_DATA ? open_at_end(f, r) : NULL;
		if (o) {
			o->popen = 0;
			o->glyph = o->gpre = o->hard = 1;
			o->off++;
			o->len--;
			o->x++;
		}
	}
	/* pending lines after the last row are not the table's; a row reads as prose by
	 * its whole label, continuation lines included */
	tv_buf lb = TV_BUF_INIT;
	rc = TV_OK;
	for (int i = 0; i < NROWS(f) && !rc; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA)
			continue;
		tv_buf_clear(&lb);
		rc = tb_row_label(f, r, &lb);
		r->prosy = tb_prose_label(tv_buf_str(&lb), lb.len);
		r->goodl = good_label(tv_buf_str(&lb), lb.len);
	}
	tv_buf_free(&lb);
	return rc;
}
