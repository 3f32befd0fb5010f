/*
 * test_reflow.c - unit tests of the reflow stage: dehyphenation with suspended compounds
 * and capital/digit prefixes kept, paragraphs joined across a page break, numbered
 * headings with their level, list items, provenance comments and idempotence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "reflow.h"

/* Runs reflow on s; returns the output (caller frees). */
static char *run(const char *s)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_opts o;
	memset(&o, 0, sizeof o);
	assert_int_equal(tv_reader_mem(s, strlen(s), "t", &r), TV_OK);
	assert_int_equal(tv_writer_buf(&out, &w), TV_OK);
	assert_int_equal(tv_reflow_run(r, w, &o), TV_OK);
	assert_int_equal(tv_writer_flush(w), TV_OK);
	tv_writer_free(w);
	tv_reader_free(r);
	char *res = strdup(tv_buf_str(&out));
	tv_buf_free(&out);
	return res;
}

static void test_dehyphenate(void **state)
{
	(void)state;
	char *o = run("arbetet med kompetens-\nförsörjningen och IT-\nsystem, kompetens- och\n"
		      "rekryteringsfrågor, 1177-\ntjänster samt e-\ntjänst.\n");
	assert_string_equal(o, "<!-- tvatt page=1 lines=1-6 -->\narbetet med kompetensförsörjningen "
			       "och IT-system, kompetens- och rekryteringsfrågor, 1177-tjänster samt "
			       "e-tjänst.\n\n");
	free(o);
}

static void test_headings_pages(void **state)
{
	(void)state;
	char *o = run("2.1 Perioden som gått\nEtt stycke som\n\ffortsätter.\n\n- En punkt\n");
	assert_string_equal(o, "<!-- tvatt page=1 lines=1-1 -->\n## 2.1 Perioden som gått\n\n"
			       "<!-- tvatt page=1 lines=2-3 -->\nEtt stycke som fortsätter.\n\n"
			       "<!-- tvatt page=2 lines=5-5 -->\n- En punkt\n\n");
	char *o2 = run(o);
	assert_string_equal(o2, o);
	free(o);
	free(o2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dehyphenate),
		cmocka_unit_test(test_headings_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
