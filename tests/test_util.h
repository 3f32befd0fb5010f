/*
 * test_util.h - what the stages' cmocka tests share: run one stage on a string held in
 * memory and take its output. Include after <cmocka.h> (it asserts with cmocka's macros).
 */
#ifndef TV_TEST_UTIL_H
#define TV_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "tvatt.h"

/*
 * Runs stage run on s[0..n), read as a file called name, with options o (NULL: none);
 * asserts that it returns want; returns its output as a string the caller frees.
 */
static inline char *tv_test_run(tv_stage_fn run, const char *s, size_t n, const char *name,
				const tv_opts *o, tv_status want)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_opts none;
	memset(&none, 0, sizeof none);
	assert_int_equal(tv_reader_mem(s, n, name, &r), TV_OK);
	assert_int_equal(tv_writer_buf(&out, &w), TV_OK);
	assert_int_equal(run(r, w, o ? o : &none), want);
	assert_int_equal(tv_writer_flush(w), TV_OK);
	tv_writer_free(w);
	tv_reader_free(r);
	char *res = strdup(tv_buf_str(&out));
	tv_buf_free(&out);
	return res;
}

#endif
