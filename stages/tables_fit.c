/*
 * tables_fit.c - rebuilds the tables of one block of lines.
 *
 * 1. Logical rows: a line with a label and numbers is a row; text lines around it are
 *    parts of a wrapped label (a lower-case start, a label ending in "-", "," or "och",
 *    the line pdftotext -layout prints below a number line), group rows ("Verksamhetens
 *    intäkter"), or prose that ends the table. A line of numbers alone takes the text
 *    lines above it as its label; a line of years is a header and starts a new table.
 * 2. The column count K: the smallest count every row's atoms can fill (or the count of
 *    the years above the table).
 * 3. Readings: each row's atoms can be joined into cells in several ways ("26 487" is one
 *    number or two). Every reading with at most K cells is scored by how well its cells
 *    fit the profile of their columns (digits, decimals, "%", sign, and, in -layout dumps,
 *    where the column stands), then by arithmetic: relations between columns (a
 *    difference, a sum, a change in percent, a share, a copy) that hold in most rows are
 *    found, and each row's reading is chosen again with a bonus for the relations it
 *    keeps. A Total/Summa row must be the sum of the rows above it; where one row's other
 *    reading makes it so, that reading is taken.
 * 4. Repairs: a number damaged by a glyph ("58|" for "5,8") or by a ruling line read as
 *    a digit ("116" for "|16") is changed only when a relation that holds in the rest of
 *    the table holds for it only after the change; each repair is reported to the caller,
 *    which logs it.
 * 5. Header, title and unit from the lines above the table.
 * Every search is capped (TB_MAX_READINGS readings a row, TB_MAX_COLS columns), so the
 * work is linear in the rows of the block.
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

static const char *const rel_kind_name[] = {"", "equal", "diff", "sum", "ratio", "share"};

/* ------------------------------------------------------------------ readings -------- */

/* The digits of atom a as the first group of a number: a rule read as its first digit
 * (tb_atom.rule1: "1768 897") not counted. */
static int first_group_digits(const tb_atom *a)
{
	return a->intd - (a->rule1 != 0);
}

/* Atoms [i, j], each joinable to the one before, make one valid number where
 * cell_start(atom i) allows j - i + 1 atoms and cell_parens(atom i, atom j) holds (split
 * so that what depends on the first atom alone is read once for every j).
 *
 * What a cell whose first atom is a may be: 0 none (a leading zero), 1 that atom alone
 * (a first group of five digits or more, or a 0: no "0 750"), 2 several atoms too. */
static int cell_start(const tb_atom *a)
{
	if (a->lead0)
		return 0;
	return first_group_digits(a) > 4 || a->ival == 0 ? 1 : 2;
}

/* A cell from atom a to atom z has parentheses on both ends or neither. */
static int cell_parens(const tb_atom *a, const tb_atom *z)
{
	return a->popen == z->pclose; /* (flags: 0 or 1) */
}

/* A cell of n atoms from atom a is read relaxed: its first group of several has four
 * digits (an OCR split: "2290 000"; first_group_digits). Not where that group is a 1 and
 * three digits and the table prints its numbers in two groups (paired): "1720 745" among
 * "982 788 |143 608" is a rule read as 1 before "720 745" (rule_columns takes it off
 * where its column proves it), not a split number. */
static int cell_relaxed(const tb_atom *a, int n, int paired)
{
	return n > 1 && first_group_digits(a) > 3 &&
	       !(paired && a->intd == 4 && a->ival >= 1000 && a->ival < 2000);
}

/* The suffix bounds and joins of atoms a[0..n) (n <= TB_MAX_ATOMS), into sufmin,
 * sufmax and join (n + 1 each), and the last atom of the longest cell from each atom into
 * last (n; i - 1 where atom i starts none): the cells from atom i end at atoms i to
 * last[i]. */
void tb_enum_prepare(const tb_atom *a, int n, signed char *sufmin, signed char *sufmax,
                     unsigned char *join, signed char *last)
{
	join[0] = 0;
	for (int i = 1; i < n; i++)
		join[i] = (unsigned char)joinable(&a[i - 1], &a[i]);
	sufmin[n] = sufmax[n] = 0;
	for (int i = n - 1, run = n - 1; i >= 0; i--) {
		int lo = 1 << 20, hi = -1;
		/* the valid numbers from atom i: one atom, or digit groups joined to it (run:
		 * the last atom of the joined groups from atom i) */
		if (i + 1 < n && !join[i + 1])
			run = i;
		int start = cell_start(&a[i]), j;
		last[i] = (signed char)(start == 2 ? run : start ? i : i - 1);
		for (j = i; j <= last[i]; j++) {
			if (sufmax[j + 1] < 0 || !cell_parens(&a[i], &a[j]))
				continue;
			if (sufmin[j + 1] + 1 < lo)
				lo = sufmin[j + 1] + 1;
			if (sufmax[j + 1] + 1 > hi)
				hi = sufmax[j + 1] + 1;
		}
		sufmin[i] = (signed char)(hi < 0 ? -1 : lo);
		sufmax[i] = (signed char)hi;
	}
}

/* Penalties of a reading: a digit group taken for a number of its own where it could
 * continue the number before it ("16 | 588 454" for "16 588 454") costs a little, so a
 * row is split only where the column count or the columns' profiles ask for it; an
 * OCR-split group ("2290 000") costs more. */
#define SPLIT_COST    0.3
#define RELAXED_COST  3.0
#define UNFIT_COST    5.0
#define MISPRINT_COST 1.5
/* A number of four digit groups or more ("373 766 659 446") is rare in a report's table
 * (one cell in 11,000 on the dev and generated pages: "5 886 500 000"); joined from
 * groups, it costs more than the split that would make two numbers of it. */
#define HUGE_COST 1.0

/* The readings of atoms [i, na) after ncells cells, appended; called only where
 * can_end(e, i, ncells), so that no call is made for a branch that ends in nothing. */
static void enum_rec(enum_ctx *e, int i, int ncells, unsigned long long ends, int relaxed,
                     int splits, int huge)
{
	if (i == e->na) {
		/* (made in place: try_columns made room for e->cap readings) */
		tv_buf *b = &e->f->reads;
		reading *rd = (reading *)(void *)(b->data + b->len);
		memset(rd, 0, sizeof *rd);
		rd->ends = ends;
		rd->ncells = (unsigned char)ncells;
		for (int k = 0; k < ncells; k++)
			rd->col[k] = (unsigned char)k; /* packed left until scored */
		rd->base =
		    (float)(RELAXED_COST * relaxed + e->split_cost * splits + HUGE_COST * huge);
		b->len += sizeof *rd;
		e->count++;
		return;
	}
	if (ncells >= e->maxc)
		return;
	/* the valid numbers from atom i, longest cells first: the usual reading of digit
	 * groups comes out early */
	const tb_atom *a = e->a + i;
	for (int j = e->last[i]; j >= i; j--) {
		if (!cell_parens(a, e->a + j) || !can_end(e, j + 1, ncells + 1))
			continue;
		int rl = cell_relaxed(a, j - i + 1, e->f->paired);
		int split = j + 1 < e->na && e->join[j + 1];
		/* (the cell's integer digits: its first group's and three a group after) */
		int digits = a->intd + 3 * (j - i);
		enum_rec(e, j + 1, ncells + 1, ends | (1ULL << j), relaxed + rl, splits + split,
		         huge + (j > i && digits >= 10));
		if (e->rc || e->count >= e->cap)
			return;
	}
}

/* Makes the memo cover the block's atoms (as many as MEMO_ATOMS), every entry stale. Only
 * a speed-up: when memory runs out the memo covers fewer atoms, or none. */
static void memo_reset(fit *f)
{
	f->mat_valid = f->rels_ok = 0;
	f->nordc = 0;
	size_t n = f->atoms.len / sizeof(tb_atom);
	if (n > MEMO_ATOMS)
		n = MEMO_ATOMS;
	if (++f->memo_gen == 0 || n > f->memo_cap) {
		/* (a stamp of 0 is never current: stamps start at 0 and memo_gen at 1) */
		size_t cap = n > f->memo_cap ? n : f->memo_cap;
		if (tv_buf_reserve(&f->memo, cap * MEMO_LEN * sizeof(cellv)) ||
		    tv_buf_reserve(&f->memo_at, cap * MEMO_LEN * sizeof(unsigned)))
			cap = 0;
		if (cap)
			memset(f->memo_at.data, 0, cap * MEMO_LEN * sizeof(unsigned));
		f->memo_cap = cap;
		f->memo_gen = 1;
	}
}

/* The cells of reading rd of row r: by column (cv[column], with rd->col), or in order
 * (cv[k] is the k-th cell, and cv[k] past the count is left as it was: nothing reads it)
 * when ordered; returns the cell count. */
static inline int cells_of(fit *f, const lrow *r, const reading *rd, cellv *cv, int ordered)
{
	for (int j = 0; !ordered && j < f->K; j++)
		cv[j].present = 0;
	int start = 0, k = 0;
	/* the cell ends, one set bit each, lowest first */
	unsigned long long ends = rd->ends;
	if (r->na < 64)
		ends &= (1ULL << r->na) - 1;
	while (ends) {
		int i = __builtin_ctzll(ends);
		ends &= ends - 1;
		int j = ordered ? k : rd->col[k];
		k++;
		if (j >= f->K)
			j = f->K - 1;
		int a0 = r->a0 + start, n = i - start + 1;
		if (n <= MEMO_LEN && (size_t)a0 < f->memo_cap) {
			size_t m = (size_t)a0 * MEMO_LEN + (size_t)(n - 1);
			cellv *memo = (cellv *)(void *)f->memo.data;
			unsigned *at = (unsigned *)(void *)f->memo_at.data;
			if (at[m] != f->memo_gen) {
				make_cell(f, a0, n, &memo[m]);
				at[m] = f->memo_gen;
			}
			cv[j] = memo[m];
		} else {
			make_cell(f, a0, n, &cv[j]);
		}
		start = i + 1;
	}
	return k;
}

static int reading_cells_ordered(fit *f, const lrow *r, const reading *rd, cellv *cv)
{
	return cells_of(f, r, rd, cv, 1);
}

/* The cells of reading qi of row r in order, from f->ordc (made there when first asked
 * for), or NULL when f->ordc does not keep them. */
static const cellv *kept_cells(fit *f, const lrow *r, size_t qi)
{
	if (qi >= (size_t)f->nordc)
		return NULL;
	cellv *ord = (cellv *)(void *)f->ordc.data + qi * (size_t)f->K;
	unsigned char *ok = (unsigned char *)f->ordok.data;
	if (!ok[qi]) {
		reading_cells_ordered(f, r, &READS(f)[qi], ord);
		ok[qi] = 1;
	}
	return ord;
}

/* The cells of reading qi of row r in order: kept in f->ordc, or made into own. */
static const cellv *ordered_cells(fit *f, const lrow *r, int qi, cellv *own)
{
	const cellv *ord = kept_cells(f, r, (size_t)qi);
	if (!ord) {
		reading_cells_ordered(f, r, &READS(f)[qi], own);
		ord = own;
	}
	return ord;
}

static int reading_cells(fit *f, const lrow *r, const reading *rd, cellv *cv)
{
	/* a reading whose cells are kept in order (keep_ordered_cells: the same cells,
	 * made from the same atoms) is placed from there */
	const cellv *ord = kept_cells(f, r, (size_t)(rd - READS(f)));
	int K = f->K;
	if (ord && rd->ncells == K && rd->col[K - 1] == K - 1) {
		/* (K cells in K columns, placed in order: the last in the last column) */
		memcpy(cv, ord, (size_t)K * sizeof *cv);
		return K;
	}
	if (ord) {
		for (int j = 0; j < f->K; j++)
			cv[j].present = 0;
		for (int k = 0; k < rd->ncells; k++) {
			int j = rd->col[k] < f->K ? rd->col[k] : f->K - 1;
			cv[j] = ord[k];
		}
		return rd->ncells;
	}
	return cells_of(f, r, rd, cv, 0);
}

/* The cells of reading rd of row r by column, to be read at once: where they are kept in
 * order and fill the columns in order (reading_cells copies them so), the kept cells
 * themselves; else made into own, which is returned. */
static const cellv *cells_view(fit *f, const lrow *r, const reading *rd, cellv *own)
{
	const cellv *ord = kept_cells(f, r, (size_t)(rd - READS(f)));
	int K = f->K;
	if (ord && rd->ncells == K && rd->col[K - 1] == K - 1)
		return ord;
	reading_cells(f, r, rd, own);
	return own;
}

/* ------------------------------------------------------------------ arithmetic ------ */

/* 1 divided by ten dec times, as the loop below divides (the table holds the same
 * quotients, folded at compile time: no division in the fitter's inner loops). */
static const double dec_units[] = {1.0,
                                   1.0 / 10,
                                   1.0 / 10 / 10,
                                   1.0 / 10 / 10 / 10,
                                   1.0 / 10 / 10 / 10 / 10,
                                   1.0 / 10 / 10 / 10 / 10 / 10,
                                   1.0 / 10 / 10 / 10 / 10 / 10 / 10,
                                   1.0 / 10 / 10 / 10 / 10 / 10 / 10 / 10,
                                   1.0 / 10 / 10 / 10 / 10 / 10 / 10 / 10 / 10};

double tb_unit_of_dec(int dec)
{
	if (dec >= 0 && dec < (int)(sizeof dec_units / sizeof dec_units[0]))
		return dec_units[dec];
	double u = 1;
	for (int i = 0; i < dec; i++)
		u /= 10;
	return u;
}

/* A sum or difference that holds for cells c, a and b only within the rounding rel_test
 * allows, where that slack is wide for numbers of their size (three units for whole
 * numbers: "4 = 10 - 5" of one-digit counts holds so, by chance): its largest cell is
 * under ten times the slack and the equation is not exact. */
static inline int within_rounding(int kind, const cellv *c, const cellv *a, const cellv *b)
{
	if (kind != REL_DIFF && kind != REL_SUM)
		return 0;
	double ua = a->u, ub = b->u, slack = (ua > ub ? ua : ub) * 2 + c->u;
	double m = fabs(c->v) > fabs(a->v) ? fabs(c->v) : fabs(a->v);
	if (fabs(b->v) > m)
		m = fabs(b->v);
	double want = kind == REL_SUM ? a->v + b->v : a->v - b->v;
	return m < 10 * slack && fabs(c->v - want) > rel_eps(a, c);
}

/* Does relation rel hold for cells c, a and b (NULL or not present: missing)? -1 when an
 * operand is missing. */
static int rel_holds_cells(const relation *rel, const cellv *c, const cellv *a, const cellv *b)
{
	if (!c || !a || (rel->kind != REL_EQ && !b))
		return -1;
	return rel_test(rel->kind, c, a, b);
}

/* Score s with the table's relations' say on a placement whose cell in column j is pc[j]
 * (NULL: none): less w for each that holds, plus w for each that fails, in the relations'
 * order. Arithmetic is strong evidence (w 3); a copied column (or budget years that happen
 * to be equal) is weak (w 1). */
static double add_relations(const fit *f, const cellv *const *pc, double s)
{
	for (int e = 0; e < f->nrels; e++) {
		const relation *rel = &f->rels[e];
		double w = rel->kind == REL_EQ ? 1.0 : 3.0;
		int h = rel_holds_cells(rel, pc[rel->c], pc[rel->a], pc[rel->b]);
		if (h > 0)
			s -= w;
		else if (h == 0)
			s += w;
	}
	return s;
}

/* Does relation rel hold for the row's cells cv (by column)? -1 when an operand is
 * missing. */
static int rel_holds(const relation *rel, const cellv *cv)
{
	return rel_holds_cells(rel, &cv[rel->c], &cv[rel->a], &cv[rel->b]);
}

/* rel_count for relations of one kind (a constant where it is called). */
static inline void rel_count_kind(const fit *f, relation *rel, int kind, int r0, int r1,
                                  int *nonzero, int quick)
{
	int tested = 0, held = 0, nz = 0;
	size_t K = (size_t)f->K;
	const cellv *cv = (const cellv *)(const void *)f->mat.data;
	for (int i = r0; i < r1; i++, cv += K) {
		/* a candidate that fails in most of the rows tested so far is given up; so is
		 * one that find_relations can no longer take (it takes a relation that holds
		 * in four rows in five, or fails in one row at most), even if it held in every
		 * row left */
		int fails = tested - held;
		if (quick && ((tested >= 8 && 2 * held < tested) ||
		              (fails >= 2 && held + (r1 - i) < 4 * fails)))
			break;
		/* (rows without a chosen reading have no cell in f->mat: rel_test is -1) */
		int h = rel_test(kind, &cv[rel->c], &cv[rel->a], &cv[rel->b]);
		if (h < 0)
			continue;
		tested++;
		if (h) {
			held++;
			if (cv[rel->c].v != 0 && (kind != REL_EQ || cv[rel->a].v != 0) &&
			    (kind == REL_EQ || cv[rel->a].v != cv[rel->b].v) &&
			    !within_rounding(kind, &cv[rel->c], &cv[rel->a], &cv[rel->b]))
				nz++;
		}
	}
	rel->tested = tested;
	rel->held = held;
	*nonzero = nz;
}

/* Counts where rel holds over the data rows [r0, r1) with their chosen readings, as
 * fill_matrix left them in f->mat. */
static void rel_count(fit *f, relation *rel, int r0, int r1, int *nonzero, int quick)
{
	switch (rel->kind) {
	case REL_EQ:
		rel_count_kind(f, rel, REL_EQ, r0, r1, nonzero, quick);
		break;
	case REL_DIFF:
		rel_count_kind(f, rel, REL_DIFF, r0, r1, nonzero, quick);
		break;
	case REL_SUM:
		rel_count_kind(f, rel, REL_SUM, r0, r1, nonzero, quick);
		break;
	case REL_RATIO:
		rel_count_kind(f, rel, REL_RATIO, r0, r1, nonzero, quick);
		break;
	default:
		rel_count_kind(f, rel, rel->kind, r0, r1, nonzero, quick);
		break;
	}
}

/* The chosen cells of rows [r0, r1), by column, into f->mat (for the relation search).
 * When f->mat holds these rows already, only the rows whose choice changed since are
 * made again: the cells of a reading depend on nothing else while the atoms stay. */
static tv_status fill_matrix(fit *f, int r0, int r1)
{
	size_t n = (size_t)(r1 - r0) * (size_t)f->K;
	int keep = f->mat_valid && f->mat_r0 == r0 && f->mat_r1 == r1 && f->mat_K == f->K;
	if (!keep) {
		f->mat_valid = f->rels_ok = 0;
		tv_buf_clear(&f->mat);
		tv_buf_clear(&f->matkey);
		tv_status rc = tv_buf_reserve(&f->mat, n * sizeof(cellv) + 1);
		if (!rc)
			rc = tv_buf_reserve(&f->matkey, (size_t)(r1 - r0) * sizeof(matkey) + 1);
		if (rc)
			return rc;
	}
	cellv *mat = (cellv *)(void *)f->mat.data;
	matkey *keys = (matkey *)(void *)f->matkey.data;
	for (int i = r0; i < r1; i++) {
		const lrow *r = &ROWS(f)[i];
		matkey k;
		memset(&k, 0, sizeof k);
		k.best = -1;
		if (r->kind == R_DATA && r->best >= 0) {
			const reading *rd = &READS(f)[r->best];
			k.best = r->best;
			k.ends = rd->ends;
			memcpy(k.col, rd->col, sizeof k.col);
		}
		matkey *was = &keys[i - r0];
		if (keep && memcmp(was, &k, sizeof k) == 0)
			continue;
		*was = k;
		f->rels_ok = 0;
		cellv *cv = mat + (size_t)(i - r0) * (size_t)f->K;
		if (k.best >= 0)
			reading_cells(f, r, &READS(f)[r->best], cv);
		else
			for (int j = 0; j < f->K; j++)
				cv[j].present = 0;
	}
	f->mat.len = n * sizeof(cellv);
	f->matkey.len = (size_t)(r1 - r0) * sizeof(matkey);
	f->mat_r0 = r0;
	f->mat_r1 = r1;
	f->mat_K = f->K;
	f->mat_valid = 1;
	return TV_OK;
}

/* The first relation whose result is column c (in the order of kinds, then operands)
 * that holds in most of rows [r0, r1), need of them at least, appended to f->rels: a
 * column that is a result takes no other. used[j]: 1 for a column that is an operand, 2
 * for a result; a relation between columns all used already is not looked for. */
static void relation_at(fit *f, int c, int r0, int r1, int need, int *used)
{
	int K = f->K;
	for (int kd = REL_EQ; kd <= REL_SHARE; kd++) {
		if ((kd == REL_RATIO || kd == REL_SHARE) && f->prof[c].dec == 0 &&
		    f->prof[c].pct < 0.5)
			continue;
		int nd = kd == REL_EQ ? (need > 4 ? need : 4) : need;
		for (int a = 0; a < K; a++) {
			if (a == c)
				continue;
			/* (a sum is tried once, a + b with a before b) */
			for (int b2 = kd == REL_SUM ? a + 1 : 0; b2 < (kd == REL_EQ ? 1 : K);
			     b2++) {
				int bb = kd == REL_EQ ? a : b2;
				if (bb == c || (kd != REL_EQ && a == bb) ||
				    (used[c] && used[a] && used[bb]))
					continue;
				relation rel = {kd, c, a, bb, 0, 0};
				int nz;
				rel_count(f, &rel, r0, r1, &nz, 1);
				/* most rows keep it: four in five, or all but one of four */
				if (rel.held >= nd && nz >= 2 &&
				    (rel.held * 5 >= rel.tested * 4 ||
				     (rel.held >= 3 && rel.tested - rel.held <= 1))) {
					f->rels[f->nrels++] = rel;
					used[a] = used[a] ? used[a] : 1;
					used[bb] = used[bb] ? used[bb] : 1;
					used[c] = 2;
					return;
				}
			}
		}
	}
}

/* Finds the relations between columns that hold in most rows of [r0, r1). */
static tv_status find_relations(fit *f, int r0, int r1, int ndata)
{
	int K = f->K;
	if (K < 2 || ndata < 2) {
		f->nrels = f->rels_ok = 0;
		return TV_OK;
	}
	tv_status rc = fill_matrix(f, r0, r1);
	if (rc)
		return rc;
	/* (the search reads nothing else: found again, it would find the same) */
	if (f->rels_ok && f->rels_r0 == r0 && f->rels_r1 == r1 && f->rels_ndata == ndata)
		return TV_OK;
	f->rels_ok = 1;
	f->rels_r0 = r0;
	f->rels_r1 = r1;
	f->rels_ndata = ndata;
	f->nrels = 0;
	int used[TB_MAX_COLS];
	memset(used, 0, sizeof used);
	int need = ndata >= 4 ? 3 : 2;
	for (int c = K - 1; c >= 0 && f->nrels < MAX_RELS; c--)
		relation_at(f, c, r0, r1, need, used);
	return TV_OK;
}

/* ------------------------------------------------------------------ profiles -------- */

/* The k-th smallest of x[0..n) (0-based), as x sorted would hold it at k; reorders x.
 * Quickselect: linear on average, where sorting for a median was n log n. */
static double kth_smallest(double *x, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = x[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (x[i] < pivot)
				i++;
			while (x[j] > pivot)
				j--;
			if (i <= j) {
				double t = x[i];
				x[i] = x[j];
				x[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return x[k];
	}
	return x[k];
}

/* Median digit count and most frequent decimals of a profile from its histograms. */
static void derive(colprof *p)
{
	int half = p->n / 2, acc = 0;
	p->intd = 0;
	for (int d = 0; d < 17; d++) {
		acc += p->hint[d];
		if (acc > half) {
			p->intd = d;
			break;
		}
	}
	int best = 0;
	for (int d = 1; d < 8; d++)
		if (p->hdec[d] > p->hdec[best])
			best = d;
	p->dec = best;
	p->pct = p->n ? (double)p->npct / p->n : 0;
	p->neg = p->n ? (double)p->nneg / p->n : 0;
}

static void prof_count(colprof *p, const cellv *c, int sign)
{
	p->n += sign;
	p->hint[c->intd < 16 ? c->intd : 16] += sign;
	p->hdec[c->dec < 7 ? c->dec : 7] += sign;
	p->npct += sign * c->pct;
	p->nneg += sign * c->neg;
}

/* The one reading of K cells of row r whose cells' digit counts are closest to each other
 * (the least spread between its longest and shortest integer part), or -1 when two tie:
 * "373 766 659 446 224 158" in three columns is 373 766 | 659 446 | 224 158. */
static int even_reading(fit *f, const lrow *r)
{
	int best = -1, bests = 1 << 20, ties = 0;
	const tb_atom *a = ATOMS(f) + r->a0;
	unsigned long long mask = r->na < 64 ? (1ULL << r->na) - 1 : ~0ULL;
	for (int q = r->r0; q < r->r0 + r->nr; q++) {
		const reading *rd = &READS(f)[q];
		if (rd->ncells != f->K)
			continue;
		/* each cell's integer digits, its atoms' (as make_cell counts them), read from
		 * the atoms: the cells of a reading are made only where it is scored */
		int lo = 1 << 20, hi = -1, start = 0;
		for (unsigned long long ends = rd->ends & mask; ends; ends &= ends - 1) {
			int i = __builtin_ctzll(ends), intd = 0;
			for (int k = start; k <= i; k++)
				intd += a[k].intd;
			lo = intd < lo ? intd : lo;
			hi = intd > hi ? intd : hi;
			start = i + 1;
		}
		int spread = hi - lo;
		if (spread < bests)
			best = q, bests = spread, ties = 0;
		else if (spread == bests)
			ties++;
	}
	return ties ? -1 : best;
}

/* Column profiles from the chosen readings of data rows [r0, r1) (or, before any choice,
 * from the rows with one reading of K cells; where no row has one, from the rows whose
 * even_reading is one). A total row is counted only in columns no
 * other row fills: its sums have more digits than the rows above them, and a profile
 * made from them reads those rows' digit groups as fewer, longer numbers. */
static tv_status build_profiles(fit *f, int r0, int r1, int initial)
{
	int K = f->K;
	int n = r1 - r0;
	tv_buf_clear(&f->xs);
	tv_status rc =
	    tv_buf_reserve(&f->xs, sizeof(double) * (size_t)(n > 0 ? n : 1) * 2 * (size_t)K);
	if (rc)
		return rc;
	double *buf = (double *)(void *)f->xs.data;
	int nx[TB_MAX_COLS] = {0};
	cellv own[TB_MAX_COLS];
	int even = 0; /* the initial profiles by even_reading */
	f->rels_ok = 0;
again:
	memset(f->prof, 0, (size_t)K * sizeof f->prof[0]); /* (columns past K unread) */
	memset(nx, 0, sizeof nx);
	int body[TB_MAX_COLS] = {0}; /* cells of rows that are no totals, per column */
	int counted = 0, single = 0, several = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = r0; i < r1; i++) {
			lrow *r = &ROWS(f)[i];
			if (!!r->total != pass)
				continue;
			r->contrib = -1;
			r->cmask = 0;
			if (r->kind != R_DATA || r->na == 0)
				continue;
			if (initial) {
				int full = 0;
				for (int q = r->r0; q < r->r0 + r->nr; q++)
					if (READS(f)[q].ncells == K)
						full++, r->contrib = q;
				single += full == 1;
				several += full > 1 && r->na == 2 * K;
				if (full != 1)
					r->contrib = even && full > 1 ? even_reading(f, r) : -1;
			} else {
				r->contrib = r->best;
			}
			if (r->contrib < 0)
				continue;
			const reading *rd = &READS(f)[r->contrib];
			const cellv *cv = cells_view(f, r, rd, own);
			for (int j = 0; j < K; j++) {
				if (!cv[j].present || (pass && body[j]))
					continue;
				body[j] += !pass;
				counted += !pass;
				r->cmask |= 1u << j;
				prof_count(&f->prof[j], &cv[j], 1);
				if (rd->ncells == K) {
					if (f->layout) {
						double *dx = buf + (size_t)j * 2 * (size_t)n;
						dx[nx[j]] = cv[j].x;
						dx[n + nx[j]] = cv[j].xe;
					}
					nx[j]++;
				}
			}
		}
	/* a row or two whose digit groups make one reading of K cells alone ("Halland 680
	 * 311" under two heads: 680 | 311) do not set the columns of rows that print two
	 * groups a column ("Falun 202 663 438 359"): their even readings do too */
	if (initial && (!counted || 3 * single < several) && !even) {
		even = 1;
		goto again;
	}
	for (int j = 0; j < K; j++) {
		colprof *p = &f->prof[j];
		derive(p);
		p->nx = nx[j];
		/* where the column stands: read only in -layout blocks (cell_penalty, the
		 * header's columns), 0 in others */
		if (nx[j] && f->layout) {
			double *dx = buf + (size_t)j * 2 * (size_t)n;
			p->x = kth_smallest(dx, nx[j], nx[j] / 2);
			p->xe = kth_smallest(dx + n, nx[j], nx[j] / 2);
		}
	}
	return TV_OK;
}

/* Points f->curp at the profiles without row r's own cells. */
static void profiles_without(fit *f, const lrow *r)
{
	for (int j = 0; j < f->K; j++) /* (columns past K unused) */
		f->curp[j] = &f->prof[j];
	if (r->contrib < 0)
		return;
	cellv own[TB_MAX_COLS];
	const cellv *cv = cells_view(f, r, &READS(f)[r->contrib], own);
	for (int j = 0; j < f->K; j++)
		if (cv[j].present && (r->cmask >> j & 1)) {
			f->cur[j] = f->prof[j];
			prof_count(&f->cur[j], &cv[j], -1);
			derive(&f->cur[j]);
			f->curp[j] = &f->cur[j];
		}
}

/* Penalty of cell c in column j by the column's profile. */
static double cell_penalty(const fit *f, const cellv *c, int j)
{
	const colprof *p = f->curp[j];
	double s = 0;
	if (p->n >= 1) {
		double d = fabs(c->intd - p->intd);
		s += 0.6 * (d > 4 ? 4 : d);
		if (c->dec != p->dec)
			s += 1.2;
		if (c->pct && p->pct < 0.2)
			s += 0.8;
		if (!c->pct && p->pct > 0.8)
			s += 0.8;
		if (p->neg > 0.9 && !c->neg)
			s += 0.3;
	}
	if (f->layout && p->nx >= 2) {
		double dx = fabs(c->x - p->x), de = fabs(c->xe - p->xe);
		double d = dx < de ? dx : de;
		s += 0.3 * (d > 12 ? 12 : d);
	}
	return s;
}

/* What score_reading returns for a reading it gave up on (more than its bound). */
#define SCORE_OVER 2e30

/* score_reading of a reading with one placement, its cells packed left (col[k] = k): the
 * same sums in the same order, each penalty made when it is added, and the reading given
 * up as soon as it cannot come below bound (1e-6 over it, far more than the rounding of
 * the few sums after); bonus is the most the relations can take off. */
static double score_packed(fit *f, reading *rd, const cellv *ord, double bonus, int with_rel,
                           double bound)
{
	int K = f->K, nc = rd->ncells;
	int rel = with_rel && f->nrels;
	double s = rd->base + 1.0 * (K - nc);
	for (int k = 0; k < nc; k++) {
		s += cell_penalty(f, &ord[k], k);
		if (s - bonus > bound + 1e-6)
			return SCORE_OVER;
	}
	if (rel) {
		const cellv *pc[TB_MAX_COLS]; /* the cell in each column, or NULL */
		for (int j = 0; j < K; j++)
			pc[j] = j < nc ? &ord[j] : NULL;
		s = add_relations(f, pc, s);
	}
	/* the packed placement (col[k] = k, 0 past the cells; none above 1e30, as in
	 * score_reading) */
	double best = s < 1e30 ? s : 1e30;
	for (int k = 0; k < TB_MAX_COLS; k++)
		rd->col[k] = (unsigned char)(k < nc && s < 1e30 ? k : 0);
	rd->score = (float)best;
	return best;
}

/* The most the relations can take off a placement's penalties (none without with_rel). */
static double rel_bonus(const fit *f, int with_rel)
{
	double bonus = 0;
	for (int e = 0; with_rel && e < f->nrels; e++)
		bonus += f->rels[e].kind == REL_EQ ? 1.0 : 3.0;
	return bonus;
}

/* Does score_reading give reading rd of row r up before its cells are made (below)? A
 * total row's readings, placed in all combinations, are never so given up. */
static inline int over_at_once(const fit *f, const lrow *r, const reading *rd, double bonus,
                               double bound)
{
	return rd->ncells > 0 && !r->total &&
	       rd->base + 1.0 * (f->K - rd->ncells) - bonus > bound + 1e-6;
}

/* score_reading of a reading that over_at_once keeps, bonus rel_bonus(f, with_rel)
 * (choose_readings, which has looked at both already, calls it itself). */
static double score_cells(fit *f, const lrow *r, int qi, int with_rel, double bonus, double bound)
{
	reading *rd = &READS(f)[qi];
	int K = f->K, nc = rd->ncells;
	double lb = rd->base + 1.0 * (K - nc);
	double best = 1e30;
	unsigned char bestcol[TB_MAX_COLS] = {0};
	unsigned char col[TB_MAX_COLS] = {0};
	/* the cells in order (kept from try_columns, or made here), and the penalty of
	 * each in each column, once */
	cellv own[TB_MAX_COLS];
	const cellv *ord = ordered_cells(f, r, qi, own);
	const cellv *pc[TB_MAX_COLS]; /* the cell placed in each column, or NULL */
	double pen[TB_MAX_COLS][TB_MAX_COLS];
	/* placements: all combinations when few, else packed left (combos is K choose nc,
	 * as K choose K - nc, the fewer steps, each exact in integers) */
	long combos = 1;
	for (int i = 0, m = nc < K - nc ? nc : K - nc; i < m; i++)
		combos = combos * (K - i) / (i + 1);
	int all = combos <= 16 || (combos <= 64 && r->nr <= 8);
	if (!all || nc == K || nc == 0)
		return score_packed(f, rd, ord, bonus, with_rel, bound);
	/* a reading of a row that is no total may be given up too, once no placement can
	 * come below bound: lb sums each cell's least penalty, in the order every
	 * placement's sum takes, so it is below each of them. (The placements of a total
	 * row's readings are kept: check_totals tries them without scoring them again.) */
	int may_drop = !r->total;
	for (int k = 0; k < nc; k++) {
		double least = 1e300;
		for (int j = k; j <= K - nc + k; j++) {
			pen[k][j] = cell_penalty(f, &ord[k], j);
			least = pen[k][j] < least ? pen[k][j] : least;
		}
		lb += least;
		if (may_drop && lb - bonus > bound + 1e-6)
			return SCORE_OVER;
	}
	for (int i = 0; i < nc; i++)
		col[i] = (unsigned char)i;
	for (int j = 0; j < K; j++)
		pc[j] = NULL;
	for (;;) {
		double s = rd->base + 1.0 * (K - nc);
		for (int k = 0; k < nc; k++)
			s += pen[k][col[k]];
		/* (a placement whose penalties, less every bonus, are above the best so far
		 * cannot come below it: its relations are not looked at) */
		if (with_rel && f->nrels && s - bonus <= best + 1e-6) {
			for (int k = 0; k < nc; k++)
				pc[col[k]] = &ord[k];
			s = add_relations(f, pc, s);
			for (int k = 0; k < nc; k++) /* (every column empty again) */
				pc[col[k]] = NULL;
		}
		if (s < best) {
			best = s;
			memcpy(bestcol, col, sizeof col);
		}
		if (!all || nc == K || nc == 0)
			break;
		/* next combination of nc columns out of K */
		int i = nc - 1;
		while (i >= 0 && col[i] == K - nc + i)
			i--;
		if (i < 0)
			break;
		col[i]++;
		for (int q = i + 1; q < nc; q++)
			col[q] = (unsigned char)(col[q - 1] + 1);
	}
	memcpy(rd->col, bestcol, sizeof bestcol);
	rd->score = (float)best;
	return best;
}

/* Scores reading rd of row r (lower is better), choosing its placement in the columns
 * when it has fewer cells than K. A reading of one placement (packed left) whose score
 * cannot come below bound (its penalties so far, less every relation's bonus, above it)
 * is given up: SCORE_OVER is returned and rd is left as it was (its placement is the
 * packed one already, and its score is read only when it is chosen). Penalties are never
 * negative, so the sum so far only grows: a reading given up would not have been chosen.
 * A reading whose own penalties (base, and a point for each column it leaves empty: the
 * start of every placement's sum) already put it out is given up before its cells are
 * made, as the sums below would give it up at their first step; a third of the readings
 * scored are, most before relations are known. */
static double score_reading(fit *f, const lrow *r, int qi, int with_rel, double bound)
{
	double bonus = rel_bonus(f, with_rel);
	if (over_at_once(f, r, &READS(f)[qi], bonus, bound))
		return SCORE_OVER;
	return score_cells(f, r, qi, with_rel, bonus, bound);
}

/* The reading of row r that cuts its atoms as the last row chosen of as many atoms cut
 * its own (the same cell ends: ends[na], where seen[na]), or -1. */
static int like_before(const fit *f, const lrow *r, const unsigned long long *ends,
                       const unsigned char *seen)
{
	if (!seen[r->na])
		return -1;
	for (int q = r->r0; q < r->r0 + r->nr; q++)
		if (READS(f)[q].ends == ends[r->na])
			return q;
	return -1;
}

/* Chooses the best reading of every data row; returns how many rows changed their
 * choice. *moved (when not NULL) counts the rows that kept their reading but placed its
 * cells in other columns. */
static int choose_readings(fit *f, int r0, int r1, int with_rel, int *moved)
{
	int changed = 0;
	/* the cell ends of the last row chosen of each count of atoms (like_before) */
	unsigned long long ends[TB_MAX_ATOMS + 1];
	unsigned char seen[TB_MAX_ATOMS + 1] = {0};
	if (moved)
		*moved = 0;
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || !r->nr)
			continue;
		int was = r->best;
		if (!f->scored && r->nr == 1 && READS(f)[r->r0].ncells == f->K) {
			r->best = r->r0; /* nothing to choose, nothing to compare */
			changed += was != r->best;
			ends[r->na] = READS(f)[r->best].ends, seen[r->na] = 1;
			continue;
		}
		double best = 1e30;
		unsigned char wascol[TB_MAX_COLS];
		if (moved && was >= 0)
			memcpy(wascol, READS(f)[was].col, sizeof wascol);
		profiles_without(f, r);
		/* the reading chosen before (or, at first, the one the profiles count) is
		 * scored first: when it is still the best, the others are given up sooner
		 * against it. The choice is the same, the first reading of the lowest score
		 * (a reading given up scores above the best) */
		int first = was >= 0 ? was : r->contrib;
		if (first < r->r0 || first >= r->r0 + r->nr)
			first = like_before(f, r, ends, seen);
		double bonus = rel_bonus(f, with_rel);
		if (first >= 0) {
			best =
			    score_cells(f, r, first, with_rel, bonus, best); /* (not over 1e30) */
			r->best = first;
		}
		/* (the readings given up at once are passed here, without a call) */
		for (int q = r->r0; q < r->r0 + r->nr; q++) {
			if (q == first || over_at_once(f, r, &READS(f)[q], bonus, best))
				continue;
			double s = score_cells(f, r, q, with_rel, bonus, best);
			if (s < best || (s == best && q < r->best)) {
				best = s;
				r->best = q;
			}
		}
		/* score_reading left its best placement in each reading */
		changed += was != r->best;
		if (r->best >= 0)
			ends[r->na] = READS(f)[r->best].ends, seen[r->na] = 1;
		if (moved && was >= 0 && was == r->best &&
		    memcmp(wascol, READS(f)[was].col, sizeof wascol) != 0)
			(*moved)++;
	}
	return changed;
}

/* ------------------------------------------------------------------ totals ---------- */

typedef struct total_check {
	int row, from, to; /* row = sum of data rows [from, to] (indices into rows) */
	int held;
	int prev_totals; /* the sum is over the total rows above, not data rows */
	int carried;     /* carried_from's row for this total, or -1 */
} total_check;

/* Sums the chosen cells of rows [from, to] (skipping totals unless totals_only) into s. */
static int sum_rows(fit *f, int from, int to, int totals_only, double *s, int *nops, double *unit,
                    int skip, const reading *alt)
{
	cellv own[TB_MAX_COLS];
	int n = 0;
	for (int j = 0; j < f->K; j++)
		s[j] = 0, nops[j] = 0, unit[j] = 0;
	for (int i = from; i <= to; i++) {
		const lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || r->best < 0 || (totals_only ? !r->total : r->total))
			continue;
		const reading *rd = i == skip ? alt : &READS(f)[r->best];
		const cellv *cv = cells_view(f, r, rd, own);
		for (int j = 0; j < f->K; j++)
			if (cv[j].present) {
				s[j] += cv[j].v;
				nops[j]++;
				double u = tb_unit_of_dec(cv[j].dec);
				if (u > unit[j])
					unit[j] = u;
			}
		n++;
	}
	return n;
}

/* Do the numbers of column j add up in a total row? Not a change or a share in percent
 * (the column of a ratio relation, or of "%" numbers). */
static int sums_up(const fit *f, int j)
{
	for (int q = 0; q < f->nrels; q++)
		if (f->rels[q].c == j &&
		    (f->rels[q].kind == REL_RATIO || f->rels[q].kind == REL_SHARE))
			return 0;
	return f->prof[j].pct < 0.5;
}

/* Does total row t equal the sum? Columns where both sides have values are compared;
 * at least one must be, and a column with only a total value fails. adds[j]: sums_up
 * of column j (taken once for all the checks). */
static int total_holds_cells(const fit *f, const cellv *cv, const double *s, const int *nops,
                             const double *unit, const unsigned char *adds)
{
	int compared = 0;
	for (int j = 0; j < f->K; j++) {
		if (!cv[j].present && !nops[j])
			continue;
		if (!adds[j])
			continue;
		if (!cv[j].present || !nops[j])
			return 0;
		double u = tb_unit_of_dec(cv[j].dec);
		if (unit[j] > u)
			u = unit[j];
		if (fabs(cv[j].v - s[j]) > u * (nops[j] + 1) + 1e-9 * fabs(s[j]))
			return 0;
		compared++;
	}
	return compared > 0;
}

/* total_holds_cells for reading trd of total row t. */
static int total_holds(fit *f, int t, const reading *trd, const double *s, const int *nops,
                       const double *unit, const unsigned char *adds)
{
	cellv cv[TB_MAX_COLS];
	reading_cells(f, &ROWS(f)[t], trd, cv);
	return total_holds_cells(f, cv, s, nops, unit, adds);
}

/* Adds the cells [c0, c1) of sc into s, nops and unit, as sum_rows adds them. */
static void add_cells(const sumcell *sc, int c0, int c1, double *s, int *nops, double *unit)
{
	for (int c = c0; c < c1; c++) {
		s[sc[c].j] += sc[c].v;
		nops[sc[c].j]++;
		if (sc[c].u > unit[sc[c].j])
			unit[sc[c].j] = sc[c].u;
	}
}

/*
 * Tries another reading of one row of rows [from, to] (tot: the total rows, else the
 * others) against total row t, as check_totals did with sum_rows for each reading: the
 * same rows, each alternative summed with the chosen cells of the others in the same
 * order, so to the same doubles. The chosen cells are made once (f->sumc) and the sum of
 * the rows above each row is carried down, instead of the whole range made and summed
 * again for every alternative. Takes the first reading that makes the total hold.
 * Returns 1 then, 0 when none does, -1 without the memory (check_totals sums as before).
 */
static int row_alts(fit *f, int t, int from, int to, int tot, const unsigned char *adds)
{
	int K = f->K, nrow = to - from + 1;
	tv_buf_clear(&f->sumc);
	tv_buf_clear(&f->sumat);
	if (tv_buf_reserve(&f->sumc, (size_t)nrow * (size_t)K * sizeof(sumcell)) ||
	    tv_buf_reserve(&f->sumat, (size_t)(nrow + 1) * sizeof(int)))
		return -1;
	sumcell *sc = (sumcell *)(void *)f->sumc.data;
	int *at = (int *)(void *)f->sumat.data;
	cellv cv[TB_MAX_COLS];
	int m = 0;
	for (int i = from; i <= to; i++) {
		const lrow *r = &ROWS(f)[i];
		at[i - from] = m;
		if (r->kind != R_DATA || r->best < 0 || (tot ? !r->total : r->total))
			continue;
		reading_cells(f, r, &READS(f)[r->best], cv);
		for (int j = 0; j < K; j++)
			if (cv[j].present)
				sc[m].v = cv[j].v, sc[m].u = tb_unit_of_dec(cv[j].dec),
				sc[m++].j = j;
	}
	at[nrow] = m;
	cellv tcv[TB_MAX_COLS]; /* the total's cells (its reading stays while this runs) */
	reading_cells(f, &ROWS(f)[t], &READS(f)[ROWS(f)[t].best], tcv);
	double ps[TB_MAX_COLS], pu[TB_MAX_COLS], s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int pn[TB_MAX_COLS], nops[TB_MAX_COLS];
	for (int j = 0; j < K; j++)
		ps[j] = 0, pn[j] = 0, pu[j] = 0;
	for (int i = from; i <= to; i++) {
		lrow *r = &ROWS(f)[i];
		/* f->cur without row r changes only when its counted reading is placed anew */
		int stale = 1;
		if (r->kind == R_DATA && r->total == tot && r->nr >= 2)
			for (int k = r->r0; k < r->r0 + r->nr; k++) {
				if (k == r->best)
					continue;
				reading *alt = &READS(f)[k];
				if (stale)
					profiles_without(f, r), stale = 0;
				score_reading(f, r, k, 1, 1e30);
				stale = k == r->contrib;
				memcpy(s, ps, (size_t)K * sizeof s[0]);
				memcpy(nops, pn, (size_t)K * sizeof nops[0]);
				memcpy(unit, pu, (size_t)K * sizeof unit[0]);
				if (r->best >= 0) {
					reading_cells(f, r, alt, cv);
					for (int j = 0; j < K; j++)
						if (cv[j].present) {
							s[j] += cv[j].v;
							nops[j]++;
							double u = tb_unit_of_dec(cv[j].dec);
							if (u > unit[j])
								unit[j] = u;
						}
				}
				add_cells(sc, at[i - from + 1], at[nrow], s, nops, unit);
				if (total_holds_cells(f, tcv, s, nops, unit, adds)) {
					r->best = k;
					f->taken++;
					return 1;
				}
			}
		add_cells(sc, at[i - from], at[i - from + 1], ps, pn, pu);
	}
	return 0;
}

/* The data row that a total below group heads may carry into its sum besides the
 * group's rows (gfrom, its first row): the row just above the heads ("Nya medel" over
 * "Särskilda förstärkningar ..." and its rows, "TOTAL ÖKNING" their sum), when it is no
 * total row and lies below start (the first row since the last total). -1 otherwise. */
static int carried_from(const fit *f, int gfrom, int start)
{
	int k = gfrom - 1;
	while (k > start && ROWS(f)[k].kind == R_GROUP)
		k--;
	if (k == gfrom - 1 || k <= start)
		return -1;
	const lrow *r = &ROWS(f)[k];
	return r->kind == R_DATA && !r->total && r->best >= 0 ? k : -1;
}

/* Checks every total row against the rows above it; where one reading change (of the
 * total row or of one row in its range) makes it hold, takes it. */
static int check_totals(fit *f, int r0, int r1, total_check *out, int max)
{
	int n = 0, start = r0;
	f->snap_live = 0; /* (it changes choices and places other readings) */
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	unsigned char adds[TB_MAX_COLS];
	for (int j = 0; j < f->K; j++)
		adds[j] = (unsigned char)sums_up(f, j);
	for (int t = r0; t < r1 && n < max; t++) {
		lrow *tr = &ROWS(f)[t];
		if (tr->kind != R_DATA || !tr->total || tr->best < 0 || t == r0)
			continue; /* (a total with no row above it sums nothing) */
		/* ranges: since the last total or group row, since the start, the totals above,
		 * the group's rows with the row carried from above its heads */
		int from[4], to[4], tot[4], nr = 0;
		int gfrom = start;
		for (int i = t - 1; i >= r0; i--)
			if (ROWS(f)[i].kind == R_GROUP ||
			    (ROWS(f)[i].kind == R_DATA && ROWS(f)[i].total)) {
				gfrom = i + 1;
				break;
			}
		if (gfrom < t)
			from[nr] = gfrom, to[nr] = t - 1, tot[nr++] = 0;
		if (start < gfrom)
			from[nr] = start, to[nr] = t - 1, tot[nr++] = 0;
		from[nr] = r0, to[nr] = t - 1, tot[nr++] = 1;
		int carried = gfrom < t ? carried_from(f, gfrom, start) : -1;
		if (carried >= 0)
			from[nr] = carried, to[nr] = t - 1, tot[nr++] = 0;
		total_check *c = &out[n];
		c->row = t;
		c->from = from[0];
		c->to = to[0];
		c->held = 0;
		c->prev_totals = tot[0];
		c->carried = carried;
		int found = 0;
		for (int q = 0; q < nr && !found; q++) {
			if (sum_rows(f, from[q], to[q], tot[q], s, nops, unit, -1, NULL) < 2)
				continue;
			if (total_holds(f, t, &READS(f)[tr->best], s, nops, unit, adds)) {
				found = 1;
			} else {
				/* another reading of the total row */
				for (int k = tr->r0; k < tr->r0 + tr->nr && !found; k++)
					if (k != tr->best &&
					    total_holds(f, t, &READS(f)[k], s, nops, unit, adds))
						tr->best = k, found = 1, f->taken++;
				/* another reading of one row in the range */
				int got = found ? 0 : row_alts(f, t, from[q], to[q], tot[q], adds);
				if (got > 0)
					found = 1;
				for (int i = from[q]; got < 0 && i <= to[q] && !found; i++) {
					lrow *r = &ROWS(f)[i];
					if (r->kind != R_DATA || r->total != tot[q] || r->nr < 2)
						continue;
					for (int k = r->r0; k < r->r0 + r->nr && !found; k++) {
						if (k == r->best)
							continue;
						reading *alt = &READS(f)[k];
						profiles_without(f, r);
						score_reading(f, r, k, 1, 1e30);
						sum_rows(f, from[q], to[q], tot[q], s, nops, unit,
						         i, alt);
						if (total_holds(f, t, &READS(f)[tr->best], s, nops,
						                unit, adds))
							r->best = k, found = 1, f->taken++;
					}
				}
			}
			if (found) {
				c->from = from[q];
				c->to = to[q];
				c->prev_totals = tot[q];
			}
		}
		c->held = found;
		n++;
		if (!tot[0])
			start = t + 1;
	}
	return n;
}

/* ------------------------------------------------------------------ repairs --------- */

/* Text of a repaired cell for replacement repl, by atom. */
static const char *repl_text(const fit *f, int atom)
{
	const repl *r = (const repl *)(const void *)f->repl.data;
	for (size_t i = 0; i < f->repl.len / sizeof(repl); i++)
		if (r[i].atom == atom)
			return r[i].text;
	return NULL;
}

/* One way a damaged number may have been printed: the cell's value and digits, and the
 * one atom of the cell that changes (the q-th), with its value and integer digits after
 * the change. */
typedef struct alt {
	double v;
	int intd, dec;
	int q, aintd;
	double aval;
	char text[40]; /* the cell's number as printed after the change */
	const char *rule;
} alt;

#define CELL_ALTS  6 /* readings cell_alts may fill */
#define EIGHT_ALTS 3 /* of them, 8s read as 3s: a cell with more 3s has none */

/* Alternative x for cell c: its value moved by delta (away from zero), atom q of the cell
 * (a) by adelta, with aintd integer digits; the text is filled by the caller. */
static void shift_alt(alt *x, const cellv *c, const tb_atom *a, int q, double delta, double adelta,
                      int aintd, const char *rule)
{
	x->v = c->v < 0 ? c->v - delta : c->v + delta;
	x->intd = c->intd - (a->intd - aintd);
	x->dec = c->dec;
	x->q = q;
	x->aval = a->ival + a->frac + adelta;
	x->aintd = aintd;
	x->rule = rule;
}

/*
 * The readings of cell c that an 8 misread in a serif face hides: one of its 3s an 8
 * ("33 392" for "33 892"; none where the cell has more than EIGHT_ALTS 3s), and, where its
 * digits open with "38", the 8 alone ("38 637" for "8 637": the 8 read as two glyphs).
 * The cell's atoms (its digit groups) must stand on one line with only spaces between
 * them. Fills out[0..); returns the count.
 */
static int eight_alts(const fit *f, const cellv *c, alt *out)
{
	const tb_atom *a0 = &ATOMS(f)[c->a], *z = a0 + c->na - 1;
	const char *s = line_at(f, a0->line)->s;
	size_t len = (size_t)(z->off + z->len - a0->off);
	if (z->line != a0->line || len + 1 > sizeof out->text)
		return 0;
	int threes = 0;
	for (const tb_atom *a = a0; a <= z; a++) {
		for (size_t p = a->off; p < (size_t)a->off + a->len; p++)
			threes += s[p] == '3';
		for (size_t p = (size_t)a->off + a->len; a < z && p < a[1].off; p++)
			if (s[p] != ' ')
				return 0; /* a glyph between the groups: not as printed */
	}
	if (threes > EIGHT_ALTS)
		return 0;
	int n = 0;
	double group = pow10i(3 * (c->na - 1)); /* an atom's weight in the cell (make_cell) */
	for (int q = 0; q < c->na; q++, group /= 1000) {
		const tb_atom *a = a0 + q;
		if (a->hlen)
			return 0;
		int ord = a->intd; /* the place of the next digit: 10^(ord - 1) */
		for (size_t p = a->off; p < (size_t)a->off + a->len; p++) {
			if (s[p] < '0' || s[p] > '9')
				continue;
			double place = pow10i(--ord);
			if (s[p] != '3')
				continue;
			alt *x = &out[n++];
			shift_alt(x, c, a, q, 5 * place * group, 5 * place, a->intd,
			          "arithmetic-eight-read-as-three");
			memcpy(x->text, s + a0->off, len);
			x->text[p - a0->off] = '8';
			x->text[len] = 0;
		}
	}
	const char *dg = s + a0->off + (a0->neg ? 1 : 0) + (a0->popen ? 1 : 0);
	if (a0->intd >= 2 && dg[0] == '3' && dg[1] == '8') {
		alt *x = &out[n++];
		double place = pow10i(a0->intd - 1);
		shift_alt(x, c, a0, 0, -3 * place * pow10i(3 * (c->na - 1)), -3 * place,
		          a0->intd - 1, "arithmetic-eight-read-as-38");
		size_t pre = (size_t)(dg - (s + a0->off));
		memcpy(x->text, s + a0->off, pre);
		memcpy(x->text + pre, dg + 1, len - pre - 1);
		x->text[len - 1] = 0;
	}
	return n;
}

/*
 * The readings of cell c in column j that damage may hide: in a single-atom cell, the
 * decimal comma lost ("58" for "5,8", as many decimals as the column has) and a ruling
 * line read as a leading 1 ("116" for "|16"); in any cell, an 8 misread (eight_alts).
 * Fills up to CELL_ALTS; returns the count.
 */
static int cell_alts(const fit *f, const cellv *c, int j, alt *out)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *txt = line_at(f, a->line)->s + a->off;
	int n = 0, d = f->prof[j].dec;
	if (c->na != 1)
		return eight_alts(f, c, out);
	if (a->hlen || (size_t)a->len + 2 > sizeof out->text)
		return 0;
	if (!a->dec && d > 0 && a->intd > d && a->intd <= 12 && !a->pct) {
		alt *x = &out[n++];
		double sc = 1;
		for (int k = 0; k < d; k++)
			sc *= 10;
		x->v = c->v / sc;
		x->dec = d;
		x->intd = a->intd - d;
		size_t pre = (size_t)(a->neg ? 1 : 0) + (a->popen ? 1 : 0),
		       ni = (size_t)(a->intd - d);
		memcpy(x->text, txt, pre + ni);
		x->text[pre + ni] = ',';
		memcpy(x->text + pre + ni + 1, txt + pre + ni, (size_t)a->len - pre - ni);
		x->text[a->len + 1] = 0;
		x->rule = "arithmetic-decimal-comma";
		x->q = 0, x->aval = fabs(x->v), x->aintd = x->intd;
	}
	const char *dg = txt + (a->neg ? 1 : 0) + (a->popen ? 1 : 0);
	/* not "1050" -> "050": a number does not start with 0 */
	if (a->intd >= 2 && dg[0] == '1' && !a->pct && !(dg[1] == '0' && a->intd > 2)) {
		alt *x = &out[n++];
		double p10 = 1;
		for (int k = 1; k < a->intd; k++)
			p10 *= 10;
		double mag = fabs(c->v) - p10;
		x->v = c->v < 0 ? -mag : mag;
		x->dec = a->dec;
		x->intd = a->intd - 1;
		size_t pre = (size_t)(dg - txt);
		memcpy(x->text, txt, pre);
		memcpy(x->text + pre, dg + 1, (size_t)a->len - pre - 1);
		x->text[a->len - 1] = 0;
		x->rule = "arithmetic-ruling-line";
		x->q = 0, x->aval = fabs(x->v), x->aintd = x->intd;
	}
	return n + eight_alts(f, c, out + n);
}

/* Takes alternative x for cell c (row i, column j): records it, makes the atom read as
 * repaired (for later checks), and reports it with the relation that proved it. */
static tv_status take_alt(fit *f, int i, int j, const cellv *c, const alt *x, const char *proof)
{
	tb_atom *a = &ATOMS(f)[c->a + x->q];
	const tb_atom *a0 = &ATOMS(f)[c->a], *z = a0 + c->na - 1;
	const char *txt = line_at(f, a0->line)->s + a0->off;
	repl rp;
	memset(&rp, 0, sizeof rp);
	rp.atom = c->a;
	rp.row = i;
	rp.col = j;
	memcpy(rp.text, x->text, strlen(x->text) + 1);
	size_t len = (size_t)(z->off + z->len - a0->off);
	size_t bl = len < sizeof rp.before - 1 ? len : sizeof rp.before - 1;
	memcpy(rp.before, txt, bl);
	size_t pl = strlen(proof) < sizeof rp.proof - 1 ? strlen(proof) : sizeof rp.proof - 1;
	memcpy(rp.proof, proof, pl);
	tv_status rc = tv_buf_append(&f->repl, &rp, sizeof rp);
	if (rc)
		return rc;
	memo_stale(f);
	a->ival = floor(x->aval);
	a->frac = x->aval - a->ival;
	if (a == z)
		a->dec = (unsigned char)x->dec;
	if (a->intd != x->aintd)
		ROWS(f)[i].range_ok = 0; /* (cell_range rests on the atoms' widths) */
	a->intd = (unsigned char)x->aintd;
	if (f->repair)
		f->repair(f->ctx, a0->line, a0->off, rp.before, rp.text, x->rule);
	return TV_OK;
}

/*
 * For each established relation failing in a row, tries to repair one cell of the row
 * (cell_alts). A repair is taken only when it makes every testable relation of the
 * row hold, one of them an arithmetic one on that cell.
 */
static tv_status repair_cells(fit *f, int r0, int r1)
{
	cellv cv[TB_MAX_COLS];
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || r->best < 0 || !f->nrels)
			continue;
		reading_cells(f, r, &READS(f)[r->best], cv);
		int failing = 0;
		for (int q = 0; q < f->nrels; q++)
			failing += rel_holds(&f->rels[q], cv) == 0 && f->rels[q].kind != REL_EQ;
		for (int j = 0; j < f->K && failing; j++) {
			cellv *c = &cv[j];
			if (!c->present)
				continue;
			alt alts[CELL_ALTS];
			int na = cell_alts(f, c, j, alts);
			for (int k = 0; k < na; k++) {
				cellv save = *c;
				c->v = alts[k].v;
				c->dec = (unsigned char)alts[k].dec;
				c->intd = (unsigned short)alts[k].intd;
				int ok = 1, proof = -1;
				for (int q = 0; q < f->nrels; q++) {
					int h = rel_holds(&f->rels[q], cv);
					if (h == 0)
						ok = 0;
					/* a copy of a column proves nothing: only arithmetic
					 * does */
					if (h > 0 && f->rels[q].kind != REL_EQ &&
					    (f->rels[q].c == j || f->rels[q].a == j ||
					     f->rels[q].b == j))
						proof = q;
				}
				if (ok && proof >= 0) {
					char rt[64];
					tb_rel_text(&f->rels[proof], rt, sizeof rt);
					tv_status rc = take_alt(f, i, j, &save, &alts[k], rt);
					if (rc)
						return rc;
					failing = 0;
					break;
				}
				*c = save;
			}
		}
	}
	return TV_OK;
}

/* Could cell x (its integer digits as printed) have lost its leading digit, so that
 * change moves it (2 to 9 times the place of a digit before its first, away from zero)
 * within tol? The other single damage that misses a sum by a round amount: "905,5"
 * for "5 905,5" misses as much as "3 703,1" for "8 703,1". (A 1 is left out: in OCR the
 * 1s a sum misses are the rules the ruled-column proofs strip, and they count those.) */
static int lost_lead_digit(const cellv *x, double change, double tol)
{
	if (x->v == 0 || (x->v < 0) != (change < 0))
		return 0;
	double place = pow10i(x->intd);
	for (int d = 2; d <= 9; d++)
		if (fabs(fabs(change) - d * place) <= tol)
			return 1;
	return 0;
}

/* One repair that makes failed total c hold in column j (sum s[j] of nops[j] cells, unit
 * unit[j]; the total's cell tcell): the only damaged reading of one cell of the column,
 * in the summed rows or the total row, that makes the sum hold by a change at least three
 * times the rounding of the column's decimals, where no cell of the column could have lost a
 * leading digit that makes it hold as well. Fills *hit, *hrow and *hcell; returns 1, or 0 when no
 * reading or more than one explains the miss. */
static int total_column_alt(fit *f, const total_check *c, int j, const double *s, const int *nops,
                            const double *unit, const cellv *tcell, alt *hit, int *hrow,
                            cellv *hcell)
{
	int hits = 0, found = 0; /* explanations; alternatives among them */
	double u = unit[j] > tb_unit_of_dec(tcell->dec) ? unit[j] : tb_unit_of_dec(tcell->dec);
	double tol = u * (nops[j] + 1) + 1e-9 * fabs(s[j]);
	/* the rounding of the column's decimals (tol: of the cells' as printed, where a
	 * damaged cell may have lost its decimals) */
	double ltol = tb_unit_of_dec(f->prof[j].dec) * (nops[j] + 1) + 1e-9 * fabs(s[j]);
	for (int i = c->from; i <= c->row && hits < 2; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || r->best < 0 ||
		    (i != c->row && (c->prev_totals ? !r->total : r->total)))
			continue;
		cellv rc_[TB_MAX_COLS];
		reading_cells(f, r, &READS(f)[r->best], rc_);
		if (!rc_[j].present)
			continue;
		/* the change to this cell that makes the sum hold */
		double need = i == c->row ? s[j] - tcell->v : tcell->v - s[j];
		hits += lost_lead_digit(&rc_[j], need, ltol);
		alt alts[CELL_ALTS];
		int na = cell_alts(f, &rc_[j], j, alts);
		for (int k = 0; k < na; k++) {
			double change = alts[k].v - rc_[j].v;
			/* a change near the rounding of the column's decimals proves nothing: a
			 * cell placed in the wrong column misses by as little */
			if (fabs(change - need) <= tol && fabs(change) >= 3 * ltol) {
				hits++;
				found++;
				*hit = alts[k];
				*hrow = i;
				*hcell = rc_[j];
			}
		}
	}
	return hits == 1 && found == 1;
}

/*
 * A failed total: when in every column whose sum misses exactly one cell (in the summed
 * rows or the total row) has a damaged reading that makes that column's sum hold, those
 * cells are repaired, and the total holds. One column left unexplained repairs none: the
 * rows summed may be others than the total's.
 */
static tv_status repair_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0)
{
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	cellv cv[TB_MAX_COLS];
	for (int q = 0; q < ntc; q++) {
		total_check *c = &tc[q];
		if (c->held)
			continue;
		sum_rows(f, c->from, c->to, c->prev_totals, s, nops, unit, -1, NULL);
		lrow *tr = &ROWS(f)[c->row];
		reading_cells(f, tr, &READS(f)[tr->best], cv);
		int bad[TB_MAX_COLS], hrow[TB_MAX_COLS], nbad = 0, mended = 0;
		alt hit[TB_MAX_COLS];
		cellv hcell[TB_MAX_COLS];
		for (int j = 0; j < f->K; j++) {
			if (!sums_up(f, j) || !cv[j].present || !nops[j])
				continue;
			double u = tb_unit_of_dec(cv[j].dec) > unit[j] ? tb_unit_of_dec(cv[j].dec)
			                                               : unit[j];
			if (fabs(cv[j].v - s[j]) <= u * (nops[j] + 1) + 1e-9 * fabs(s[j]))
				continue;
			mended += total_column_alt(f, c, j, s, nops, unit, &cv[j], &hit[nbad],
			                           &hrow[nbad], &hcell[nbad]);
			bad[nbad++] = j;
		}
		if (!nbad || mended != nbad)
			continue;
		char proof[64];
		int rr = body_number(bodyno, c->row - r0);
		snprintf(proof, sizeof proof, "total r%d", rr);
		for (int k = 0; k < nbad; k++) {
			tv_status rc = take_alt(f, hrow[k], bad[k], &hcell[k], &hit[k], proof);
			if (rc)
				return rc;
		}
		c->held = 1;
	}
	return TV_OK;
}

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
static tv_status put_num(tb_table *t, const char *s, size_t n, int pct)
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

/* put_num for a cell s[0..n) whose last atom is z: a unit printed on a line of its own
 * after the number (wrapped_unit) is written after it, as the cells that print theirs
 * on the number's line have it ("3 518 020,45" / "tkr": "3 518 020,45 tkr"). */
static tv_status put_num_unit(tb_table *t, const char *s, size_t n, const tb_atom *z)
{
	if (!z->unit || z->pct || z->end != z->off + z->len)
		return put_num(t, s, n, z->pct);
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
static int header_words(const tb_line *l, size_t (*w)[2], int max)
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
static int header_cells(const tb_line *l, int nopen, size_t (*c)[2], int *op, int max)
{
	size_t w[TB_MAX_COLS + 16][2];
	int nw = header_words(l, w, TB_MAX_COLS + 16), n = 0, used = 0, closed = 0, rule = 0;
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

/* ------------------------------------------------------------------ building -------- */

/* A header cell of walk_header: bytes [a, b) of line hl[line], then lines
 * hl[line + 1 .. last] (words of the cell that went on below). */
typedef struct stacked_cell {
	int line, last;
	size_t a, b;
} stacked_cell;

typedef struct segment {
	int r0, r1;   /* rows [r0, r1) */
	int years;    /* row index of a years line heading it, or -1 */
	int yr0, nyr; /* rows of one year each above the first ("Utfall" / "2023"): a header */
} segment;

/*
 * A table with vertical rules, scanned: Tesseract reads the rule before a column as "|",
 * "[" or a "1" glued to the number ("1100" for "|100", "11 249" for "|1 249", "12028" for
 * "|2028"). A column is ruled when the header's year of that column carries the rule
 * ("2026 [2027 12028"), or when rule glyphs stand before at least two of its cells and
 * either a quarter of them or, with the cells that start with 1, four in five; and when,
 * besides, most of its cells (three in five) start with a rule
 * glyph or a 1. Then the leading 1 of its other cells may be the rule, but a real "15"
 * whose rule the OCR dropped looks the same, so a second proof is needed: the cell
 * without its 1 is as wide (integer digits) as another cell of the column without its
 * rule, or as another cell of its row as read, or the cell as printed is no narrower
 * than every other cell of the column that carries a rule ("15 115 15" over "150",
 * "1300", "[372,5": the last "15" stays). Then the 1 is taken off (never from a signed or bracketed
 * number, nor where a 0 would lead) and logged. A cell without that proof is left as
 * read; arithmetic may still repair it (cell_alts).
 * A column is also ruled by width, in a table that shows a rule somewhere (a glyph before
 * any of its cells, or in its years line): when at least half its cells start with a
 * rule glyph or a 1, two or more of those with a 1 are exactly one digit wider than its
 * widest other cell and none is wider. Then only those one digit wider lose their 1
 * ("14 524" beside "5 069" and "8167"); "1 151", as wide as the others, stays.
 * And a column's total settles the cells it covers, in any table (rule_sum_rows): the
 * cells that start with 1 (two or more, or one and the total itself) and those that start
 * with 38 (a rule read with the 8), by classes of one kind and width, may each lose that
 * digit; when exactly one count of each class makes the rows add up to the total and it
 * takes each class wholly or not at all, a class taken loses its digits and a class not
 * taken keeps them, even where another proof would take them off ("Totalt 159 121" keeps
 * its 1 when "123" loses its own); a class partly taken names no cell (the total may be
 * misread itself), but taken half or less it keeps its digits (the width proof would take
 * them all, more wrong than right). Where no count adds up, the search is made again with
 * the cells whose rule shows both as a glyph and a 1 ("|1809,62") as classes of their own.
 * Where no total settles a cell, candidates do not vouch for each other in a column whose
 * glyph cells show numbers as wide as it ("15" beside "|52", "|16").
 */
static int years_rule(const fit *f, const segment *sg, int j)
{
	if (sg->years < 0 || ROWS(f)[sg->years].na != f->K)
		return 0;
	const lrow *yr = &ROWS(f)[sg->years];
	const tb_atom *a = &ATOMS(f)[yr->a0 + j];
	const tb_line *l = line_at(f, a->line);
	if (a->gpre || (a->intd == 5 && l->s[a->off] == '1'))
		return 1;
	size_t from = j ? ATOMS(f)[yr->a0 + j - 1].end : 0;
	for (size_t p = from; p < a->off && p < l->n; p++)
		if (l->s[p] == '|' || l->s[p] == '[' || l->s[p] == ']')
			return j > 0 || p > 0;
	return 0;
}

/* The digits of cell c start after its sign or bracket; NULL when it may not lose a 1:
 * not where a 0 would be left before other digits ("105", "10 000": "0 000" is no
 * number, and a real 10 000 is common). */
static inline const char *rule_one(const fit *f, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *dg = line_at(f, a->line)->s + a->off;
	if (a->gpre || a->hlen || a->neg || a->popen || a->intd < 2 || dg[0] != '1' ||
	    repl_text(f, c->a))
		return NULL;
	if (dg[1] == '0' && (a->intd > 2 || c->na > 1))
		return NULL;
	return dg;
}

/* The first digit of cell c as printed (0 when it has none). */
static char first_digit(const fit *f, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *s = line_at(f, a->line)->s + a->off;
	for (size_t k = 0; k < a->len; k++)
		if (s[k] >= '0' && s[k] <= '9')
			return s[k];
	return 0;
}

/* True when a rule glyph stands before cell c: glued to it, or in the gap before it on
 * its line ("Falun 9415492,13 |2020304,07"). */
static inline int rule_before(const fit *f, const lrow *r, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	if (a->gpre)
		return 1;
	const tb_line *l = line_at(f, a->line);
	if (l->norule)
		return 0;
	size_t from =
	    c->a > r->a0 && ATOMS(f)[c->a - 1].line == a->line ? ATOMS(f)[c->a - 1].end : l->lab1;
	for (size_t p = from; p < a->off && p < l->n; p++)
		if (l->s[p] == '|' || l->s[p] == '[' || l->s[p] == ']')
			return 1;
	return 0;
}

/* Row i as a data row with its best reading's cells at *cv, or NULL when it is no data
 * row or has no reading (repair_rule_columns walks a column's cells three times): *cv
 * points into f->mat while it is kept (made once for the table, mended by
 * strip_rule_digit), else at scratch, made there. The cells are read only. */
static lrow *row_cells(fit *f, int i, cellv *scratch, const cellv **cv)
{
	lrow *r = &ROWS(f)[i];
	if (r->kind != R_DATA || r->best < 0)
		return NULL;
	if (f->mat_kept && i >= f->mat_r0 && i < f->mat_r1) {
		*cv = (const cellv *)(const void *)f->mat.data +
		      (size_t)(i - f->mat_r0) * (size_t)f->K;
	} else {
		reading_cells(f, r, &READS(f)[r->best], scratch);
		*cv = scratch;
	}
	return r;
}

/* A total's candidates in column j by width: the 1 of a cell w digits wide is worth
 * 10^(w - 1); sum_class[k] of them are worth p[k] each. */
#define SUM_CLASSES 8
#define SUM_STEPS   100000

typedef struct sum_search {
	int nc;
	double p[SUM_CLASSES];
	int n[SUM_CLASSES];
	double up[SUM_CLASSES + 1], down[SUM_CLASSES + 1]; /* what classes k.. can add, take */
	double tol;
	int nsol, steps;
	int m[SUM_CLASSES], sol[SUM_CLASSES];
} sum_search;

/* Counts (up to two) the ways m[k..] of taking ones off the classes leave exactly d. */
static void sum_find(sum_search *s, int k, double d)
{
	if (s->nsol > 1 || ++s->steps > SUM_STEPS)
		return;
	if (d + s->up[k] < -s->tol || d - s->down[k] > s->tol)
		return;
	if (k == s->nc) {
		if (++s->nsol == 1)
			memcpy(s->sol, s->m, sizeof s->m);
		return;
	}
	for (int c = 0; c <= s->n[k] && s->nsol <= 1; c++) {
		s->m[k] = c;
		sum_find(s, k + 1, d - c * s->p[k]);
	}
}

/* Cell c of row r: a rule glyph before it and a leading 1 as well, the rule read twice
 * ("|1809,62" for "|809,62"). A real number after a glyph starts with 1 as often
 * ("|184,7"), so only a total may take that 1 off: a class of its own in a second search,
 * where the first, without such cells, finds no choice that adds up (rule_sum_total). */
static int glyph_one(const fit *f, const lrow *r, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *dg = line_at(f, a->line)->s + a->off;
	if (a->hlen || a->neg || a->popen || a->intd < 2 || dg[0] != '1' || repl_text(f, c->a))
		return 0;
	if (dg[1] == '0' && (a->intd > 2 || c->na > 1))
		return 0;
	return rule_before(f, r, c);
}

/* The class of body cell c of row r in a total's search: its width times 8, plus 1 for a
 * leading 1 that may be a rule (rule_one), 3 for a leading 3 before an 8 (rule_three: the
 * rule read with the 8), 5 for a leading 1 after a rule glyph (glyph_one, when glyphs is
 * set); 0 when it is no candidate. sum_digit gives the digit a class's cells may lose. */
static int rule_three(const fit *f, const cellv *c);

static int sum_key(const fit *f, const lrow *r, const cellv *c, int glyphs)
{
	if (glyphs && glyph_one(f, r, c))
		return 8 * c->intd + 5;
	if (rule_before(f, r, c))
		return 0;
	if (rule_one(f, c))
		return 8 * c->intd + 1;
	if (rule_three(f, c) && !repl_text(f, c->a))
		return 8 * c->intd + 3;
	return 0;
}

static int sum_digit(int key)
{
	return key % 8 == 3 ? 3 : 1;
}

/* Rows [lo, t) summed in column j against total row t, where each body cell that may have
 * lost a rule read as 1 (rule_one, no glyph before it) may lose it, by classes of one
 * width, and the total may lose its own: when exactly one choice of how many of each class
 * (and whether the total) lose the 1 makes the rows add up, every cell of a class wholly
 * taken loses it (v[i - r0] = 1) and every cell of a class none of whose cells is taken
 * keeps it (v[i - r0] = 2: the total holds without that repair, and with it would not);
 * a class partly taken is left to the other proofs, but where it takes half the class or
 * fewer its cells keep their digit (v[i - r0] = 2). Returns 1 when the total settled some
 * cell, 0 when it proves nothing (it holds for several choices), -1 when it holds for none.
 * With glyphs set, cells with a glyph and a 1 (glyph_one) are candidates too. */
static int rule_sum_range(fit *f, int j, int lo, int t, int r0, unsigned char *v, int glyphs)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	const lrow *tr = row_cells(f, t, scratch, &cv);
	if (!tr || !cv[j].present || cv[j].v <= 0)
		return 0;
	sum_search s;
	memset(&s, 0, sizeof s);
	int wt[SUM_CLASSES + 1]; /* each class's width; the total's class is the last */
	double T = cv[j].v, tol = cv[j].u, S = 0;
	int tcand = rule_one(f, &cv[j]) && !rule_before(f, tr, &cv[j]), tw = cv[j].intd;
	int nops = 0, ncand = tcand;
	for (int i = lo; i < t; i++) {
		const lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total)
			continue;
		if (!cv[j].present) /* a cell lost or empty: the sum proves nothing */
			return 0;
		S += cv[j].v;
		nops++;
		tol = cv[j].u > tol ? cv[j].u : tol;
		int key = sum_key(f, r, &cv[j], glyphs);
		if (!key)
			continue;
		int k = 0;
		while (k < s.nc && wt[k] != key)
			k++;
		if (k == s.nc) {
			if (s.nc == SUM_CLASSES)
				return 0;
			wt[s.nc] = key;
			s.p[s.nc] = sum_digit(key) * pow(10, cv[j].intd - 1);
			s.n[s.nc++] = 0;
		}
		s.n[k]++;
		ncand++;
	}
	/* one cell alone, or the total alone, is check_totals' to settle (cell_alts) */
	if (nops < 2 || ncand - tcand < 2 - tcand)
		return 0;
	int kt = -1;
	if (tcand) { /* the total losing its 1 adds to what the rows must lose: d = S - T */
		if (s.nc == SUM_CLASSES)
			return 0;
		kt = s.nc;
		wt[kt] = -1;
		s.p[kt] = -pow(10, tw - 1);
		s.n[s.nc++] = 1;
	}
	s.tol = tol / 2 + 1e-9 * fabs(T);
	/* d = S - T goes down by a row's 1 and up by the total's */
	for (int k = s.nc - 1; k >= 0; k--) {
		double all = s.p[k] * s.n[k];
		s.down[k] = s.down[k + 1] + (all > 0 ? all : 0);
		s.up[k] = s.up[k + 1] + (all < 0 ? -all : 0);
	}
	sum_find(&s, 0, S - T);
	if (s.steps > SUM_STEPS)
		return 0;
	if (s.nsol != 1)
		return s.nsol ? 0 : -1;
	/* a class partly taken names no cell (the sum may as well hold by a misread total),
	 * and the other classes are left unsettled; but where it takes half the class or
	 * fewer, taking the class whole (as the width proof would) makes more wrong repairs
	 * than right ones: its cells keep their digit ("187,23" and "122,43", one 1 a rule) */
	int partial = 0;
	for (int k = 0; k < s.nc; k++)
		partial |= s.sol[k] != 0 && s.sol[k] != s.n[k];
	int settled = 0;
	for (int i = lo; i <= t; i++) {
		const lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || !cv[j].present || (r->total && i != t))
			continue;
		int key = i == t ? -1 : sum_key(f, r, &cv[j], glyphs), k = 0;
		if (!key)
			continue;
		if (i == t)
			k = kt;
		else
			while (k < s.nc && (k == kt || wt[k] != key))
				k++;
		if (k < 0 || k >= s.nc)
			continue;
		int part = s.sol[k] != 0 && s.sol[k] != s.n[k];
		if (partial ? part && 2 * s.sol[k] <= s.n[k] : 1) {
			v[i - r0] = part || !s.sol[k] ? 2 : 1;
			settled = 1;
		}
	}
	return settled;
}

/* rule_sum_range over rows [lo, t): first without the cells whose rule shows both as a
 * glyph and as a 1, then, where no choice adds up, with them. Returns 1 when it settled
 * some cell. */
static int rule_sum_total(fit *f, int j, int lo, int t, int r0, unsigned char *v)
{
	int rc = rule_sum_range(f, j, lo, t, r0, v, 0);
	if (rc < 0)
		rc = rule_sum_range(f, j, lo, t, r0, v, 1);
	return rc > 0;
}

/* Rows [lo, t) add up in column j, as printed, to total row t's cell. */
static int sum_as_printed(fit *f, int j, int lo, int t)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	const lrow *tr = row_cells(f, t, scratch, &cv);
	if (!tr || !cv[j].present)
		return 0;
	double T = cv[j].v, tol = cv[j].u, S = 0;
	for (int i = lo; i < t; i++) {
		const lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total)
			continue;
		if (!cv[j].present)
			return 0;
		S += cv[j].v;
		tol = cv[j].u > tol ? cv[j].u : tol;
	}
	return fabs(S - T) <= tol / 2 + 1e-9 * fabs(T);
}

/* The sum proof of column j: for each total row, the rows it sums (since the group or
 * total row above it, or since the total row above) settle their candidates and the
 * total's (rule_sum_range) in v[i - r0] (0 unsettled, 1 loses its 1, 2 keeps it). A
 * total that the rows since the total row above add up to as printed sums them, not
 * its group's alone ("Summa" under "Finansiella poster" and "Verksamhetens kostnader":
 * its group's rows may add up to it by a 1 taken off, "10" read as "|0"). Returns how
 * many cells lose their 1 by it. */
static int rule_sum_rows(fit *f, int j, int r0, int r1, unsigned char *v)
{
	int npick = 0, from = r0, start = r0;
	for (int t = r0; t < r1; t++) {
		const lrow *tr = &ROWS(f)[t];
		if (tr->kind == R_GROUP)
			from = t + 1;
		if (tr->kind != R_DATA || !tr->total)
			continue;
		if (start < from && sum_as_printed(f, j, start, t))
			rule_sum_total(f, j, start, t, r0, v);
		else if (!rule_sum_total(f, j, from, t, r0, v) && start < from)
			rule_sum_total(f, j, start, t, r0, v);
		from = start = t + 1;
	}
	for (int i = r0; i < r1; i++)
		npick += v[i - r0] == 1;
	return npick;
}

/* Cell c of row i, column j: the rule read as a 3 glued before an 8 ("386,21" for
 * "|86,21"), never in a signed or bracketed number or after a glyph. */
static int rule_three(const fit *f, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *dg = line_at(f, a->line)->s + a->off;
	return !a->gpre && !a->hlen && !a->neg && !a->popen && a->intd >= 2 && dg[0] == '3' &&
	       dg[1] == '8';
}

/* Takes the first digit (a rule) off cell cv[j] of row i and reports it with its proof;
 * a cell printed "-1..." loses its sign too, the rule read as both (neg_rule_one). */
static tv_status strip_rule_digit(fit *f, int i, int j, const cellv *cv, const char *proof)
{
	tb_atom *a = &ATOMS(f)[cv[j].a];
	const tb_atom *z = &ATOMS(f)[cv[j].a + cv[j].na - 1];
	const char *ls = line_at(f, a->line)->s;
	size_t len = (size_t)(z->off + z->len - a->off);
	size_t drop = a->neg && ls[a->off] == '-' ? 2 : 1;
	repl rp;
	memset(&rp, 0, sizeof rp);
	if (z->line != a->line || len + 1 > sizeof rp.text || a->intd < 2 || len <= drop)
		return TV_OK;
	rp.atom = cv[j].a;
	rp.row = i;
	rp.col = j;
	memcpy(rp.before, ls + a->off, len);
	memcpy(rp.text, ls + a->off + drop, len - drop);
	size_t pn = strlen(proof);
	memcpy(rp.proof, proof, pn < sizeof rp.proof ? pn : sizeof rp.proof - 1);
	tv_status rc = tv_buf_append(&f->repl, &rp, sizeof rp);
	if (rc)
		return rc;
	double p10 = 1;
	for (int k = 1; k < a->intd; k++)
		p10 *= 10;
	memo_stale(f);
	a->ival -= p10 * (ls[a->off + drop - 1] - '0');
	a->intd--;
	a->neg = 0;
	/* the row's cell bounds (cell_range) rest on its atoms' widths: made again if asked */
	ROWS(f)[i].range_ok = 0;
	/* the kept cell of row i mended: made again from its atoms, as row_cells would */
	if (f->mat_kept && i >= f->mat_r0 && i < f->mat_r1 && j < f->K)
		make_cell(f, cv[j].a, cv[j].na,
		          (cellv *)(void *)f->mat.data + (size_t)(i - f->mat_r0) * (size_t)f->K +
		              (size_t)j);
	if (f->repair)
		f->repair(f->ctx, a->line, a->off, rp.before, rp.text, "ocr-ruling-line");
	return TV_OK;
}

/*
 * A failed total with a carried row (carried_from): where the carried row and the
 * group's rows add up to it as printed in two columns or more, and in one column more
 * only once the total's cell loses a leading 1 that a rule left (rule_one, no glyph
 * before it: "14 587" for "4 587" beside "2 981" and "4 209"), the range is the total's
 * and the 1 is taken off. The two columns prove the range; the total's sum proves the
 * digit (a total read wider than its rows is the common way a rule lands in it).
 */
static tv_status repair_carried_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0)
{
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	cellv cv[TB_MAX_COLS];
	for (int q = 0; q < ntc; q++) {
		total_check *c = &tc[q];
		if (c->held || c->carried < 0)
			continue;
		sum_rows(f, c->carried, c->row - 1, 0, s, nops, unit, -1, NULL);
		lrow *tr = &ROWS(f)[c->row];
		reading_cells(f, tr, &READS(f)[tr->best], cv);
		int held = 0, bad = -1, nbad = 0;
		for (int j = 0; j < f->K; j++) {
			if (!sums_up(f, j) || (!cv[j].present && !nops[j]))
				continue;
			if (!cv[j].present || !nops[j]) {
				nbad = 2; /* a column summed with no total, or the reverse */
				break;
			}
			double u = tb_unit_of_dec(cv[j].dec) > unit[j] ? tb_unit_of_dec(cv[j].dec)
			                                               : unit[j];
			double tol = u * (nops[j] + 1) + 1e-9 * fabs(s[j]);
			if (fabs(cv[j].v - s[j]) <= tol) {
				held++;
				continue;
			}
			const tb_atom *a = &ATOMS(f)[cv[j].a];
			double p10 = pow10i(a->intd - 1 + 3 * (cv[j].na - 1));
			if (rule_one(f, &cv[j]) && !rule_before(f, tr, &cv[j]) && cv[j].v > 0 &&
			    fabs(cv[j].v - p10 - s[j]) <= tol)
				bad = j;
			nbad++;
		}
		if (held < 2 || nbad != 1 || bad < 0)
			continue;
		char proof[64];
		snprintf(proof, sizeof proof, "total r%d", body_number(bodyno, c->row - r0));
		tv_status rc = strip_rule_digit(f, c->row, bad, cv, proof);
		if (rc)
			return rc;
		c->from = c->carried;
		c->to = c->row - 1;
		c->prev_totals = 0;
		c->held = 1;
	}
	return TV_OK;
}

/* The rule read as 1 in cell c of row r: a leading 1 with no glyph before it (rule_one),
 * or one taken off already (by the rule proofs); *w gets its width with that 1. */
static int one_cell(const fit *f, const lrow *r, const cellv *c, int *w)
{
	const char *t = repl_text(f, c->a);
	if (t) {
		const repl *rp = (const repl *)(const void *)f->repl.data;
		size_t k = 0;
		while (rp[k].atom != c->a)
			k++;
		*w = c->intd + 1;
		return rp[k].before[0] == '1' && strcmp(rp[k].before + 1, rp[k].text) == 0;
	}
	*w = c->intd;
	return !rule_before(f, r, c) && rule_one(f, c) != NULL;
}

/* Column j of rows [r0, r1), in a table that shows its rules, beside repair_rule_threes'
 * own case: its body cells one digit wider than all its other body cells (three of those
 * at least), each starting with the rule read as 1 (one_cell) or as a 3 before an 8
 * (rule_three), one of them a 3, none wider (a total as wide as them neither). Returns 2
 * when they are two or more ("122 861", "380 926" beside "27 826", "93 682": real numbers
 * one digit wider than the rest would not all start with 1 or 38), 1 when a lone 38 cell
 * stands out so among five other cells or more (its table's other columns must prove the
 * rule read with the 8: see repair_rule_threes), 0 otherwise; *w gets the other cells'
 * width. */
static int rule_threes_mixed(fit *f, int r0, int r1, int j, int *wout)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	int w = -1, nplain = 0, n38 = 0, n1 = 0, over = 0, cw;
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || rule_three(f, &cv[j]) ||
		    one_cell(f, r, &cv[j], &cw))
			continue;
		nplain++;
		w = cv[j].intd > w ? cv[j].intd : w;
	}
	for (int i = r0; i < r1 && nplain >= 3; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || !cv[j].present)
			continue;
		if (rule_three(f, &cv[j]) && !repl_text(f, cv[j].a)) {
			n38 += !r->total && cv[j].intd == w + 1;
			over += cv[j].intd > w + 1 || (r->total && cv[j].intd == w + 1);
		} else if (one_cell(f, r, &cv[j], &cw)) {
			n1 += !r->total && cw == w + 1;
			over += cw > w + 1 && !r->total;
		}
	}
	*wout = w;
	if (nplain < 3 || n38 < 1 || over)
		return 0;
	return n38 + n1 >= 2 ? 2 : nplain >= 5 ? 1 : 0;
}

/* The cells of column j one digit wider than w that start with 38 or with the rule read as
 * 1 lose that digit, logged. */
static tv_status strip_wide_rules(fit *f, int r0, int r1, int j, int w)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	int cw;
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || repl_text(f, cv[j].a) ||
		    cv[j].intd != w + 1 || !(rule_three(f, &cv[j]) || one_cell(f, r, &cv[j], &cw)))
			continue;
		tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column");
		if (rc)
			return rc;
	}
	return TV_OK;
}

/* A column where two or more cells start with "38" and are one digit wider than every
 * other cell of its body (three at least; no total so wide): the 3 is a rule that the OCR
 * read with the 8 ("386,21", "383,97" beside "58,00", "86,21"); real numbers one digit
 * wider than all the others would not all start with 38. Otherwise, in a table that
 * shows its rules, 38 cells and 1 cells together (rule_threes_mixed); and a lone 38 cell
 * one digit wider than five or more others where the table proves the rule read into its
 * digits elsewhere too: another such lone 38 cell in another column, or two cells that
 * lost a 1 to the rule proofs ("384,99" and "383,75" in two columns of 2-digit
 * numbers). */
static tv_status repair_rule_threes(fit *f, int r0, int r1, int ruled)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	int lone[TB_MAX_COLS], lone_w[TB_MAX_COLS], nlone = 0;
	for (int j = 0; j < f->K; j++) {
		int w = -1, nplain = 0, n38 = 0, over = 0, any38 = 0, three = 0;
		lone[j] = 0;
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || !cv[j].present)
				continue;
			int t = rule_three(f, &cv[j]);
			three |= t;
			if (r->total || t)
				continue;
			nplain++;
			w = cv[j].intd > w ? cv[j].intd : w;
		}
		/* a column without a 38 cell, as most, has nothing for what follows (any38 0) */
		if (!three)
			continue;
		for (int i = r0; i < r1 && w > 0; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || !cv[j].present || !rule_three(f, &cv[j]) || repl_text(f, cv[j].a))
				continue;
			n38 += !r->total && cv[j].intd == w + 1;
			over += cv[j].intd > w + 1 || r->total;
			any38 += !r->total;
		}
		if (nplain < 3 || n38 < 2 || over) {
			if (!ruled || !any38) /* (rule_threes_mixed needs a body cell with 38) */
				continue;
			int mw, how = rule_threes_mixed(f, r0, r1, j, &mw);
			tv_status rc = how == 2 ? strip_wide_rules(f, r0, r1, j, mw) : TV_OK;
			if (rc)
				return rc;
			if (how == 1)
				lone[j] = 1, lone_w[j] = mw, nlone++;
			continue;
		}
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || !rule_three(f, &cv[j]) ||
			    repl_text(f, cv[j].a) || cv[j].intd != w + 1)
				continue;
			tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column");
			if (rc)
				return rc;
		}
	}
	/* the lone 38 cells: the rule read into the digits of the table's other cells */
	int nones = 0;
	const repl *rp = (const repl *)(const void *)f->repl.data;
	for (size_t k = 0; k < f->repl.len / sizeof(repl); k++)
		nones += rp[k].before[0] == '1' && strcmp(rp[k].before + 1, rp[k].text) == 0;
	for (int j = 0; j < f->K && (nlone >= 2 || nones >= 2); j++) {
		tv_status rc = lone[j] ? strip_wide_rules(f, r0, r1, j, lone_w[j]) : TV_OK;
		if (rc)
			return rc;
	}
	return TV_OK;
}

/* n[w]: the body cells of column j in rows [r0, r1) without a leading 1 of their own
 * (rule_one) that are w integer digits wide and may show the rule themselves: a 3 before
 * an 8 (rule_three) or a 1 after a glyph (glyph_one). */
static void self_rule_widths(fit *f, int r0, int r1, int j, int *n)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	memset(n, 0, 26 * sizeof *n);
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || cv[j].intd > 25)
			continue;
		int rb = rule_before(f, r, &cv[j]);
		if ((rb || !rule_one(f, &cv[j])) &&
		    (rule_three(f, &cv[j]) || (rb && glyph_one(f, r, &cv[j]))))
			n[cv[j].intd]++;
	}
}

/* The width proof's counts in column j of rows [r0, r1): body cells with a leading 1 (no
 * glyph before them) that are w + 1 digits wide (*wide) and wider (*over). */
static void rule_widths(fit *f, int j, int r0, int r1, int w, int *wide, int *over)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	*wide = *over = 0;
	for (int i = r0; i < r1 && w > 0; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || rule_before(f, r, &cv[j]) ||
		    !rule_one(f, &cv[j]))
			continue;
		*wide += cv[j].intd == w + 1;
		*over += cv[j].intd > w + 1;
	}
}

/* The cells whose first digit is a rule glued to the decimals or the digit group before
 * them (tb_atom.rule1: "81 920,319 012,3" is 81 920,3 and 9 012,3, "72 986183 951" is
 * 72 986 and 83 951) lose it, logged. */
static tv_status repair_rule_glued(fit *f, int r0, int r1)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	for (int i = r0; i < r1; i++) {
		const lrow *q = &ROWS(f)[i];
		int any = 0; /* most rows have no such atom: their cells are not made */
		for (int k = 0; q->kind == R_DATA && k < q->na && !any; k++)
			any = ATOMS(f)[q->a0 + k].rule1;
		lrow *r = any ? row_cells(f, i, scratch, &cv) : NULL;
		for (int j = 0; r && j < f->K; j++) {
			if (!cv[j].present || !ATOMS(f)[cv[j].a].rule1 || repl_text(f, cv[j].a))
				continue;
			tv_status rc = strip_rule_digit(f, i, j, cv, "rule in the gap");
			if (rc)
				return rc;
		}
	}
	return TV_OK;
}

/* grouped[k][w]: the body cells of column k in rows [r0, r1) that print w integer digits
 * in digit groups, the first of one to three digits ("1 190 184"), up to 255. */
static void grouped_widths(fit *f, int r0, int r1, unsigned char (*grouped)[26])
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	memset(grouped, 0, TB_MAX_COLS * sizeof *grouped);
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		for (int k = 0; r && !r->total && k < f->K; k++) {
			unsigned char *c = &grouped[k][cv[k].intd > 25 ? 25 : cv[k].intd];
			if (cv[k].present && cv[k].na >= 2 && ATOMS(f)[cv[k].a].intd <= 3 &&
			    *c < 255)
				(*c)++;
		}
	}
}

/* Cell j, read from a first group of a 1 and three digits and more groups ("1190 184",
 * cell_relaxed), in a row that leaves a cell empty may stand in the wrong column: where
 * another column prints two or more numbers as wide as it in digit groups
 * (grouped_widths), its 1 may be their first group, the space after it lost
 * ("Östersund -483 139 1421 536 1190 184" over a last column of "1 169 074"), not a
 * rule. */
static int misplaced_one(const fit *f, const cellv *cv, int j, unsigned char (*grouped)[26])
{
	int gap = 0, w = cv[j].intd > 25 ? 25 : cv[j].intd;
	if (cv[j].na < 2 || ATOMS(f)[cv[j].a].intd != 4)
		return 0;
	for (int k = 0; k < f->K; k++)
		gap |= !cv[k].present;
	for (int k = 0; gap && k < f->K; k++)
		if (k != j && grouped[k][w] >= 2)
			return 1;
	return 0;
}

/* The table of rows [r0, r1) shows a rule somewhere: a glyph before a cell, or in its
 * years line. */
static int shows_rules(fit *f, const segment *sg, int r0, int r1)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	for (int j = 0; j < f->K; j++)
		if (years_rule(f, sg, j))
			return 1;
	for (int i = r0; i < r1; i++) {
		lrow *r =
		    row_cells(f, i, scratch, &cv); /* each row's cells once, for every column */
		for (int j = 0; r && j < f->K; j++)
			if (cv[j].present && rule_before(f, r, &cv[j]))
				return 1;
	}
	return 0;
}

/* The width most of n[] counts (n[w]: cells of w integer digits), or -1 when two widths
 * are as common. */
static int usual_width(const int *n)
{
	int best = -1, tie = 0;
	for (int w = 0; w < 26; w++)
		if (n[w] && (best < 0 || n[w] >= n[best]))
			tie = best >= 0 && n[w] == n[best], best = w;
	return tie ? -1 : best;
}

/* Cell c of row r may have the rule read as its leading 1: no glyph before it, not
 * mended yet, not a total (a total is wider than its rows). */
static int peer_cand(const fit *f, const lrow *r, const cellv *c)
{
	return c->present && !r->total && !repl_text(f, c->a) && !rule_before(f, r, c) &&
	       rule_one(f, c) != NULL;
}

/* Column j of rows [r0, r1) is settled by arithmetic: a relation between columns that
 * holds as printed names it, or a total or a relation took a 1 off one of its cells. */
static int column_summed(const fit *f, int r0, int r1, int j)
{
	for (int e = 0; e < f->nrels; e++)
		if (f->rels[e].c == j || f->rels[e].a == j || f->rels[e].b == j)
			return 1;
	const repl *rp = (const repl *)(const void *)f->repl.data;
	for (size_t k = 0; k < f->repl.len / sizeof *rp; k++)
		if (rp[k].col == j && rp[k].row >= r0 && rp[k].row < r1 &&
		    strcmp(rp[k].proof, "ruled column") != 0 &&
		    strcmp(rp[k].proof, "ruled row") != 0)
			return 1;
	return 0;
}

/* Column j of rows [r0, r1) where the rule was read as a 1 in (nearly) every cell and no
 * glyph shows it: four body cells or more, three fifths of them starting with 1, its
 * other cells narrower than those cells' usual width w, and every other number column of
 * the table usually one digit narrower than w ("132,7", "193,0" beside "92,1", "30,3").
 * Real numbers of a column one digit wider than all its neighbours would not nearly all
 * start with 1. But two-digit cells may be counts under 20 ("16", "17", "9", "10" beside
 * "13,8 %"), so w is three digits at least; and shares are narrow whatever their
 * neighbours, so a column of them is no neighbour. The cells of width w that still start
 * with 1 lose it, logged; not in a column that arithmetic settles (column_summed). */
static tv_status repair_rule_peers(fit *f, int r0, int r1, int j)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	int nw[26] = {0}, n = 0, ncand = 0, wplain = -1;
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present)
			continue;
		int w;
		n++;
		if (one_cell(f, r, &cv[j], &w)) /* a 1 taken off already counts as one */
			ncand++, nw[w > 25 ? 25 : w]++;
		else if (cv[j].intd > wplain)
			wplain = cv[j].intd;
	}
	int w = usual_width(nw);
	if (n < 4 || 5 * ncand < 3 * n || w < 3 || wplain >= w || column_summed(f, r0, r1, j))
		return TV_OK;
	int peers = 0;
	for (int k = 0; k < f->K; k++) {
		if (k == j)
			continue;
		int kw[26] = {0}, nk = 0, npct = 0;
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (r && !r->total && cv[k].present)
				nk++, npct += cv[k].pct, kw[cv[k].intd > 25 ? 25 : cv[k].intd]++;
		}
		if (nk < 2 || 2 * npct >= nk) /* shares are narrow whatever their neighbours */
			continue;
		if (usual_width(kw) != w - 1)
			return TV_OK;
		peers++;
	}
	for (int i = r0; i < r1 && peers; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || cv[j].intd != w || !peer_cand(f, r, &cv[j]))
			continue;
		tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column and its neighbours");
		if (rc)
			return rc;
	}
	return TV_OK;
}

/* repair_rule_peers for each column of rows [r0, r1) where three fifths of the body
 * cells, four at least, print a 1 first (most columns of most tables have fewer: one
 * walk over the rows tells). */
static tv_status rule_peer_columns(fit *f, int r0, int r1)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	int n[TB_MAX_COLS] = {0}, lead[TB_MAX_COLS] = {0};
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		for (int j = 0; r && !r->total && j < f->K; j++)
			if (cv[j].present)
				n[j]++, lead[j] += first_digit(f, &cv[j]) == '1';
	}
	for (int j = 0; j < f->K; j++) {
		tv_status rc =
		    n[j] >= 4 && 5 * lead[j] >= 3 * n[j] ? repair_rule_peers(f, r0, r1, j) : TV_OK;
		if (rc)
			return rc;
	}
	return TV_OK;
}

static tv_status repair_dash_rules(fit *f, int r0, int r1, int j);

/* The cells of rows [r0, r1) whose column proves a rule read as their leading 1 lose it,
 * logged; *ruled: the table shows its rules (shows_rules). */
static tv_status rule_columns(fit *f, const segment *sg, int r0, int r1, int *ruled_out)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	tv_status grc = repair_rule_glued(f, r0, r1);
	if (grc)
		return grc;
	int ruled = *ruled_out = shows_rules(f, sg, r0, r1);
	unsigned char pick[TB_BLOCK_LINES];
	unsigned char grouped[TB_MAX_COLS][26];
	int grouped_ok = 0; /* (counted where a cell first needs them: most tables never) */
	unsigned char by_glyphs[TB_MAX_COLS]; /* the column's glyphs prove its rule */
	for (int j = 0; j < f->K; j++) {
		int n = 0, g = 0, one = 0, three = 0, gone = 0, ntotal = 0;
		int nplain = 0;     /* cells without a rule glyph or a leading 1 */
		int wbody = -1;     /* widest body cell (integer digits) without a leading 1 */
		int nwid[26] = {0}; /* how many such body cells are so wide */
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r)
				continue;
			if (!cv[j].present)
				continue;
			n++;
			int rb = rule_before(f, r, &cv[j]), ro = !rb && rule_one(f, &cv[j]);
			if (rb)
				g += !r->total; /* the proof rests on the body's glyphs */
			else if (ro)
				one++;
			else
				nplain++, three += rule_three(f, &cv[j]);
			gone += rb && glyph_one(f, r, &cv[j]);
			ntotal += r->total;
			if ((rb || !ro) && !r->total) {
				wbody = cv[j].intd > wbody ? cv[j].intd : wbody;
				nwid[cv[j].intd > 25 ? 25 : cv[j].intd]++;
			}
		}
		/* the column's totals settle their candidates (pick: 1 loses the 1, 2 keeps it) */
		int by_sum = 0,
		    settled = (one || three || gone) && ntotal && r1 - r0 <= TB_BLOCK_LINES;
		if (settled) {
			memset(pick, 0, (size_t)(r1 - r0));
			by_sum = rule_sum_rows(f, j, r0, r1, pick);
		}
		int proved =
		    years_rule(f, sg, j) || (g >= 2 && (4 * g >= n || 5 * (g + one) >= 4 * n));
		/* the width proof: in a table that shows its rules, the column's body cells that
		 * start with 1 are one digit wider than its widest other body cell, and none
		 * but one wider (a total row, a sum, may be wider; it keeps its digits) */
		/* a glyph proof holds where the rule shows (a glyph or a 1) in three fifths of
		 * the column's cells; where it shows in fewer, the width proof may still hold
		 * ("16,26", "19,51" beside "3,04", "(6,95)" under "12025") */
		if (proved && 5 * (g + one) < 3 * n)
			proved = 0;
		by_glyphs[j] = (unsigned char)proved;
		int wide = 0, over = 0, wproof = wbody;
		if (!proved && ruled)
			rule_widths(f, j, r0, r1, wproof, &wide, &over);
		/* one wider cell with a 1 does not veto it: the rule before a number one digit
		 * wider than the rest ("1100" for 100 beside "174", "139", "58", "1387") */
		int by_width = !proved && ruled && nplain && wide >= 2 && over <= 1;
		/* a lone widest cell (itself a misread: "3838 097" beside "7 350", "60 068") does
		 * not hide three or more ones one digit wider than the width two cells share
		 * (two digits at least: "10" beside "9" and "2" may be real); nor do cells that
		 * may show the rule themselves, a 3 before an 8 or a 1 after a glyph ("382",
		 * "[154" beside "187", "160", "45"), whatever their number */
		if (!proved && ruled && nplain && !by_width && wbody >= 3 && wbody < 25) {
			int nself[26], wtwo = wbody - 1;
			self_rule_widths(f, r0, r1, j, nself);
			while (wtwo > 0 && nwid[wtwo] - nself[wtwo] < 2)
				wtwo--;
			if (nwid[wbody] - nself[wbody] <= 1 && wtwo >= 2) {
				rule_widths(f, j, r0, r1, wtwo, &wide, &over);
				if ((by_width = wide >= 3 && !over))
					wproof = wtwo;
			}
		}
		/* the rule shows (a glyph or a 1) in half the column's cells, or three wide ones
		 * prove it (real numbers one digit wider than the rest would not all start
		 * with 1) */
		/* one cell alone: only the header's rule proves its column ruled */
		if (!(proved || by_width) || (n < 2 && !(n == 1 && years_rule(f, sg, j))) || !one ||
		    (by_width ? 2 * (g + one) < n && wide < 3 : 5 * (g + one) < 3 * n))
			proved = by_width = 0;
		if (!proved && !by_width && !by_sum)
			continue;
		/* the second proof: the widths of the column's cells without their rule, and the
		 * two least printed widths (a glyph counted as a digit) of the cells with one */
		int ndigs[26] = {0}, nplaind[26] = {0}, nglyphd[26] = {0}, w1 = 99, w2 = 99,
		    nw1 = 0;
		int nglyph1[26] = {0}; /* glyph cells of the body whose number starts with 1 */
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r)
				continue;
			if (!cv[j].present)
				continue;
			int glyph = rule_before(f, r, &cv[j]), cand = !glyph && rule_one(f, &cv[j]);
			int d = cv[j].intd - cand;
			d = d < 0 ? 0 : d > 24 ? 24 : d;
			ndigs[d]++;
			nplaind[d] += !cand;
			int w = glyph || cand ? cv[j].intd + glyph : 99;
			nglyphd[d] += glyph && !r->total;
			nglyph1[d] += glyph && !r->total && first_digit(f, &cv[j]) == '1';
			if (w < w1)
				w2 = w1, w1 = w, nw1 = 1;
			else if (w == w1)
				nw1++;
			else if (w < w2)
				w2 = w;
		}
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r)
				continue;
			if (settled && pick[i - r0] == 1 && cv[j].present &&
			    ((rule_three(f, &cv[j]) && !repl_text(f, cv[j].a) &&
			      !rule_before(f, r, &cv[j])) ||
			     glyph_one(f, r, &cv[j]))) {
				/* a rule read with an 8 ("38 258"), or read twice ("|1809,62"), the
				 * total the proof */
				tv_status trc =
				    strip_rule_digit(f, i, j, cv, "ruled column and total");
				if (trc)
					return trc;
				continue;
			}
			const char *dg;
			if (!cv[j].present || repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]) ||
			    !(dg = rule_one(f, &cv[j])))
				continue;
			int d = cv[j].intd - 1 > 24 ? 24 : cv[j].intd - 1;
			int least = cv[j].intd == w1 && nw1 == 1 ? w2 : w1;
			int same = ndigs[d] >= 2 || (least < 99 && cv[j].intd >= least);
			/* a cell as wide as the numbers of two or more glyph cells of the body
			 * (their rule read as a glyph) is such a number whose rule the OCR dropped,
			 * unless two cells without a rule are as narrow as it would be: other
			 * candidates do not vouch for it ("15", "11" beside "|52", "|23", "|16",
			 * "|12") */
			if (nglyphd[cv[j].intd > 24 ? 24 : cv[j].intd] >= 2 && nplaind[d] < 2)
				same = 0;
			for (int k = 0; k < f->K && !same; k++)
				same = k != j && cv[k].present && cv[k].intd == d;
			/* "1 151" beside "5 069" may be real; a total keeps its 1; and a 10 among
			 * numbers of one digit is as likely as a 0 after a rule */
			if (by_width)
				same = !r->total && cv[j].intd == wproof + 1 &&
				       !(cv[j].intd == 2 && dg[1] == '0');
			if (!proved && !by_width)
				same = 0;
			/* a 1 may be a number's own where the column shows both rows whose rule
			 * left no trace and real numbers (after a glyph) as wide as this cell that
			 * start with 1 ("191,1" beside "|184,7", "|166,8" and a plain "27,9"): over
			 * the dev and held-out pages such cells lost a right 1 as often as a
			 * rule's */
			if (nplain && nglyph1[cv[j].intd > 24 ? 24 : cv[j].intd] >= 2)
				same = 0;
			if (same && !grouped_ok)
				grouped_widths(f, r0, r1, grouped), grouped_ok = 1;
			if (same && misplaced_one(f, cv, j, grouped))
				same = 0;
			int verdict = settled ? pick[i - r0] : 0;
			if (verdict)
				same = verdict == 1;
			else if (r->total) /* a total is wider than its rows: only its sum settles
			                      it */
				same = 0;
			if (!same)
				continue;
			tv_status rc = strip_rule_digit(
			    f, i, j, cv, verdict == 1 ? "ruled column and total" : "ruled column");
			if (rc)
				return rc;
		}
	}
	for (int j = 0; j < f->K; j++) {
		tv_status rc = by_glyphs[j] ? repair_dash_rules(f, r0, r1, j) : TV_OK;
		if (rc)
			return rc;
	}
	return repair_rule_threes(f, r0, r1, ruled);
}

/* Cell c printed "-1...", with no glyph before it: the rule may have been read as both
 * the sign and the 1 ("-11565611" for "1565611"); not where a 0 would be left first. */
static int neg_rule_one(const fit *f, const lrow *r, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const char *s = line_at(f, a->line)->s + a->off;
	if (!a->neg || a->popen || a->hlen || a->intd < 2 || s[0] != '-' || s[1] != '1' ||
	    (s[2] == '0' && (a->intd > 2 || c->na > 1)))
		return 0;
	return !rule_before(f, r, c);
}

/* Cell c of row r has a minus in the gap before the rule glyph before it ("-|4786,2",
 * "-I6553,2", "-1-263,2"): the rule read as a dash and a glyph. */
static int dash_glyph(const fit *f, const lrow *r, const cellv *c)
{
	const tb_atom *a = &ATOMS(f)[c->a];
	const tb_line *l = line_at(f, a->line);
	size_t from =
	    c->a > r->a0 && ATOMS(f)[c->a - 1].line == a->line ? ATOMS(f)[c->a - 1].end : l->lab1;
	int dash = 0;
	for (size_t p = from; p < a->off && p < l->n; p++) {
		char ch = l->s[p];
		if (ch == '-')
			dash = 1;
		else if (dash && (ch == '|' || ch == '[' || ch == ']' || ch == '1' || ch == 'l' ||
		                  ch == 'I'))
			return 1;
	}
	return 0;
}

/* Column j of rows [r0, r1), ruled by the glyph proof, where the rule reads as a dash
 * before its glyph in two body cells or more (dash_glyph): a body cell printed "-1..."
 * (neg_rule_one) one digit wider than two or more of the column's other body cells, and
 * than all but one in eight of them, is the rule read as "-1" before a positive number
 * ("-16348,9" beside "-|4786,2", "-I6553,2", "1898,8"): it loses both, logged. Real
 * negatives as wide as the others keep their sign. */
static tv_status repair_dash_rules(fit *f, int r0, int r1, int j)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv;
	int ndash = 0, nw[26] = {0}, ncand = 0;
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		ncand += r && !r->total && cv[j].present && neg_rule_one(f, r, &cv[j]) &&
		         !repl_text(f, cv[j].a);
	}
	for (int i = r0; i < r1 && ncand; i++) { /* (most columns have no such cell) */
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || neg_rule_one(f, r, &cv[j]))
			continue;
		int rb = rule_before(f, r, &cv[j]);
		if (rb ? !glyph_one(f, r, &cv[j]) : !rule_one(f, &cv[j]))
			nw[cv[j].intd > 25 ? 25 : cv[j].intd]++;
		ndash += rb && dash_glyph(f, r, &cv[j]);
	}
	for (int i = r0; i < r1 && ncand && ndash >= 2; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || !neg_rule_one(f, r, &cv[j]) ||
		    repl_text(f, cv[j].a) || cv[j].intd > 25 || nw[cv[j].intd - 1] < 2 ||
		    8 * nw[cv[j].intd] > nw[cv[j].intd - 1])
			continue;
		tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column");
		if (rc)
			return rc;
	}
	return TV_OK;
}

/* Cell c of row r may have a rule read as its leading 1: with no glyph before it
 * (rule_one), after one ("|1809,62": glyph_one) or as "-1" (neg_rule_one); not one
 * repaired already. */
static int rule_cand(const fit *f, const lrow *r, const cellv *c)
{
	if (!c->present || repl_text(f, c->a))
		return 0;
	if (rule_before(f, r, c))
		return glyph_one(f, r, c);
	return rule_one(f, c) != NULL || neg_rule_one(f, r, c);
}

/* Cell c without its leading 1 (a rule_cand: a negative one is a "-1" that goes whole),
 * into *out. */
static void rule_less(const cellv *c, cellv *out)
{
	double p10 = 1;
	for (int k = 1; k < c->intd; k++)
		p10 *= 10;
	*out = *c;
	out->v = fabs(c->v) - p10;
	out->neg = 0;
	out->intd = (unsigned short)(c->intd - 1);
}

/* Which of the operands of relation rel in row cells cv lose their leading 1 for it to
 * hold (bit 0: c, 1: a, 2: b; cand: the operands that may lose it): 0 when it holds as
 * printed; -3 when several choices make it hold (a "-1" that loses its sign alone is a
 * choice too: "-1206958" may be a rule read as "-" before 1206958); -1 when none does,
 * when the one that does is a sign alone, or leaves a number within a hundred times the
 * relation's slack (rel_test's: "10" as 0 beside "4" and "3" holds by chance); -2 when an
 * operand is missing. */
static int rule_rel_fix(const relation *rel, const cellv *cv, unsigned cand)
{
	const cellv *op[3] = {&cv[rel->c], &cv[rel->a], &cv[rel->b]};
	int h = rel_test(rel->kind, op[0], op[1], op[2]);
	if (h < 0)
		return -2;
	if (h)
		return 0;
	unsigned neg = 0; /* candidates printed "-1..." */
	for (int k = 0; k < 3; k++)
		neg |= (cand >> k & 1) && op[k]->neg ? 1u << k : 0;
	int fix = -1, nfix = 0;
	double least = 0; /* the least number the choice leaves without its 1 */
	for (unsigned m = 0; m <= cand; m++)
		for (unsigned g = 0; g <= neg; g++) { /* m: lose the 1; g: lose the sign alone */
			if ((m & cand) != m || (g & neg) != g || (m & g) || !(m | g))
				continue;
			cellv s[3];
			double lm = HUGE_VAL;
			for (int k = 0; k < 3; k++) {
				s[k] = *op[k];
				if (m >> k & 1) {
					rule_less(op[k], &s[k]);
					lm = s[k].v < lm ? s[k].v : lm;
				} else if (g >> k & 1) {
					s[k].v = -s[k].v;
					s[k].neg = 0;
				}
			}
			if (rel_test(rel->kind, &s[0], &s[1], &s[2]) > 0) {
				nfix++;
				fix = g ? -1 : (int)m;
				least = lm;
			}
		}
	double slack = 2 * (op[1]->u > op[2]->u ? op[1]->u : op[2]->u) + op[0]->u;
	if (nfix > 1)
		return -3;
	return nfix != 1 || (fix > 0 && least < 100 * slack) ? -1 : fix;
}

/* The candidate operands of rel in a row whose candidate cells are mask (bit j: column
 * j), as rule_rel_fix takes them. */
static unsigned rule_rel_cands(const relation *rel, unsigned mask)
{
	return (mask >> rel->c & 1) | (mask >> rel->a & 1) << 1 | (mask >> rel->b & 1) << 2;
}

/* Counts, over the rows of f->mat (their candidate cells in mask[]), the rows where rel
 * holds as printed or several ways (*asis) and where it holds only with some of its
 * operands' leading 1s taken off, one way alone (*fixed), of *tested rows with every
 * operand; gives up once it fails in more than one row and more than one row in five
 * (repair_rule_relations could not take it then). */
static void rule_rel_count(const fit *f, const relation *rel, const unsigned short *mask, int *asis,
                           int *fixed, int *tested)
{
	int n = f->mat_r1 - f->mat_r0;
	const cellv *cv = (const cellv *)(const void *)f->mat.data;
	*asis = *fixed = *tested = 0;
	for (int i = 0; i < n; i++, cv += f->K) {
		int fails = *tested - *asis - *fixed;
		if (fails > 1 && 5 * fails > n)
			return;
		int fix = rule_rel_fix(rel, cv, rule_rel_cands(rel, mask[i]));
		if (fix == -2)
			continue;
		++*tested;
		*asis += fix == 0 || fix == -3; /* (it holds, but no choice is proved) */
		*fixed += fix > 0;
	}
}

/* Relation rel (of f->rels' kinds, not one of them) may prove a rule in its operands: it
 * takes a column whose leading 1s may be a rule in half its cells, two at least. */
static int rule_rel_shape(const relation *rel, const int *heavy)
{
	return rel->a != rel->c && rel->b != rel->c && rel->a != rel->b &&
	       (heavy[rel->c] || heavy[rel->a] || heavy[rel->b]);
}

/*
 * Columns whose rule the OCR read as a leading 1 in most cells ("1408 568" for "408 568"),
 * so that no width tells, and no relation between columns is found from the cells as
 * printed: a difference or a sum of three columns, one of them with such a 1 in half its
 * cells or more, that holds in the table's rows (four in five, or all but one; four rows
 * at least) when some of its operands lose their leading 1, in two rows or more only so,
 * proves the rule; each cell whose row keeps the relation only without its 1, and one way
 * alone, loses it, logged with the relation. A cell whose row keeps it as printed, or
 * several ways, keeps its 1. Reads the rows' cells from f->mat (kept: strip_rule_digit mends it)
 * and their candidates from mask (rule_masks), which loses the cells repaired.
 */
static tv_status repair_rule_relations(fit *f, unsigned short *mask, int n)
{
	int K = f->K, ncand[TB_MAX_COLS] = {0}, npres[TB_MAX_COLS] = {0}, heavy[TB_MAX_COLS];
	int any = 0;
	const cellv *mat = (const cellv *)(const void *)f->mat.data;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < K; j++) {
			ncand[j] += mask[i] >> j & 1;
			npres[j] += mat[(size_t)i * (size_t)K + (size_t)j].present;
		}
	for (int j = 0; j < K; j++)
		any |= heavy[j] = ncand[j] >= 2 && 2 * ncand[j] >= npres[j];
	for (int kind = REL_DIFF; any && kind <= REL_SUM; kind++)
		for (int c = K - 1; c >= 0; c--)
			for (int a = 0; a < K; a++)
				for (int b = kind == REL_SUM ? a + 1 : 0; b < K; b++) {
					relation rel = {kind, c, a, b, 0, 0};
					if (!rule_rel_shape(&rel, heavy))
						continue;
					int asis, fixed, tested;
					rule_rel_count(f, &rel, mask, &asis, &fixed, &tested);
					int held = asis + fixed, fails = tested - held;
					if (held < 4 || fixed < 2 ||
					    (5 * held < 4 * tested && fails > 1))
						continue;
					char proof[64];
					tb_rel_text(&rel, proof, sizeof proof);
					const int col[3] = {c, a, b};
					for (int i = 0; i < n; i++) {
						const cellv *cv = mat + (size_t)i * (size_t)K;
						int fix = rule_rel_fix(
						    &rel, cv, rule_rel_cands(&rel, mask[i]));
						for (int k = 0; k < 3 && fix > 0; k++) {
							if (!(fix >> k & 1))
								continue;
							tv_status rc = strip_rule_digit(
							    f, f->mat_r0 + i, col[k], cv, proof);
							if (rc)
								return rc;
							mask[i] &= (unsigned short)~(1u << col[k]);
						}
					}
				}
	return TV_OK;
}

/* The decimals most body cells of column j in rows [r0, r1) print (a cell with others is
 * a misread: "206 812" for "20,6 81,2"), and how many body cells it has (*n). */
static int common_dec(fit *f, int r0, int r1, int j, int *n)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	int ndec[8] = {0}, best = 0;
	*n = 0;
	for (int i = r0; i < r1; i++) {
		lrow *r = row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present)
			continue;
		ndec[cv[j].dec > 7 ? 7 : cv[j].dec]++;
		++*n;
	}
	for (int d = 1; d < 8; d++)
		best = ndec[d] > ndec[best] ? d : best;
	return best;
}

/*
 * The columns of rows [r0, r1) where the rule was read as a leading 1 in most cells, with
 * no glyph, width or arithmetic to prove it ("130,5", "161,8", "141,5" beside "62,2",
 * "99,6"): of a column's body cells with the decimals most print (common_dec), three in
 * four (six at least) start with 1 (rule_one) and are one digit wider than every one that
 * does not, with at least four different second digits (an index column near 100 has
 * few: "102", "110", "98"), and another column of the table prints such cells as wide as
 * those without their 1 and none wider. Those cells lose the 1, and their bits in mask
 * (rule_masks); the cells as wide as the others keep theirs ("13,0").
 */
static tv_status repair_rule_neighbours(fit *f, int r0, int r1, unsigned short *mask)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	int K = f->K, wmax[TB_MAX_COLS], nbody[TB_MAX_COLS], dec[TB_MAX_COLS];
	int ncand[TB_MAX_COLS] = {0}, npres[TB_MAX_COLS] = {0}, any = 0;
	/* (most tables have no column of such ones: rule_masks' count tells, cheaply) */
	const cellv *mat = (const cellv *)(const void *)f->mat.data;
	for (int i = 0; i < r1 - r0; i++)
		for (int j = 0; j < K; j++) {
			ncand[j] += mask[i] >> j & 1;
			npres[j] += mat[(size_t)i * (size_t)K + (size_t)j].present &&
			            !ROWS(f)[r0 + i].total;
		}
	for (int j = 0; j < K; j++)
		any |= ncand[j] >= 6 && 4 * ncand[j] >= 3 * npres[j];
	for (int j = 0; j < K && any; j++) {
		dec[j] = common_dec(f, r0, r1, j, &nbody[j]);
		wmax[j] = -1;
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (r && !r->total && cv[j].present && cv[j].dec == dec[j])
				wmax[j] = cv[j].intd > wmax[j] ? cv[j].intd : wmax[j];
		}
	}
	for (int j = 0; j < K && any; j++) {
		int w = -1, nwide = 0, over = 0;
		unsigned second = 0;
		if (ncand[j] < 6 || 4 * ncand[j] < 3 * npres[j])
			continue;
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j])
				continue;
			if (repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]) ||
			    !rule_one(f, &cv[j]))
				w = cv[j].intd > w ? cv[j].intd : w;
		}
		for (int i = r0; i < r1 && w >= 1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j] ||
			    repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]))
				continue;
			const char *dg = rule_one(f, &cv[j]);
			if (!dg || cv[j].intd <= w)
				continue;
			nwide += cv[j].intd == w + 1;
			over += cv[j].intd > w + 1;
			second |= 1u << (dg[1] >= '0' && dg[1] <= '9' ? dg[1] - '0' : 10);
		}
		int nsec = 0;
		for (int d = 0; d < 10; d++)
			nsec += second >> d & 1;
		if (w < 1 || over || nwide < 6 || 4 * nwide < 3 * nbody[j] || nsec < 4)
			continue;
		int beside = 0;
		for (int k = 0; k < K && !beside; k++)
			beside = k != j && wmax[k] == w && nbody[k] >= 3;
		if (!beside)
			continue;
		for (int i = r0; i < r1; i++) {
			lrow *r = row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j] ||
			    repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]) ||
			    !rule_one(f, &cv[j]) || cv[j].intd != w + 1)
				continue;
			tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column beside");
			if (rc)
				return rc;
			mask[i - r0] &= (unsigned short)~(1u << j);
		}
	}
	return TV_OK;
}

/* The cells of rows [r0, r1) that may have a rule read as their leading 1 (rule_cand),
 * into mask[i - r0] (bit j: column j), from f->mat; returns how many. */
static int rule_masks(fit *f, int r0, int r1, unsigned short *mask)
{
	int K = f->K, n = 0;
	const cellv *cv = (const cellv *)(const void *)f->mat.data;
	for (int i = r0; i < r1; i++, cv += K) {
		mask[i - r0] = 0;
		for (int j = 0; j < K; j++) {
			if (!cv[j].present)
				continue;
			const tb_atom *a = &ATOMS(f)[cv[j].a];
			const char *s = line_at(f, a->line)->s + a->off;
			/* (most cells start with another digit: rule_cand is not asked) */
			if ((s[0] == '1' || (s[0] == '-' && s[1] == '1')) &&
			    rule_cand(f, &ROWS(f)[i], &cv[j]))
				mask[i - r0] |= (unsigned short)(1u << j), n++;
		}
	}
	return n;
}

/* How far a row's amounts jump between neighbours: the sum, over its present cells v[0..n)
 * in column order, of |ln(a + 1) - ln(b + 1)|, and the largest such step (*most). */
static double row_jumps(const double *v, int n, double *most)
{
	double s = 0;
	*most = 0;
	for (int k = 1; k < n; k++) {
		double step = fabs(log(v[k] + 1) - log(v[k - 1] + 1));
		s += step;
		*most = step > *most ? step : *most;
	}
	return s;
}

/* The amounts a row's cells print, and the leading 1s a rule may have left on them
 * (rule_cand, mask: bit j for column j; not in its first present cell, which stands after
 * the label's wide gap, where the OCR seldom reads the rule): *n cells, *nc candidates;
 * 0 for a row that no row proof takes (a total, fewer than three cells, a sign or a
 * percentage: its amounts need not run evenly). */
static int row_amounts(const fit *f, const cellv *cv, unsigned mask, double *v, int *col, int *n,
                       double *less, int *cand, int *nc)
{
	*n = *nc = 0;
	for (int j = 0; j < f->K; j++) {
		if (!cv[j].present)
			continue;
		if (cv[j].neg || cv[j].pct)
			return 0;
		if (*n && (mask >> j & 1) && *nc < 8) {
			cellv c;
			rule_less(&cv[j], &c);
			less[*nc] = c.v;
			cand[(*nc)++] = *n;
		}
		col[*n] = j;
		v[(*n)++] = cv[j].v;
	}
	return *n >= 3 && *nc;
}

/* Amounts a and b are the same number. */
static int same_amount(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (1 + fabs(b));
}

/*
 * Row i's cells cv, three or more (no sign, no percentage), are not all the same as
 * printed but all the same where some of them lose a leading 1 that may be a rule (mask:
 * rule_masks, bit j for column j), the first cell too ("120 20 20", "9,2 9,2 19,2"): those
 * cells lose it, logged, and their bits in mask. A budget row of one amount each year is
 * common on real report pages (42 of the 151 dev gold rows of three cells or more), one
 * whose cells differ by a leading 1 alone is not (none there, none in 6,912 such rows of
 * the generated sets). The first cell, which the row proof below leaves alone (the OCR
 * seldom reads its rule), takes this one; a row all of whose cells may lose a 1 does not.
 */
static tv_status repair_rule_equal(fit *f, int i, const cellv *cv, unsigned short *mask)
{
	double x = 0; /* the amount every cell is, printed or without its 1 */
	int n = 0, nx = 0, odd = 0;
	cellv less[TB_MAX_COLS];
	for (int j = 0; j < f->K; j++) {
		if (!cv[j].present)
			continue;
		if (cv[j].neg || cv[j].pct)
			return TV_OK;
		n++;
		if (*mask >> j & 1)
			rule_less(&cv[j], &less[j]);
		else if (!nx++)
			x = cv[j].v;
	}
	if (n < 3 || !nx)
		return TV_OK;
	for (int j = 0; j < f->K; j++) {
		if (!cv[j].present || same_amount(cv[j].v, x))
			continue;
		if (!(*mask >> j & 1) || !same_amount(less[j].v, x))
			return TV_OK;
		odd++;
	}
	for (int j = 0; j < f->K && odd; j++) {
		if (!cv[j].present || same_amount(cv[j].v, x))
			continue;
		tv_status rc = strip_rule_digit(f, i, j, cv, "ruled row");
		if (rc)
			return rc;
		*mask &= (unsigned short)~(1u << j);
	}
	return TV_OK;
}

/*
 * Rows of a budget table run evenly over their years ("20 20 30", "130 260 260"): in rows
 * [r0, r1), a row of three amounts or more whose cells with a leading 1 that may be a rule
 * (mask, rule_masks) jump from their neighbours far less without it (row_jumps falls by
 * ln 2, as if a step shrank by half: "20 120 30", "1001 12002 2002", "30 160 160"), and
 * then by no step of more than three times ("43 481 7 620 19 958" does not run evenly
 * either way), loses those 1s, the set that leaves the least jumps, each logged; cells no
 * proof of its column took ("ruled column" needs the column's widths or glyphs). A row
 * that some 1s taken off make all one amount loses them first (repair_rule_equal). Only in
 * a table that shows its rules (shows_rules): elsewhere a leading 1 is the number's own.
 */
static tv_status repair_rule_rows(fit *f, int r0, int r1, unsigned short *mask)
{
	const cellv *mat = (const cellv *)(const void *)f->mat.data;
	for (int i = r0; i < r1; i++) {
		const cellv *cv = mat + (size_t)(i - r0) * (size_t)f->K;
		double v[TB_MAX_COLS], less[8], best;
		int col[TB_MAX_COLS], cand[8], n, nc, pick = 0;
		if (!mask[i - r0] || ROWS(f)[i].kind != R_DATA || ROWS(f)[i].total)
			continue;
		tv_status erc = repair_rule_equal(f, i, cv, &mask[i - r0]);
		if (erc)
			return erc;
		if (!row_amounts(f, cv, mask[i - r0], v, col, &n, less, cand, &nc))
			continue;
		double most, even = log(3);
		best = row_jumps(v, n, &most) - log(2);
		for (int m = 1; m < 1 << nc; m++) {
			double w[TB_MAX_COLS];
			memcpy(w, v, (size_t)n * sizeof *w);
			for (int k = 0; k < nc; k++)
				if (m >> k & 1)
					w[cand[k]] = less[k];
			double jumps = row_jumps(w, n, &most);
			if (jumps < best && most <= even)
				best = jumps, pick = m;
		}
		for (int k = 0; k < nc; k++) {
			if (!(pick >> k & 1))
				continue;
			tv_status rc = strip_rule_digit(f, i, col[cand[k]], cv, "ruled row");
			if (rc)
				return rc;
			mask[i - r0] &= (unsigned short)~(1u << col[cand[k]]);
		}
	}
	return TV_OK;
}

/* The ruled columns of rows [r0, r1) (rule_columns, repair_rule_relations), with each
 * row's chosen cells made once into f->mat and read from there, not made again for every
 * column and proof. */
static tv_status repair_rule_columns(fit *f, const segment *sg, int r0, int r1)
{
	tv_status rc = fill_matrix(f, r0, r1);
	if (rc)
		return rc;
	f->mat_kept = 1;
	int ruled = 0;
	rc = rule_columns(f, sg, r0, r1, &ruled);
	unsigned short mask[TB_BLOCK_LINES];
	int nmask = !rc && f->K >= 2 && r1 - r0 <= TB_BLOCK_LINES ? rule_masks(f, r0, r1, mask) : 0;
	if (nmask >= 6)
		rc = repair_rule_neighbours(f, r0, r1, mask);
	if (!rc && f->K >= 3 && nmask >= 2)
		rc = repair_rule_relations(f, mask, r1 - r0);
	if (!rc && f->K >= 3 && nmask && ruled)
		rc = repair_rule_rows(f, r0, r1, mask);
	/* last: where arithmetic or a glyph proves a column, it has settled its cells */
	if (!rc)
		rc = rule_peer_columns(f, r0, r1);
	f->mat_kept = 0;
	return rc;
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
static int header_zone(const fit *f, int top, int years, int *hl, int *title_line)
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
static int stack_joins(const tb_line *l, const tb_line *above)
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
static int raw_header_lines(const fit *f, int top, int *hl)
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
 * The header cells lines hl[0..nh) name, each line split by its cues (header_cells; one
 * cell where they do not agree), a line that goes on the cell above joining it: one that
 * opens in lower case ("Utbetal" / "t"), or in a -raw header (raw) one that stack_joins.
 * In a -raw header a line's one cell runs to its last number (its year), and a unit
 * word ends the cell before it ("Belopp i Mkr**"). Returns the count and fills c[k] with
 * cell k's first line (index into hl) and bytes on it, and its last line (max cells at
 * most: -1 past).
 */
static int walk_header(const fit *f, const int *hl, int nh, int raw, stacked_cell *c, int max)
{
	int n = 0;
	for (int k = 0; k < nh; k++) {
		const tb_line *l = line_at(f, hl[k]);
		if (k && (raw ? stack_joins(l, line_at(f, hl[k - 1]))
		              : is_lower_start(l->s + l->lab0, l->lab1 - l->lab0))) {
			c[n - 1].last = k;
			continue;
		}
		size_t hc[TB_MAX_COLS + 2][2];
		int op[TB_MAX_COLS + 2];
		int m = header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
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

/* The header cells of -raw header lines hl[0..nh) (walk_header) when its first line
 * heads the label column; else -1: it goes on a cell above it, or its cell ends in a
 * year or "%" ("Utfall" / "2023" heads a column), or the lines name no cell. */
static int raw_header_cells(const fit *f, const int *hl, int nh, stacked_cell *c, int max)
{
	if (!nh || stack_joins(line_at(f, hl[0]), line_at(f, hl[0])))
		return -1;
	int n = walk_header(f, hl, nh, 1, c, max);
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
static int two_heads(const tb_line *l, size_t (*w)[2])
{
	size_t own[3][2];
	if (!w)
		w = own;
	return header_words(l, w, 3) == 2 && count_words(l->s, l->n) == 2 &&
	       tb_is_upper_start(l->s + w[0][0], w[0][1] - w[0][0]) &&
	       tb_is_upper_start(l->s + w[1][0], w[1][1] - w[1][0]);
}

/* Row r, a label and one year ("Verksamhet 2023", "Belopp i Mkr 2024"), heads a table of
 * one number column: a short label that is no sentence. */
static int year_head(const fit *f, const lrow *r)
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

/* Header cell c of walk_header over lines hl[0..) into cell, its words on one line: its
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

static tv_status make_header(fit *f, const segment *sg, tb_table *t, int *first)
{
	const tb_block *b = f->b;
	int K = f->K;
	const lrow *fr = &ROWS(f)[sg->r0];
	int top = fr->line0;
	int hl[MAX_HEADER_LINES], title_line;
	int years_line = sg->years >= 0 ? ROWS(f)[sg->years].line0 : -1;
	/* the header zone: short text lines (and a years line) right above the first row */
	int nh =
	    header_zone(f, years_line >= 0 ? years_line : top, years_line >= 0, hl, &title_line);
	int head_from = nh; /* hl[head_from..nh) are header lines; the rest may be caption */
	int cells[TB_MAX_COLS + 2][2];
	tv_buf cell = TV_BUF_INIT;
	tv_status rc = TV_OK;
	int header_done = 0;
	*first = years_line >= 0 ? years_line : top;
	int stack_cap = none_line(b); /* the caption above a header stacked_k counted */
	if (f->stack_top != INT_MIN) {
		/* the -raw header, one cell a line, that named K: its cells from its first line */
		int sl[MAX_HEADER_LINES], ns = raw_header_lines(f, top, sl), s = 0;
		stacked_cell sc[TB_MAX_COLS + 2];
		while (s < ns && sl[s] != f->stack_top)
			s++;
		if (f->stack_group != INT_MIN)
			ns--; /* (the table's first group row) */
		if (s < ns && raw_header_cells(f, sl + s, ns - s, sc, TB_MAX_COLS + 2) == K + 1) {
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
		int after = nh && walk_header(f, hl, nh, 0, sc, TB_MAX_COLS + 2) == K - sg->nyr;
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
	if (!header_done && years_line < 0 && K == 1 && sg->nyr == 1 && year_head(f, yr1)) {
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
		nh = head_from = header_zone(f, top, 0, hl, &title_line);
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
			nw = header_words(l, w, TB_MAX_COLS + 2) == K + 1 ? K + 1 : 0;
		else if (K == 1 && two_heads(l, w))
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
			int nw = header_words(l, w, TB_MAX_COLS + 2);
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
		/* the line right above split by its cues (header_cells), hyphenated openers on
		 * the line above it (a blank line between at most) joined to their cells */
		const tb_line *l = line_at(f, hl[nh - 1]);
		size_t ow[TB_MAX_COLS + 1][2], hc[TB_MAX_COLS + 2][2];
		int op[TB_MAX_COLS + 2], nopen = 0, ol = hl[nh - 1] - 1;
		if (ol >= -b->nback && b->lines[ol].cls == TB_BLANK && !b->ff[ol + 1])
			ol--;
		if (ol >= -b->nback && !b->ff[ol + 1] &&
		    (nopen = opener_words(&b->lines[ol], ow, TB_MAX_COLS + 1)) > 0)
			open_line = ol;
		int nc = header_cells(l, nopen, hc, op, TB_MAX_COLS + 2);
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
static void txt_put(char *txt, size_t cap, size_t *k, const char *s)
{
	while (*s && *k + 1 < cap)
		txt[(*k)++] = *s++;
	txt[*k] = '\0';
}

/* Appends s, then v in decimal (as %d), to txt[0..*k). */
static void txt_num(char *txt, size_t cap, size_t *k, const char *s, int v)
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
	txt_put(txt, cap, k, s);
	txt_put(txt, cap, k, d + n);
}

/* "c4=c3-c2": the relation's columns (numbered from 2, the label being 1) and the
 * operator of its kind; made without printf, once for every relation of every table. */
void tb_rel_text(const struct relation *rel, char *txt, size_t cap)
{
	static const char *const ops[] = {"", "", "-c", "+c", "/c", "/c"};
	size_t k = 0;
	if (!cap)
		return;
	txt_num(txt, cap, &k, "c", rel->c + 2);
	txt_num(txt, cap, &k, "=c", rel->a + 2);
	if (rel->kind == REL_EQ)
		return;
	int kind = rel->kind >= REL_DIFF && rel->kind <= REL_SHARE ? rel->kind : REL_SHARE;
	txt_num(txt, cap, &k, ops[kind], rel->b + 2);
	if (kind == REL_RATIO)
		txt_put(txt, cap, &k, "-1");
}

static void check_text(fit *f, tb_table *t, const char *kind, const char *rel, int held)
{
	(void)f;
	if (t->checks.len)
		tv_buf_putc(&t->checks, ';');
	tv_buf_puts(&t->checks, kind);
	tv_buf_putc(&t->checks, ':');
	tv_buf_puts(&t->checks, rel);
	tv_buf_puts(&t->checks, held ? ":held" : ":failed");
}

/* Reads the rows [r0, r1) as a table of K number columns: enumerates each row's
 * readings, chooses them by profile, then with the relations found; *score is the sum of
 * the chosen readings' penalties, and UNFIT_COST for each row that cannot be read in K
 * cells. */
/* Keeps room for the cells of every reading, in order, in f->ordc, so that the rounds of
 * choose_readings do not make them again; not when that would take more than ORDC_MAX
 * bytes (score_reading then makes them as it goes). Each reading's cells are made when
 * first asked for (kept_cells): many readings are never scored (a row with nothing to
 * choose, the readings kept by snap_save that are not looked at again). */
#define ORDC_MAX ((size_t)8 << 20)
static tv_status keep_ordered_cells(fit *f)
{
	size_t n = f->reads.len / sizeof(reading), K = (size_t)f->K;
	f->nordc = 0;
	tv_buf_clear(&f->ordc);
	tv_buf_clear(&f->ordok);
	if (!n || n * K * sizeof(cellv) > ORDC_MAX)
		return TV_OK;
	tv_status rc = tv_buf_reserve(&f->ordc, n * K * sizeof(cellv));
	if (!rc)
		rc = tv_buf_reserve(&f->ordok, n);
	if (rc)
		return rc;
	memset(f->ordok.data, 0, n);
	f->ordc.len = n * K * sizeof(cellv);
	f->ordok.len = n;
	f->nordc = (int)n;
	return TV_OK;
}

static tv_status try_columns(fit *f, int r0, int r1, int K, int ndata, double *score)
{
	f->snap_live = 0;
	f->K = K;
	f->nrels = f->rels_ok = 0;
	f->nordc = 0; /* (the readings are made again) */
	tv_buf_clear(&f->reads);
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		r->unfit = 0;
		r->nr = 0;
		r->best = -1;
		if (r->kind != R_DATA || !r->na)
			continue;
		int mn, mx;
		cell_range(f, r, &mn, &mx);
		if (mn > K || mx <= 0) {
			r->unfit = 1;
			continue;
		}
		/* readings of as many cells as the row can fill, or one or two fewer (a
		 * group of digits joined, a cell left empty); fewer for long tables */
		int fill = mx < K ? mx : K;
		int cap = TB_READ_BUDGET / (ndata > 0 ? ndata : 1);
		cap = cap > TB_MAX_READINGS ? TB_MAX_READINGS : cap < 16 ? 16 : cap;
		enum_ctx e;
		e.f = f;
		e.a = ATOMS(f) + r->a0;
		e.na = r->na;
		e.maxc = K;
		e.minc = fill - 2 > 1 ? fill - 2 : 1;
		e.cap = cap;
		e.split_cost = f->ungrouped ? 0 : SPLIT_COST;
		e.count = 0;
		e.rc = TV_OK;
		/* tb_enum_prepare's bounds, kept in the row by cell_range above (the rows stay
		 * where they are while the readings are appended) */
		e.sufmin = r->sufmin;
		e.sufmax = r->sufmax;
		e.join = r->join;
		e.last = r->last;
		r->r0 = (int)(f->reads.len / sizeof(reading));
		if (can_end(&e, 0, 0) &&
		    !(e.rc = tv_buf_reserve(&f->reads, (size_t)cap * sizeof(reading))))
			enum_rec(&e, 0, 0, 0, 0, 0, 0);
		if (e.rc)
			return e.rc;
		r = &ROWS(f)[i];
		r->nr = e.count;
		if (!r->nr)
			r->unfit = 1;
	}
	tv_status rc = keep_ordered_cells(f);
	if (rc)
		return rc;
	/* a table where every row has one reading that fills it has nothing to choose */
	int plain = !f->scored;
	for (int i = r0; i < r1 && plain; i++) {
		const lrow *r = &ROWS(f)[i];
		if (r->kind == R_DATA && !r->unfit && r->na)
			plain = r->nr == 1 && READS(f)[r->r0].ncells == K;
	}
	if (plain) {
		for (int i = r0; i < r1; i++) {
			lrow *r = &ROWS(f)[i];
			if (r->kind == R_DATA && !r->unfit && r->nr)
				r->best = r->r0;
		}
		if ((rc = build_profiles(f, r0, r1, 0)))
			return rc;
		*score = 0;
		return find_relations(f, r0, r1, ndata);
	}
	if ((rc = build_profiles(f, r0, r1, 1)))
		return rc;
	choose_readings(f, r0, r1, 0, NULL);
	int nrels = -1;
	for (int round = 0; round < 3; round++) {
		if ((rc = build_profiles(f, r0, r1, 0)))
			return rc;
		if ((rc = find_relations(f, r0, r1, ndata)))
			return rc;
		int moved;
		int changed = choose_readings(f, r0, r1, 1, &moved);
		if (!changed && f->nrels == nrels)
			break; /* settled */
		/* nor when no row changed its reading or its placement: another round would
		 * start from the same choices, find the same profiles and relations, choose
		 * the same again and stop there */
		if (!changed && !moved)
			break;
		nrels = f->nrels;
	}
	double s = 0;
	for (int i = r0; i < r1; i++) {
		const lrow *r = &ROWS(f)[i];
		if (r->kind == R_DATA && r->best >= 0)
			s += READS(f)[r->best].score;
		if (!r->unfit)
			continue;
		/* a row with as many digits as the column's numbers, grouped wrongly ("544 99
		 * 160" among "16 588 454"), is a misprint more than a sign of more columns */
		int digits = 0;
		for (int k = 0; k < r->na; k++)
			digits += ATOMS(f)[r->a0 + k].intd;
		s += K == 1 && f->prof[0].n >= 3 && digits == (int)f->prof[0].intd ? MISPRINT_COST
		                                                                   : UNFIT_COST;
	}
	*score = s;
	return TV_OK;
}

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

/* The fit try_columns left for rows [r0, r1) has a column made of digit groups split off
 * the numbers after them (split_cell) in every row with a cell there but one in five or
 * fewer, three rows or more ("Folkhögskolor 12 734,4 34 832,9 31 | 188,2"). Such a column
 * is no column of the table but a count that fits a few rows the OCR spoiled. */
static int split_column(fit *f, int r0, int r1)
{
	int n[TB_MAX_COLS] = {0}, split[TB_MAX_COLS] = {0};
	for (int i = r0; i < r1; i++) {
		cellv own[TB_MAX_COLS];
		const cellv *cv;
		if (!row_cells(f, i, own, &cv))
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

/* Keeps what try_columns left for rows [r0, r1): the readings, the rows, the column
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
 * Puts back what snap_save kept, as try_columns at that count would leave it again:
 * the fit depends only on the rows, their atoms and the count, and none of them changed
 * since (check_totals, run in between, changes only choices, which are put back). The
 * one difference, where the kept fit was scored to compare counts (f->scored): a row with
 * one reading of K cells was scored rather than simply taken, which chooses the same
 * reading in the same columns and leaves only its score, read by no one after try_columns.
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
	return keep_ordered_cells(f);
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
		const cellv *cv = cells_view(f, r, &READS(f)[r->best], own);
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
	tv_status rc = *kept ? snap_restore(f, r0, r1) : try_columns(f, r0, r1, K, ndata, &s1);
	if (!rc && !*kept && !(rc = snap_save(f, r0, r1)))
		*kept = 1;
	if (rc || K >= TB_MAX_COLS || 2 * glued_rows(f, r0, r1) <= ndata)
		return rc;
	f->scored = 1;
	if (!scored)
		rc = try_columns(f, r0, r1, K, ndata, &s1);
	if (!rc)
		rc = try_columns(f, r0, r1, K + 1, ndata, &s2);
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
 * The number columns that the header line above rows [r0, r1) names (header_cells, its
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
		int nc = header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
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
 * cues read a label head and two number heads or more (header_cells) and no word opens
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
	int nc = header_cells(l, 0, hc, op, TB_MAX_COLS + 2);
	return nc >= 3 ? nc - 1 : 0;
}

static int head_names_one(const fit *f, int r0);

/* The line right above row r0 (one blank line between or not) heads the label column and
 * one number column, a capitalised word each ("Län Utbetalt") or as head_names_one reads
 * it ("Område Andel %"), or the segment's one year row does ("Kommun 2024", year_head):
 * a table of one column, however few its rows. */
static int one_column_named(const fit *f, const segment *sg, int r0)
{
	if (sg->nyr == 1 && year_head(f, &ROWS(f)[sg->yr0]))
		return 1;
	const tb_line *l = head_above(f, r0);
	return l && (two_heads(l, NULL) || head_names_one(f, r0));
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
	if (!l || tb_is_prose_line(l) || header_cells(l, 0, hc, op, 3) != 2 ||
	    !tb_is_upper_start(l->s + hc[0][0], hc[0][1] - hc[0][0]))
		return 0;
	int nw = header_words(l, w, TB_MAX_COLS + 2);
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
 * (stack_joins), with no digit (a row the OCR damaged: "Hyresintäkter -415 -42”7"),
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
	       !stack_joins(l, u) && !tb_unit_word(s, n);
}

/*
 * K named by a -raw header written one cell a line (raw_header_lines) where the rows
 * alone need fewer columns, kref ("-815 640" under "Verksamhet" / "Beslutat" / "belopp" /
 * "Andel %" is two numbers): the header's cells less the label column's, counted from
 * each line the header may start at (the lines above it may be a caption: "Ekonomiskt
 * utfall"), where the rows take that many (rows_take); of several such counts, the one
 * the rows read best in (try_columns). Nothing where a line heads every column by
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
	int nh = raw_header_lines(f, ROWS(f)[r0].line0, hl);
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
	       raw_header_cells(f, hl + nh - 1, 1, c, TB_MAX_COLS + 2) == 1)
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
		int m = raw_header_cells(f, hl + q, 1, c, TB_MAX_COLS + 2);
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
		int hk = raw_header_cells(f, hl + s, nh - s - g, c, TB_MAX_COLS + 2) - 1;
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
			tv_status rc = try_columns(f, r0, r1, cand[q], ndata, &sc);
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
 * after the years (walk_header, as make_header reads them): "Utfall" / "2025" / "Budget"
 * / "2026" / "Avvikelse mot" / "budget" / "Förändring i" / "procent" over "Lund 378 177
 * 402 (225) (53,2)" heads five columns, not the three years; 0 where rows [r0, r1)
 * cannot be read in the years' nyr columns and those (rows_take). */
static int heads_after_years(fit *f, int r0, int r1, int nyr)
{
	int hl[MAX_HEADER_LINES], title;
	int nh = header_zone(f, ROWS(f)[r0].line0, 0, hl, &title);
	if (!nh || hl[0] - 1 < -f->b->nback)
		return 0;
	const tb_line *y = line_at(f, hl[0] - 1);
	if (y->natoms != 1 || !year_atom(y->atoms))
		return 0;
	stacked_cell sc[TB_MAX_COLS + 2];
	int m = walk_header(f, hl, nh, 0, sc, TB_MAX_COLS + 2);
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
		if ((rc = try_columns(f, r0, r1, K, ndata, &s1)) || (rc = snap_save(f, r0, r1)) ||
		    (rc = try_columns(f, r0, r1, weak_k, ndata, &s2)))
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
		if ((rc = try_columns(f, r0, r1, K, ndata, &s1)) || (rc = snap_save(f, r0, r1)))
			goto fail;
		if (totmin > 1) {
			/* the total's count holds only where a total adds up in it (an OCR's
			 * "Summa 363 0 1-1 433 544 -3 478 571" is in groups and adds up to
			 * nothing) */
			total_check tc[16];
			int ntc = check_totals(f, r0, r1, tc, 16), held = 0;
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
			if ((rc = try_columns(f, r0, r1, c, ndata, &s2)))
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
	if ((rc = kept ? snap_restore(f, r0, r1) : try_columns(f, r0, r1, K, ndata, &score)))
		goto fail;
	unsigned gen = f->memo_gen; /* (the atoms as the fit found them) */
	/* text lines between a one-column table's header row and its first row are its group
	 * rows ("Län 2024" / "Finansiella poster" / "IT-kostnader 58 241") */
	if (K == 1 && seg.nyr == 1 && year_head(f, &ROWS(f)[seg.yr0]))
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
			good += r->goodl; /* (a row's label is made once, in tb_build_rows) */
		}
		if (!nd || 3 * good < 2 * nd || (K >= 2 && 2 * cells < nd * K))
			return 0;
		/* a column of one year again and again is a chart's period labels */
		if ((rc = fill_matrix(f, r0, r1)))
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
	if ((rc = repair_rule_columns(f, sg, r0, r1)))
		goto fail;
	total_check tc[64];
	unsigned taken = f->taken;
	int nrels = f->nrels;
	relation rels[MAX_RELS];
	memcpy(rels, f->rels, sizeof rels);
	int ntc = check_totals(f, r0, r1, tc, 64);
	if ((rc = find_relations(f, r0, r1, ndata)) || (rc = repair_cells(f, r0, r1)))
		goto fail;
	/* the totals are checked again where that could come out otherwise: a choice
	 * changed, an atom was repaired (since the fit) or the relations are others. Else
	 * the state is the one the first check saw: the placements it made anew for the
	 * readings it tried are those the fit's last scoring gave them, from the same
	 * profiles, relations and atoms (a total row's readings, which it reads without
	 * scoring them, were all placed whole there) */
	if (f->taken != taken || f->memo_gen != gen || f->nrels != nrels ||
	    memcmp(rels, f->rels, (size_t)nrels * sizeof rels[0]) != 0)
		ntc = check_totals(f, r0, r1, tc, 64);
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
	if ((rc = repair_carried_totals(f, tc, ntc, bodyno, r0)) ||
	    (rc = repair_totals(f, tc, ntc, bodyno, r0)))
		goto fail;
	/* the table */
	t->ncols = K + 1;
	t->numeric_col[0] = 0;
	for (int j = 1; j <= K; j++)
		t->numeric_col[j] = 1;
	int first;
	if ((rc = make_header(f, sg, t, &first)))
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
			reading_cells(f, r, &READS(f)[r->best], cv);
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
			const char *rt = repl_text(f, cv[j].a);
			const char *ls = line_at(f, a->line)->s;
			char gd;
			if (rt) {
				tv_buf tmp = TV_BUF_INIT;
				rc = tv_buf_puts(&tmp, rt);
				if (!rc && z->end > z->off + z->len)
					rc = tv_buf_append(&tmp, ls + z->off + z->len,
					                   (size_t)(z->end - z->off - z->len));
				if (!rc)
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
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
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
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
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
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
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
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
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, z->pct);
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
					rc = put_num(t, tv_buf_str(&tmp), tmp.len, a->pct);
				tv_buf_free(&tmp);
			} else {
				rc = put_num_unit(t, ls + a->off, (size_t)(z->end - a->off), z);
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
	if ((rc = fill_matrix(f, r0, r1)))
		goto fail;
	for (int q = 0; q < f->nrels; q++) {
		relation *rel = &f->rels[q];
		int nz;
		rel_count(f, rel, r0, r1, &nz, 0);
		char txt[64];
		tb_rel_text(rel, txt, sizeof txt);
		check_text(f, t, rel_kind_name[rel->kind], txt, rel->held == rel->tested);
	}
	for (int q = 0; q < ntc; q++) {
		char txt[64];
		int rr = body_number(bodyno, tc[q].row - r0);
		int ra = body_number(bodyno, tc[q].from - r0);
		int rb = body_number(bodyno, tc[q].to - r0);
		size_t k = 0; /* "r%d=sum(r%d..r%d%s)", without printf */
		txt_num(txt, sizeof txt, &k, "r", rr);
		txt_num(txt, sizeof txt, &k, "=sum(r", ra);
		txt_num(txt, sizeof txt, &k, "..r", rb);
		txt_put(txt, sizeof txt, &k, tc[q].prev_totals ? " totals)" : ")");
		check_text(f, t, "total", txt, tc[q].held);
	}
	/* repairs, each with the relation that proved it */
	const repl *rp = (const repl *)(const void *)f->repl.data;
	for (size_t q = 0; q < f->repl.len / sizeof(repl); q++) {
		char txt[200];
		int rr = body_number(bodyno, rp[q].row - r0);
		snprintf(txt, sizeof txt, "r%dc%d=%s from %s by %s", rr, rp[q].col + 2, rp[q].text,
		         rp[q].before, rp[q].proof);
		check_text(f, t, "repair", txt, 1);
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

/* ------------------------------------------------------------------ misread units --- */

/* Tesseract's readings of a "%" set apart from its number ("84 20", "100 90", "22 0",
 * "66 240") or glued to its decimals ("28,390"). */
static const char *const pct_digits[] = {"20",  "90",  "0",   "00",  "96", "26",
                                         "240", "246", "260", "960", NULL};

static int is_pct_digits(const char *w, size_t n)
{
	for (int i = 0; pct_digits[i]; i++)
		if (pct_digits[i][0] == w[0] && strlen(pct_digits[i]) == n &&
		    memcmp(pct_digits[i], w, n) == 0)
			return 1;
	return 0;
}

/* Does line l name a percentage ("%", "procent", "Andel", "Förändring")? */
static int names_percent(const tb_line *l)
{
	static const char *const words[] = {"%", "procent", "ndel", "rändring", NULL};
	for (int k = 0; words[k]; k++)
		if (l->n && holds(l->s, l->n, words[k], strlen(words[k])))
			return 1;
	return 0;
}

/* The misread unit of row l, if any: 1 for "84 20" (its last atom), 2 for "28,390", 3
 * for "7200" (a "%" read as "00" with no space before it: a whole number of four digits
 * or more, which unit_misreads_run takes only in a row one atom short of the others). */
static int pct_misread(const tb_line *l)
{
	if (l->cls != TB_ROW || !l->natoms)
		return 0;
	const tb_atom *z = &l->atoms[l->natoms - 1];
	if (z->pct || z->unit || z->pclose)
		return 0;
	if (!z->dec && !z->neg && !z->popen && !z->gpre && z->intd >= 4 && z->len == z->intd &&
	    memcmp(l->s + z->off + z->len - 2, "00", 2) == 0)
		return 3;
	if (z->dec >= 3 && !z->point &&
	    (memcmp(l->s + z->off + z->len - 2, "90", 2) == 0 ||
	     memcmp(l->s + z->off + z->len - 2, "20", 2) == 0))
		return 2;
	if (l->natoms < 2 || z->neg || z->dec || z->popen || z->gpre)
		return 0;
	const tb_atom *p = z - 1;
	if (p->pct || p->unit || p->pclose || !is_pct_digits(l->s + z->off, z->len))
		return 0;
	return 1;
}

/*
 * A column of "%" read as digits: in a run of rows that names a percentage (a "%",
 * "procent", "Andel", "Förändring" in the three text lines above it, "Förändring" in a
 * row's label, or a percent sign in a row), when at least three rows end in a reading of
 * "%" (pct_digits after a number, or "90"/"20" run into three decimals), of at most five
 * kinds (one page reads "20", "90", "0", "240" and "246"), and four in five rows ending
 * in a bare number of one or two digits end so, those are the unit misread, not data: the
 * atom goes, the number before it is a percentage. A row one atom short of all those that
 * end in a bare reading, its last number four digits or more ending in 00 ("Kalmar 7200"),
 * had its "%" glued on as 00: the 00 goes. Logged as ocr-percent.
 */
static void unit_misreads_run(const tb_block *b, int r0, int r1, tb_repair_fn repair, void *ctx)
{
	int named = 0, ncand = 0, nsmall = 0, kinds = 0, nbare = 0;
	int nat = 0; /* the atoms of every row ending in a bare reading, -1 where they differ */
	char seen[6][4];
	/* the caption and header: up to three text lines above the rows */
	for (int i = r0 - 1, t = 0; i >= -b->nback && t < 3; i--) {
		const tb_line *l = &b->lines[i];
		if (l->cls == TB_BLANK)
			continue;
		if (l->cls != TB_TEXT)
			break;
		named |= names_percent(l);
		t++;
	}
	for (int i = r0; i < r1; i++) {
		const tb_line *l = &b->lines[i];
		if (l->cls != TB_ROW || !l->natoms)
			continue;
		for (int k = 0; k < l->natoms; k++)
			named |= l->atoms[k].pct;
		named |=
		    l->lab1 > l->lab0 && holds(l->s + l->lab0, l->lab1 - l->lab0, "rändring", 8);
		const tb_atom *z = &l->atoms[l->natoms - 1];
		int m = pct_misread(l);
		nsmall +=
		    l->natoms >= 2 && !z->dec && !z->neg && z->intd <= 2 && !z->unit && !z->pct;
		if (!m || m == 3)
			continue;
		ncand++;
		if (m == 1) {
			nbare++;
			nat = !nat || nat == l->natoms ? l->natoms : -1;
			int k = 0;
			while (k < kinds && !(strlen(seen[k]) == z->len &&
			                      memcmp(seen[k], l->s + z->off, z->len) == 0))
				k++;
			if (k == kinds && kinds < 6) {
				memcpy(seen[kinds], l->s + z->off, z->len);
				seen[kinds][z->len] = 0;
				kinds++;
			}
		}
	}
	if (!named || ncand < 3 || kinds > 5 || 5 * nbare < 4 * nsmall)
		return;
	for (int i = r0; i < r1; i++) {
		tb_line *l = &b->lines[i];
		int m = pct_misread(l);
		/* "Kalmar 7200" among rows of one number and a "%" read as digits */
		if (!m || (m == 3 && (nat < 2 || l->natoms != nat - 1)))
			continue;
		tb_atom *z = &l->atoms[l->natoms - 1];
		char before[40], after[40];
		size_t bl = (size_t)(z->end - z->off) < sizeof before - 1
		                ? (size_t)(z->end - z->off)
		                : sizeof before - 1;
		memcpy(before, l->s + z->off, bl);
		before[bl] = 0;
		size_t col = z->off;
		if (m == 1) {
			l->natoms--;
			z = &l->atoms[l->natoms - 1];
			memcpy(after, "%", 2);
		} else if (m == 3) {
			z->len = (unsigned short)(z->len - 2);
			z->end = (unsigned short)(z->off + z->len);
			z->intd = (unsigned char)(z->intd - 2);
			z->ival = floor(z->ival / 100);
			size_t al = z->len < sizeof after - 3 ? z->len : sizeof after - 3;
			memcpy(after, l->s + z->off, al);
			memcpy(after + al, " %", 3);
		} else {
			z->len = (unsigned short)(z->len - 2);
			z->end = (unsigned short)(z->off + z->len);
			z->dec = (unsigned char)(z->dec - 2);
			double sc = 1;
			for (int k = 0; k < z->dec; k++)
				sc *= 10;
			z->frac = floor(z->frac * sc + 1e-6) / sc;
			size_t al = z->len < sizeof after - 3 ? z->len : sizeof after - 3;
			memcpy(after, l->s + z->off, al);
			memcpy(after + al, " %", 3);
		}
		z->pct = 1;
		z->unit = TV_UNIT_PERCENT;
		if (repair)
			repair(ctx, i, col, before, after, "ocr-percent");
	}
}

/* unit_misreads_run on each run of rows (and blank lines) of the block. */
static void unit_misreads(const tb_block *b, tb_repair_fn repair, void *ctx)
{
	for (int i = 0; i < b->n;) {
		while (i < b->n && b->lines[i].cls != TB_ROW)
			i++;
		int r0 = i;
		while (i < b->n && (b->lines[i].cls == TB_ROW || b->lines[i].cls == TB_BLANK))
			i++;
		if (i > r0)
			unit_misreads_run(b, r0, i, repair, ctx);
	}
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
	unit_misreads(b, repair, ctx);
	tv_status rc = tb_build_rows(fp);
	if (!rc)
		tb_breaks_before_total(fp);
	memo_reset(fp);
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
