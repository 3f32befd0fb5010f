/*
 * records_int.h - internals shared by the files of the records stage: JSON text, the
 * comment attributes of the stream between stages, and the scanners that find dates,
 * amounts and document metadata in text. Not part of the public API.
 */
#ifndef TV_RECORDS_INT_H
#define TV_RECORDS_INT_H

#include "tvatt.h"

/* ------------------------------------------------------------------ JSON ------------ */

/*
 * Appends s[0..n) to b as a JSON string with its quotes. Every input is written as valid
 * JSON: '"', '\\' and control characters are escaped (\n, \t, \u0000 ...), and each byte
 * that is not part of a well-formed UTF-8 sequence (stray bytes, overlong forms,
 * surrogates, code points past U+10FFFF) becomes U+FFFD. Returns the buffer's status.
 */
tv_status tv_records_json_str(tv_buf *b, const char *s, size_t n);

/* ------------------------------------------------------------------ comments -------- */

/*
 * Finds attribute name in the tvatt comment s[0..n) ("<!-- tvatt KIND a=b c="d e" -->").
 * Puts its value in val, unquoted and with &quot; &amp; &#45; decoded, and returns 1; 0
 * when the attribute is absent (val is then left empty).
 */
int tv_records_attr(const char *s, size_t n, const char *name, tv_buf *val);

/*
 * The same for k names (k <= 32) in one pass over the comment: vals[i] gets the value
 * of names[i] (the first one given), or is left empty. Returns the set of names found,
 * bit i for names[i].
 */
unsigned tv_records_attrs(const char *s, size_t n, const char *const *names, size_t k,
                          tv_buf *vals);

/* ------------------------------------------------------------------ scanners -------- */

/* Appends to b the JSON array of the amounts and percentages in s[0..n):
 * [{"text": "87 miljoner kronor", "value": 87000000, "unit": "SEK"}, ...]. At most
 * max are written. */
tv_status tv_records_amounts(tv_buf *b, const char *s, size_t n, size_t max);

/*
 * Calls found(ctx, iso, len) for each date in s[0..n), in order, with its ISO form
 * ("2024-12-31", or "2024-05" for a month): "31 december 2024", "den 8 november 2023",
 * "2024-05-01", "maj 2024". Stops early when found returns nonzero and returns that.
 */
typedef int (*tv_records_date_fn)(void *ctx, const char *iso, size_t len);
int tv_records_dates(const char *s, size_t n, tv_records_date_fn found, void *ctx);

/* Appends to b the JSON array of the ISO dates in s[0..n) (at most max). */
tv_status tv_records_dates_json(tv_buf *b, const char *s, size_t n, size_t max);

/*
 * Calls found(ctx, p, len) for each diarienummer in s[0..n): "RS/595/2023",
 * "RS 1179-2024", "KS 2023/123", or what follows "Dnr" / "Diarienummer". Codes of laws and
 * official prints (SFS 2024:123, SOU, Prop.) are not diarienummer.
 */
typedef int (*tv_records_span_fn)(void *ctx, const char *p, size_t len);
int tv_records_diarienummer(const char *s, size_t n, tv_records_span_fn found, void *ctx);

/* Calls found for each "§ 55" (a paragraph of minutes) in s[0..n), as printed. */
int tv_records_paragraf(const char *s, size_t n, tv_records_span_fn found, void *ctx);

/* Calls found for each name of a body in s[0..n) ("Regionstyrelsen",
 * "Hälso- och sjukvårdsnämnden", "regionfullmäktige"), without a genitive -s. */
int tv_records_bodies(const char *s, size_t n, tv_records_span_fn found, void *ctx);

#endif
