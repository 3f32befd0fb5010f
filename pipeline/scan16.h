/* scan16.h - the first byte of a class in a byte string, 16 bytes at a time with SSE2:
 * the skip over plain text that decode's scan, swnum's number finder and records' JSON
 * writer share, each with its own class given as a 16-byte mask function. */
#ifndef TV_SCAN16_H
#define TV_SCAN16_H

#include <stddef.h>

#if defined(__SSE2__)
/* Where in p[0..n), from i on, the first byte stands whose bit mask16 sets (bit k for
 * the k-th of the 16 bytes it is given), or n; n must be 16 or more. The text ends with
 * one more look at its last 16 bytes, which overlaps bytes already seen: their bits are
 * shifted out. Inlined with a constant mask16, the pointer costs nothing. */
static inline size_t tv_scan16(const unsigned char *p, size_t i, size_t n,
                               unsigned (*mask16)(const unsigned char *))
{
	for (; n - i >= 16; i += 16) {
		unsigned m = mask16(p + i);
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	unsigned m = i < n ? mask16(p + n - 16) >> (16 - (n - i)) : 0;
	return m ? i + (size_t)__builtin_ctz(m) : n;
}
#endif

#endif
