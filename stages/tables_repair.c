/*
 * tables_repair.c - repairs of damaged numbers (tables_fit.h).
 *
 * A number damaged by a glyph ("58|" for "5,8") is changed only when a relation that
 * holds in the rest of the table, or the table's total, holds for it only after the
 * change; a unit Tesseract misread as digits ("%" as "00") is taken off where the column
 * proves it. Each repair is reported to the caller, which logs it.
 */
#include "tables_fit.h"

/* ------------------------------------------------------------------ repairs --------- */

/* Text of a repaired cell for replacement repl, by atom. */
const char *tb_repl_text(const fit *f, int atom)
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

#define CELL_ALTS  6                /* readings cell_alts may fill */
#define EIGHT_ALTS TB_EIGHT_CHANGES /* of them, 8s read as 3s: a cell with more 3s has none */

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

/* What each 3 of cell c that may be an 8 read so (eight_alts, not the rule read with an 8)
 * would add to its value, into change[0..); returns the count (TB_EIGHT_CHANGES at most). */
int tb_eight_changes(const fit *f, const cellv *c, double *change)
{
	alt alts[CELL_ALTS];
	int na = eight_alts(f, c, alts), n = 0;
	for (int q = 0; q < na; q++)
		if (strcmp(alts[q].rule, "arithmetic-eight-read-as-three") == 0)
			change[n++] = alts[q].v - c->v;
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
tv_status tb_repair_cells(fit *f, int r0, int r1)
{
	cellv cv[TB_MAX_COLS];
	for (int i = r0; i < r1; i++) {
		lrow *r = &ROWS(f)[i];
		if (r->kind != R_DATA || r->best < 0 || !f->nrels)
			continue;
		tb_reading_cells(f, r, &READS(f)[r->best], cv);
		int failing = 0;
		for (int q = 0; q < f->nrels; q++)
			failing += tb_rel_holds(&f->rels[q], cv) == 0 && f->rels[q].kind != REL_EQ;
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
					int h = tb_rel_holds(&f->rels[q], cv);
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
		tb_reading_cells(f, r, &READS(f)[r->best], rc_);
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
tv_status tb_repair_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0)
{
	double s[TB_MAX_COLS], unit[TB_MAX_COLS];
	int nops[TB_MAX_COLS];
	cellv cv[TB_MAX_COLS];
	for (int q = 0; q < ntc; q++) {
		total_check *c = &tc[q];
		if (c->held)
			continue;
		tb_sum_rows(f, c->from, c->to, c->prev_totals, s, nops, unit, -1, NULL);
		lrow *tr = &ROWS(f)[c->row];
		tb_reading_cells(f, tr, &READS(f)[tr->best], cv);
		int bad[TB_MAX_COLS], hrow[TB_MAX_COLS], nbad = 0, mended = 0;
		alt hit[TB_MAX_COLS];
		cellv hcell[TB_MAX_COLS];
		for (int j = 0; j < f->K; j++) {
			if (!tb_sums_up(f, j) || !cv[j].present || !nops[j])
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
void tb_unit_misreads(const tb_block *b, tb_repair_fn repair, void *ctx)
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
