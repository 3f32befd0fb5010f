/*
 * tables_head.c - a table's header, title and unit, and the text of its cells and
 * checks (tables_fit.h).
 *
 * The header is read from the short text lines above the table (its header zone): one
 * line of heads, heads stacked one a line (-raw), heads wrapped over several lines, or a
 * line of years. The title comes from the caption line above the header, the unit from
 * the title or the first header cell.
 */
#include "tables_fit.h"

/* Unit phrases of a caption or a first header cell, most specific first. */
static const struct {
	const char *phrase;
	const char *unit;
} unit_phrases[] = {{"tusental kronor", "tkr"},
                    {"tusen kronor", "tkr"},
                    {"tkr", "tkr"},
                    {"miljarder kronor", "mdkr"},
                    {"mdkr", "mdkr"},
                    {"miljoner kronor", "mnkr"},
                    {"mnkr", "mnkr"},
                    {"mkr", "mnkr"},
                    {"mn kr", "mnkr"},
                    {"kronor", "kr"},
                    {"kr", "kr"},
                    {"procent", "%"},
                    {NULL, NULL}};

/* ------------------------------------------------------------------ header ---------- */

/* Appends cell text s[0..n) to the table's text and a cell to its cells. */
tv_status tb_put_cell(tb_table *t, const char *s, size_t n, int numeric)
{
	tb_cell c;
	c.off = t->text.len;
	c.len = 0;
	c.numeric = numeric;
	tv_status rc = TV_OK;
	if (n) {
		rc = numeric ? tv_swnum_normalise(s, n, &t->text) : tv_buf_append(&t->text, s, n);
		c.len = t->text.len - c.off;
	}
	return rc ? rc : tv_buf_append(&t->cells, &c, sizeof c);
}

/* put_cell for a number cell; a percentage whose "%" the OCR misread (ocr-percent, or
 * a word such as "Ho") gets its sign back (pct set, and neither "%" nor "procent" in
 * s[0..n)). */
tv_status tb_put_num(tb_table *t, const char *s, size_t n, int pct)
{
	if (!pct || (n && (memchr(s, '%', n) || memmem(s, n, "rocent", 6))))
		return tb_put_cell(t, s, n, 1);
	tv_buf tmp = TV_BUF_INIT;
	tv_status rc = tv_buf_append(&tmp, s, n);
	if (!rc)
		rc = tv_buf_puts(&tmp, " %");
	if (!rc)
		rc = tb_put_cell(t, tv_buf_str(&tmp), tmp.len, 1);
	tv_buf_free(&tmp);
	return rc;
}

/* tb_put_num for a cell s[0..n) whose last atom is z: a unit printed on a line of its own
 * after the number (wrapped_unit) is written after it, as the cells that print theirs
 * on the number's line have it ("3 518 020,45" / "tkr": "3 518 020,45 tkr"). */
tv_status tb_put_num_unit(tb_table *t, const char *s, size_t n, const tb_atom *z)
{
	if (!z->unit || z->pct || z->end != z->off + z->len)
		return tb_put_num(t, s, n, z->pct);
	tv_buf tmp = TV_BUF_INIT;
	tv_status rc = tv_buf_append(&tmp, s, n);
	if (!rc)
		rc = tv_buf_putc(&tmp, ' ');
	if (!rc)
		rc = tv_buf_puts(&tmp, tv_swunit_name((tv_swunit)z->unit));
	if (!rc)
		rc = tb_put_cell(t, tv_buf_str(&tmp), tmp.len, 1);
	tv_buf_free(&tmp);
	return rc;
}

/* Header cells from lines hl[0..nh): one cell a line, a line joined to the one before
 * when it starts in lower case or the one before ends in "-" or ",". Writes up to max
 * cells as [start,end) line ranges; returns the count. */
static int merge_header_lines(const fit *f, const int *hl, int nh, int (*cells)[2], int max)
{
	int n = 0;
	for (int k = 0; k < nh; k++) {
		const tb_line *l = line_at(f, hl[k]);
		const char *s;
		size_t len;
		line_label(l, &s, &len);
		if (l->cls != TB_TEXT)
			return -1;
		int join = 0;
		if (n) {
			const tb_line *p = line_at(f, hl[k - 1]);
			const char *ps = p->s + p->lab0;
			size_t pn = p->lab1 - p->lab0;
			join = is_lower_start(s, len) ||
			       (pn && (ps[pn - 1] == '-' || ps[pn - 1] == ','));
		}
		if (join) {
			cells[n - 1][1] = k + 1;
			continue;
		}
		if (n == max)
			return -1;
		cells[n][0] = k;
		cells[n][1] = k + 1;
		n++;
	}
	return n;
}

/* Joins the labels of lines hl[a..b) into out, hyphenated words joined. */
static tv_status join_lines(const fit *f, const int *hl, int a, int b, tv_buf *out)
{
	lrow tmp;
	memset(&tmp, 0, sizeof tmp);
	for (int k = a; k < b; k++)
		tb_add_piece(&tmp, hl[k], line_at(f, hl[k]));
	return tb_row_label(f, &tmp, out);
}

/* Words of one line as header cells: a number or "%" goes with the word before it
 * ("Utfall 2024"). Fills [start,end) byte ranges; returns the count or -1. */
int tb_header_words(const tb_line *l, size_t (*w)[2], int max)
{
	int n = 0;
	size_t i = l->lab0, e = l->natoms ? l->atoms[l->natoms - 1].end : l->lab1;
	if (e < l->lab1)
		e = l->lab1;
	while (i < e) {
		while (i < e && l->s[i] == ' ')
			i++;
		if (i >= e)
			break;
		size_t j = i;
		while (j < e && l->s[j] != ' ')
			j++;
		int attach = n && ((l->s[i] >= '0' && l->s[i] <= '9') || l->s[i] == '%');
		if (attach) {
			w[n - 1][1] = j;
		} else {
			if (n == max)
				return -1;
			w[n][0] = i;
			w[n][1] = j;
			n++;
		}
		i = j;
	}
	return n;
}

int tb_is_upper_start(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (c >= 'A' && c <= 'Z')
		return 1;
	/* Å Ä Ö É */
	return n >= 2 && c == 0xC3 &&
	       ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0x84 ||
	        (unsigned char)s[1] == 0x96 || (unsigned char)s[1] == 0x89);
}

/* A line of hyphenated word openers alone ("Nettokost- Budget-"), the upper halves of
 * header cells whose rest is on the header line below: their count, with their byte
 * ranges in w, or 0. */
static int opener_words(const tb_line *l, size_t (*w)[2], int max)
{
	int n = 0;
	size_t i = (size_t)l->indent;
	if (l->cls != TB_TEXT)
		return 0;
	while (i < l->n) {
		while (i < l->n && l->s[i] == ' ')
			i++;
		if (i >= l->n)
			break;
		size_t j = i;
		while (j < l->n && l->s[j] != ' ')
			j++;
		if (n == max || j - i < 4 || l->s[j - 1] != '-' ||
		    !tb_is_upper_start(l->s + i, j - i))
			return 0;
		w[n][0] = i;
		w[n][1] = j;
		n++;
		i = j;
	}
	return n;
}

/*
 * The cells of a header line without layout, by its cues: a capital letter opens a cell
 * ("Belopp i miljoner kronor Utfall 2023 Budget"), a year or "%" closes one ("Utfall
 * 2024 nadsutv. %"), and a lower-case word right after a closed cell opens one that
 * goes on a hyphenated opener of the line above ("Nettokost-" over "nadsutv. %"), the
 * openers taken in order, their count the count of such cells. Fills c with the cells'
 * byte ranges on l and op[k] with the opener of cell k (-1: none); returns the count, or
 * -1 when the cues do not agree (a lower-case cell without its opener, or the reverse).
 */
int tb_header_cells(const tb_line *l, int nopen, size_t (*c)[2], int *op, int max)
{
	size_t w[TB_MAX_COLS + 16][2];
	int nw = tb_header_words(l, w, TB_MAX_COLS + 16), n = 0, used = 0, closed = 0, rule = 0;
	for (int k = 0; k < nw; k++) {
		/* a rule the OCR read ("|Antal", "Belopp |") parts two cells */
		while (w[k][0] < w[k][1] &&
		       (l->s[w[k][0]] == '|' || l->s[w[k][0]] == '[' || l->s[w[k][0]] == ']'))
			w[k][0]++, rule = 1;
		int after = 0;
		while (w[k][1] > w[k][0] && l->s[w[k][1] - 1] == '|')
			w[k][1]--, after = 1;
		if (w[k][0] == w[k][1])
			continue;
		const char *s = l->s + w[k][0];
		size_t len = w[k][1] - w[k][0];
		int upper = tb_is_upper_start(s, len),
		    lower = is_lower_start(s, len) && s[0] != '(';
		/* a word after "i" goes on its cell, capitalised or not ("Belopp i Mkr") */
		if (k && !rule && w[k - 1][1] - w[k - 1][0] == 1 && l->s[w[k - 1][0]] == 'i')
			upper = 0;
		if (!n || upper || rule || (closed && lower)) {
			rule = 0;
			if (n == max)
				return -1;
			op[n] = -1;
			if (n > 0 && !upper && closed && lower) {
				if (used == nopen)
					return -1;
				op[n] = used++;
			}
			c[n][0] = w[k][0];
			n++;
		}
		c[n - 1][1] = w[k][1];
		char z = l->s[w[k][1] - 1];
		closed = (z >= '0' && z <= '9') || z == '%';
		rule = after;
	}
	return used == nopen ? n : -1;
}

/* The caption and unit. */
static const char *find_unit(const char *s, size_t n)
{
	char low[512];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof low; i++) {
		char c = s[i];
		low[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[k] = 0;
	for (int u = 0; unit_phrases[u].phrase; u++) {
		size_t pl = strlen(unit_phrases[u].phrase);
		for (const char *p = low; (p = strstr(p, unit_phrases[u].phrase)); p++) {
			int before = p == low || !((p[-1] >= 'a' && p[-1] <= 'z') ||
			                           (unsigned char)p[-1] >= 0x80);
			char after = p[pl];
			int aft = !((after >= 'a' && after <= 'z') || (unsigned char)after >= 0x80);
			if (before && aft)
				return unit_phrases[u].unit;
		}
	}
	return NULL;
}

/* A numbered or Markdown heading ("3.1 Ekonomiskt resultat", "## Fördelning") or a
 * caption ("Tabell 3. ..."): the title above a table, never a header row. */
int tb_is_heading_line(const tb_line *l)
{
	const char *s = l->s + l->indent;
	size_t n = l->n - (size_t)l->indent;
	if (n && s[0] == '#')
		return 1;
	for (int i = 0; tb_caption_words[i]; i++)
		if (n > strlen(tb_caption_words[i]) &&
		    !strncmp(s, tb_caption_words[i], strlen(tb_caption_words[i])))
			return 1;
	size_t i = 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	return i > 0 && i < n && s[i] == ' ' && s[0] != '0' && count_words(s, n) <= 8 &&
	       !(s[n - 1] == '.');
}

/* Writes the header rows of table t (from the lines above row r0) and sets title/unit;
 * returns the first line of the table (the first header line, or the first row's). */
/* The line index below every look-back line: no line. */
static int none_line(const tb_block *b)
{
	return -b->nback - 1;
}

/* Line indices hl[0..nh), gathered bottom-up by a walk up from a table, made top-down. */
static void top_down(int *hl, int nh)
{
	for (int a = 0, z = nh - 1; a < z; a++, z--) {
		int tmp = hl[a];
		hl[a] = hl[z];
		hl[z] = tmp;
	}
}

/*
 * The header zone above line top (a table's first row, or its years line when years is
 * set): the short text lines right above it, up to a blank line (two in -layout or over
 * a years line), prose, a page break or a heading, whose line goes to *title_line
 * (else none_line). Fills hl with their line indices top-down; returns their count.
 */
int tb_header_zone(const fit *f, int top, int years, int *hl, int *title_line)
{
	const tb_block *b = f->b;
	int nh = 0, blanks = 0;
	*title_line = none_line(b);
	for (int i = top - 1; i >= -b->nback && nh < MAX_HEADER_LINES; i--) {
		const tb_line *l = &b->lines[i];
		if (l->cls == TB_BLANK) {
			if (++blanks > 1 || (nh && !f->layout && !years))
				break;
			continue;
		}
		if (l->cls != TB_TEXT || tb_is_prose_line(l) || b->ff[i + 1])
			break;
		if (tb_is_heading_line(l)) {
			*title_line = i;
			break;
		}
		const char *s;
		size_t n;
		line_label(l, &s, &n);
		if (count_words(s, n) > 12 || (n && (s[n - 1] == '.' || s[n - 1] == ':')))
			break;
		blanks = 0;
		hl[nh++] = i;
	}
	top_down(hl, nh);
	return nh;
}

/* Line l of a -raw header goes on the cell of the line above it: a year or "%" alone, a
 * lower-case start ("Preliminär" / "tilldelning"), or that line ends in "-" or ",". */
int tb_stack_joins(const tb_line *l, const tb_line *above)
{
	const char *s, *ps;
	size_t n, pn;
	line_label(l, &s, &n);
	line_label(above, &ps, &pn);
	return year_alone(l) || (n == 1 && s[0] == '%') || is_lower_start(s, n) ||
	       (pn && (ps[pn - 1] == '-' || ps[pn - 1] == ','));
}

/*
 * The lines of a -raw header above line top (a table's first row), where pdftotext
 * writes each header cell on lines of its own ("Verksamhet" / "Beslutat" / "belopp" /
 * "Andel %", "Län" / "Utfall" / "2023" / ...): short text lines, years alone, and lines of
 * words ending in one year ("Belopp i Mkr 2026"), up to a blank line, prose, a heading or
 * a page break. Fills hl top-down; returns their count.
 */
int tb_raw_header_lines(const fit *f, int top, int *hl)
{
	const tb_block *b = f->b;
	int nh = 0;
	for (int i = top - 1; i >= -b->nback && nh < MAX_HEADER_LINES && !b->ff[i + 1]; i--) {
		const tb_line *l = &b->lines[i];
		const char *s;
		size_t n;
		line_label(l, &s, &n);
		int yearly = l->cls == TB_ROW && l->natoms == 1 && n && year_atom(l->atoms);
		if (!year_alone(l) && !yearly && l->cls != TB_TEXT)
			break;
		if (n && (tb_is_prose_line(l) || tb_is_heading_line(l) || count_words(s, n) > 12 ||
		          s[n - 1] == '.' || s[n - 1] == ':'))
			break;
		hl[nh++] = i;
	}
	top_down(hl, nh);
	return nh;
}

/* Bytes [a, b) of line l are a unit word, footnote stars after it left out ("Mkr**"). */
static int unit_cell(const tb_line *l, size_t a, size_t b)
{
	while (b > a && l->s[b - 1] == '*')
		b--;
	return tb_unit_word(l->s + a, b - a);
}

/*
 * The header cells lines hl[0..nh) name, each line split by its cues (tb_header_cells; one
 * cell where they do not agree), a line that goes on the cell above joining it: one that
 * opens in lower case ("Utbetal" / "t"), or in a -raw header (raw) one that tb_stack_joins.
 * In a -raw header a line's one cell runs to its last number (its year), and a unit
 * word ends the cell before it ("Belopp i Mkr**"). Returns the count and fills c[k] with
 * cell k's first line (index into hl) and bytes on it, and its last line (max cells at
 * most: -1 past).
 */
int tb_walk_header(const fit *f, const int *hl, int nh, int raw, stacked_cell *c, int max)
{
	int n = 0;
	for (int k = 0; k < nh; k++) {
		const tb_line *l = line_at(f, hl[k]);
		if (k && (raw ? tb_stack_joins(l, line_at(f, hl[k - 1]))
		              : is_lower_start(l->s + l->lab0, l->lab1 - l->lab0))) {
			c[n - 1].last = k;
			continue;
		}
		size_t hc[TB_MAX_COLS + 2][2];
		int op[TB_MAX_COLS + 2];
		int m = tb_header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
		if (m <= 0) {
			m = 1;
			hc[0][0] = l->lab0;
			hc[0][1] = raw && l->natoms ? l->atoms[l->natoms - 1].end : l->lab1;
		}
		for (int q = 0; q < m; q++, n++) {
			if (raw && q && unit_cell(l, hc[q][0], hc[q][1])) {
				c[--n].b = hc[q][1];
				continue;
			}
			if (n == max)
				return -1;
			c[n].line = c[n].last = k;
			c[n].a = hc[q][0];
			c[n].b = hc[q][1];
		}
	}
	return n;
}

/* The header cells of -raw header lines hl[0..nh) (tb_walk_header) when its first line
 * heads the label column; else -1: it goes on a cell above it, or its cell ends in a
 * year or "%" ("Utfall" / "2023" heads a column), or the lines name no cell. */
int tb_raw_header_cells(const fit *f, const int *hl, int nh, stacked_cell *c, int max)
{
	if (!nh || tb_stack_joins(line_at(f, hl[0]), line_at(f, hl[0])))
		return -1;
	int n = tb_walk_header(f, hl, nh, 1, c, max);
	if (n <= 0)
		return -1;
	const tb_line *l = line_at(f, hl[c[0].last]);
	size_t e = c[0].last > c[0].line ? l->n : c[0].b;
	while (e > 1 && l->s[e - 1] == ' ')
		e--;
	char z = e ? l->s[e - 1] : 0;
	return (z >= '0' && z <= '9') || z == '%' ? -1 : n;
}

/* Line l is two capitalised words, a head for the label column and one for a number
 * column ("Län Utbetalt"); their byte ranges into w when w is given. */
int tb_two_heads(const tb_line *l, size_t (*w)[2])
{
	size_t own[3][2];
	if (!w)
		w = own;
	return tb_header_words(l, w, 3) == 2 && count_words(l->s, l->n) == 2 &&
	       tb_is_upper_start(l->s + w[0][0], w[0][1] - w[0][0]) &&
	       tb_is_upper_start(l->s + w[1][0], w[1][1] - w[1][0]);
}

/* Row r, a label and one year ("Verksamhet 2023", "Belopp i Mkr 2024"), heads a table of
 * one number column: a short label that is no sentence. */
int tb_year_head(const fit *f, const lrow *r)
{
	if (r->kind != R_DATA || r->na != 1 || r->npieces != 1 ||
	    r->pieces[0].line != ATOMS(f)[r->a0].line)
		return 0;
	const char *s = line_at(f, r->pieces[0].line)->s + r->pieces[0].off;
	size_t n = r->pieces[0].len;
	return count_words(s, n) <= 3 && !tb_prose_label(s, n);
}

/* The title of table t from caption line cap: its words, "#", "*" and spaces trimmed, the
 * line above it first where it is "(mnkr)" alone; none where it reads as prose or ends a
 * sentence. */
tv_status tb_caption_title(const tb_block *b, int cap, tb_table *t)
{
	tv_status rc = TV_OK;
	const tb_line *l = &b->lines[cap];
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	if (l->cls == TB_ROW) /* "Regionstyrelsen 2024" above the openers: all of it */
		s = l->s, n = l->n;
	while (n && (*s == '#' || *s == ' ' || *s == '*'))
		s++, n--;
	/* "för 2026\*": a footnote star, escaped or not, ends no caption */
	while (n && (s[n - 1] == '*' || s[n - 1] == ' '))
		n -= n >= 2 && s[n - 1] == '*' && s[n - 2] == '\\' ? 2 : 1;
	/* "(mnkr)" alone: the caption is the line above it and this */
	if (n && s[0] == '(' && cap - 1 >= -b->nback && b->lines[cap - 1].cls == TB_TEXT &&
	    !tb_is_prose_line(&b->lines[cap - 1])) {
		const tb_line *u = &b->lines[cap - 1];
		rc = tv_buf_append(&t->title, u->s + u->lab0, u->lab1 - u->lab0);
		if (!rc)
			rc = tv_buf_putc(&t->title, ' ');
	}
	if (!rc && n <= 200 && !tb_is_prose_line(l) && n && s[n - 1] != '.')
		rc = tv_buf_append(&t->title, s, n);
	else if (!rc)
		tv_buf_clear(&t->title);
	return rc;
}

/* The unit of table t: its title's, else its first header cell's ("Belopp i mnkr"). */
void tb_table_unit(tb_table *t)
{
	t->unit = t->title.len ? find_unit(t->title.data, t->title.len) : NULL;
	if (!t->unit && t->nheadrows) {
		const tb_cell *c0 = (const tb_cell *)(const void *)t->cells.data;
		if (c0->len)
			t->unit = find_unit(t->text.data + c0->off, c0->len);
	}
}

/* Header cell c of tb_walk_header over lines hl[0..) into cell, its words on one line: its
 * bytes on its first line, then after a space the label of each line it goes on to, or
 * in a -raw header (raw) the whole line, years too, trimmed, with a hyphen before a
 * lower-case start dropped in place of the space ("Nettokost-" / "nadsutv."). */
static tv_status header_text(const fit *f, const int *hl, const stacked_cell *c, int raw,
                             tv_buf *cell)
{
	const tb_line *l = line_at(f, hl[c->line]);
	tv_buf_clear(cell);
	tv_status rc = tv_buf_append(cell, l->s + c->a, c->b - c->a);
	for (int k = c->line + 1; k <= c->last && !rc; k++) {
		const tb_line *u = line_at(f, hl[k]);
		size_t a = raw ? (size_t)u->indent : u->lab0, e = raw ? u->n : u->lab1;
		while (e > a && u->s[e - 1] == ' ')
			e--;
		if (raw && cell->len && cell->data[cell->len - 1] == '-' &&
		    is_lower_start(u->s + a, e - a))
			tv_buf_truncate(cell, cell->len - 1);
		else
			rc = tv_buf_putc(cell, ' ');
		if (!rc)
			rc = tv_buf_append(cell, u->s + a, e - a);
	}
	return rc;
}

tv_status tb_make_header(fit *f, const segment *sg, tb_table *t, int *first)
{
	const tb_block *b = f->b;
	int K = f->K;
	const lrow *fr = &ROWS(f)[sg->r0];
	int top = fr->line0;
	int hl[MAX_HEADER_LINES], title_line;
	int years_line = sg->years >= 0 ? ROWS(f)[sg->years].line0 : -1;
	/* the header zone: short text lines (and a years line) right above the first row */
	int nh =
	    tb_header_zone(f, years_line >= 0 ? years_line : top, years_line >= 0, hl, &title_line);
	int head_from = nh; /* hl[head_from..nh) are header lines; the rest may be caption */
	int cells[TB_MAX_COLS + 2][2];
	tv_buf cell = TV_BUF_INIT;
	tv_status rc = TV_OK;
	int header_done = 0;
	*first = years_line >= 0 ? years_line : top;
	int stack_cap = none_line(b); /* the caption above a header stacked_k counted */
	if (f->stack_top != INT_MIN) {
		/* the -raw header, one cell a line, that named K: its cells from its first line */
		int sl[MAX_HEADER_LINES], ns = tb_raw_header_lines(f, top, sl), s = 0;
		stacked_cell sc[TB_MAX_COLS + 2];
		while (s < ns && sl[s] != f->stack_top)
			s++;
		if (f->stack_group != INT_MIN)
			ns--; /* (the table's first group row) */
		if (s < ns &&
		    tb_raw_header_cells(f, sl + s, ns - s, sc, TB_MAX_COLS + 2) == K + 1) {
			for (int c = 0; c <= K && !rc; c++) {
				rc = header_text(f, sl + s, &sc[c], 1, &cell);
				if (!rc)
					rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, c > 0);
			}
			if (rc)
				goto out;
			t->nheadrows = 1;
			header_done = 1;
			/* the header zone's lines from the header's first are the header; a
			 * line above them is the caption */
			for (head_from = 0; head_from < nh && hl[head_from] < f->stack_top;
			     head_from++)
				;
			*first = f->stack_top;
			if (s > 0)
				stack_cap = sl[s - 1];
			else if (sl[0] > -b->nback && !b->ff[sl[0]] &&
			         tb_is_heading_line(line_at(f, sl[0] - 1)))
				stack_cap = sl[0] - 1; /* "Tabell 1. Kostnader per område i mnkr" */
		} else {
			f->stack_group = INT_MIN; /* (a group row only under its header) */
		}
	}
	if (!header_done && years_line < 0 && sg->nyr >= 2 && sg->nyr <= K) {
		/* rows of one year each, above the first: "Utfall 2023 | Utfall 2024 | ...";
		 * lines above the first one's label head the label column ("Belopp i Mkr") */
		lrow head = ROWS(f)[sg->yr0];
		head.npieces = head.npieces > 1 ? head.npieces - 1 : 0;
		tv_buf_clear(&cell);
		if ((rc = tb_row_label(f, &head, &cell)) ||
		    (rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, 0)))
			goto out;
		/* the text lines between the last year and the first row head the columns
		 * after the years when they name as many ("Budget" / "2023" / "Avvikelse
		 * mot" / "budget"); else the columns the years leave unnamed are the first */
		stacked_cell sc[TB_MAX_COLS + 2];
		int after = nh && tb_walk_header(f, hl, nh, 0, sc, TB_MAX_COLS + 2) == K - sg->nyr;
		for (int j = 0; j < K - sg->nyr && !after && !rc; j++)
			rc = tb_put_cell(t, "", 0, 1);
		for (int k = 0; k < sg->nyr && !rc; k++) {
			lrow yr = ROWS(f)[sg->yr0 + k];
			if (k == 0 && yr.npieces > 1) {
				yr.pieces[0] = yr.pieces[yr.npieces - 1];
				yr.npieces = 1;
			}
			tv_buf_clear(&cell);
			if ((rc = tb_row_label(f, &yr, &cell)))
				break;
			const tb_atom *a = ATOMS(f) + yr.a0;
			if (cell.len)
				rc = tv_buf_putc(&cell, ' ');
			if (!rc)
				rc = tv_buf_append(&cell, line_at(f, a->line)->s + a->off, a->len);
			if (!rc)
				rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, 1);
		}
		for (int c = 0; after && c < K - sg->nyr && !rc; c++) {
			rc = header_text(f, hl, &sc[c], 0, &cell);
			if (!rc)
				rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, 1);
		}
		if (rc)
			goto out;
		t->nheadrows = 1;
		header_done = 1;
		head_from = after ? 0 : nh;
		*first = ROWS(f)[sg->yr0].line0;
		top = *first;
		/* the text line right above the header is its caption ("Resultat per
		 * verksamhet" over "Område" / "Utfall" / "2022" / ...) */
		if (after && top - 1 >= -b->nback && !b->ff[top] &&
		    b->lines[top - 1].cls == TB_TEXT && !tb_is_prose_line(&b->lines[top - 1]))
			stack_cap = top - 1;
	}
	const lrow *yr1 = &ROWS(f)[sg->yr0];
	if (!header_done && years_line < 0 && K == 1 && sg->nyr == 1 && tb_year_head(f, yr1)) {
		/* one column under a label and a year: the header ("Verksamhet 2023" over
		 * "Laboratoriemedicin 59 210"); the caption is above it */
		const tb_line *l = line_at(f, yr1->line0);
		const tb_atom *a = ATOMS(f) + yr1->a0;
		size_t s0 = yr1->pieces[0].off, e0 = s0 + yr1->pieces[0].len, w1 = s0;
		while (w1 < e0 && l->s[w1] != ' ')
			w1++;
		size_t w2 = w1;
		while (w2 < e0 && l->s[w2] == ' ')
			w2++;
		/* a capital word after the first opens the column's head ("Län Ram 2023",
		 * "Åtgärd Miljoner kronor 2025"); else the words head the labels ("Belopp i
		 * Mkr 2024") */
		if (w2 == e0 || !tb_is_upper_start(l->s + w2, e0 - w2))
			w1 = w2 = e0;
		if ((rc = tb_put_cell(t, l->s + s0, w1 - s0, 0)))
			goto out;
		tv_buf_clear(&cell);
		rc = tv_buf_append(&cell, l->s + w2, e0 - w2);
		if (!rc && cell.len)
			rc = tv_buf_putc(&cell, ' ');
		if (!rc)
			rc = tv_buf_append(&cell, l->s + a->off, a->len);
		if (rc || (rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, 1)))
			goto out;
		t->nheadrows = 1;
		header_done = 1;
		*first = top = yr1->line0;
		nh = head_from = tb_header_zone(f, top, 0, hl, &title_line);
	}
	if (years_line >= 0) {
		/* years: the header row; layout text lines right above become the caption */
		const lrow *yr = &ROWS(f)[sg->years];
		const tb_atom *A = ATOMS(f) + yr->a0;
		int ny = yr->na;
		if (ny <= K) {
			/* the words before the years head the label column ("Verksamhet 2023
			 * 2024") */
			const char *ls;
			size_t ln;
			line_label(line_at(f, years_line), &ls, &ln);
			if ((rc = tb_put_cell(t, ls, ln, 0)))
				goto out;
			for (int j = 0; j < K; j++) {
				int k = j - (K - ny);
				if (k < 0) {
					rc = tb_put_cell(t, "", 0, 1);
				} else {
					const char *ys = line_at(f, A[k].line)->s + A[k].off;
					size_t yl = A[k].len;
					if (yl == 5 && ys[0] == '1')
						ys++, yl--;
					rc = tb_put_cell(t, ys, yl, 1);
				}
				if (rc)
					goto out;
			}
			t->nheadrows = 1;
			header_done = 1;
		}
	}
	if (!header_done && nh && f->layout) {
		/* -layout: header words go to the column whose span holds them */
		tv_buf col[TB_MAX_COLS + 1];
		for (int j = 0; j <= K; j++)
			col[j] = (tv_buf)TV_BUF_INIT;
		int filled = 0, hf = nh;
		for (int k = nh - 1; k >= 0; k--) {
			const tb_line *l = line_at(f, hl[k]);
			if (!l->wide && l->indent < 4 && k < nh - 1)
				break;
			hf = k;
		}
		for (int k = hf; k < nh && !rc; k++) {
			const tb_line *l = line_at(f, hl[k]);
			size_t w[64][2];
			/* split on wide gaps only */
			int nw = 0;
			size_t p = (size_t)l->indent;
			while (p < l->n && nw < 64) {
				while (p < l->n && l->s[p] == ' ')
					p++;
				if (p >= l->n)
					break;
				size_t q = p;
				while (q < l->n &&
				       !(l->s[q] == ' ' && (q + 1 >= l->n || l->s[q + 1] == ' ')))
					q++;
				w[nw][0] = p;
				w[nw][1] = q;
				nw++;
				p = q;
			}
			for (int q = 0; q < nw && !rc; q++) {
				/* display column of the word: count code points */
				int x = 0;
				for (size_t z = 0; z < w[q][0]; z++)
					x += ((unsigned char)l->s[z] & 0xC0) != 0x80;
				int j = 0;
				for (int c = 0; c < K; c++)
					if (f->prof[c].nx && x >= f->prof[c].x - 6)
						j = c + 1;
				if (!col[j].len && j)
					filled++;
				/* "Nettokost-" over "nadsutv.": one word, as reflow joins it */
				if (col[j].len && col[j].data[col[j].len - 1] == '-' &&
				    is_lower_start(l->s + w[q][0], w[q][1] - w[q][0]) &&
				    l->s[w[q][0]] != '(' && col[j].len >= 2 &&
				    col[j].data[col[j].len - 2] != ' ')
					tv_buf_truncate(&col[j], col[j].len - 1);
				else if (col[j].len)
					rc = tv_buf_putc(&col[j], ' ');
				if (!rc)
					rc = tv_buf_append(&col[j], l->s + w[q][0],
					                   w[q][1] - w[q][0]);
			}
		}
		if (!rc && 2 * filled >= K && filled) {
			for (int j = 0; j <= K && !rc; j++)
				rc = tb_put_cell(t, tv_buf_str(&col[j]), col[j].len, j > 0);
			t->nheadrows = 1;
			header_done = 1;
			head_from = hf;
		}
		for (int j = 0; j <= K; j++)
			tv_buf_free(&col[j]);
		if (rc)
			goto out;
	}
	if (!header_done && nh) {
		/* the line right above, word by word: in -raw a word for every column and the
		 * label column ("Område Utfall Budget"); over one number column two capitalised
		 * words, one each ("Län Utbetalt"), the lines above it the caption */
		const tb_line *l = line_at(f, hl[nh - 1]);
		size_t w[TB_MAX_COLS + 2][2];
		int nw = 0;
		if (!f->layout && K > 1)
			nw = tb_header_words(l, w, TB_MAX_COLS + 2) == K + 1 ? K + 1 : 0;
		else if (K == 1 && tb_two_heads(l, w))
			nw = 2;
		if (nw) {
			for (int c = 0; c < nw && !rc; c++)
				rc = tb_put_cell(t, l->s + w[c][0], w[c][1] - w[c][0], c > 0);
			if (rc)
				goto out;
			t->nheadrows = 1;
			header_done = 1;
			head_from = nh - 1;
		}
	}
	if (!header_done && nh && !f->layout) {
		/* one cell a line (longest run of lines ending at the table that fits) */
		for (int s = 0; s < nh && !header_done; s++) {
			int nc = merge_header_lines(f, hl + s, nh - s, cells, TB_MAX_COLS + 2);
			if (nc != K + 1 && !(nc == K && nc > 1))
				continue;
			if (nc == K && (rc = tb_put_cell(t, "", 0, 0)))
				goto out;
			for (int c = 0; c < nc && !rc; c++) {
				tv_buf_clear(&cell);
				rc = join_lines(f, hl + s, cells[c][0], cells[c][1], &cell);
				if (!rc)
					rc = tb_put_cell(t, tv_buf_str(&cell), cell.len,
					                 c > 0 || nc == K);
			}
			if (rc)
				goto out;
			t->nheadrows = 1;
			header_done = 1;
			head_from = s;
		}
		if (!header_done) {
			/* the line right above, word by word */
			const tb_line *l = line_at(f, hl[nh - 1]);
			size_t w[TB_MAX_COLS + 2][2];
			int nw = tb_header_words(l, w, TB_MAX_COLS + 2);
			if (nw == K + 1 || (nw == K && nw > 1)) {
				if (nw == K && (rc = tb_put_cell(t, "", 0, 0)))
					goto out;
				for (int c = 0; c < nw && !rc; c++)
					rc = tb_put_cell(t, l->s + w[c][0], w[c][1] - w[c][0],
					                 c > 0 || nw == K);
				if (rc)
					goto out;
				t->nheadrows = 1;
				header_done = 1;
				head_from = nh - 1;
			}
		}
	}
	int open_line = none_line(b);
	if (!header_done && nh && !f->layout) {
		/* the line right above split by its cues (tb_header_cells), hyphenated openers on
		 * the line above it (a blank line between at most) joined to their cells */
		const tb_line *l = line_at(f, hl[nh - 1]);
		size_t ow[TB_MAX_COLS + 1][2], hc[TB_MAX_COLS + 2][2];
		int op[TB_MAX_COLS + 2], nopen = 0, ol = hl[nh - 1] - 1;
		if (ol >= -b->nback && b->lines[ol].cls == TB_BLANK && !b->ff[ol + 1])
			ol--;
		if (ol >= -b->nback && !b->ff[ol + 1] &&
		    (nopen = opener_words(&b->lines[ol], ow, TB_MAX_COLS + 1)) > 0)
			open_line = ol;
		int nc = tb_header_cells(l, nopen, hc, op, TB_MAX_COLS + 2);
		if (nc == K + 1 && K > 1) {
			for (int c = 0; c < nc && !rc; c++) {
				tv_buf_clear(&cell);
				const char *cs = l->s + hc[c][0];
				size_t cn = hc[c][1] - hc[c][0];
				if (op[c] >= 0) {
					/* "Nettokost-" "nadsutv. %": one word, as reflow joins it;
					 * "Budget-" "och prognos" keeps its hyphen */
					const tb_line *o = &b->lines[open_line];
					size_t on = ow[op[c]][1] - ow[op[c]][0];
					int conj = (cn >= 4 && !memcmp(cs, "och ", 4)) ||
					           (cn >= 6 && !memcmp(cs, "eller ", 6)) ||
					           (cn >= 5 && !memcmp(cs, "samt ", 5));
					rc = tv_buf_append(&cell, o->s + ow[op[c]][0],
					                   conj ? on : on - 1);
					if (!rc && conj)
						rc = tv_buf_putc(&cell, ' ');
				}
				if (!rc)
					rc = tv_buf_append(&cell, cs, cn);
				if (!rc)
					rc = tb_put_cell(t, tv_buf_str(&cell), cell.len, c > 0);
			}
			if (rc)
				goto out;
			t->nheadrows = 1;
			header_done = 1;
			head_from = nh - 1;
		} else {
			open_line = none_line(b);
		}
	}
	if (header_done && head_from < nh)
		*first = hl[head_from] < *first ? hl[head_from] : *first;
	if (open_line != none_line(b) && open_line < *first)
		*first = open_line;
	/* the caption: the line above the header, or above the table (line indices of the
	 * look-back are negative, so "none" is below them all) */
	const int none = none_line(b);
	int cap = none;
	if (open_line != none) {
		/* above the openers: the caption, as above a header ("Regionstyrelsen 2024") */
		int j = open_line - 1;
		if (j >= -b->nback && b->lines[j].cls == TB_BLANK && !b->ff[j + 1])
			j--;
		if (j >= -b->nback && !b->ff[j + 1] && b->lines[j].cls != TB_BLANK &&
		    !tb_is_prose_line(&b->lines[j]))
			cap = j;
		title_line = none;
	} else if (stack_cap != none) {
		cap = stack_cap;
	} else if (header_done && head_from > 0)
		cap = hl[head_from - 1];
	else if (!header_done && nh)
		cap = hl[nh - 1] == top - 1 ? hl[nh - 1] : none;
	else if (!nh && title_line == none) {
		int j = (years_line >= 0 ? years_line : top) - 1;
		while (j >= -b->nback && b->lines[j].cls == TB_BLANK)
			j--;
		if (j >= -b->nback && b->lines[j].cls == TB_TEXT && !tb_is_prose_line(&b->lines[j]))
			cap = j;
	}
	if (title_line != none && (cap == none || !header_done))
		cap = title_line;
	if (cap >= -b->nback && (rc = tb_caption_title(b, cap, t)))
		goto out;
	tb_table_unit(t);
out:
	tv_buf_free(&cell);
	return rc;
}

/* A relation as the checks write it: "c6=c4-c5" (columns 1-based, the label is c1). */
/* Appends s to txt[0..*k) (room cap > 0; as snprintf, cut short and terminated). */
void tb_txt_put(char *txt, size_t cap, size_t *k, const char *s)
{
	while (*s && *k + 1 < cap)
		txt[(*k)++] = *s++;
	txt[*k] = '\0';
}

/* Appends s, then v in decimal (as %d), to txt[0..*k). */
void tb_txt_num(char *txt, size_t cap, size_t *k, const char *s, int v)
{
	char d[16];
	size_t n = sizeof d - 1;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	d[n] = '\0';
	do {
		d[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[--n] = '-';
	tb_txt_put(txt, cap, k, s);
	tb_txt_put(txt, cap, k, d + n);
}

/* "c4=c3-c2": the relation's columns (numbered from 2, the label being 1) and the
 * operator of its kind; made without printf, once for every relation of every table. */
void tb_rel_text(const struct relation *rel, char *txt, size_t cap)
{
	static const char *const ops[] = {"", "", "-c", "+c", "/c", "/c"};
	size_t k = 0;
	if (!cap)
		return;
	tb_txt_num(txt, cap, &k, "c", rel->c + 2);
	tb_txt_num(txt, cap, &k, "=c", rel->a + 2);
	if (rel->kind == REL_EQ)
		return;
	int kind = rel->kind >= REL_DIFF && rel->kind <= REL_SHARE ? rel->kind : REL_SHARE;
	tb_txt_num(txt, cap, &k, ops[kind], rel->b + 2);
	if (kind == REL_RATIO)
		tb_txt_put(txt, cap, &k, "-1");
}

void tb_check_text(fit *f, tb_table *t, const char *kind, const char *rel, int held)
{
	(void)f;
	if (t->checks.len)
		tv_buf_putc(&t->checks, ';');
	tv_buf_puts(&t->checks, kind);
	tv_buf_putc(&t->checks, ':');
	tv_buf_puts(&t->checks, rel);
	tv_buf_puts(&t->checks, held ? ":held" : ":failed");
}
