/*
 * sniff.c - what kind of input a few first bytes are: an image or PDF (ocr takes those),
 * another binary format (no stage takes it), UTF-16 or UTF-32 text (decode takes it) or
 * text in a byte encoding. The command uses it to route inputs and to refuse the wrong
 * kind before a stage runs; decode uses it for the same refusal when called as a library.
 * Signatures are a table, not a chain of ifs.
 */
#include "tvatt.h"

#include <string.h>

static const struct {
	const char *magic;
	size_t len;
	const char *kind;
	int image; /* ocr takes it */
} signature[] = {
    {"\x89PNG\r\n\x1a\n", 8, "a PNG image", 1},
    {"\xff\xd8\xff", 3, "a JPEG image", 1},
    {"II*\0", 4, "a TIFF image", 1},
    {"MM\0*", 4, "a TIFF image", 1},
    {"%PDF-", 5, "a PDF", 1},
    {"GIF87a", 6, "a GIF image", 1},
    {"GIF89a", 6, "a GIF image", 1},
    {"PK\3\4", 4, "a ZIP archive (perhaps a .docx or .odt)", 0},
    {"\x1f\x8b", 2, "gzip-compressed data", 0},
    {"\xfd"
     "7zXZ\0",
     6, "xz-compressed data", 0},
    {"7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive", 0},
    {"\x28\xb5\x2f\xfd", 4, "zstd-compressed data", 0},
    {"\x7f"
     "ELF",
     4, "an executable", 0},
    {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an old Office document (.doc, .xls)", 0},
};

const char *tv_sniff_unicode(const void *data, size_t n, size_t *bom)
{
	const unsigned char *p = data;
	*bom = 0;
	/* byte-order marks; UTF-32LE's begins like UTF-16LE's, so it is tried first */
	if (n >= 4 && !memcmp(p, "\xff\xfe\0\0", 4))
		return *bom = 4, "UTF-32LE";
	if (n >= 4 && !memcmp(p, "\0\0\xfe\xff", 4))
		return *bom = 4, "UTF-32BE";
	if (n >= 2 && !memcmp(p, "\xff\xfe", 2))
		return *bom = 2, "UTF-16LE";
	if (n >= 2 && !memcmp(p, "\xfe\xff", 2))
		return *bom = 2, "UTF-16BE";
	/* without a mark: text in a Latin script has a zero byte in most code units, always
	 * on the same side; text in a byte encoding has none */
	if (n > 4096)
		n = 4096;
	size_t units = n / 2, zero_even = 0, zero_odd = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		zero_even += p[i] == 0;
		zero_odd += p[i + 1] == 0;
	}
	if (units < 2)
		return NULL;
	if (n >= 8 && n % 4 == 0) {
		size_t z32 = 0, u32 = n / 4;
		for (size_t i = 0; i + 3 < n; i += 4)
			z32 += p[i + 2] == 0 && p[i + 3] == 0 && p[i] != 0;
		if (z32 * 10 >= u32 * 9)
			return "UTF-32LE";
		z32 = 0;
		for (size_t i = 0; i + 3 < n; i += 4)
			z32 += p[i] == 0 && p[i + 1] == 0 && p[i + 3] != 0;
		if (z32 * 10 >= u32 * 9)
			return "UTF-32BE";
	}
	if (zero_odd * 10 >= units * 6 && zero_even * 50 <= units)
		return "UTF-16LE";
	if (zero_even * 10 >= units * 6 && zero_odd * 50 <= units)
		return "UTF-16BE";
	return NULL;
}

const char *tv_sniff_binary(const void *data, size_t n, int *image)
{
	const unsigned char *p = data;
	*image = 0;
	for (size_t i = 0; i < sizeof signature / sizeof signature[0]; i++)
		if (n >= signature[i].len && !memcmp(p, signature[i].magic, signature[i].len)) {
			*image = signature[i].image;
			return signature[i].kind;
		}
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return *image = 1, "a WebP image";
	/* a PDF may have bytes before its "%PDF-" header; readers look 1024 bytes for it */
	for (size_t i = 1; i + 6 <= n && i < 1024; i++)
		if ((p[i - 1] == '\n' || p[i - 1] == '\r') && !memcmp(p + i, "%PDF-", 5) &&
		    p[i + 5] >= '1' && p[i + 5] <= '9')
			return *image = 1, "a PDF";
	/* binary PNM: "P4", "P5" or "P6", then white space */
	if (n >= 3 && p[0] == 'P' && p[1] >= '4' && p[1] <= '6' &&
	    (p[2] == '\n' || p[2] == ' ' || p[2] == '\r' || p[2] == '\t'))
		return *image = 1, "a PNM image";
	size_t bom;
	if (tv_sniff_unicode(p, n, &bom))
		return NULL;
	/* Text in any byte encoding has almost no zero bytes and few control bytes (tab,
	 * line ends, form feed, escape and the DOS end-of-file mark are text); binary data
	 * of any kind has many of both. */
	size_t nul = 0, ctrl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		nul += c == 0;
		ctrl += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
		        c != 0x1a && c != 0x1b;
	}
	if ((nul >= 4 && nul * 100 > n) || (ctrl >= 8 && ctrl * 20 > n) || nul * 10 > n)
		return "binary data";
	return NULL;
}
