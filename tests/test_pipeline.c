/*
 * test_pipeline.c - unit tests of the skeleton: tv_buf, tv_reader, tv_writer,
 * diagnostics, the audit log, options and the threaded chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tvatt.h"

static void buf_grows_and_stays_terminated(void **state)
{
	(void)state;
	tv_buf b = TV_BUF_INIT;
	assert_string_equal(tv_buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(tv_buf_putc(&b, 'x'), TV_OK);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	assert_int_equal(tv_buf_printf(&b, "%d-%s", 42, "å"), TV_OK);
	assert_string_equal(b.data + 1000, "42-å");
	tv_buf_truncate(&b, 3);
	assert_string_equal(tv_buf_str(&b), "xxx");
	tv_buf_clear(&b);
	assert_string_equal(tv_buf_str(&b), "");
	tv_buf_free(&b);
	tv_buf_free(&b); /* twice is fine */
	assert_null(b.data);
}

static void buf_respects_its_cap(void **state)
{
	(void)state;
	tv_buf b = TV_BUF_INIT;
	b.max = 10;
	assert_int_equal(tv_buf_append(&b, "0123456789", 10), TV_OK);
	assert_int_equal(tv_buf_putc(&b, 'x'), TV_ESYSTEM);
	assert_string_equal(tv_buf_str(&b), "0123456789");
	tv_buf_free(&b);
}

static void reader_gives_lines_with_numbers(void **state)
{
	(void)state;
	const char text[] = "första\r\nandra\n\nsista utan radslut";
	tv_reader *r;
	const char *line;
	size_t len;
	assert_int_equal(tv_reader_mem(text, sizeof text - 1, "t.txt", &r), TV_OK);
	assert_string_equal(tv_reader_name(r), "t.txt");
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_string_equal(line, "första\r\n");
	assert_int_equal(len, strlen("första\r\n"));
	assert_int_equal(tv_reader_lineno(r), 1);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_string_equal(line, "andra\n");
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_string_equal(line, "\n");
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_string_equal(line, "sista utan radslut");
	assert_int_equal(tv_reader_lineno(r), 4);
	assert_false(tv_reader_partial(r));
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_null(line);
	assert_int_equal(len, 0);
	tv_reader_free(r);
}

/* A line longer than TV_LINE_MAX comes in pieces: each ends after a space near the cap,
 * or, with no space there, after a whole UTF-8 character; all keep the line's number,
 * and together they are the line. */
static void reader_cuts_a_long_line_in_pieces(void **state)
{
	(void)state;
	size_t n = TV_LINE_MAX + TV_LINE_MAX / 2;
	char *text = malloc(n + 7);
	assert_non_null(text);
	for (size_t i = 0; i < n; i += 4)
		memcpy(text + i, "ord ", 4);
	memcpy(text + n, "\nslut\n", 7);
	tv_reader *r;
	const char *line;
	size_t len;
	assert_int_equal(tv_reader_mem(text, n + 6, "t.txt", &r), TV_OK);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_true(tv_reader_partial(r));
	assert_int_equal(tv_reader_lineno(r), 1);
	assert_int_equal(len, TV_LINE_MAX); /* "ord " fits the cap: it ends after a space */
	assert_int_equal(line[len - 1], ' ');
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_false(tv_reader_partial(r));
	assert_int_equal(tv_reader_lineno(r), 1);
	assert_int_equal(len, n - TV_LINE_MAX + 1);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_string_equal(line, "slut\n");
	assert_int_equal(tv_reader_lineno(r), 2);
	tv_reader_free(r);

	/* a line ending a little past the cap, its newline already in the window, comes in
	 * pieces too (it once failed as out of memory) */
	size_t m = TV_LINE_MAX + 1000;
	text[m] = '\n';
	assert_int_equal(tv_reader_mem(text, m + 1, "t.txt", &r), TV_OK);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_true(tv_reader_partial(r));
	assert_int_equal(len, TV_LINE_MAX);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_false(tv_reader_partial(r));
	assert_int_equal(len, 1001);
	assert_int_equal(line[len - 1], '\n');
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_null(line);
	tv_reader_free(r);

	/* one word of "åx" (3 bytes): no space, so the cut goes back to the start of the
	 * å the cap splits (TV_LINE_MAX is 1 past a multiple of 3); then a space 10 bytes
	 * before the cap is where the piece ends */
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(text + i, "\xc3\xa5x", 3);
	assert_int_equal(tv_reader_mem(text, n - n % 3, "t.txt", &r), TV_OK);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_true(tv_reader_partial(r));
	assert_int_equal(TV_LINE_MAX % 3, 1);
	assert_int_equal(len, TV_LINE_MAX - 1);
	assert_memory_equal(line + len - 3, "\xc3\xa5x", 3);
	tv_reader_free(r);
	text[TV_LINE_MAX - 10] = ' ';
	assert_int_equal(tv_reader_mem(text, n - n % 3, "t.txt", &r), TV_OK);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_int_equal(len, TV_LINE_MAX - 9);
	assert_int_equal(tv_reader_line(r, &line, &len), TV_OK);
	assert_int_equal(len, n - n % 3 - (TV_LINE_MAX - 9));
	assert_false(tv_reader_partial(r));
	tv_reader_free(r);
	free(text);
}

static void reader_peeks_without_consuming(void **state)
{
	(void)state;
	/* more than one internal chunk, so peek has to read ahead */
	size_t n = 200000;
	char *text = malloc(n);
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = (i % 80 == 79) ? '\n' : (char)('a' + i % 26);
	tv_reader *r;
	assert_int_equal(tv_reader_mem(text, n, "big", &r), TV_OK);
	const char *p;
	size_t got;
	assert_int_equal(tv_reader_peek(r, 150000, &p, &got), TV_OK);
	assert_int_equal(got, 150000);
	assert_memory_equal(p, text, got);
	size_t total = 0, lines = 0;
	const char *line;
	size_t len;
	while (tv_reader_line(r, &line, &len) == TV_OK && line) {
		assert_memory_equal(line, text + total, len);
		total += len;
		lines++;
	}
	assert_int_equal(total, n);
	assert_int_equal(lines, (n + 79) / 80);
	tv_reader_free(r);
	free(text);
}

static void reader_refuses_a_directory_and_a_missing_file(void **state)
{
	(void)state;
	tv_reader *r = (tv_reader *)1;
	assert_int_equal(tv_reader_open("/", &r), TV_EINPUT);
	assert_null(r);
	assert_int_equal(tv_reader_open("/no/such/file/here", &r), TV_EINPUT);
	assert_null(r);
}

static void writer_appends_to_a_buffer(void **state)
{
	(void)state;
	tv_buf out = TV_BUF_INIT;
	tv_writer *w;
	assert_int_equal(tv_writer_buf(&out, &w), TV_OK);
	assert_int_equal(tv_writer_puts(w, "år "), TV_OK);
	assert_int_equal(tv_writer_printf(w, "%d", 2024), TV_OK);
	assert_int_equal(tv_writer_flush(w), TV_OK);
	tv_writer_free(w);
	assert_string_equal(tv_buf_str(&out), "år 2024");
	tv_buf_free(&out);
}

static void report_has_the_documented_form(void **state)
{
	(void)state;
	tv_buf cap = TV_BUF_INIT;
	tv_diag d = {.capture = &cap, .worst = -1};
	tv_opts o = {.diag = &d};
	tv_report(&o, TV_WARNING, "a.txt", 12, 3, "byte %s replaced", "0xff");
	tv_report(&o, TV_ERROR, "b.txt", 0, 0, "cannot read");
	tv_report(&o, TV_NOTE, "c.txt", 1, 1, "dropped without -v");
	assert_string_equal(tv_buf_str(&cap), "tvatt: a.txt:12:3: warning: byte 0xff replaced\n"
	                                      "tvatt: b.txt: error: cannot read\n");
	assert_int_equal(d.worst, TV_ERROR);
	d.verbose = 1;
	tv_buf_clear(&cap);
	tv_report(&o, TV_NOTE, "c.txt", 1, 0, "kept");
	assert_string_equal(tv_buf_str(&cap), "tvatt: c.txt:1: note: kept\n");
	d.quiet = 1;
	tv_buf_clear(&cap);
	tv_report(&o, TV_WARNING, "c.txt", 1, 1, "quiet drops warnings");
	assert_string_equal(tv_buf_str(&cap), "");
	tv_buf_free(&cap);
}

static void audit_rows_are_escaped_tsv(void **state)
{
	(void)state;
	tv_buf cap = TV_BUF_INIT;
	tv_log log = {.capture = &cap};
	tv_opts o = {.stage = "restore", .log = &log};
	tv_audit(&o, 7, 12, "pa", "på", "fold", 0.97);
	tv_audit(&o, 8, 1, "a\tb", "c\nd", "x\\y", 1);
	assert_string_equal(tv_buf_str(&cap), "restore\t7\t12\tpa\tpå\tfold\t0.970\n"
	                                      "restore\t8\t1\ta\\tb\tc\\nd\tx\\\\y\t1.000\n");
	tv_opts none = {0};
	tv_audit(&none, 1, 1, "a", "b", "c", 1); /* no log: nothing, no crash */
	tv_buf_free(&cap);
}

static void opt_returns_the_last_value(void **state)
{
	(void)state;
	tv_kv kv[] = {{"from-code", "CP850"}, {"keep-furniture", ""}, {"from-code", "latin1"}};
	tv_opts o = {.kv = kv, .nkv = 3};
	assert_string_equal(tv_opt(&o, "from-code"), "latin1");
	assert_string_equal(tv_opt(&o, "keep-furniture"), "");
	assert_null(tv_opt(&o, "absent"));
	assert_null(tv_opt(NULL, "absent"));
}

/* Two small stages for the chain test: one upper-cases ASCII, one numbers lines. */
static tv_status upper_run(tv_reader *in, tv_writer *out, const tv_opts *o)
{
	(void)o;
	const char *line;
	size_t len;
	tv_status rc;
	while (!(rc = tv_reader_line(in, &line, &len)) && line) {
		char *copy = strdup(line);
		for (size_t i = 0; i < len; i++)
			copy[i] = (char)toupper((unsigned char)copy[i]);
		rc = tv_writer_write(out, copy, len);
		free(copy);
		if (rc)
			return rc;
	}
	return rc;
}

static tv_status number_run(tv_reader *in, tv_writer *out, const tv_opts *o)
{
	const char *line;
	size_t len;
	tv_status rc;
	while (!(rc = tv_reader_line(in, &line, &len)) && line)
		if ((rc =
		         tv_writer_printf(out, "%s %lu: %s", o->stage, tv_reader_lineno(in), line)))
			return rc;
	return rc;
}

static void chain_streams_through_threads(void **state)
{
	(void)state;
	const tv_stage up = {"up", "", "", upper_run, NULL, 1};
	const tv_stage num = {"num", "", "", number_run, NULL, 1};
	const tv_stage *chain[] = {&up, &num, &up};
	/* large enough to fill several pipe buffers */
	tv_buf in_text = TV_BUF_INIT, want = TV_BUF_INIT, got = TV_BUF_INIT;
	for (int i = 1; i <= 20000; i++) {
		assert_int_equal(tv_buf_printf(&in_text, "rad %d\n", i), TV_OK);
		assert_int_equal(tv_buf_printf(&want, "NUM %d: RAD %d\n", i, i), TV_OK);
	}
	tv_reader *r;
	tv_writer *w;
	assert_int_equal(tv_reader_mem(in_text.data, in_text.len, "in", &r), TV_OK);
	assert_int_equal(tv_writer_buf(&got, &w), TV_OK);
	tv_opts o = {0};
	assert_int_equal(tv_run_chain(chain, 3, r, w, &o), TV_OK);
	tv_writer_free(w);
	tv_reader_free(r);
	assert_int_equal(got.len, want.len);
	assert_string_equal(tv_buf_str(&got), tv_buf_str(&want));
	tv_buf_free(&in_text);
	tv_buf_free(&want);
	tv_buf_free(&got);
}

/* The channel test's writer: the text in writes of varied sizes (a line in two parts,
 * several lines at once, a line far longer than a buffer), then the channel closed. The
 * status is checked by the test's thread (cmocka's asserts belong to it). */
typedef struct chan_text {
	tv_chan *chan;
	const char *text;
	size_t len;
	const size_t *sizes; /* the writes' sizes, in turn */
	size_t nsizes;
	tv_status rc;
} chan_text;

static void *write_chan_text(void *arg)
{
	chan_text *t = arg;
	tv_writer *w;
	t->rc = tv_writer_chan(t->chan, &w);
	for (size_t off = 0, k = 0; !t->rc && off < t->len; k++) {
		size_t n = t->sizes[k % t->nsizes];
		if (n > t->len - off)
			n = t->len - off;
		t->rc = tv_writer_write(w, t->text + off, n);
		off += n;
	}
	if (!t->rc)
		t->rc = tv_writer_flush(w);
	tv_writer_free(w);
	tv_chan_close(t->chan);
	return NULL;
}

/* Reads text from a channel that write_chan_text fills in writes of the given sizes, lines
 * in turn with views and peeks ahead (which span the writer's buffers). */
static void read_chan_text(const tv_buf *text, const size_t *sizes, size_t nsizes)
{
	unsigned lines = 0;
	for (size_t i = 0; i < text->len; i++)
		lines += text->data[i] == '\n';
	lines += text->len && text->data[text->len - 1] != '\n';
	chan_text t = {NULL, text->data, text->len, sizes, nsizes, TV_OK};
	assert_int_equal(tv_chan_new(&t.chan), TV_OK);
	tv_reader *r;
	assert_int_equal(tv_reader_chan(t.chan, "kanal", &r), TV_OK);
	pthread_t tid;
	assert_int_equal(pthread_create(&tid, NULL, write_chan_text, &t), 0);
	size_t at = 0;
	const char *line, *p;
	size_t len, n;
	for (unsigned k = 0;; k++) {
		if (k % 3 == 0) {
			assert_int_equal(tv_reader_peek(r, 100000, &p, &n), TV_OK);
			assert_int_equal(n, text->len - at < 100000 ? text->len - at : 100000);
			assert_memory_equal(p, text->data + at, n);
		}
		assert_int_equal(
		    k % 2 ? tv_reader_view(r, &line, &len) : tv_reader_line(r, &line, &len), TV_OK);
		if (!line)
			break;
		assert_memory_equal(line, text->data + at, len);
		at += len;
	}
	assert_int_equal(at, text->len);
	assert_int_equal(tv_reader_lineno(r), lines);
	pthread_join(tid, NULL);
	assert_int_equal(t.rc, TV_OK);
	tv_reader_free(r);
	tv_chan_free(t.chan);
}

static void channel_carries_every_byte_between_threads(void **state)
{
	(void)state;
	/* lines of 1 to 120 bytes, one of 200 kB, and a last one without its newline, in
	 * writes of 1 byte to 300 kB (a line in two parts, several lines at once) */
	tv_buf text = TV_BUF_INIT;
	for (unsigned i = 0; text.len < 1500000; i++) {
		size_t n = i == 5000 ? 200000 : i * 7919 % 120;
		for (size_t k = 0; k < n; k++)
			assert_int_equal(tv_buf_putc(&text, (char)('a' + (i + k) % 26)), TV_OK);
		assert_int_equal(tv_buf_putc(&text, '\n'), TV_OK);
	}
	assert_int_equal(tv_buf_puts(&text, "slut"), TV_OK);
	static const size_t sizes[] = {1, 7, 80, 3, 5000, 13, 300000, 2, 70000, 41};
	read_chan_text(&text, sizes, sizeof sizes / sizeof sizes[0]);
	/* a line of 1.5 MB without a line end, in writes of 64 KiB, a reader's chunk (which
	 * a pipe's writer wrote out at once), and of 64 KiB and a byte */
	tv_buf_clear(&text);
	for (size_t i = 0; i < 1500000; i++)
		assert_int_equal(tv_buf_putc(&text, (char)('a' + i % 26)), TV_OK);
	static const size_t chunks[] = {65536}, more[] = {65537};
	read_chan_text(&text, chunks, 1);
	read_chan_text(&text, more, 1);
	tv_buf_free(&text);
}

static void stage_table_is_in_pipeline_order(void **state)
{
	(void)state;
	size_t n;
	const tv_stage *s = tv_stages(&n);
	const char *order[] = {"ocr", "decode", "clean", "tables", "restore", "reflow", "records"};
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(s[i].name, order[i]);
		assert_non_null(s[i].run);
		assert_ptr_equal(tv_stage_find(order[i]), &s[i]);
	}
	assert_null(tv_stage_find("nosuch"));
	assert_false(s[0].text_in);
	assert_true(s[1].text_in);
}

static void status_texts(void **state)
{
	(void)state;
	assert_string_equal(tv_strerror(TV_OK), "success");
	assert_string_equal(tv_strerror((tv_status)99), "unknown status");
	assert_int_equal(tv_status_worst(TV_EPARTIAL, TV_EINPUT), TV_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(buf_grows_and_stays_terminated),
	    cmocka_unit_test(buf_respects_its_cap),
	    cmocka_unit_test(reader_gives_lines_with_numbers),
	    cmocka_unit_test(reader_cuts_a_long_line_in_pieces),
	    cmocka_unit_test(reader_peeks_without_consuming),
	    cmocka_unit_test(reader_refuses_a_directory_and_a_missing_file),
	    cmocka_unit_test(writer_appends_to_a_buffer),
	    cmocka_unit_test(report_has_the_documented_form),
	    cmocka_unit_test(audit_rows_are_escaped_tsv),
	    cmocka_unit_test(opt_returns_the_last_value),
	    cmocka_unit_test(chain_streams_through_threads),
	    cmocka_unit_test(channel_carries_every_byte_between_threads),
	    cmocka_unit_test(stage_table_is_in_pipeline_order),
	    cmocka_unit_test(status_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
