/*
 * tables_fit.c - rebuilds the tables of one block of lines: the column count and the fit.
 *
 * 1. Logical rows (tables_logical.c).
 * 2. The column count K: the smallest count every row's atoms can fill (or the count of
 *    the years above the table).
 * 3. Readings (tables_read.c): each row's atoms joined into cells, scored by column
 *    profile and arithmetic, totals checked.
 * 4. Repairs (tables_repair.c, tables_rules.c): a damaged number is changed only when a
 *    relation that holds in the rest of the table holds for it only after the change.
 * 5. Header, title and unit from the lines above the table (tables_head.c).
 * This file tries the column counts of a segment of rows and keeps the best fit, then
 * writes the table. Every search is capped (TB_MAX_READINGS readings a row, TB_MAX_COLS
 * columns), so the work is linear in the rows of the block.
 */
#include "tables_fit.h"

static const char *const rel_kind_name[] = {"", "equal", "diff", "sum", "ratio", "share"};

/* How many of the n rows' least cell counts mins[] are more than c. */
static int rows_over(const int *mins, int n, int c)
{
	int over = 0;
	for (int q = 0; q < n; q++)
		over += mins[q] > c;
	return over;
}

/* Cell j of cells cv (K of them) is a digit group split off the number after it: one
 * group of at most three digits, no decimals, whose next atom, which could go on it, opens
 * cell j + 1, a number with decimals as another cell of the row prints them ("31 |
 * 188,2" beside "12 734,4"). */
static int split_cell(const fit *f, const cellv *cv, int j, int K)
{
	const tb_atom *a = ATOMS(f) + cv[j].a;
	if (cv[j].na != 1 || a->intd > 3 || a->dec || !cv[j + 1].present ||
	    cv[j + 1].a != cv[j].a + 1 || !joinable(a, a + 1))
		return 0;
	for (int m = 0; m < K; m++)
		if (m != j && m != j + 1 && cv[m].present && cv[m].dec == cv[j + 1].dec &&
		    cv[m].na == cv[j + 1].na + 1)
			return 1;
	return 0;
}

/* The fit tb_try_columns left for rows [r0, r1) has a column made of digit groups split off
 * the numbers after them (split_cell) in every row with a cell there but one in five or
 * fewer, three rows or more ("Folkhögskolor 12 734,4 34 832,9 31 | 188,2"). Such a column
 * is no column of the table but a count that fits a few rows the OCR spoiled. */
static int split_column(fit *f, int r0, int r1)
{
	int n[TB_MAX_COLS] = {0}, split[TB_MAX_COLS] = {0};
	for (int i = r0; i < r1; i++) {
		cellv own[TB_MAX_COLS];
		const cellv *cv;
		if (!tb_row_cells(f, i, own, &cv))
			continue;
		for (int j = 0; j + 1 < f->K; j++)
			if (cv[j].present) {
				n[j]++;
				split[j] += split_cell(f, cv, j, f->K);
			}
	}
	for (int j = 0; j + 1 < f->K; j++)
		if (n[j] >= 3 && 5 * split[j] >= 4 * n[j])
			return 1;
	return 0;
}

/* Keeps what tb_try_columns left for rows [r0, r1): the readings, the rows, the column
 * count, its relations and profiles (the caches stay out: they are made again). */
static tv_status snap_save(fit *f, int r0, int r1)
{
	tv_buf_clear(&f->snap_reads);
	tv_buf_clear(&f->snap_rows);
	tv_status rc = tv_buf_append(&f->snap_reads, f->reads.data, f->reads.len);
	if (!rc)
		rc = tv_buf_reserve(&f->snap_rows, (size_t)(r1 - r0) * sizeof(rowfit));
	if (rc)
		return rc;
	rowfit *rf = (rowfit *)(void *)f->snap_rows.data;
	for (int i = r0; i < r1; i++) {
		const lrow *r = &ROWS(f)[i];
		rowfit x = {r->unfit, r->r0, r->nr, r->best, r->contrib, r->cmask};
		rf[i - r0] = x;
	}
	f->snap_K = f->K;
	f->snap_nrels = f->nrels;
	memcpy(f->snap_rels, f->rels, sizeof f->rels);
	memcpy(f->snap_prof, f->prof, sizeof f->prof);
	f->snap_live = 1;
	return TV_OK;
}

/*
 * Puts back what snap_save kept, as tb_try_columns at that count would leave it again:
 * the fit depends only on the rows, their atoms and the count, and none of them changed
 * since (tb_check_totals, run in between, changes only choices, which are put back). The
 * one difference, where the kept fit was scored to compare counts (f->scored): a row with
 * one reading of K cells was scored rather than simply taken, which chooses the same
 * reading in the same columns and leaves only its score, read by no one after tb_try_columns.
 * Where the fit is still the kept one (f->snap_live), nothing is put back, and the caches
 * made from it (the matrix, the relations found, the cells in order) stay.
 */
static tv_status snap_restore(fit *f, int r0, int r1)
{
	if (f->snap_live)
		return TV_OK;
	tv_buf_clear(&f->reads);
	tv_status rc = tv_buf_append(&f->reads, f->snap_reads.data, f->snap_reads.len);
	if (rc)
		return rc;
	const rowfit *rf = (const rowfit *)(const void *)f->snap_rows.data;
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		r->unfit = rf[i - r0].unfit;
		r->r0 = rf[i - r0].r0;
		r->nr = rf[i - r0].nr;
		r->best = rf[i - r0].best;
		r->contrib = rf[i - r0].contrib;
		r->cmask = rf[i - r0].cmask;
	}
	f->K = f->snap_K;
	f->nrels = f->snap_nrels;
	memcpy(f->rels, f->snap_rels, sizeof f->rels);
	memcpy(f->prof, f->snap_prof, sizeof f->prof);
	f->mat_valid = f->rels_ok = 0;
	return tb_keep_ordered_cells(f);
}

/* How many data rows of [r0, r1) the fit at f->K reads with a number of four digit
 * groups or more joined (HUGE_COST's "373 766 659 446"): rows of more numbers than
 * the count lets them print. */
static int glued_rows(fit *f, int r0, int r1)
{
	int n = 0;
	cellv own[TB_MAX_COLS];
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || r->best < 0)
			continue;
		const cellv *cv = tb_cells_view(f, r, &READS(f)[r->best], own);
		int glued = 0;
		for (int j = 0; j < f->K; j++)
			glued |= cv[j].present && cv[j].na >= 4 && cv[j].intd >= 10;
		n += glued;
	}
	return n;
}

/* Whether rows [r0, r1) read better in K + 1 columns than in K (*wider), where most of
 * them read in K cells only by gluing four digit groups or more into one number
 * (glued_rows): "258 864 678 364" in "Stockholm 217 187 258 864 678 364 419 500" under a
 * header the rows do not show ("Utfall Budget Avvikelse mot" / "2022 2023 budget"). The
 * fit at K is kept (snap_save; *kept, scored, its score ks, when fit_segment's search
 * kept it) or made and kept here, so that fit_segment restores it rather than making it
 * again. The fit made here is not scored (f->scored): its choices, which glued_rows
 * reads, are the scored fit's (snap_restore), and most tables glue no rows, so the two
 * counts' scores are made only where they are compared. */
static tv_status glued_wider(fit *f, int r0, int r1, int K, int ndata, int *kept, double ks,
                             int *wider)
{
	int scored = *kept;
	double s1 = ks, s2;
	*wider = 0;
	tv_status rc = *kept ? snap_restore(f, r0, r1) : tb_try_columns(f, r0, r1, K, ndata, &s1);
	if (!rc && !*kept && !(rc = snap_save(f, r0, r1)))
		*kept = 1;
	if (rc || K >= TB_MAX_COLS || 2 * glued_rows(f, r0, r1) <= ndata)
		return rc;
	f->scored = 1;
	if (!scored)
		rc = tb_try_columns(f, r0, r1, K, ndata, &s1);
	if (!rc)
		rc = tb_try_columns(f, r0, r1, K + 1, ndata, &s2);
	*wider = !rc && s2 < s1;
	f->scored = 0;
	return rc;
}

/* glued_wider for a count fit_segment counted from the rows, as it weighs a column more
 * under years; a row needs three atoms more than K to be so glued, so most tables are
 * passed at once. */
static tv_status wider_k(fit *f, int r0, int r1, int K, int ndata, int *kept, double ks, int *wider)
{
	int many = 0;
	for (int i = r0; i < r1; i++)
		many += ROWS(f)[i].kind == R_DATA && ROWS(f)[i].na >= K + 3;
	*wider = 0;
	if (2 * many <= ndata)
		return TV_OK;
	return glued_wider(f, r0, r1, K, ndata, kept, ks, wider);
}

/* Every number of row r prints its digits in groups of at most three: no group glued
 * ("98114") or printed whole ("1571"), so its count of cells is what was printed. */
static int grouped_row(const fit *f, const lrow *r)
{
	for (int k = 0; k < r->na; k++)
		if (ATOMS(f)[r->a0 + k].intd > 3)
			return 0;
	return 1;
}

/* Row r prints a digit group that opens with 0 ("294 034"). */
static int zero_group(const fit *f, const lrow *r)
{
	for (int k = 0; k < r->na; k++)
		if (ATOMS(f)[r->a0 + k].lead0)
			return 1;
	return 0;
}

/*
 * The number columns that the header line above rows [r0, r1) names (tb_header_cells, its
 * first cell heading the labels), when that is K or more and every data row can be
 * read in that many cells (in -layout too: pdftotext puts one space between the numbers
 * of narrow columns, "187 203 191 644"), four in five of them with no more
 * atoms than that: "Kris End of year-allokering Totalt humanitärt stöd" / "(MSEK) 2025"
 * over "Sudan 103 404" is two columns, not one number 103 404. The header line is the
 * text line right above the first row, or the one above a line that opens with "(" (a
 * unit going on the header), a page break or one blank line between them or not; it may
 * end in a year, the lone year row yr_line ("Belopp i kr Andel % Belopp Ram 2024"). Else 0,
 * and *weak the count the header names when every row can be read in it but more of them
 * print more atoms (digit groups: "Område Belopp Återbetalt Beslutat belopp" over
 * "Sjukresor 537 493 110 697 219 125"), for fit_segment to weigh against K (0: none).
 * A row with empty cells cannot be read in that many cells ("Piteå 266 109" under
 * "Kommun Antal Ärenden Beviljade"); it does not stop the header's count where its
 * numbers are in groups of at most three digits (or it holds one number, which is one
 * cell however it is read: "Södermanland 1191"), one row in four or fewer, and four in
 * five of the others print exactly as many such groups as the header has heads: read
 * as thousands groups ("266 109"), the rows would give too few columns. Nor does a row
 * that prints as many groups as the header has heads, one opening with 0: a digit the
 * OCR misread ("Patientavgifter 294 034" under "Län Belopp |Återbetalt", for "294 834"),
 * one row in four or fewer. A count of K keeps the table from fewer columns, where one
 * row alone needs K cells ("Kultur och bildning 221 9200"). *heads gets
 * the header line's words but one (the label column's), the most columns it may head.
 */
static int header_k(fit *f, int r0, int r1, int K, int yr_line, int *weak, int *heads)
{
	*weak = *heads = 0;
	const tb_block *b = f->b;
	int j = ROWS(f)[r0].line0 - 1, hk = 0, misread = 0;
	for (int tries = 0; tries < 2 && j >= -b->nback && !hk; tries++, j--) {
		if (b->lines[j].cls == TB_BLANK && j - 1 >= -b->nback)
			j--; /* one blank line between, as the OCR leaves */
		const tb_line *l = &b->lines[j];
		if (l->cls == TB_BLANK)
			return 0; /* (a page break may part the header from its rows) */
		const char *s;
		size_t n;
		line_label(l, &s, &n);
		if (n && s[0] == '(')
			continue; /* "(MSEK) 2025" */
		if ((l->cls != TB_TEXT && j != yr_line) || tb_is_prose_line(l) ||
		    tb_is_heading_line(l))
			return 0;
		size_t hc[TB_MAX_COLS + 2][2];
		int op[TB_MAX_COLS + 2];
		int nc = tb_header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
		*heads = count_words(l->s, l->n) - 1;
		if (nc < 3)
			return 0;
		hk = nc - 1;
	}
	if (hk < K || hk > TB_MAX_COLS)
		return 0;
	int nd = 0, fit_ = 0, exact = 0, empty = 0;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		if (mn > hk)
			return 0;
		if (mx < hk && r->na == hk && grouped_row(f, r) && zero_group(f, r)) {
			misread++;
			continue;
		}
		if (mx < hk) {
			if (r->na != mx || (r->na > 1 && !grouped_row(f, r)))
				return 0;
			empty++;
		}
		nd++;
		exact += r->na == hk && grouped_row(f, r);
		fit_ += r->na <= hk;
	}
	if (nd < 2 || 4 * misread > nd ||
	    (empty && (4 * empty > nd || 5 * exact < 4 * (nd - empty))))
		return 0;
	if (5 * fit_ < 4 * nd && hk > K)
		*weak = hk;
	return 5 * fit_ >= 4 * nd ? hk : 0;
}

/* The text line right above row r0, one blank line between or not, on the same page and
 * no heading: the line that may head its table; else NULL. */
static const tb_line *head_above(const fit *f, int r0)
{
	const tb_block *b = f->b;
	int j = ROWS(f)[r0].line0 - 1;
	if (j - 1 >= -b->nback && b->lines[j].cls == TB_BLANK)
		j--;
	if (j < -b->nback || b->lines[j].cls != TB_TEXT || b->ff[j + 1] ||
	    tb_is_heading_line(&b->lines[j]))
		return NULL;
	return &b->lines[j];
}

/* The number columns that the header line above row r0 (head_above) heads, where its
 * cues read a label head and two number heads or more (tb_header_cells) and no word opens
 * lower-case: such a word may be a head of its own as well as go on the cell before it
 * ("Kommun Antal tilldelning otbetal Återbetalt", heads wrapped or misread); else 0. */
static int head_cols(const fit *f, int r0)
{
	const tb_line *l = head_above(f, r0);
	if (!l || tb_is_prose_line(l))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if ((i == 0 || l->s[i - 1] == ' ') && is_lower_start(l->s + i, l->n - i))
			return 0;
	size_t hc[TB_MAX_COLS + 2][2];
	int op[TB_MAX_COLS + 2];
	int nc = tb_header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
	return nc >= 3 ? nc - 1 : 0;
}

static int head_names_one(const fit *f, int r0);

/* The line right above row r0 (one blank line between or not) heads the label column and
 * one number column, a capitalised word each ("Län Utbetalt") or as head_names_one reads
 * it ("Område Andel %"), or the segment's one year row does ("Kommun 2024", tb_year_head):
 * a table of one column, however few its rows. */
static int one_column_named(const fit *f, const segment *sg, int r0)
{
	if (sg->nyr == 1 && tb_year_head(f, &ROWS(f)[sg->yr0]))
		return 1;
	const tb_line *l = head_above(f, r0);
	return l && (tb_two_heads(l, NULL) || head_names_one(f, r0));
}

/* The line right above row r0 names one number column: its header cells are a head for
 * the labels and one word for the numbers ("Län Återbetalt", "Belopp i mdkr Utbetalt",
 * "Kommun Andel %"), each capitalised; not the lower line of a header on two ("Varav" /
 * "Belopp i tkr statsbidrag Återbetalt", "Område Belopp tilldelning": more words on the
 * last cell), nor OCR debris ("o Ram"). */
static int head_names_one(const fit *f, int r0)
{
	const tb_line *l = head_above(f, r0);
	size_t hc[3][2], w[TB_MAX_COLS + 2][2];
	int op[3];
	if (!l || tb_is_prose_line(l) || tb_header_cells(l, 0, hc, op, 3) != 2 ||
	    !tb_is_upper_start(l->s + hc[0][0], hc[0][1] - hc[0][0]))
		return 0;
	int nw = tb_header_words(l, w, TB_MAX_COLS + 2);
	return nw >= 2 && w[nw - 2][1] <= hc[1][0];
}

/* Rows [r0, r1) each read as one number of three digit groups or fewer, or need more
 * cells only for a group the OCR glued ("19259 490,3", "620 9389"): a number column's
 * rows, where a second number of its own ("Jämtland 3 313 78") would name a second
 * column. */
static int rows_one_number(fit *f, int r0, int r1)
{
	for (int i = r0; i < r1; i++) {
		int mn, mx, glued = 0;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		for (int k = 0; k < r->na; k++)
			glued |= ATOMS(f)[r->a0 + k].intd > 3;
		if (r->na > 3 || (mn > 1 && !glued))
			return 0;
	}
	return 1;
}

/* The data rows of [r0, r1) that need more than c cells, one or more, print each cell as
 * one atom of at most three digits that goes on no other ("Avskrivningar 488 93": a group
 * of two digits ends no number of groups), and a row of one such atom alone stands among
 * them ("Onkologi 387"): cells of one group each, not numbers of two groups ("652 123")
 * among which a misprint left one short. An OCR's misprint joins or splits a group of its
 * row ("544 99 160"), which then prints more atoms than cells. */
static int plain_cells(fit *f, int r0, int r1, int c)
{
	int over = 0, lone = 0;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		const tb_atom *a = ATOMS(f) + r->a0;
		lone += r->na == 1 && a->intd <= 3 && !a->dec;
		if (mn <= c)
			continue;
		if (r->na != mn)
			return 0;
		for (int k = 0; k < r->na; k++)
			if (a[k].intd > 3 || a[k].dec || a[k].lead0)
				return 0;
		over++;
	}
	return over && lone;
}

/* Rows [r0, r1) print k numbers of two digit groups each ("Kollektivtrafik 11 356 31 077
 * 76 247"): three in four of them or more hold 2k atoms of at most three digits, and the
 * rows that need more than k cells, one in five or fewer, do so only for a group the OCR
 * glued among groups ("Konsulttjänster 32 028 34 238 23 3852"; a row of whole numbers,
 * "Totalt 13596 11749 14065 13893", prints them so). */
static int pairs_take(fit *f, int r0, int r1, int k)
{
	int nd = 0, glued = 0, pairs = 0;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		nd++;
		if (mn > k) {
			const tb_atom *a = ATOMS(f) + r->a0;
			int joins = 0;
			for (int q = 1; q < r->na; q++)
				joins |= joinable(&a[q - 1], &a[q]);
			if (grouped_row(f, r) || !joins)
				return 0;
			glued++;
			continue;
		}
		pairs += r->na == 2 * k && grouped_row(f, r);
	}
	return nd >= 3 && 5 * glued <= nd && 4 * pairs >= 3 * (nd - glued);
}

/* Every data row of [r0, r1) can read in k cells or fewer, and half of them or more in k
 * (a row may leave cells empty) with each digit group after one or two digits kept in
 * their number ("7 044 4 300 5 621" is three numbers, never five). */
static int rows_take(fit *f, int r0, int r1, int k)
{
	int nd = 0, full = 0;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		if (mn > k)
			return 0;
		const tb_atom *a = ATOMS(f) + r->a0;
		for (int q = 1; q < r->na; q++)
			mx -= joinable(&a[q - 1], &a[q]) && a[q - 1].intd <= 2 && !a[q].lead0;
		nd++;
		full += mx >= k;
	}
	return nd >= 2 && 2 * full >= nd;
}

/* Lines u / l of a -raw header are one head wrapped over two lines: u one capitalised
 * word, l one word in lower case going on it ("Preliminär" / "tilldelning"). A row's
 * label wrapped so ends in a word that runs on ("Generella statsbidrag och"). */
static int wrapped_head(const tb_line *u, const tb_line *l)
{
	const char *us, *ls;
	size_t un, ln;
	line_label(u, &us, &un);
	line_label(l, &ls, &ln);
	return u->cls == TB_TEXT && l->cls == TB_TEXT && un == u->n && ln == l->n &&
	       count_words(us, un) == 1 && count_words(ls, ln) == 1 && !is_lower_start(us, un) &&
	       is_lower_start(ls, ln) && ls[0] != '(';
}

/* Line l of a -raw header, below line u, may be a group row's label: one cell in upper
 * case ("Investeringar", "Verksamhetens kostnader") that goes on no cell above it
 * (tb_stack_joins), with no digit (a row the OCR damaged: "Hyresintäkter -415 -42”7"),
 * year, "%" or unit word. */
static int group_head(const tb_line *l, const tb_line *u)
{
	const char *s;
	size_t n;
	line_label(l, &s, &n);
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] >= '0' && l->s[i] <= '9')
			return 0;
	return l->cls == TB_TEXT && !l->natoms && n && tb_is_upper_start(s, n) &&
	       !tb_stack_joins(l, u) && !tb_unit_word(s, n);
}

/*
 * K named by a -raw header written one cell a line (tb_raw_header_lines) where the rows
 * alone need fewer columns, kref ("-815 640" under "Verksamhet" / "Beslutat" / "belopp" /
 * "Andel %" is two numbers): the header's cells less the label column's, counted from
 * each line the header may start at (the lines above it may be a caption: "Ekonomiskt
 * utfall"), where the rows take that many (rows_take); of several such counts, the one
 * the rows read best in (tb_try_columns). Nothing where a line heads every column by
 * itself (kref + 1 cells) and no line of years or "%" goes on below it. *k gets the
 * count (0: none), f->stack_top the header's first line, f->stack_group the line under
 * it that is the table's first group row (grouped, below) and *g0 the table's first row
 * (r0, or a group row above it that stood under the header).
 */
static tv_status stacked_k(fit *f, int r0, int r1, int kref, int same, int ndata, int *k, int *g0)
{
	int hl[MAX_HEADER_LINES], cand[MAX_HEADER_LINES], from[MAX_HEADER_LINES], nc = 0;
	int wide = -1; /* the candidate whose first line holds two cells or more */
	stacked_cell c[TB_MAX_COLS + 2];
	*k = 0;
	*g0 = r0;
	int nh = tb_raw_header_lines(f, ROWS(f)[r0].line0, hl);
	if (nh < 2)
		return TV_OK;
	/* in a table with group rows, one-cell lines right above its first row, below the
	 * header's years ("Ram" / "2024" / "Finansiella poster"), are group rows too */
	int groups = 0, yq = -1;
	for (int i = r0; i < r1 && !groups; i++)
		groups = ROWS(f)[i].kind == R_GROUP;
	for (int q = 0; q < nh; q++)
		if (year_alone(line_at(f, hl[q])))
			yq = q;
	while (groups && nh - 1 > yq && yq >= 0 && *g0 > 0 && ROWS(f)[*g0 - 1].kind == R_GROUP &&
	       ROWS(f)[*g0 - 1].line0 == hl[nh - 1] &&
	       tb_raw_header_cells(f, hl + nh - 1, 1, c, TB_MAX_COLS + 2) == 1)
		nh--, (*g0)--;
	/* with no years to tell, such a line may be a head or the first group row
	 * ("Belopp i miljoner kronor" / "Preliminär" / "tilldelning" / "Antal" /
	 * "Investeringar" over "Blekinge 7 956 897" / "4 060" / "095"): the header above
	 * it, where it names the kref columns the rows need, is weighed against the
	 * others (grouped) */
	int grouped = groups && yq < 0 && *g0 == r0 && nh >= 2 &&
	              group_head(line_at(f, hl[nh - 1]), line_at(f, hl[nh - 2]));
	int ingroup[MAX_HEADER_LINES];
	/* a line that heads every column by itself is the header, unless lines of years or
	 * "%" below it go on with it ("Belopp i miljoner kronor Återbetalt" / "Ram" / "2026"
	 * / "Andel" / "%"), or a head of its own wrapped over two lines ("Kommun Varav
	 * statsbidrag" / "Preliminär" / "tilldelning"); the text lines below it are rows'
	 * ("Generella statsbidrag och" / "utjämning") */
	for (int q = nh - 1, marked = 0; q >= 0; q--) {
		const tb_line *l = line_at(f, hl[q]);
		int m = tb_raw_header_cells(f, hl + q, 1, c, TB_MAX_COLS + 2);
		if (m == kref + 1 && !marked && !(grouped && nh == 2))
			return TV_OK;
		size_t e = l->n;
		while (e > 1 && l->s[e - 1] == ' ')
			e--;
		marked |= e && ((l->s[e - 1] >= '0' && l->s[e - 1] <= '9') || l->s[e - 1] == '%');
		marked |= q > 0 && wrapped_head(line_at(f, hl[q - 1]), l);
	}
	/* (a count's header is its shortest run); where no header names more columns than
	 * kref and the caller would lower kref (same), one that names kref keeps it */
	for (int t = 0; t < 4 * nh && (t < 2 * nh || (same && !nc)); t++) {
		int s = nh - 1 - t % (2 * nh) / 2, g = t % 2, eq = t >= 2 * nh, seen = 0;
		if (g && (!grouped || s >= nh - 1 || eq))
			continue;
		int hk = tb_raw_header_cells(f, hl + s, nh - s - g, c, TB_MAX_COLS + 2) - 1;
		if (g ? hk != kref && (nh > 2 || hk < kref || !rows_take(f, r0, r1, hk))
		      : (eq ? hk != kref : hk <= kref) || hk > TB_MAX_COLS ||
		            !rows_take(f, r0, r1, hk))
			continue;
		for (int q = 0; q < nc; q++)
			seen |= cand[q] == hk;
		/* a first line that heads a column beside the label column ("Belopp i mnkr
		 * Andel %") is no caption: the header starts there; the first of the lines
		 * after prose heads it only so ("Resultat per verksamhet" / "Län" / ...) */
		int two = c[1].line == 0;
		int titled = hl[0] > -f->b->nback && tb_is_heading_line(line_at(f, hl[0] - 1));
		if (seen || (!s && !two && !titled))
			continue;
		if (two && !g)
			wide = wide < 0 ? nc : -2;
		ingroup[nc] = g;
		cand[nc] = hk, from[nc++] = hl[s];
	}
	/* the candidates from the wide one's first line (itself and a grouped one), or
	 * all of them, weighed where there are several */
	int best = wide >= 0 ? wide : 0, weigh = 0;
	for (int q = 0; q < nc; q++)
		weigh += wide < 0 || from[q] == from[wide];
	if (weigh > 1) {
		double bs = 0, sc;
		f->scored = 1;
		for (int q = 0, tried = 0; q < nc; q++) {
			if (wide >= 0 && from[q] != from[wide])
				continue;
			tv_status rc = tb_try_columns(f, r0, r1, cand[q], ndata, &sc);
			if (rc)
				return rc;
			if (!tried++ || sc < bs)
				bs = sc, best = q;
		}
		f->scored = 0;
	}
	if (nc) {
		*k = cand[best];
		f->stack_top = from[best];
		if (ingroup[best])
			f->stack_group = hl[nh - 1];
	} else {
		*g0 = r0;
	}
	return TV_OK;
}

/* Row i is a paragraph between two tables, not a row of the one above: its label reads
 * as prose (tb_prose_label) and runs to twelve words or more, it holds one number at most
 * ("... antalet deltagare uppgick till 744" / "314."), and data rows stand in
 * [r0, i). The segment ends before it; the next one starts at it and drops it as a
 * prose line at its edge (fit_segment). */
static int prose_between(fit *f, int r0, int i)
{
	lrow *r = &ROWS(f)[i];
	if (r->kind != R_DATA || !r->prosy || !r->npieces)
		return 0;
	int mn, mx;
	cell_range(f, r, &mn, &mx);
	if (mx >= 2)
		return 0;
	int words = 0;
	for (int k = 0; k < r->npieces; k++)
		words += count_words(line_at(f, r->pieces[k].line)->s + r->pieces[k].off,
		                     r->pieces[k].len);
	if (words < 12)
		return 0;
	for (int q = r0; q < i; q++)
		if (ROWS(f)[q].kind == R_DATA && ROWS(f)[q].na)
			return 1;
	return 0;
}

/* Cell c, on one line, holds two atoms with no space between them, digit groups the OCR
 * glued and tb_block_glued_groups split, and a group more ("9 151808"): as printed it is
 * no number. (The two alone are the number as printed: "275563".) */
static int glued_cell(const fit *f, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	if (c->na < 3 || a[c->na - 1].line != a[0].line)
		return 0;
	for (int q = 1; q < c->na; q++)
		if (a[q].line == a[0].line && a[q].off == a[q - 1].off + a[q - 1].len)
			return 1;
	return 0;
}

/* The columns that text lines between a header's last row of one year and row r0 head
 * after the years (tb_walk_header, as tb_make_header reads them): "Utfall" / "2025" / "Budget"
 * / "2026" / "Avvikelse mot" / "budget" / "Förändring i" / "procent" over "Lund 378 177
 * 402 (225) (53,2)" heads five columns, not the three years; 0 where rows [r0, r1)
 * cannot be read in the years' nyr columns and those (rows_take). */
static int heads_after_years(fit *f, int r0, int r1, int nyr)
{
	int hl[MAX_HEADER_LINES], title;
	int nh = tb_header_zone(f, ROWS(f)[r0].line0, 0, hl, &title);
	if (!nh || hl[0] - 1 < -f->b->nback)
		return 0;
	const tb_line *y = line_at(f, hl[0] - 1);
	if (y->natoms != 1 || !year_atom(y->atoms))
		return 0;
	stacked_cell sc[TB_MAX_COLS + 2];
	int m = tb_walk_header(f, hl, nh, 0, sc, TB_MAX_COLS + 2);
	return m > 0 && nyr + m <= TB_MAX_COLS && rows_take(f, r0, r1, nyr + m) ? m : 0;
}

/* Fits the segment and, when it is a table, fills t. Returns 1 for a table. */
static int fit_segment(fit *f, const segment *sg0, tb_table *t, tv_status *rcp)
{
	segment seg = *sg0;
	const segment *sg = &seg;
	f->stack_top = f->stack_group = INT_MIN;
	int r0 = sg->r0, r1 = sg->r1;
	int ndata = 0, nprosy = 0, K;
	int mins[1024], nmins = 0;
	*rcp = TV_OK;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		ndata++;
		nprosy += r->prosy;
		if (nmins < 1024)
			mins[nmins++] = mn;
	}
	if (!ndata || 2 * nprosy > ndata)
		return 0;
	/* prose lines ending in a number at the edges are not the table's (a row that
	 * needs more than one cell is, whatever its label ends in) */
	for (int pass = 0; pass < 2; pass++)
		for (;;) {
			int i = pass ? r1 - 1 : r0;
			if (r1 <= r0)
				return 0;
			lrow *r = &ROWS(f)[i];
			int mn = 0, mx = 0;
			if (r->kind == R_DATA)
				cell_range(f, r, &mn, &mx);
			if (r->kind == R_DATA && !(r->prosy && mx < 2))
				break;
			if (r->kind == R_DATA && r->na) {
				ndata--;
				nprosy--;
			}
			if (pass)
				r1--;
			else
				r0++;
		}
	seg.r0 = r0;
	seg.r1 = r1;
	nmins = 0;
	int totmin = 1; /* the most cells a total row printed in digit groups must have */
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		if (nmins < 1024)
			mins[nmins++] = mn;
		if (r->total && mn > totmin && grouped_row(f, r))
			totmin = mn;
	}
	if (!ndata)
		return 0;
	/* a first row of one year and nothing else is a caption ("Regionstyrelsen 2024"),
	 * several are the header, one column each ("Utfall" / "2023" / "Budget" / "2024");
	 * but a year above prose is the page's title, not the header's ("Årsredovisning
	 * 2024" / "Kostnaderna ökade med 5,1 procent ..." / "Verksamhet 2023") */
	seg.yr0 = r0;
	seg.nyr = 0;
	for (int after_prose = 0; r0 + 1 < r1; r0++) {
		const lrow *r = &ROWS(f)[r0];
		const tb_atom *a = ATOMS(f) + r->a0;
		if (r->kind == R_DATA && !(r->na == 1 && a->intd == 4 && !a->neg && !a->dec &&
		                           a->ival >= 1900 && a->ival <= 2100))
			break;
		const tb_line *l = r->npieces ? line_at(f, r->pieces[0].line) : NULL;
		if (r->kind != R_DATA && seg.nyr && l && count_words(l->s, l->n) >= 6 &&
		    tb_prose_label(l->s, l->n)) {
			seg.nyr = 0;
			after_prose = 1;
		}
		if (r->kind == R_DATA) {
			if (after_prose && !seg.nyr)
				seg.yr0 = r0;
			ndata--;
			seg.nyr++;
			for (int q = 0; q < nmins; q++)
				if (mins[q] == 1) {
					mins[q] = mins[--nmins];
					break;
				}
		}
	}
	if (r0 >= r1 || ndata < 1)
		return 0;
	/* text lines between a years line and the first row ("Transporter 9 9 1 D", a row
	 * the OCR spoiled) are rows of the table, label only: the table's lines run from
	 * its years line, so they would be lost otherwise */
	if (sg->years >= 0)
		while (r0 - 1 > sg->years && ROWS(f)[r0 - 1].kind == R_GROUP)
			r0--;
	seg.r0 = r0;
	/* a table that prints "13596" has no digit groups: "220 426" there is two numbers;
	 * but where most rows print a number of three groups ("-3 159 723"), the table
	 * prints groups and its "2910 001" or "3814" are the OCR's glue. So are a few
	 * rows' lone whole numbers ("Stockholm 356 8385 66 559" among "203 512 675 493",
	 * a rule read as a digit): a table prints whole numbers in a quarter of its rows
	 * or more, or two in one row (its total: "Totalt 13596 11749 14065 13893") */
	f->ungrouped = 0;
	int rows3 = 0, nrows = 0, wholes = 0;
	for (int i = r0; i < r1; i++) {
		const lrow *r = &ROWS(f)[i];
		int three = 0, whole = 0;
		for (int k = 0; r->kind == R_DATA && k < r->na; k++) {
			const tb_atom *a = &ATOMS(f)[r->a0 + k];
			whole += a->intd >= 4 && a->intd <= 6 &&
			         !(a->intd == 4 && a->ival >= 1900 && a->ival <= 2100 && !a->dec);
			three |= k >= 2 && a[-2].intd <= 2 && joinable(&a[-2], &a[-1]) &&
			         joinable(&a[-1], a);
		}
		f->ungrouped += whole > 0;
		wholes |= whole >= 2;
		nrows += r->kind == R_DATA && r->na;
		rows3 += three;
	}
	if ((rows3 >= 3 && 2 * rows3 > nrows) || (!wholes && 4 * f->ungrouped < nrows))
		f->ungrouped = 0;
	/* K: the most cells a row must have; or, when a few rows need more than the rest
	 * (a misprinted "544 99 160" among "16 588 454"), the count that fits the rest, if
	 * the table reads better so */
	int top = 0, second = 0, ntop = 0;
	for (int i = 0; i < nmins; i++) {
		if (mins[i] > top) {
			second = top;
			top = mins[i];
			ntop = 1;
		} else if (mins[i] == top) {
			ntop++;
		} else if (mins[i] > second) {
			second = mins[i];
		}
	}
	K = top;
	/* rows that are only years make no table ("Årsrapport 2024" / "Budget 2024") */
	int nonyear = 0;
	for (int i = r0; i < r1; i++) {
		const lrow *r = &ROWS(f)[i];
		for (int k = 0; r->kind == R_DATA && k < r->na; k++) {
			const tb_atom *a = ATOMS(f) + r->a0 + k;
			nonyear += !(a->intd == 4 && !a->neg && !a->dec && a->ival >= 1900 &&
			             a->ival <= 2100);
		}
	}
	if (!nonyear)
		return 0;
	int years_k = sg->years >= 0 ? ROWS(f)[sg->years].na : seg.nyr >= 2 ? seg.nyr : 0;
	int years_k0 = years_k; /* (the years alone) */
	if (sg->years < 0 && seg.nyr >= 2)
		years_k += heads_after_years(f, r0, r1, seg.nyr);
	tv_status rc;
	int kept = 0;    /* the fit at K is kept from the search for it (snap_save) */
	int counted = 0; /* K is counted from the rows alone, not named by a header or years */
	double ks = 0;   /* the score of the kept fit */
	int weak_k;
	/* (a lone year ending the line above the rows is a header's last cell: "Belopp i kr
	 * Andel % Belopp Ram 2024") */
	int yr_line = seg.nyr == 1 ? ROWS(f)[seg.yr0].line0 : INT_MIN;
	int heads; /* the header line's words but the label column's (header_k) */
	int head_k = header_k(f, r0, r1, K > years_k ? K : years_k, yr_line, &weak_k, &heads);
	/* the table prints two groups a number where half its rows or more hold twice as
	 * many atoms as their fewest cells, and more than the header line above them has
	 * words for number columns ("319 488 1720 745 1550 488": six atoms, three cells);
	 * not where each atom may head a column of its own ("787 1983 327 634" under "Kommun
	 * Antal tilldelning otbetal Återbetalt") */
	int npaired = 0;
	for (int i = r0; i < r1; i++) {
		int mn, mx;
		lrow *r = data_row(f, i, &mn, &mx);
		if (!r)
			continue;
		npaired += mn >= 1 && r->na >= 2 * mn && r->na > heads;
	}
	f->paired = nrows && 2 * npaired >= nrows;
	int stack_k = 0, g0 = r0;
	int lowered = !years_k && second >= 1 && 5 * ntop <= nmins;
	if (!head_k && !f->layout && sg->years < 0 &&
	    (rc = stacked_k(f, r0, r1, K > years_k0 ? K : years_k0, lowered, ndata, &stack_k, &g0)))
		goto fail;
	if (head_k) {
		K = head_k;
	} else if (K > 1 && !years_k && 5 * rows_over(mins, nmins, 1) <= nmins &&
	           head_names_one(f, r0) && rows_one_number(f, r0, r1)) {
		/* a header of a label head and one number head over rows of one number each,
		 * but a row in five or fewer, is a table of one column ("Län Återbetalt" over
		 * "Kollektivtrafik 7 587 173,1"): the row that needs more cells is the OCR's
		 * glue ("Ledning och stab 19259 490,3"), and the number's digit groups are
		 * one number, not the two groups a number of a wider table (paired) */
		K = 1;
		f->paired = 0;
	} else if (stack_k) {
		K = stack_k;
		seg.r0 = r0 = g0; /* (the group rows under the header are the table's) */
	} else if (years_k >= K || (years_k && 5 * rows_over(mins, nmins, years_k) <= nmins)) {
		/* the years over the table name its columns: a row in five or fewer that needs
		 * more cells is the OCR's glue ("81 9385,6/84 546,0" under "2025 2026"), and
		 * read in more columns every other row would lose its numbers. But the years
		 * may name only the first columns: where most rows read in that many cells
		 * only by joining four digit groups or more into one number ("258 864 678
		 * 364" under "Utfall 2023" / "Budget 2023" / "Avvikelse mot budget"), a
		 * column more that reads them better is the table's */
		int wider;
		K = years_k;
		if ((rc = glued_wider(f, r0, r1, K, ndata, &kept, 0, &wider)))
			goto fail;
		if (wider)
			K++, kept = 0;
	} else if (seg.nyr == 1 && !ROWS(f)[seg.yr0].npieces && 5 * ntop <= nmins && second == 1) {
		/* a year alone on its line, no label, heads a table of one column ("2024" over
		 * "Halmstad |1 273 505"): a row in five or fewer that needs more cells is the
		 * OCR's glue ("19494 379" for "|9 494 379"), not a second column */
		K = 1;
	} else if (f->paired && second >= 2 && pairs_take(f, r0, r1, second)) {
		/* a table of numbers in two digit groups: a row that needs more cells than the
		 * others only for a glued group is the OCR's, not a column more ("23 3852"
		 * read as "23 | 3852" would split every other row's "76 247" to fill it) */
		K = second;
	} else if (weak_k) {
		/* the header's count where the rows read better so (each row's digit groups
		 * made into as many numbers as the header has heads) */
		double s1, s2;
		f->scored = 1;
		if ((rc = tb_try_columns(f, r0, r1, K, ndata, &s1)) ||
		    (rc = snap_save(f, r0, r1)) ||
		    (rc = tb_try_columns(f, r0, r1, weak_k, ndata, &s2)))
			goto fail;
		f->scored = 0;
		/* the better fit is kept, for fit_segment to restore */
		if (s2 < s1) {
			K = weak_k;
			if ((rc = snap_save(f, r0, r1)))
				goto fail;
		}
		kept = 1;
	} else if (second >= 1 && 5 * ntop <= nmins && plain_cells(f, r0, r1, second) &&
	           rows_take(f, r0, r1, K)) {
		/* the rows that need more cells print them plainly, a row of one lone group
		 * beside them shows the column is not of numbers in two groups, and half the
		 * rows or more read in as many cells: the count they need is the table's, not
		 * the OCR's glue */
		counted = 1;
	} else if (second >= 1 && 5 * ntop <= nmins && K <= TB_MAX_COLS) {
		/* every count down from the second that leaves at most one row in five
		 * needing more (an OCR that glues or splits groups in a few rows), and none
		 * below a total row's where a total adds up: the total of "21 230 018
		 * 21 557 698 19 867 042" has three columns where the rows' "830 652 197 087
		 * 207 876" could be two */
		double s1, s2;
		f->scored = 1;
		if ((rc = tb_try_columns(f, r0, r1, K, ndata, &s1)) || (rc = snap_save(f, r0, r1)))
			goto fail;
		if (totmin > 1) {
			/* the total's count holds only where a total adds up in it (an OCR's
			 * "Summa 363 0 1-1 433 544 -3 478 571" is in groups and adds up to
			 * nothing) */
			total_check tc[16];
			int ntc = tb_check_totals(f, r0, r1, tc, 16), held = 0;
			for (int q = 0; q < ntc; q++)
				held |= tc[q].held;
			if (!held)
				totmin = 1;
		}
		/* a count whose fit splits a column off its numbers' groups gives way to the
		 * best of the counts below it; so does one that the header line above reads
		 * fewer heads for ("Verksamhet Belopp Andel 20 |Antal", three, over "Visby
		 * 199 803,6 |979 824,6 |-615 134,7" / "| -863 -185": the one row in five that
		 * needs five cells holds a line the OCR split off the next row's cells) */
		int hk = head_cols(f, r0);
		int best = K, give_way = split_column(f, r0, r1) || (hk && K > hk);
		for (int c = second; c >= totmin; c--) {
			int over = 0;
			for (int q = 0; q < nmins; q++)
				over += mins[q] > c;
			if (c < second && 5 * over > nmins)
				break;
			if ((rc = tb_try_columns(f, r0, r1, c, ndata, &s2)))
				goto fail;
			if (s2 < s1 || (give_way && best == K)) {
				s1 = s2, best = c;
				if ((rc = snap_save(f, r0, r1)))
					goto fail;
			}
		}
		f->scored = 0;
		K = best;
		kept = 1;
		ks = s1;
		counted = 1;
	} else {
		counted = 1;
	}
	if (counted && K >= 1 && K < TB_MAX_COLS) {
		int wider = 0;
		if ((rc = wider_k(f, r0, r1, K, ndata, &kept, ks, &wider)))
			goto fail;
		if (wider)
			K++, kept = 0;
	}
	if (K < 1 || K > TB_MAX_COLS)
		return 0;
	int have_years = years_k == K;
	if (ndata < 2 && !have_years)
		return 0;
	/* a table of one number column needs three short-labelled rows (a label's first
	 * line of twelve words or fewer, no prose: budget items have long names, "Medel
	 * till länsstyrelserna för tillsyn och vägledning enligt miljöbalken -87"), and a
	 * column of years alone is a list of titles ("Årsrapport 2024"), not a table */
	if (K == 1 && !have_years) {
		int shortl = 0, years = 0;
		for (int i = r0; i < r1; i++) {
			const lrow *r = &ROWS(f)[i];
			const tb_atom *a = ATOMS(f) + r->a0;
			years += r->kind == R_DATA && r->na == 1 && a->intd == 4 && !a->neg &&
			         !a->dec && a->ival >= 1900 && a->ival <= 2100;
		}
		if (years * 2 >= ndata)
			return 0;
		for (int i = r0; i < r1; i++) {
			const lrow *r = &ROWS(f)[i];
			if (r->kind == R_DATA && !r->prosy && r->npieces &&
			    count_words(line_at(f, r->pieces[0].line)->s + r->pieces[0].off,
			                r->pieces[0].len) <= 12)
				shortl++;
		}
		if (shortl < 3 && !(shortl == 2 && ndata == 2 && one_column_named(f, &seg, r0)))
			return 0;
		/* "Bilaga 1" / "Bilaga 3" / "Artikel 5": references in a row, not a table,
		 * unless a header line above names their column ("Område Andel %" over
		 * "Västmanland 3" / "Norrköping 4") */
		int small = 1, rising = 1, oneword = 1;
		double last = -1;
		for (int i = r0; i < r1; i++) {
			const lrow *r = &ROWS(f)[i];
			if (r->kind != R_DATA || !r->na)
				continue;
			const tb_atom *a = ATOMS(f) + r->a0;
			small &= r->na == 1 && a->intd <= 2 && !a->dec && !a->neg;
			rising &= a->ival >= last;
			last = a->ival;
			oneword &= r->npieces == 1 &&
			           count_words(line_at(f, r->pieces[0].line)->s + r->pieces[0].off,
			                       r->pieces[0].len) == 1;
		}
		if (small && rising && oneword && !one_column_named(f, &seg, r0))
			return 0;
	}
	double score;
	if ((rc = kept ? snap_restore(f, r0, r1) : tb_try_columns(f, r0, r1, K, ndata, &score)))
		goto fail;
	unsigned gen = f->memo_gen; /* (the atoms as the fit found them) */
	/* text lines between a one-column table's header row and its first row are its group
	 * rows ("Län 2024" / "Finansiella poster" / "IT-kostnader 58 241") */
	if (K == 1 && seg.nyr == 1 && tb_year_head(f, &ROWS(f)[seg.yr0]))
		while (r0 - 1 > seg.yr0 && ROWS(f)[r0 - 1].kind == R_GROUP)
			seg.r0 = --r0;
	/* a table is filled and its rows are named: chart debris and axis ticks are not */
	{
		int cells = 0, good = 0, nd = 0;
		for (int i = r0; i < r1; i++) {
			const lrow *r = &ROWS(f)[i];
			if (r->kind != R_DATA || r->best < 0)
				continue;
			nd++;
			cells += READS(f)[r->best].ncells;
			/* (a row's label is made once, in tb_build_rows; the upper half of a total
			 * on a line of its own goes by the total's: total_after_blank) */
			good += r->goodl || (!r->npieces && i + 1 < r1 && ROWS(f)[i + 1].total);
		}
		if (!nd || 3 * good < 2 * nd || (K >= 2 && 2 * cells < nd * K))
			return 0;
		/* a column of one year again and again is a chart's period labels */
		if ((rc = tb_fill_matrix(f, r0, r1)))
			goto fail;
		const cellv *mat = (const cellv *)(const void *)f->mat.data;
		for (int j = 0; j < K && K >= 2; j++) {
			int n = 0, same = 1;
			double y = 0;
			for (int i = 0; i < r1 - r0; i++) {
				const cellv *c = &mat[(size_t)i * (size_t)K + (size_t)j];
				if (!c->present)
					continue;
				if (c->intd != 4 || c->dec || c->v < 1900 || c->v > 2100 ||
				    (n && c->v != y))
					same = 0;
				y = c->v;
				n++;
			}
			if (n >= 2 && same)
				return 0;
		}
	}
	if ((rc = tb_repair_rule_columns(f, sg, r0, r1)))
		goto fail;
	total_check tc[64];
	unsigned taken = f->taken;
	int nrels = f->nrels;
	relation rels[MAX_RELS];
	memcpy(rels, f->rels, sizeof rels);
	int ntc = tb_check_totals(f, r0, r1, tc, 64);
	if ((rc = tb_find_relations(f, r0, r1, ndata)) || (rc = tb_repair_cells(f, r0, r1)))
		goto fail;
	/* the totals are checked again where that could come out otherwise: a choice
	 * changed, an atom was repaired (since the fit) or the relations are others. Else
	 * the state is the one the first check saw: the placements it made anew for the
	 * readings it tried are those the fit's last scoring gave them, from the same
	 * profiles, relations and atoms (a total row's readings, which it reads without
	 * scoring them, were all placed whole there) */
	if (f->taken != taken || f->memo_gen != gen || f->nrels != nrels ||
	    memcmp(rels, f->rels, (size_t)nrels * sizeof rels[0]) != 0)
		ntc = tb_check_totals(f, r0, r1, tc, 64);
	/* the number of each body row (1-based, as the checks name them) */
	int bodyno[1024];
	for (int i = r0, nb0 = 0; i < r1 && i - r0 < 1024; i++) {
		const lrow *r = &ROWS(f)[i];
		bodyno[i - r0] = nb0 + 1;
		if (r->kind == R_YEARS || r->kind == R_BREAK || r->kind == R_REPEAT ||
		    (r->kind == R_GROUP && r->na == 0 && r->npieces == 0))
			continue;
		nb0++;
	}
	if ((rc = tb_repair_carried_totals(f, tc, ntc, bodyno, r0)) ||
	    (rc = tb_repair_totals(f, tc, ntc, bodyno, r0)))
		goto fail;
	/* the table */
	t->ncols = K + 1;
	t->numeric_col[0] = 0;
	for (int j = 1; j <= K; j++)
		t->numeric_col[j] = 1;
	int first;
	if ((rc = tb_make_header(f, sg, t, &first)))
		goto fail;
	t->header = t->nheadrows ? 1 : 0;
	if (!t->nheadrows) {
		for (int j = 0; j <= K && !rc; j++)
			rc = tb_put_cell(t, "", 0, j > 0);
		if (rc)
			goto fail;
	}
	/* body rows, the group row under a -raw header first */
	tv_buf lab = TV_BUF_INIT;
	int nb = 0;
	cellv cv[TB_MAX_COLS];
	if (f->stack_group != INT_MIN) {
		const tb_line *l = line_at(f, f->stack_group);
		rc = tb_put_cell(t, l->s + l->lab0, l->lab1 - l->lab0, 0);
		for (int j = 0; j < K && !rc; j++)
			rc = tb_put_cell(t, "", 0, 1);
		nb++;
	}
	for (int i = r0; i < r1 && !rc; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind == R_YEARS || r->kind == R_BREAK || r->kind == R_REPEAT)
			continue;
		tv_buf_clear(&lab);
		if ((rc = tb_row_label(f, r, &lab)))
			break;
		if (r->kind == R_GROUP && r->na == 0 && r->npieces == 0)
			continue;
		rc = tb_put_cell(t, tv_buf_str(&lab), lab.len, 0);
		if (r->kind == R_DATA && r->best >= 0)
			tb_reading_cells(f, r, &READS(f)[r->best], cv);
		else
			for (int j = 0; j < K; j++)
				cv[j].present = 0;
		for (int j = 0; j < K && !rc; j++) {
			if (!cv[j].present && j == 0 && r->unfit && r->na) {
				/* a row that does not fit: its numbers as printed, as text */
				tv_buf tail = TV_BUF_INIT;
				const tb_atom *A = &ATOMS(f)[r->a0];
				for (int k = 0; k < r->na && !rc; k++) {
					int e = k;
					while (e + 1 < r->na && A[e + 1].line == A[k].line)
						e++;
					if (tail.len)
						rc = tv_buf_putc(&tail, ' ');
					if (!rc)
						rc = tv_buf_append(
						    &tail, line_at(f, A[k].line)->s + A[k].off,
						    (size_t)(A[e].end - A[k].off));
					k = e;
				}
				if (!rc)
					rc = tb_put_cell(t, tv_buf_str(&tail), tail.len, 0);
				tv_buf_free(&tail);
				continue;
			}
			if (!cv[j].present) {
				rc = tb_put_cell(t, "", 0, 1);
				continue;
			}
			const tb_atom *a = &ATOMS(f)[cv[j].a],
			              *z = &ATOMS(f)[cv[j].a + cv[j].na - 1];
			const char *rt = tb_repl_text(f, cv[j].a);
			const char *ls = line_at(f, a->line)->s;
			char gd;
			if (rt) {
				tv_buf tmp = TV_BUF_INIT;
				rc = tv_buf_puts(&tmp, rt);
				if (!rc && z->end > z->off + z->len)
					rc = tv_buf_append(&tmp, ls + z->off + z->len,
					                   (size_t)(z->end - z->off - z->len));
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
				tv_buf_free(&tmp);
			} else if (a->line == z->line &&
			           (gd = tb_glyph_digit(ls + a->off, a->len))) {
				/* a lone digit read as letters ("D", "Le)"): the digit, logged */
				char digit[3] = {'-', gd, 0}, before[4] = {0};
				const char *dt = a->neg ? digit : digit + 1;
				memcpy(before, ls + a->off, a->len);
				tv_buf tmp = TV_BUF_INIT;
				rc = tv_buf_puts(&tmp, dt);
				if (!rc)
					rc = tv_buf_append(&tmp, ls + a->off + a->len,
					                   (size_t)(z->end - a->off - a->len));
				if (!rc && f->repair)
					f->repair(f->ctx, a->line, a->off, before, dt,
					          "ocr-glyph-digit");
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
				tv_buf_free(&tmp);
			} else if (glued_cell(f, &cv[j])) {
				/* digit groups the OCR glued (tb_block_glued_groups): the groups
				 * as printed, a space between them */
				tv_buf tmp = TV_BUF_INIT;
				for (int q = 0; q < cv[j].na && !rc; q++) {
					const tb_atom *g = &ATOMS(f)[cv[j].a + q];
					if (q)
						rc = tv_buf_putc(&tmp, ' ');
					if (!rc)
						rc = tv_buf_append(&tmp, ls + g->off,
						                   q == cv[j].na - 1
						                       ? (size_t)(g->end - g->off)
						                       : g->len);
				}
				if (!rc && f->repair)
					f->repair(f->ctx, a->line, a->off, "glued digit groups",
					          tv_buf_str(&tmp), "ocr-digit-groups");
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
				tv_buf_free(&tmp);
			} else if (cv[j].na > 1 && a->intd > 3) {
				/* an OCR split of digit groups ("2290 000"): the digits as printed,
				 * the space that splits them in the wrong place taken out */
				tv_buf tmp = TV_BUF_INIT;
				for (int q = 0; q < cv[j].na && !rc; q++) {
					const tb_atom *g = &ATOMS(f)[cv[j].a + q];
					const char *gs = line_at(f, g->line)->s;
					rc = tv_buf_append(
					    &tmp, gs + g->off,
					    q == cv[j].na - 1 ? (size_t)(g->end - g->off) : g->len);
				}
				if (!rc && f->repair)
					f->repair(f->ctx, a->line, a->off, "digit groups",
					          tv_buf_str(&tmp), "ocr-digit-groups");
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
				tv_buf_free(&tmp);
			} else if (z->point) {
				/* OCR read the decimal comma as a point: give the comma back */
				tv_buf tmp = TV_BUF_INIT;
				rc = tv_buf_append(&tmp, ls + a->off, (size_t)(z->end - a->off));
				for (size_t q = 0; !rc && q < tmp.len; q++)
					if (tmp.data[q] == '.') {
						tmp.data[q] = ',';
						if (f->repair)
							f->repair(f->ctx, z->line, z->off, ".", ",",
							          "ocr-decimal-point");
						break;
					}
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
				tv_buf_free(&tmp);
			} else if (a->line != z->line) {
				/* a number wrapped in its cell: its lines' parts joined by a
				 * space */
				tv_buf tmp = TV_BUF_INIT;
				for (int q = 0; q < cv[j].na && !rc; q++) {
					int e = q;
					while (e + 1 < cv[j].na && ATOMS(f)[cv[j].a + e + 1].line ==
					                               ATOMS(f)[cv[j].a + q].line)
						e++;
					const tb_atom *g = &ATOMS(f)[cv[j].a + q],
					              *h = &ATOMS(f)[cv[j].a + e];
					size_t end =
					    e == cv[j].na - 1 ? h->end : (size_t)h->off + h->len;
					if (tmp.len)
						rc = tv_buf_putc(&tmp, ' ');
					if (!rc)
						rc = tv_buf_append(&tmp,
						                   line_at(f, g->line)->s + g->off,
						                   end - g->off);
					q = e;
				}
				if (!rc)
					rc = tb_put_cell(t, tv_buf_str(&tmp), tmp.len, 1);
				tv_buf_free(&tmp);
			} else if (a->hlen) {
				/* a number wrapped in its cell with no space (glue_atom): its head
				 * and its rest joined, as the log says */
				tv_buf tmp = TV_BUF_INIT;
				const char *hs = line_at(f, a->hline)->s + a->hoff;
				rc = tv_buf_append(&tmp, hs, a->hlen);
				if (!rc)
					rc = tv_buf_append(&tmp, ls + a->off,
					                   (size_t)(a->end - a->off));
				if (!rc && f->repair) {
					char before[2 * GLUE_MAX + 4];
					snprintf(before, sizeof before, "%.*s / %.*s", (int)a->hlen,
					         hs, (int)a->len, ls + a->off);
					f->repair(f->ctx, a->hline, a->hoff, before,
					          tv_buf_str(&tmp),
					          f->layout ? "layout-wrapped-number"
					                    : "raw-wrapped-number");
				}
				if (!rc)
					rc = tb_put_num(t, tv_buf_str(&tmp), tmp.len, a->pct);
				tv_buf_free(&tmp);
			} else {
				rc = tb_put_num_unit(t, ls + a->off, (size_t)(z->end - a->off), z);
			}
		}
		nb++;
		t->nff += r->ff;
	}
	tv_buf_free(&lab);
	if (rc)
		goto fail;
	t->nrows = nb;
	/* checks */
	if ((rc = tb_fill_matrix(f, r0, r1)))
		goto fail;
	for (int q = 0; q < f->nrels; q++) {
		relation *rel = &f->rels[q];
		int nz;
		tb_rel_count(f, rel, r0, r1, &nz, 0);
		char txt[64];
		tb_rel_text(rel, txt, sizeof txt);
		tb_check_text(f, t, rel_kind_name[rel->kind], txt, rel->held == rel->tested);
	}
	for (int q = 0; q < ntc; q++) {
		char txt[64];
		int rr = body_number(bodyno, tc[q].row - r0);
		int ra = body_number(bodyno, tc[q].from - r0);
		int rb = body_number(bodyno, tc[q].to - r0);
		size_t k = 0; /* "r%d=sum(r%d..r%d%s)", without printf */
		tb_txt_num(txt, sizeof txt, &k, "r", rr);
		tb_txt_num(txt, sizeof txt, &k, "=sum(r", ra);
		tb_txt_num(txt, sizeof txt, &k, "..r", rb);
		tb_txt_put(txt, sizeof txt, &k, tc[q].prev_totals ? " totals)" : ")");
		tb_check_text(f, t, "total", txt, tc[q].held);
	}
	/* repairs, each with the relation that proved it */
	const repl *rp = (const repl *)(const void *)f->repl.data;
	for (size_t q = 0; q < f->repl.len / sizeof(repl); q++) {
		char txt[200];
		int rr = body_number(bodyno, rp[q].row - r0);
		snprintf(txt, sizeof txt, "r%dc%d=%s from %s by %s", rr, rp[q].col + 2, rp[q].text,
		         rp[q].before, rp[q].proof);
		tb_check_text(f, t, "repair", txt, 1);
	}
	/* lines: first header line (or row) to the last row's last line */
	t->first = first;
	t->last = ROWS(f)[r1 - 1].line1;
	for (int i = r0; i < r1; i++)
		if (ROWS(f)[i].line1 > t->last)
			t->last = ROWS(f)[i].line1;
	return 1;
fail:
	*rcp = rc;
	return 0;
}

/* ------------------------------------------------------------------ entry ----------- */

static void table_reset(tb_table *t)
{
	tv_buf_clear(&t->text);
	tv_buf_clear(&t->cells);
	tv_buf_clear(&t->title);
	tv_buf_clear(&t->checks);
	t->first = t->last = 0;
	t->ncols = t->nrows = t->header = t->nheadrows = t->nff = 0;
	t->unit = NULL;
}

/* The buffers of the fitter, kept from block to block. */
struct tb_work {
	fit f;
	tb_table t;
};

tv_status tb_work_new(tb_work **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TV_OK : TV_ESYSTEM;
}

void tb_work_free(tb_work *w)
{
	if (!w)
		return;
	tv_buf_free(&w->f.rows);
	tv_buf_free(&w->f.atoms);
	tv_buf_free(&w->f.reads);
	tv_buf_free(&w->f.repl);
	tv_buf_free(&w->f.mat);
	tv_buf_free(&w->f.matkey);
	tv_buf_free(&w->f.xs);
	tv_buf_free(&w->f.ordc);
	tv_buf_free(&w->f.ordok);
	tv_buf_free(&w->f.memo);
	tv_buf_free(&w->f.memo_at);
	tv_buf_free(&w->f.sumc);
	tv_buf_free(&w->f.sumat);
	tv_buf_free(&w->f.snap_reads);
	tv_buf_free(&w->f.snap_rows);
	tv_buf_free(&w->t.text);
	tv_buf_free(&w->t.cells);
	tv_buf_free(&w->t.title);
	tv_buf_free(&w->t.checks);
	free(w);
}

/* The fitter's callbacks for the lines of a block after a word-column table, which are
 * fitted as a block of their own: their line numbers made the block's again. */
typedef struct after_table {
	tv_status (*emit)(void *ctx, tb_table *t);
	tb_repair_fn repair;
	void *ctx;
	int by; /* block lines before them */
} after_table;

static tv_status emit_after(void *ctx, tb_table *t)
{
	const after_table *a = ctx;
	t->first += a->by;
	t->last += a->by;
	return a->emit(a->ctx, t);
}

static void repair_after(void *ctx, int line, size_t col, const char *before, const char *after,
                         const char *rule)
{
	const after_table *a = ctx;
	a->repair(a->ctx, line + a->by, col, before, after, rule);
}

static tv_status fit_rows(tb_work *w, const tb_block *b, tv_status (*emit)(void *ctx, tb_table *t),
                          tb_repair_fn repair, void *ctx);

tv_status tb_fit_block(tb_work *w, const tb_block *b, tv_status (*emit)(void *ctx, tb_table *t),
                       tb_repair_fn repair, void *ctx)
{
	tv_status rc = TV_OK;
	table_reset(&w->t);
	if (!tb_word_table(b, &w->t, &rc))
		return rc ? rc : fit_rows(w, b, emit, repair, ctx);
	int by = w->t.last + 1;
	if ((rc = emit(ctx, &w->t)) || by >= b->n)
		return rc;
	/* the rest of the block, without the table as its look-back */
	tb_block rest = {b->lines + by, b->n - by, 0, b->ff + by};
	after_table a = {emit, repair, ctx, by};
	return fit_rows(w, &rest, emit_after, repair ? repair_after : NULL, &a);
}

/* tb_fit_block for a block that does not start with a word-column table. */
static tv_status fit_rows(tb_work *w, const tb_block *b, tv_status (*emit)(void *ctx, tb_table *t),
                          tb_repair_fn repair, void *ctx)
{
	fit *fp = &w->f;
	tb_table *tp = &w->t;
	tv_buf_clear(&fp->rows);
	tv_buf_clear(&fp->atoms);
	tv_buf_clear(&fp->reads);
	tv_buf_clear(&fp->repl);
	tv_buf_clear(&fp->mat);
	fp->mat_valid = 0;
	fp->b = b;
	fp->repair = repair;
	fp->ctx = ctx;
	fp->layout = fp->K = fp->nrels = fp->scored = 0;
	tb_block_glued_rules(b->lines, b->n);
	tb_block_glued_groups(b->lines, b->n);
	tb_block_glued_wholes(b->lines, b->n);
	tb_block_label_fives(b->lines, b->n);
	tb_unit_misreads(b, repair, ctx);
	tv_status rc = tb_build_rows(fp);
	if (!rc)
		tb_breaks_before_total(fp);
	tb_memo_reset(fp);
	int nr = NROWS(fp);
	int i = 0, done_to = -1 - b->nback;
	while (!rc && i < nr) {
		/* a segment: rows up to a break or a years line (which heads the next) */
		segment sg = {i, i, -1, i, 0};
		if (ROWS(fp)[i].kind == R_YEARS)
			sg.years = i, sg.r0 = ++i;
		while (i < nr && ROWS(fp)[i].kind != R_BREAK && ROWS(fp)[i].kind != R_YEARS &&
		       !(i > sg.r0 && prose_between(fp, sg.r0, i)))
			i++;
		sg.r1 = i;
		if (i < nr && ROWS(fp)[i].kind == R_BREAK)
			i++;
		/* group rows at the edges are not the table's */
		while (sg.r1 > sg.r0 && ROWS(fp)[sg.r1 - 1].kind != R_DATA)
			sg.r1--;
		while (sg.r0 < sg.r1 && ROWS(fp)[sg.r0].kind != R_DATA)
			sg.r0++;
		if (sg.r1 <= sg.r0)
			continue;
		table_reset(tp);
		tv_buf_clear(&fp->reads);
		fp->snap_live = 0;
		tv_buf_clear(&fp->repl);
		int ok = fit_segment(fp, &sg, tp, &rc);
		if (rc || !ok)
			continue;
		if (tp->first <= done_to)
			tp->first = done_to + 1;
		rc = emit(ctx, tp);
		done_to = tp->last;
	}
	return rc;
}
