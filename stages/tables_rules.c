/*
 * tables_rules.c - ruling lines read as digits in OCR dumps (tables_fit.h).
 *
 * Tesseract reads a table's ruling lines as "1", "|", "[" or a dash glued to the cells
 * beside them ("116" for "|16", "7 9380" for "7 938|0"). A digit is taken off as a rule
 * only where the table proves it: a total or a relation between columns that holds only
 * after the change, the widths the column's other cells print, or the rules the rows
 * around it show. Each change is reported to the caller, which logs it.
 */
#include "tables_fit.h"

/* ------------------------------------------------------------------ ruling lines ---- */

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
	    tb_repl_text(f, c->a))
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
 * row or has no reading (tb_repair_rule_columns walks a column's cells three times): *cv
 * points into f->mat while it is kept (made once for the table, mended by
 * strip_rule_digit), else at scratch, made there. The cells are read only. */
lrow *tb_row_cells(fit *f, int i, cellv *scratch, const cellv **cv)
{
	lrow *r = &ROWS(f)[i];
	if (r->kind != R_DATA || r->best < 0)
		return NULL;
	if (f->mat_kept && i >= f->mat_r0 && i < f->mat_r1) {
		*cv = (const cellv *)(const void *)f->mat.data +
		      (size_t)(i - f->mat_r0) * (size_t)f->K;
	} else {
		tb_reading_cells(f, r, &READS(f)[r->best], scratch);
		*cv = scratch;
	}
	return r;
}

/* A total's candidates in column j by width: the 1 of a cell w digits wide is worth
 * 10^(w - 1); sum_class[k] of them are worth p[k] each. RULE_CLASSES of them at most are
 * rules (and the total's own); the rest are 8s read as 3s (eight_classes). */
#define RULE_CLASSES 8
#define SUM_CLASSES  16
#define EIGHT_KEY    (-2) /* a class of 8s read as 3s (the total's class is -1) */
#define SUM_STEPS    100000

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
	if (a->hlen || a->neg || a->popen || a->intd < 2 || dg[0] != '1' || tb_repl_text(f, c->a))
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
	if (rule_three(f, c) && !tb_repl_text(f, c->a))
		return 8 * c->intd + 3;
	return 0;
}

static int sum_digit(int key)
{
	return key % 8 == 3 ? 3 : 1;
}

/* Adds to search s (class keys wt) the 3s of the body cells of column j in rows [lo, t)
 * that may be 8s read so (tb_eight_changes), by what each changes the sum: they are the
 * misread most often beside a rule read as 1, and where a column has both, no choice of
 * the 1s alone adds up. Such a class only explains the sum, never names a cell: which of
 * its 3s were 8s the sum cannot tell. Returns 0 when the classes run out. */
static int eight_classes(fit *f, int j, int lo, int t, sum_search *s, int *wt)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	double change[TB_EIGHT_CHANGES];
	for (int i = lo; i < t; i++) {
		const lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || r->total)
			continue;
		int nc = tb_eight_changes(f, &cv[j], change);
		for (int q = 0; q < nc; q++) {
			double p = -change[q]; /* what d = S - T loses by it */
			int k = 0;
			while (k < s->nc &&
			       !(wt[k] == EIGHT_KEY && fabs(s->p[k] - p) < 1e-9 * fabs(p)))
				k++;
			if (k == s->nc) {
				if (s->nc == SUM_CLASSES)
					return 0;
				wt[s->nc] = EIGHT_KEY;
				s->p[s->nc] = p;
				s->n[s->nc++] = 0;
			}
			s->n[k]++;
		}
	}
	return 1;
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
 * With glyphs set, cells with a glyph and a 1 (glyph_one) are candidates too; with eights
 * set, the column's 3s may be 8s as well (eight_classes), and a class of them partly taken
 * leaves the 1s settled; then only the 1s taken are. */
static int rule_sum_range(fit *f, int j, int lo, int t, int r0, unsigned char *v, int glyphs,
                          int eights)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	const lrow *tr = tb_row_cells(f, t, scratch, &cv);
	if (!tr || !cv[j].present || cv[j].v <= 0)
		return 0;
	sum_search s;
	memset(&s, 0, sizeof s);
	int wt[SUM_CLASSES + 1]; /* each class's width; the total's class, then 8s, last */
	double T = cv[j].v, tol = cv[j].u, S = 0;
	int tcand = rule_one(f, &cv[j]) && !rule_before(f, tr, &cv[j]), tw = cv[j].intd;
	int nops = 0, ncand = tcand;
	for (int i = lo; i < t; i++) {
		const lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			if (s.nc == RULE_CLASSES)
				return 0;
			wt[s.nc] = key;
			s.p[s.nc] = sum_digit(key) * pow(10, cv[j].intd - 1);
			s.n[s.nc++] = 0;
		}
		s.n[k]++;
		ncand++;
	}
	/* one cell alone, or the total alone, is tb_check_totals' to settle (cell_alts) */
	if (nops < 2 || ncand - tcand < 2 - tcand)
		return 0;
	int kt = -1;
	if (tcand) { /* the total losing its 1 adds to what the rows must lose: d = S - T */
		if (s.nc == RULE_CLASSES)
			return 0;
		kt = s.nc;
		wt[kt] = -1;
		s.p[kt] = -pow(10, tw - 1);
		s.n[s.nc++] = 1;
	}
	if (eights && !eight_classes(f, j, lo, t, &s, wt))
		return 0;
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
		partial |= wt[k] != EIGHT_KEY && s.sol[k] != 0 && s.sol[k] != s.n[k];
	int settled = 0;
	for (int i = lo; i <= t; i++) {
		const lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		if (eights && (part || !s.sol[k]))
			continue; /* 8s that may explain as much leave the 1s kept unproved */
		if (partial ? part && 2 * s.sol[k] <= s.n[k] : 1) {
			v[i - r0] = part || !s.sol[k] ? 2 : 1;
			settled = 1;
		}
	}
	return settled;
}

/* rule_sum_range over rows [lo, t): first without the cells whose rule shows both as a
 * glyph and as a 1, then, where no choice adds up, with them, then without them but with
 * the column's 3s that may be 8s. Returns 1 when it settled some cell. */
static int rule_sum_total(fit *f, int j, int lo, int t, int r0, unsigned char *v)
{
	int rc = rule_sum_range(f, j, lo, t, r0, v, 0, 0);
	if (rc < 0)
		rc = rule_sum_range(f, j, lo, t, r0, v, 1, 0);
	if (rc < 0)
		rc = rule_sum_range(f, j, lo, t, r0, v, 0, 1);
	return rc > 0;
}

/* Rows [lo, t) add up in column j, as printed, to total row t's cell. */
static int sum_as_printed(fit *f, int j, int lo, int t)
{
	cellv scratch[TB_MAX_COLS];
	const cellv *cv = scratch;
	const lrow *tr = tb_row_cells(f, t, scratch, &cv);
	if (!tr || !cv[j].present)
		return 0;
	double T = cv[j].v, tol = cv[j].u, S = 0;
	for (int i = lo; i < t; i++) {
		const lrow *r = tb_row_cells(f, i, scratch, &cv);
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
	/* the kept cell of row i mended: made again from its atoms, as tb_row_cells would */
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
tv_status tb_repair_carried_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0)
{
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	cellv cv[TB_MAX_COLS];
	for (int q = 0; q < ntc; q++) {
		total_check *c = &tc[q];
		if (c->held || c->carried < 0)
			continue;
		tb_sum_rows(f, c->carried, c->row - 1, 0, s, nops, unit, -1, NULL);
		lrow *tr = &ROWS(f)[c->row];
		tb_reading_cells(f, tr, &READS(f)[tr->best], cv);
		int held = 0, bad = -1, nbad = 0;
		for (int j = 0; j < f->K; j++) {
			if (!tb_sums_up(f, j) || (!cv[j].present && !nops[j]))
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
	const char *t = tb_repl_text(f, c->a);
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || rule_three(f, &cv[j]) ||
		    one_cell(f, r, &cv[j], &cw))
			continue;
		nplain++;
		w = cv[j].intd > w ? cv[j].intd : w;
	}
	for (int i = r0; i < r1 && nplain >= 3; i++) {
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || !cv[j].present)
			continue;
		if (rule_three(f, &cv[j]) && !tb_repl_text(f, cv[j].a)) {
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || tb_repl_text(f, cv[j].a) ||
		    cv[j].intd != w + 1 || !(rule_three(f, &cv[j]) || one_cell(f, r, &cv[j], &cw)))
			continue;
		tv_status rc = strip_rule_digit(f, i, j, cv, "ruled column");
		if (rc)
			return rc;
	}
	return TV_OK;
}

/* The cells of rows [r0, r1) that arithmetic (a total's sum, a relation) proved had the
 * rule read as a 3 before an 8, before the width proofs: each proves the rule read into
 * the table's digits as a lone 38 cell would. */
static int summed_threes(const fit *f, int r0, int r1)
{
	int n = 0;
	const repl *rp = (const repl *)(const void *)f->repl.data;
	for (size_t k = 0; k < f->repl.len / sizeof(repl); k++)
		n += rp[k].row >= r0 && rp[k].row < r1 && rp[k].before[0] == '3' &&
		     rp[k].before[1] == '8' && strcmp(rp[k].before + 1, rp[k].text) == 0;
	return n;
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
	int lone[TB_MAX_COLS], lone_w[TB_MAX_COLS], nlone = summed_threes(f, r0, r1);
	for (int j = 0; j < f->K; j++) {
		int w = -1, nplain = 0, n38 = 0, over = 0, any38 = 0, three = 0;
		lone[j] = 0;
		for (int i = r0; i < r1; i++) {
			lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r || !cv[j].present || !rule_three(f, &cv[j]) ||
			    tb_repl_text(f, cv[j].a))
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || !rule_three(f, &cv[j]) ||
			    tb_repl_text(f, cv[j].a) || cv[j].intd != w + 1)
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		lrow *r = any ? tb_row_cells(f, i, scratch, &cv) : NULL;
		for (int j = 0; r && j < f->K; j++) {
			if (!cv[j].present || !ATOMS(f)[cv[j].a].rule1 || tb_repl_text(f, cv[j].a))
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		    tb_row_cells(f, i, scratch, &cv); /* each row's cells once, for every column */
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
	return c->present && !r->total && !tb_repl_text(f, c->a) && !rule_before(f, r, c) &&
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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

/* Cell c prints more digit groups after a first group of four digits ("/1100 227"): as
 * printed it is no number, its leading 1 a rule or a group whose space was lost, so it
 * shows no real number that starts with 1. */
static int overlong_group(const fit *f, const cellv *c)
{
	return c->na >= 2 && ATOMS(f)[c->a].intd > 3;
}

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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
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
		 * "[154" beside "187", "160", "45"), whatever their number; and here too one
		 * wider cell with a 1 does not veto them (a misread as well: "193134" for
		 * "19 313,4" beside "19 329,3", "12 164,1" and "3 112,0") */
		if (!proved && ruled && nplain && !by_width && wbody >= 3 && wbody < 25) {
			int nself[26], wtwo = wbody - 1;
			self_rule_widths(f, r0, r1, j, nself);
			while (wtwo > 0 && nwid[wtwo] - nself[wtwo] < 2)
				wtwo--;
			if (nwid[wbody] - nself[wbody] <= 1 && wtwo >= 2) {
				rule_widths(f, j, r0, r1, wtwo, &wide, &over);
				if ((by_width = wide >= 3 && over <= 1))
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			nglyph1[d] += glyph && !r->total && first_digit(f, &cv[j]) == '1' &&
			              !overlong_group(f, &cv[j]);
			if (w < w1)
				w2 = w1, w1 = w, nw1 = 1;
			else if (w == w1)
				nw1++;
			else if (w < w2)
				w2 = w;
		}
		for (int i = r0; i < r1; i++) {
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r)
				continue;
			if (settled && pick[i - r0] == 1 && cv[j].present &&
			    ((rule_three(f, &cv[j]) && !tb_repl_text(f, cv[j].a) &&
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
			if (!cv[j].present || tb_repl_text(f, cv[j].a) ||
			    rule_before(f, r, &cv[j]) || !(dg = rule_one(f, &cv[j])))
				continue;
			int d = cv[j].intd - 1 > 24 ? 24 : cv[j].intd - 1;
			int least = cv[j].intd == w1 && nw1 == 1 ? w2 : w1;
			int same = ndigs[d] >= 2 || (least < 99 && cv[j].intd >= least);
			/* a cell as wide as the numbers of two or more glyph cells of the body
			 * (their rule read as a glyph) is such a number whose rule the OCR dropped,
			 * unless two cells without a rule are as narrow as it would be: other
			 * candidates do not vouch for it ("15", "11" beside "|52", "|23", "|16",
			 * "|12"); nor, for a number of one digit, do the row's other cells of one
			 * digit, which any column may hold ("13" beside "5" under "|22", "|65") */
			int glyph_wide =
			    nglyphd[cv[j].intd > 24 ? 24 : cv[j].intd] >= 2 && nplaind[d] < 2;
			if (glyph_wide)
				same = 0;
			for (int k = 0; k < f->K && !same && !(glyph_wide && d == 1); k++)
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		ncand += r && !r->total && cv[j].present && neg_rule_one(f, r, &cv[j]) &&
		         !tb_repl_text(f, cv[j].a);
	}
	for (int i = r0; i < r1 && ncand; i++) { /* (most columns have no such cell) */
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || neg_rule_one(f, r, &cv[j]))
			continue;
		int rb = rule_before(f, r, &cv[j]);
		if (rb ? !glyph_one(f, r, &cv[j]) : !rule_one(f, &cv[j]))
			nw[cv[j].intd > 25 ? 25 : cv[j].intd]++;
		ndash += rb && dash_glyph(f, r, &cv[j]);
	}
	for (int i = r0; i < r1 && ncand && ndash >= 2; i++) {
		lrow *r = tb_row_cells(f, i, scratch, &cv);
		if (!r || r->total || !cv[j].present || !neg_rule_one(f, r, &cv[j]) ||
		    tb_repl_text(f, cv[j].a) || cv[j].intd > 25 || nw[cv[j].intd - 1] < 2 ||
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
	if (!c->present || tb_repl_text(f, c->a))
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
		lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j])
				continue;
			if (tb_repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]) ||
			    !rule_one(f, &cv[j]))
				w = cv[j].intd > w ? cv[j].intd : w;
		}
		for (int i = r0; i < r1 && w >= 1; i++) {
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j] ||
			    tb_repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]))
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
			lrow *r = tb_row_cells(f, i, scratch, &cv);
			if (!r || r->total || !cv[j].present || cv[j].dec != dec[j] ||
			    tb_repl_text(f, cv[j].a) || rule_before(f, r, &cv[j]) ||
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
tv_status tb_repair_rule_columns(fit *f, const segment *sg, int r0, int r1)
{
	tv_status rc = tb_fill_matrix(f, r0, r1);
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
