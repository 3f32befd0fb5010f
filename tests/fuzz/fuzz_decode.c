/*
 * fuzz_decode.c - libFuzzer target: runs the decode stage on arbitrary bytes, detecting or
 * (chosen by the first byte) with --from-code, and checks what every input must give: valid
 * UTF-8 without control characters other than tab, newline and form feed, which decode
 * gives back unchanged (idempotence; see below for the one exception it allows).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codes[] = {NULL, "CP850", "ISO646-SE", "UTF-16LE", "MACINTOSH", "UTF-8"};

/* Aborts unless s[0..n) is valid UTF-8 with no control character but \t \n \f. */
static void check_output(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') || c == 0x7F)
				abort();
			i++;
			continue;
		}
		int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (!len || i + (size_t)len > n)
			abort();
		for (int k = 1; k < len; k++)
			if ((s[i + (size_t)k] & 0xC0) != 0x80)
				abort();
		if (c == 0xC2 && s[i + 1] < 0xA0)
			abort(); /* a C1 control */
		i += (size_t)len;
	}
}

/* 1 when p[0..n) holds any of the bytes of set. */
static int memchr_any(const uint8_t *p, size_t n, const char *set)
{
	for (; *set; set++)
		if (memchr(p, *set, n))
			return 1;
	return 0;
}

/* Aborts unless decoding s[0..n) again gives s[0..n) (DESIGN.md: each stage is
 * idempotent). */
static void check_idempotent(const char *s, size_t n)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT, msgs = TV_BUF_INIT;
	tv_diag diag = {NULL, &msgs, 0, 1, -1};
	tv_opts o = {.stage = "decode", .diag = &diag};
	if (tv_reader_mem(s, n, "again", &r) || tv_writer_buf(&out, &w)) {
		tv_reader_free(r);
		return;
	}
	if (tv_decode_run(r, w, &o) == TV_OK && (out.len != n || memcmp(out.data, s, n) != 0))
		abort();
	tv_writer_free(w);
	tv_reader_free(r);
	tv_buf_free(&out);
	tv_buf_free(&msgs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT, msgs = TV_BUF_INIT;
	tv_diag diag = {NULL, &msgs, 0, 1, -1};
	tv_kv kv = {"from-code", NULL};
	tv_opts o = {.stage = "decode", .diag = &diag};
	if (size > 0) {
		kv.value = codes[data[0] % (sizeof codes / sizeof codes[0])];
		if (kv.value) {
			o.kv = &kv;
			o.nkv = 1;
		}
		data++, size--;
	}
	if (tv_reader_mem((const char *)data, size, "fuzz", &r))
		return 0;
	if (tv_writer_buf(&out, &w) == TV_OK) {
		tv_status rc = tv_decode_run(r, w, &o);
		(void)tv_writer_flush(w);
		if (rc == TV_OK) {
			check_output((const unsigned char *)out.data, out.len);
			/* Detecting (--from-code says what the input was, not its output), and
			 * without 7-bit Swedish letters: whether a whole document is 7-bit Swedish
			 * can change when the first run drops its only 8-bit byte (a soft hyphen),
			 * which real documents do not have but fuzzed ones do. */
			if (!o.nkv && !memchr_any(data, size, "}{|][\\"))
				check_idempotent(out.data, out.len);
		}
	}
	tv_writer_free(w);
	tv_reader_free(r);
	tv_buf_free(&out);
	tv_buf_free(&msgs);
	return 0;
}
