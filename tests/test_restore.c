/*
 * test_restore.c - unit tests of the restore stage, each with its exact expected output:
 * English-OCR damage ("6kat" -> "ökat") with numbers ("6,7", "2024") untouched, case
 * (ARETS -> ÅRETS, Arets -> Årets), folded words decided by context (ar -> år / är) and
 * by words further off (har -> här),
 * hyphenated parts, a pipe-table row cell by cell, URLs, e-mail addresses and codes, HTML
 * comment lines byte for byte, clean text unchanged, English sentences left alone, a
 * compound unseen as a whole, the
 * audit log, --min-confidence, --explain, idempotence, the lexicon's pair lookups in step
 * (as one by one), and pathological input (a 20 MB
 * line, a 50,000-character word) that must pass through unchanged, and the audit log's
 * columns on a line longer than a block. Needs build/tvatt.lex
 * (TVATT_DATA, set by make).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "restore.h"
#include "restore_lex.h"

/* Runs restore on s (n bytes) with options kv; returns the output (caller frees) and
 * appends audit rows to log when given. */
static char *run_kv(const char *s, size_t n, const tv_kv *kv, size_t nkv, double conf, tv_buf *log)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_log lg = {NULL, log};
	tv_opts o;
	memset(&o, 0, sizeof o);
	o.stage = "restore";
	o.kv = kv;
	o.nkv = nkv;
	o.min_confidence = conf;
	o.log = log ? &lg : NULL;
	assert_int_equal(tv_reader_mem(s, n, "t", &r), TV_OK);
	assert_int_equal(tv_writer_buf(&out, &w), TV_OK);
	assert_int_equal(tv_restore_run(r, w, &o), TV_OK);
	assert_int_equal(tv_writer_flush(w), TV_OK);
	tv_writer_free(w);
	tv_reader_free(r);
	char *res = malloc(out.len + 1);
	assert_non_null(res);
	memcpy(res, tv_buf_str(&out), out.len + 1);
	tv_buf_free(&out);
	return res;
}

static char *run(const char *s)
{
	return run_kv(s, strlen(s), NULL, 0, 0, NULL);
}

/* Asserts that restore turns in into want, and that restoring want changes nothing. */
static void expect(const char *in, const char *want)
{
	char *o = run(in);
	assert_string_equal(o, want);
	char *again = run(o);
	assert_string_equal(again, o);
	free(o);
	free(again);
}

static void test_ocr_digits(void **state)
{
	(void)state;
	expect("Pensionskostnaderna har 6kat mycket, med 6,7 procent under 2024 jamfort med "
	       "prognosen.\n",
	       "Pensionskostnaderna har ökat mycket, med 6,7 procent under 2024 jämfört med "
	       "prognosen.\n");
}

/* A two-glyph reading with another digit than the learned "o6" ("o0"), and an é that
 * the English model read as itself beside an ö it did not ("idéstrémningar"). */
static void test_ocr_digit_class(void **state)
{
	(void)state;
	expect("Regeringen har en o0verenskommelse om nya idéstrémningar och f6rbattrade rutiner "
	       "for kommittén.\n",
	       "Regeringen har en överenskommelse om nya idéströmningar och förbättrade rutiner "
	       "för kommittén.\n");
}

static void test_ocr_letters(void **state)
{
	(void)state;
	expect("Den stora avvikelsen férklaras av den 6kade framdriften i inférandet.\n",
	       "Den stora avvikelsen förklaras av den ökade framdriften i införandet.\n");
}

static void test_case(void **state)
{
	(void)state;
	expect("ARETS RESULTAT\nArets resultat blev battre an vantat.\n",
	       "ÅRETS RESULTAT\nÅrets resultat blev bättre än väntat.\n");
}

/* A capital in the input stays one, also on a line after a heading without a full stop;
 * on an OCR page a capital O read for a small ö inside a line is small. */
static void test_case_ocr_heading(void **state)
{
	(void)state;
	expect("Uppfdljning av Regionstyrelsens plan 2024 for aret som gatt\n"
	       "Arendebeskrivning\n"
	       "Den 6kade framdriften i inférandet férklaras av att manga gick Over till det nya "
	       "systemet.\n",
	       "Uppföljning av Regionstyrelsens plan 2024 för året som gått\n"
	       "Ärendebeskrivning\n"
	       "Den ökade framdriften i införandet förklaras av att många gick över till det nya "
	       "systemet.\n");
}

/* A lone "|" on an OCR page is the English model's I (at a sentence start) or i; in a
 * table row, in a separator line or on a clean page it stays. */
static void test_pipe(void **state)
{
	(void)state;
	expect("Den 6kade framdriften férklaras av inférandet under januari 2024, § 6.\n"
	       "| planen anges att arbetet fortsatter och att det sker | samverkan med kommunerna\n"
	       "och regionerna. | framtiden kommer fler att delta.\n"
	       "Region Vastmanland | Arsrapport 2024\n"
	       "Hem | Om oss | Kontakt\n"
	       "| Forsaljning | 12 |\n",
	       "Den ökade framdriften förklaras av införandet under januari 2024, § 6.\n"
	       "I planen anges att arbetet fortsätter och att det sker i samverkan med kommunerna\n"
	       "och regionerna. I framtiden kommer fler att delta.\n"
	       "Region Västmanland | Årsrapport 2024\n"
	       "Hem | Om oss | Kontakt\n"
	       "| Försäljning | 12 |\n");
	const char *clean = "Här står det | planen och | framtiden för året.\n";
	expect(clean, clean);
}

static void test_context(void **state)
{
	(void)state;
	expect("Det ar viktigt att malen nas. For tva ar sedan var det samma sak.\n",
	       "Det är viktigt att målen nås. För två år sedan var det samma sak.\n");
}

/* Words further off decide a pair the neighbours leave open (the context table of
 * dicts/context.tsv.gz): "placerad här är", "visar vår natur"; the lexicon without it
 * gave "har" and "var". */
static void test_context_wide(void **state)
{
	(void)state;
	expect("Verksamheten som ar placerad har ar viktig for orten. Bilder som visar var "
	       "natur och vara skogar.\n",
	       "Verksamheten som är placerad här är viktig för orten. Bilder som visar vår "
	       "natur och våra skogar.\n");
}

static void test_hyphenated(void **state)
{
	(void)state;
	expect("Beslutet fattas av halso- och sjukvardsnamnden i Vasterbotten.\n",
	       "Beslutet fattas av hälso- och sjukvårdsnämnden i Västerbotten.\n");
}

static void test_table_row(void **state)
{
	(void)state;
	expect("| Forsaljning av tjanster | 12 222 | 11 950 |\n|---|---:|---:|\n",
	       "| Försäljning av tjänster | 12 222 | 11 950 |\n|---|---:|---:|\n");
}

static void test_protected(void **state)
{
	(void)state;
	expect("Mer finns pa www.regionvasterbotten.se/arsrapport eller fran "
	       "kansli@regionvasterbotten.se om RS/595/2023, SFS 2024:123 och § 55 for ar 2024.\n",
	       "Mer finns på www.regionvasterbotten.se/arsrapport eller från "
	       "kansli@regionvasterbotten.se om RS/595/2023, SFS 2024:123 och § 55 för år 2024.\n");
}

/* A Markdown escape is no path: the word after it is restored; a path stays. */
static void test_markdown_escape(void **state)
{
	(void)state;
	expect("\\*Omfordelning av medel till \\\\server\\arsrapport och C:\\Rapporter\\ar\n",
	       "\\*Omfördelning av medel till \\\\server\\arsrapport och C:\\Rapporter\\ar\n");
}

/* Mixed case changes only where its capitals are the damage: "mOjligt" is the English
 * model's ö, but "eRe" (a logo's OCR junk) and "NATtester" keep what they are. */
static void test_mixed_case(void **state)
{
	(void)state;
	expect("Det var inte mOjligt att fa [eRe] fran 6kad NATtester i f6rra veckan.\n",
	       "Det var inte möjligt att få [eRe] från ökad NATtester i förra veckan.\n");
}

static void test_comment_lines(void **state)
{
	(void)state;
	const char *s = "<!-- tvatt table page=1 lines=3-4 title=\"Arets mal pa sikt\" -->\n"
	                "Malet har natts under aret.\n";
	expect(s, "<!-- tvatt table page=1 lines=3-4 title=\"Arets mal pa sikt\" -->\n"
	          "Målet har nåtts under året.\n");
}

static void test_clean_unchanged(void **state)
{
	(void)state;
	const char *s =
	    "Regionstyrelsens årsrapport 2024 är den tredje och sista rapporten för året.\n"
	    "Han var där för att se hur det gick, men far och son kom inte fram.\n"
	    "Det finns sa kallade mål, for example, som inte har nåtts.\n";
	expect(s, s);
}

static void test_english(void **state)
{
	(void)state;
	expect("Rapporten ar klar. The report was published for all to read by the end of May.\n",
	       "Rapporten är klar. The report was published for all to read by the end of May.\n");
}

static void test_compound(void **state)
{
	(void)state;
	expect("Den okade framdriften i inforandet av vardinformationsstodet Cosmic.\n",
	       "Den ökade framdriften i införandet av vårdinformationsstödet Cosmic.\n");
}

/* An unknown word made of known parts as written stays on an OCR page: the read-back
 * compound kostnads|restriktiv|ätet has a head that few forms end with. */
/* A compound read back with a head of 3 letters that many forms end in ("rör", "mål"). */
static void test_compound_short_head(void **state)
{
	(void)state;
	expect("Kommunen byter tappvattenror och har flera expropriationsmal.\n",
	       "Kommunen byter tappvattenrör och har flera expropriationsmål.\n");
}

static void test_compound_as_written(void **state)
{
	(void)state;
	expect("Beslut om generell kostnadsrestriktivitet fattades, och férbattringar av 6kad "
	       "kvalitet i inférandet.\n",
	       "Beslut om generell kostnadsrestriktivitet fattades, och förbättringar av ökad "
	       "kvalitet i införandet.\n");
}

static void test_log_and_confidence(void **state)
{
	(void)state;
	tv_buf log = TV_BUF_INIT;
	const char *s = "Vi ar pa vag.\n";
	char *o = run_kv(s, strlen(s), NULL, 0, 0, &log);
	assert_string_equal(o, "Vi är på väg.\n");
	assert_non_null(strstr(tv_buf_str(&log), "restore\t1\t4\tar\tär\trestore-fold\t"));
	assert_non_null(strstr(tv_buf_str(&log), "restore\t1\t7\tpa\tpå\trestore-fold\t"));
	/* three rows, one per change */
	size_t rows = 0;
	for (const char *p = tv_buf_str(&log); *p; p++)
		rows += *p == '\n';
	assert_int_equal(rows, 3);
	free(o);
	tv_buf_free(&log);
	/* a bar no change can reach leaves the text as it is */
	o = run_kv(s, strlen(s), NULL, 0, 1.0, NULL);
	assert_string_equal(o, s);
	free(o);
}

static void test_explain(void **state)
{
	(void)state;
	tv_kv kv = {"explain", "pa"};
	char *o = run_kv("", 0, &kv, 1, 0, NULL);
	assert_non_null(strstr(o, "pa (channel fold, no context):\n"));
	assert_non_null(strstr(o, "  på "));
	assert_non_null(strstr(o, "(as written)"));
	free(o);
}

static void test_channel_option(void **state)
{
	(void)state;
	tv_kv kv = {"channel", "clean"};
	const char *s = "Det ar pa tiden.\n";
	char *o = run_kv(s, strlen(s), &kv, 1, 0, NULL);
	assert_string_equal(o, s);
	free(o);
}

/* A 20 MB line of folded words and a 50,000-character word: the output is whole and
 * the huge word passes unchanged (work that grew with the square of the line's length
 * would not end within the bound). Under a sanitizer the line is 4 MB. The bound
 * guards against a hang, not a speed target: speed is make bench's. */
static void test_pathological(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	size_t big = (size_t)4 << 20;
#else
	size_t big = (size_t)20 << 20;
#endif
	const char *unit = "och det ar pa tiden att tva nya mal nas ";
	size_t ul = strlen(unit), word = 50000;
	char *s = malloc(big + word + 4);
	assert_non_null(s);
	size_t n = 0;
	while (n + ul < big) {
		memcpy(s + n, unit, ul);
		n += ul;
	}
	memset(s + n, 'a', word);
	n += word;
	s[n++] = '\n';
	s[n] = 0;
	time_t t0 = time(NULL);
	char *o = run_kv(s, n, NULL, 0, 0, NULL);
	assert_true(time(NULL) - t0 < 240);
	size_t on = strlen(o);
	assert_true(on > n); /* å ä take two bytes */
	assert_int_equal(o[on - 1], '\n');
	assert_memory_equal(o, "och det är på tiden att två nya mål nås ",
	                    strlen("och det är på tiden att två nya mål nås "));
	assert_memory_equal(o + on - word - 1, s + n - word - 1, word + 1);
	free(o);
	free(s);
}

/* The audit log of a line longer than a block (restore cuts it into pieces at spaces):
 * every row's column is the word's column in the whole line (the pieces after the first
 * counted from 1 before), and the columns cost one pass over the line (they were counted
 * from the line's start at every change: 12 s for this line). */
static void test_log_long_line(void **state)
{
	(void)state;
	const char *unit = "Vi ar pa vag ";
	size_t ul = strlen(unit), units = 70000, n = ul * units;
	char *s = malloc(n + 2);
	assert_non_null(s);
	for (size_t k = 0; k < units; k++)
		memcpy(s + k * ul, unit, ul);
	s[n++] = '\n';
	s[n] = 0;
	tv_buf log = TV_BUF_INIT;
	time_t t0 = time(NULL);
	char *o = run_kv(s, n, NULL, 0, 0, &log);
	assert_true(time(NULL) - t0 < 60);
	size_t rows = 0;
	for (const char *r = tv_buf_str(&log); *r; rows++) {
		/* restore, line, column, was, now, ... */
		const char *f = strchr(r, '\t');
		assert_non_null(f);
		assert_int_equal(strtoul(f + 1, NULL, 10), 1);
		f = strchr(f + 1, '\t');
		char *end;
		unsigned long col = strtoul(f + 1, &end, 10);
		const char *was = end + 1, *tab = strchr(was, '\t');
		assert_true(col >= 1 && col - 1 + (size_t)(tab - was) <= n);
		assert_memory_equal(s + col - 1, was, (size_t)(tab - was));
		r = strchr(r, '\n');
		assert_non_null(r);
		r++;
	}
	assert_int_equal(rows, 3 * units);
	assert_non_null(strstr(tv_buf_str(&log), "restore\t1\t909997\tvag\tväg\trestore-fold\t"));
	tv_buf_free(&log);
	free(o);
	free(s);
}

/* A word of many signs that the OCR model reads as letters ("ko&&&...&stnader", found by
 * fuzz_restore) has exponentially many readings: the search for them is bounded, so it
 * passes at once (it took minutes) and unchanged. */
static void test_many_rewrites(void **state)
{
	(void)state;
	const char *s = "Det 6kade inférandet férklaras av ko&&&&&&&&&&&&&&&&&stnader och "
	                "f&&&&&&&&&&&&&&&&&&&&&&&&&&&&&r.\n";
	time_t t0 = time(NULL);
	expect(s, "Det ökade införandet förklaras av ko&&&&&&&&&&&&&&&&&stnader och "
	          "f&&&&&&&&&&&&&&&&&&&&&&&&&&&&&r.\n");
	assert_true(time(NULL) - t0 < 10);
}

/* tv_lex_pairs (the binary searches in step, in chunks) answers as tv_lex_pair one by
 * one: every pair of some common and some rarer forms, kept in the lexicon or not. */
static void test_lex_pairs_in_step(void **state)
{
	(void)state;
	static const char *const words[] = {
	    "och", "i",   "att", "det",      "som",           "en",           "på",   "är",
	    "för", "med", "år",  "kommunen", "försäljningen", "verksamheten", "under"};
	enum { N = sizeof words / sizeof words[0] };
	tv_buf path = TV_BUF_INIT;
	assert_int_equal(tv_data_path("tvatt.lex", &path, NULL), TV_OK);
	tv_lex *lx = tv_lex_open(tv_buf_str(&path));
	assert_non_null(lx);
	uint32_t id[N], a[N * N], b[N * N], count[N * N];
	for (int i = 0; i < N; i++) {
		id[i] = tv_lex_find(lx, words[i], strlen(words[i]));
		assert_int_not_equal(id[i], LEX_NONE);
	}
	int n = 0, kept = 0;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[n] = id[i];
			b[n] = id[j];
			count[n++] = 12345;
		}
	tv_lex_pairs(lx, a, b, count, n);
	for (int x = 0; x < n; x++) {
		uint32_t one = tv_lex_pair(lx, a[x], b[x]);
		assert_int_equal(count[x], one);
		kept += one > 0;
	}
	assert_true(kept > 20);
	assert_true(kept < n);
	tv_lex_close(lx);
	tv_buf_free(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ocr_digits),
	    cmocka_unit_test(test_ocr_digit_class),
	    cmocka_unit_test(test_ocr_letters),
	    cmocka_unit_test(test_case),
	    cmocka_unit_test(test_case_ocr_heading),
	    cmocka_unit_test(test_pipe),
	    cmocka_unit_test(test_context),
	    cmocka_unit_test(test_context_wide),
	    cmocka_unit_test(test_hyphenated),
	    cmocka_unit_test(test_table_row),
	    cmocka_unit_test(test_protected),
	    cmocka_unit_test(test_markdown_escape),
	    cmocka_unit_test(test_mixed_case),
	    cmocka_unit_test(test_comment_lines),
	    cmocka_unit_test(test_clean_unchanged),
	    cmocka_unit_test(test_english),
	    cmocka_unit_test(test_compound),
	    cmocka_unit_test(test_compound_short_head),
	    cmocka_unit_test(test_compound_as_written),
	    cmocka_unit_test(test_log_and_confidence),
	    cmocka_unit_test(test_explain),
	    cmocka_unit_test(test_channel_option),
	    cmocka_unit_test(test_pathological),
	    cmocka_unit_test(test_log_long_line),
	    cmocka_unit_test(test_many_rewrites),
	    cmocka_unit_test(test_lex_pairs_in_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
