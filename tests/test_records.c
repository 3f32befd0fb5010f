/*
 * test_records.c - unit tests of the records stage: JSON strings stay valid for any bytes,
 * comment attributes are read by the table block contract, table blocks become table
 * records with numbers as printed, and a pathological input (a table of 100,000 rows, a
 * line of a million pipes) finishes with one valid record per block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "records_int.h"
#include "test_util.h"

/* Runs records on s[0..n) with the options kv; returns the output (caller frees). */
static char *run_kv(const char *s, size_t n, const tv_kv *kv, size_t nkv)
{
	tv_opts o;
	memset(&o, 0, sizeof o);
	o.kv = kv;
	o.nkv = nkv;
	return tv_test_run(tv_records_run, s, n, "dir/t.md", &o, TV_OK);
}

static char *run(const char *s)
{
	return run_kv(s, strlen(s), NULL, 0);
}

static void json(const char *in, size_t n, const char *want)
{
	tv_buf b = TV_BUF_INIT;
	assert_int_equal(tv_records_json_str(&b, in, n), TV_OK);
	assert_string_equal(tv_buf_str(&b), want);
	tv_buf_free(&b);
}

static void test_json_str(void **state)
{
	(void)state;
	json("Årets \"mål\"\\", 14, "\"Årets \\\"mål\\\"\\\\\"");
	json("a\0b\n\t\x7f", 6, "\"a\\u0000b\\n\\t\\u007f\"");
	json("\xe5\xe4", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"");                 /* Latin-1 å ä */
	json("\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"");                 /* overlong '/' */
	json("\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""); /* surrogate */
	json("\xf4\x90\x80\x80", 4, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	json("x\xe2\x82", 3, "\"x\xef\xbf\xbd\xef\xbf\xbd\""); /* cut short */
	json("\xf0\x9f\x98\x80 \xe2\x80\x93", 8, "\"\xf0\x9f\x98\x80 \xe2\x80\x93\"");
	json("", 0, "\"\"");
}

static void attr(const char *comment, const char *name, const char *want)
{
	tv_buf v = TV_BUF_INIT;
	int found = tv_records_attr(comment, strlen(comment), name, &v);
	if (!want)
		assert_false(found);
	else {
		assert_true(found);
		assert_string_equal(tv_buf_str(&v), want);
	}
	tv_buf_free(&v);
}

static void test_attributes(void **state)
{
	(void)state;
	const char *c = "<!-- tvatt table page=12 lines=1133-1160 unit=tkr title=\"A &#45;&#45; "
	                "&quot;B&quot; &amp; C\" header=2 checks=\"total:r5=sum(r1..r4):held\" -->";
	attr(c, "page", "12");
	attr(c, "lines", "1133-1160");
	attr(c, "unit", "tkr");
	attr(c, "title", "A -- \"B\" & C");
	attr(c, "header", "2");
	attr(c, "checks", "total:r5=sum(r1..r4):held");
	attr(c, "tit", NULL);
	attr(c, "absent", NULL);
	attr("<!-- tvatt page=3 lines=120-131 -->", "page", "3");
	attr("<!-- tvatt page=3 lines=120-131 -->", "lines", "120-131");
	attr("<!-- tvatt table title=\"never closed -->", "title", "never closed -->");
	attr("<!-- other page=3 -->", "page", NULL);
}

static void test_table_record(void **state)
{
	(void)state;
	char *o = run("<!-- tvatt table page=2 lines=5-9 unit=mnkr header=2 -->\n"
	              "| Post | 2023 | 2024 |\n|:--|--:|--:|\n|  | Utfall | Budget |\n"
	              "| Intäkter | 1 086 437 | (12) |\n| Andel | 7,0% |  |\n\n");
	assert_string_equal(
	    o,
	    "{\"type\": \"document\", \"id\": \"t.md#0\", \"page\": 1, \"lines\": [1, 9], "
	    "\"section\": [], \"source\": \"dir/t.md\", \"pages\": 2, \"title\": null, "
	    "\"diarienummer\": [], \"dates\": [], \"paragraf\": [], \"body\": null}\n"
	    "{\"type\": \"table\", \"id\": \"t.md#1\", \"page\": 2, \"lines\": [5, 9], "
	    "\"section\": [], \"title\": null, \"unit\": \"mnkr\", \"header\": [[\"Post\", "
	    "\"2023\", "
	    "\"2024\"], [\"\", \"Utfall\", \"Budget\"]], \"rows\": [[\"Intäkter\", 1086437, -12], "
	    "[\"Andel\", 7.0, null]], \"checks\": []}\n");
	free(o);
}

static void test_formats(void **state)
{
	(void)state;
	const char *in = "# 1 Resultat\n\n| A, \"x\" | 2 |\n|:--|--:|\n| b | 1 086 |\n\nText.\n";
	tv_kv csv = {"format", "csv"}, md = {"format", "md"};
	char *o = run_kv(in, strlen(in), &csv, 1);
	assert_string_equal(o, "\"A, \"\"x\"\"\",2\nb,1086\n\n");
	free(o);
	o = run_kv(in, strlen(in), &md, 1);
	assert_string_equal(
	    o, "# 1 Resultat\n\n| A, \"x\" | 2 |\n|:--|--:|\n| b | 1 086 |\n\nText.\n\n");
	free(o);
}

/* Counts the lines of s. */
static size_t lines(const char *s)
{
	size_t k = 0;
	for (; *s; s++)
		k += *s == '\n';
	return k;
}

static void test_pathological(void **state)
{
	(void)state;
	tv_buf in = TV_BUF_INIT;
	assert_int_equal(tv_buf_puts(&in, "| a | b |\n|:--|--:|\n"), TV_OK);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(tv_buf_printf(&in, "| rad %d | %d |\n", i, i), TV_OK);
	assert_int_equal(tv_buf_putc(&in, '\n'), TV_OK);
	for (int i = 0; i < 1000000; i++)
		assert_int_equal(tv_buf_putc(&in, '|'), TV_OK);
	assert_int_equal(tv_buf_puts(&in, "\n\nslut\n"), TV_OK);
	char *o = run_kv(in.data, in.len, NULL, 0);
	assert_int_equal(lines(o), 4); /* document, two tables, a paragraph */
	assert_non_null(strstr(o, "[\"rad 99999\", 99999]]"));
	free(o);
	tv_buf_free(&in);
}

/* Collects what a scanner finds, joined by "; ". */
static int collect_span(void *ctx, const char *p, size_t n)
{
	tv_buf *b = ctx;
	if (b->len)
		assert_int_equal(tv_buf_puts(b, "; "), TV_OK);
	assert_int_equal(tv_buf_append(b, p, n), TV_OK);
	return 0;
}

typedef int (*scanner)(const char *, size_t, tv_records_span_fn, void *);

static void scan(scanner f, const char *text, const char *want)
{
	tv_buf b = TV_BUF_INIT;
	f(text, strlen(text), collect_span, &b);
	assert_string_equal(tv_buf_str(&b), want);
	tv_buf_free(&b);
}

static int dates_scanner(const char *s, size_t n, tv_records_span_fn f, void *ctx)
{
	return tv_records_dates(s, n, f, ctx);
}

static void test_dates(void **state)
{
	(void)state;
	scan(dates_scanner, "Per den 31 december 2024 och 2024-05-01, driftstart i april 2025.",
	     "2024-12-31; 2024-05-01; 2025-04");
	scan(dates_scanner,
	     "den 8 november 2023, § 194, och den 23 januari 2024; Maj 2024; 1 dec. 2024",
	     "2023-11-08; 2024-01-23; 2024-05; 2024-12-01");
	scan(dates_scanner,
	     "29 februari 2024 men 29 februari 2023 finns inte; 2023-02-29; 2024-13-01",
	     "2024-02-29; 2023-02");
	scan(dates_scanner,
	     "RS/595/2023, 12024-05-01, 2024-05-012, mars 20245, julen 2024, 32 maj 2024",
	     "2024-05");
	scan(dates_scanner, "", "");
	/* far from the start, the scan goes on a little before each year: a date that
	 * begins the farthest before its year, and one a word's end before it */
	scan(dates_scanner,
	     "Beslutet som fattades av styrelsen gällde från 31. september 2024 och"
	     " ingenting annat, medan planerna för 2030 och ordet xaugusti 2025 inte är datum;"
	     " men sept. 2026 är det.",
	     "2024-09; 2026-09"); /* 31 September is none: its month and year are */
	scan(dates_scanner, "Beslutet som fattades av styrelsen gällde från 30. september 2024.",
	     "2024-09-30");
}

static void test_metadata(void **state)
{
	(void)state;
	scan(tv_records_diarienummer, "Dnr RS/595/2023 och RS 1179-2024, HSN 62-2025 (KS 2023/123)",
	     "RS/595/2023; RS 1179-2024; HSN 62-2025; KS 2023/123");
	scan(tv_records_diarienummer, "Diarienummer: 2023-00456. Vårt dnr 123/2024.",
	     "2023-00456; 123/2024");
	scan(tv_records_diarienummer, "SFS 2024:123, SOU 2023/45, ISO 9001, 2024-05-01, RS/595",
	     "");
	scan(tv_records_paragraf,
	     "§ 55 Årsrapport, \xc2\xa7"
	     "6 och § 12a; § x",
	     "§ 55; \xc2\xa7"
	     "6; § 12a");
	scan(tv_records_bodies,
	     "Regionstyrelsens plan; Hälso- och sjukvårdsnämnden och regionfullmäktige; nämnden; "
	     "styrelsen",
	     "Regionstyrelsen; Hälso- och sjukvårdsnämnden; regionfullmäktige");
}

static void test_document(void **state)
{
	(void)state;
	char *o = run(
	    "### Sekretariatet\n\nSandra Hedman\n\nRegionstyrelsen\n\nRS/595/2023\n2024-05-20\n\n"
	    "Uppföljning av Regionstyrelsens plan 2024\n\n"
	    "Planen fastställdes den 8 november 2023, § 194, och kostar 87 miljoner kronor.\n");
	const char *nl = strchr(o, '\n');
	assert_non_null(nl);
	char first[1024];
	size_t n = (size_t)(nl - o);
	assert_true(n < sizeof first);
	memcpy(first, o, n);
	first[n] = '\0';
	assert_string_equal(
	    first,
	    "{\"type\": \"document\", \"id\": \"t.md#0\", \"page\": 1, \"lines\": [1, 12], "
	    "\"section\": [], \"source\": \"dir/t.md\", \"pages\": 1, \"title\": \"Uppföljning av "
	    "Regionstyrelsens plan 2024\", \"diarienummer\": [\"RS/595/2023\"], \"dates\": "
	    "[\"2024-05-20\"], \"paragraf\": [], \"body\": \"Regionstyrelsen\"}");
	assert_non_null(
	    strstr(o, "\"amounts\": [{\"text\": \"87 miljoner kronor\", \"value\": 87000000, "
	              "\"unit\": \"SEK\"}], \"dates\": [\"2023-11-08\"]}\n"));
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_str),     cmocka_unit_test(test_attributes),
	    cmocka_unit_test(test_table_record), cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_dates),        cmocka_unit_test(test_metadata),
	    cmocka_unit_test(test_document),     cmocka_unit_test(test_pathological),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
