/*
 * tables_row.c (identity check) - the row parser of an old build against the current one,
 * field by field, on generated lines: tb_line_parse's every field and atom, the class
 * tb_line_scan gives, and the line tb_line_finish completes. The lines are random strings
 * of the pieces a table row is made of (words, unit words, numbers of every form the
 * parser reads, ruling glyphs, signs, misread percent signs, punctuation), joined by
 * spaces, wide gaps, tabs, U+00A0 and U+202F, some with a byte changed at random. Built
 * and run by tables_row.sh: the old tables_row.c is compiled with its exported names
 * prefixed old_. Prints the first differences and exits 1 if any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tables_int.h"
void old_tb_line_parse(const char *s, size_t n, tb_line *out);
void old_tb_line_scan(const char *s, size_t n, tb_line *out);
void old_tb_line_finish(tb_line *l);
static const char *pieces[] = {"Personal", "Lokaler", "Läkemedel", "Övriga", "och", "med", "kr", "mnkr", "tkr", "%", "procent",
 "Yo", "Ho", "°o", "Y%", "\"0", "9o", "%o", "|", "[", "]", "\\", "{", "}", "=", "_", "~", "‘", "’", "¦", "—", "–", "−", "-",
 "1", "12", "222", "-1", "086", "437", "-0,2", "58|", "[5590", "(25", "136,90", "0)", "(100", "024,1)", "1-5", "l-5", "1I-120", "-1-30",
 "l15", "I15", "202612027", "12026", "2024", "2025", "1571/3", "130,5/217,5", "945/-458", "-9,19/-0,77", "01-60", "-5,451-6,55",
 "-5,711-5,911-8,97", "605,0141", "879,3", "920,319", "012,3", "51", "259,66", "739,3", "65", "998,6", "1|", "-1|", "l|", "J|14253", "<|41457",
 "345/", "12.5", "3.400", "0,5", "00", "007", "1,5%", "(7", "824,92)", "12,3%", "x", "Tabell", "<!--", "-->", "Summa", "2,5.", "15.",
 "123456789012345", "1234567890123456", "9,1234567", "1,", ",5", "(", ")", "()", "12)", "(12", "-(3)", "1a", "a1", "ÅÄÖ", "é", "2023.", "5,2:", "12,", "(3).", "-4;", "1|.", "|.", "12%.", "l15.", "9o.", "kr.", "2026:", "1-5!", "?", "15?", "—.", "’.", "345/.", "=.", "]2."};
static const char *seps[] = {" ", " ", " ", " ", "  ", "      ", "\t", "\xc2\xa0", "\xe2\x80\xaf", "", " \t "};
static unsigned long long rs = 88172645463325252ull;
static unsigned rnd(unsigned n) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return (unsigned)(rs % n); }
static int cmpline(const tb_line *a, const tb_line *b, const char *what, const char *s, size_t n)
{
#define F(x) if (a->x != b->x) { fprintf(stderr, "%s: field %s differs (%ld vs %ld): [%.*s]\n", what, #x, (long)a->x, (long)b->x, (int)n, s); return 1; }
	F(s) F(n) F(cls) F(lab0) F(lab1) F(nlabwords) F(indent) F(wide) F(lazy) F(norule) F(natoms)
	for (int i = 0; i < a->natoms; i++) {
		const tb_atom *x = &a->atoms[i], *y = &b->atoms[i];
#define G(f) if (x->f != y->f) { fprintf(stderr, "%s: atom %d field %s differs: [%.*s]\n", what, i, #f, (int)n, s); return 1; }
		G(off) G(len) G(end) G(x) G(xend) G(line) G(hard) G(neg) G(popen) G(pclose) G(intd) G(dec) G(pct) G(point) G(glyph) G(gpre) G(gsuf) G(lead0) G(rule1) G(unit)
		if (memcmp(&x->ival, &y->ival, sizeof x->ival) || memcmp(&x->frac, &y->frac, sizeof x->frac)) { fprintf(stderr, "%s: atom %d value differs [%.*s]\n", what, i, (int)n, s); return 1; }
	}
	return 0;
}
static tb_line A, B;
int main(int argc, char **argv)
{
	long iters = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	char line[4096];
	long bad = 0;
	for (long it = 0; it < iters; it++) {
		size_t n = 0;
		int nt = (int)rnd(12) + (rnd(50) == 0 ? 150 : 0);
		if (rnd(4) == 0) { int k = (int)rnd(4); for (int i = 0; i < k; i++) line[n++] = rnd(3) ? ' ' : '\t'; }
		for (int t = 0; t < nt && n < 3900; t++) {
			const char *p = pieces[rnd(sizeof pieces / sizeof *pieces)];
			if (t) { const char *sp = seps[rnd(sizeof seps / sizeof *seps)]; size_t k = strlen(sp); memcpy(line + n, sp, k); n += k; }
			size_t k = strlen(p); if (n + k >= sizeof line - 8) break; memcpy(line + n, p, k); n += k;
		}
		if (rnd(10) == 0) line[n++] = ' ';
		if (rnd(20) == 0) line[n++] = '\r';
		if (rnd(30) == 0 && n) { size_t c = rnd((unsigned)n); line[c] = (char)rnd(256); }
		memset(&A, 0x5a, sizeof A); memset(&B, 0x5a, sizeof B);
		old_tb_line_parse(line, n, &A); tb_line_parse(line, n, &B);
		bad += cmpline(&A, &B, "parse", line, n);
		memset(&A, 0x5a, sizeof A); memset(&B, 0x5a, sizeof B);
		old_tb_line_scan(line, n, &A); tb_line_scan(line, n, &B);
		if (A.cls != B.cls) { fprintf(stderr, "scan: cls differs [%.*s]\n", (int)n, line); bad++; }
		old_tb_line_finish(&A); tb_line_finish(&B);
		bad += cmpline(&A, &B, "finish", line, n);
		if (bad > 10) break;
	}
	printf("%ld lines, %ld differences\n", iters, bad);
	return bad != 0;
}
