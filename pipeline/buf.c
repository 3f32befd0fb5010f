/*
 * buf.c - tv_buf, the one growable buffer of tvatt, and the status texts.
 *
 * A tv_buf is always NUL-terminated once it holds anything and never grows past its cap,
 * so a runaway input cannot take all memory: growing past the cap is an error the caller
 * reports, not a crash.
 */
#include "tvatt.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static const char *const status_text[] = {
    "success",
    "input processed only in part",
    "wrong usage",
    "input could not be read or is not what the stage takes",
    "out of memory or system error",
};

const char *tv_strerror(tv_status st)
{
	if ((unsigned)st < sizeof status_text / sizeof status_text[0])
		return status_text[st];
	return "unknown status";
}

tv_status tv_status_worst(tv_status a, tv_status b)
{
	return a > b ? a : b;
}

/* Capacity doubles, so appending n bytes one at a time costs O(n). */
tv_status tv_buf_reserve_grow(tv_buf *b, size_t extra)
{
	size_t max = b->max ? b->max : TV_BUF_MAX;
	if (extra > max || b->len > max - extra)
		return TV_ESYSTEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return TV_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > max + 1)
		cap = max + 1;
	char *p = realloc(b->data, cap);
	if (!p)
		return TV_ESYSTEM;
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0'; /* a fresh buffer reads as "" */
	return TV_OK;
}

tv_status tv_buf_append_grow(tv_buf *b, const void *p, size_t n)
{
	tv_status rc = tv_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TV_OK;
}

tv_status tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap)
{
	/* one pass when the text fits the room there is, a second after growing */
	va_list ap2;
	va_copy(ap2, ap);
	size_t room = b->data ? b->cap - b->len : 0;
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (b->data)
			b->data[b->len] = '\0';
		return TV_ESYSTEM;
	}
	if ((size_t)n < room) {
		size_t max = b->max ? b->max : TV_BUF_MAX;
		if (b->len + (size_t)n > max) {
			b->data[b->len] = '\0';
			return TV_ESYSTEM;
		}
		b->len += (size_t)n;
		return TV_OK;
	}
	if (b->data)
		b->data[b->len] = '\0';
	tv_status rc = tv_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return TV_OK;
}

tv_status tv_buf_printf(tv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tv_status rc = tv_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void tv_buf_truncate(tv_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

void tv_buf_free(tv_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *tv_buf_str(const tv_buf *b)
{
	return b->data ? b->data : "";
}
