/*
 * tables_read.c - the readings of each row and their choice (tables_fit.h).
 *
 * Each row's atoms can be joined into cells in several ways ("26 487" is one number or
 * two). Every reading with at most K cells is scored by how well its cells fit the
 * profile of their columns (digits, decimals, "%", sign, and, in -layout dumps, where the
 * column stands), then by arithmetic: relations between columns (a difference, a sum, a
 * change in percent, a share, a copy) that hold in most rows are found, and each row's
 * reading is chosen again with a bonus for the relations it keeps. A Total/Summa row
 * must be the sum of the rows above it; where one row's other reading makes it so, that
 * reading is taken.
 */
#include "tables_fit.h"

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
		/* (made in place: tb_try_columns made room for e->cap readings) */
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
void tb_memo_reset(fit *f)
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

int tb_reading_cells(fit *f, const lrow *r, const reading *rd, cellv *cv)
{
	/* a reading whose cells are kept in order (tb_keep_ordered_cells: the same cells,
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
 * order and fill the columns in order (tb_reading_cells copies them so), the kept cells
 * themselves; else made into own, which is returned. */
const cellv *tb_cells_view(fit *f, const lrow *r, const reading *rd, cellv *own)
{
	const cellv *ord = kept_cells(f, r, (size_t)(rd - READS(f)));
	int K = f->K;
	if (ord && rd->ncells == K && rd->col[K - 1] == K - 1)
		return ord;
	tb_reading_cells(f, r, rd, own);
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
int tb_rel_holds(const relation *rel, const cellv *cv)
{
	return rel_holds_cells(rel, &cv[rel->c], &cv[rel->a], &cv[rel->b]);
}

/* tb_rel_count for relations of one kind (a constant where it is called). */
static inline void rel_count_kind(const fit *f, relation *rel, int kind, int r0, int r1,
                                  int *nonzero, int quick)
{
	int tested = 0, held = 0, nz = 0;
	size_t K = (size_t)f->K;
	const cellv *cv = (const cellv *)(const void *)f->mat.data;
	for (int i = r0; i < r1; i++, cv += K) {
		/* a candidate that fails in most of the rows tested so far is given up; so is
		 * one that tb_find_relations can no longer take (it takes a relation that holds
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
 * tb_fill_matrix left them in f->mat. Each case passes its kind as a constant, so that
 * the compiler makes a loop of its own for each kind (8fe48d2: fewer instructions in the
 * fitter's hottest loop); the cases look alike on purpose. */
void tb_rel_count(fit *f, relation *rel, int r0, int r1, int *nonzero, int quick)
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
tv_status tb_fill_matrix(fit *f, int r0, int r1)
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
			tb_reading_cells(f, r, &READS(f)[r->best], cv);
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
				tb_rel_count(f, &rel, r0, r1, &nz, 1);
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
tv_status tb_find_relations(fit *f, int r0, int r1, int ndata)
{
	int K = f->K;
	if (K < 2 || ndata < 2) {
		f->nrels = f->rels_ok = 0;
		return TV_OK;
	}
	tv_status rc = tb_fill_matrix(f, r0, r1);
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
			const cellv *cv = tb_cells_view(f, r, rd, own);
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
	const cellv *cv = tb_cells_view(f, r, &READS(f)[r->contrib], own);
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
	/* the cells in order (kept from tb_try_columns, or made here), and the penalty of
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
	 * row's readings are kept: tb_check_totals tries them without scoring them again.) */
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

/* Sums the chosen cells of rows [from, to] (skipping totals unless totals_only) into s. */
int tb_sum_rows(fit *f, int from, int to, int totals_only, double *s, int *nops, double *unit,
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
		const cellv *cv = tb_cells_view(f, r, rd, own);
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
int tb_sums_up(const fit *f, int j)
{
	for (int q = 0; q < f->nrels; q++)
		if (f->rels[q].c == j &&
		    (f->rels[q].kind == REL_RATIO || f->rels[q].kind == REL_SHARE))
			return 0;
	return f->prof[j].pct < 0.5;
}

/* Does total row t equal the sum? Columns where both sides have values are compared;
 * at least one must be, and a column with only a total value fails. adds[j]: tb_sums_up
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
	tb_reading_cells(f, &ROWS(f)[t], trd, cv);
	return total_holds_cells(f, cv, s, nops, unit, adds);
}

/* Adds the cells [c0, c1) of sc into s, nops and unit, as tb_sum_rows adds them. */
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
 * others) against total row t, as tb_check_totals did with tb_sum_rows for each reading: the
 * same rows, each alternative summed with the chosen cells of the others in the same
 * order, so to the same doubles. The chosen cells are made once (f->sumc) and the sum of
 * the rows above each row is carried down, instead of the whole range made and summed
 * again for every alternative. Takes the first reading that makes the total hold.
 * Returns 1 then, 0 when none does, -1 without the memory (tb_check_totals sums as before).
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
		tb_reading_cells(f, r, &READS(f)[r->best], cv);
		for (int j = 0; j < K; j++)
			if (cv[j].present)
				sc[m].v = cv[j].v, sc[m].u = tb_unit_of_dec(cv[j].dec),
				sc[m++].j = j;
	}
	at[nrow] = m;
	cellv tcv[TB_MAX_COLS]; /* the total's cells (its reading stays while this runs) */
	tb_reading_cells(f, &ROWS(f)[t], &READS(f)[ROWS(f)[t].best], tcv);
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
					tb_reading_cells(f, r, alt, cv);
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
int tb_check_totals(fit *f, int r0, int r1, total_check *out, int max)
{
	int n = 0, start = r0;
	f->snap_live = 0; /* (it changes choices and places other readings) */
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	unsigned char adds[TB_MAX_COLS];
	for (int j = 0; j < f->K; j++)
		adds[j] = (unsigned char)tb_sums_up(f, j);
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
			if (tb_sum_rows(f, from[q], to[q], tot[q], s, nops, unit, -1, NULL) < 2)
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
						tb_sum_rows(f, from[q], to[q], tot[q], s, nops,
						            unit, i, alt);
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
tv_status tb_keep_ordered_cells(fit *f)
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

tv_status tb_try_columns(fit *f, int r0, int r1, int K, int ndata, double *score)
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
	tv_status rc = tb_keep_ordered_cells(f);
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
		return tb_find_relations(f, r0, r1, ndata);
	}
	if ((rc = build_profiles(f, r0, r1, 1)))
		return rc;
	choose_readings(f, r0, r1, 0, NULL);
	int nrels = -1;
	for (int round = 0; round < 3; round++) {
		if ((rc = build_profiles(f, r0, r1, 0)))
			return rc;
		if ((rc = tb_find_relations(f, r0, r1, ndata)))
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
