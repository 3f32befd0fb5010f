/*
 * tvatt.h - the one public header of libtvatt, the library behind the tvatt command.
 *
 * tvatt cleans Swedish text that scanners, OCR engines and PDF exporters damaged. The
 * library is a set of stages; each is a filter from a tv_reader to a tv_writer with the
 * same entry point shape (tv_stage_fn). The command (pipeline/main.c) is a thin shell
 * around the stage table (tv_stages()).
 *
 * Ownership, stated once: a pointer returned by a tv_ function belongs to the object it
 * came from and stays valid until that object is next changed or freed, unless the
 * function's contract says "the caller frees it", in which case it is freed with the
 * matching tv_*_free. Every tv_*_free accepts NULL. Library functions never exit and never
 * print except through the diagnostics functions below (tv_report, tv_audit).
 */
#ifndef TVATT_H
#define TVATT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define TV_VERSION "0.1.0"

/* ------------------------------------------------------------------ status ---------- */

/* Status of a library call; the values are the command's exit statuses (DESIGN.md). */
typedef enum tv_status {
	TV_OK = 0,       /* everything processed, perhaps with warnings */
	TV_EPARTIAL = 1, /* an input was processed only in part; the rest was written */
	TV_EUSAGE = 2,   /* wrong usage: unknown option, bad value */
	TV_EINPUT = 3,   /* an input could not be read or is not what the stage takes */
	TV_ESYSTEM = 4   /* out of memory, write error or another system error */
} tv_status;

/* A short English text for a status; never NULL, static storage. */
const char *tv_strerror(tv_status st);

/* The worse of two statuses (the larger value). */
tv_status tv_status_worst(tv_status a, tv_status b);

/* ------------------------------------------------------------------ buffers --------- */

/*
 * The one growable buffer. data is always NUL-terminated once anything was added
 * (tv_buf_str gives "" before that). A buffer never grows past max bytes (0 means the
 * default cap, TV_BUF_MAX); growing past it returns TV_ESYSTEM and leaves it unchanged.
 */
typedef struct tv_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
} tv_buf;

#define TV_BUF_MAX ((size_t)1 << 30)
/* clang-format off */
#define TV_BUF_INIT {NULL, 0, 0, 0}
/* clang-format on */

/* Grows b to hold extra more bytes plus the terminating NUL: the path of tv_buf_reserve
 * when they do not fit. */
tv_status tv_buf_reserve_grow(tv_buf *b, size_t extra);
/* Makes room for extra more bytes plus the terminating NUL. Inline for the same reason
 * as tv_buf_append below: where they fit, it is a comparison. */
static inline tv_status tv_buf_reserve(tv_buf *b, size_t extra)
{
	if (b->data && extra < b->cap - b->len)
		return TV_OK;
	return tv_buf_reserve_grow(b, extra);
}
/* Grows b, then appends: the path of tv_buf_append when the bytes do not fit. */
tv_status tv_buf_append_grow(tv_buf *b, const void *p, size_t n);
/* Appends n bytes of p. Inline because the stages' hot loops append short runs hundreds
 * of thousands of times a megabyte: when the bytes fit (cap never exceeds max + 1, so
 * neither does the result) a copy of a size known at the call is a few moves. */
static inline tv_status tv_buf_append(tv_buf *b, const void *p, size_t n)
{
	if (b->data && n < b->cap - b->len) {
		if (n)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return TV_OK;
	}
	return tv_buf_append_grow(b, p, n);
}
/* Appends the C string s (inline too: for a literal the length is known at the call). */
static inline tv_status tv_buf_puts(tv_buf *b, const char *s)
{
	return tv_buf_append(b, s, strlen(s));
}
/* Appends one byte; inline for the same reason as tv_buf_append. */
static inline tv_status tv_buf_putc(tv_buf *b, char c)
{
	if (b->data && b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return TV_OK;
	}
	return tv_buf_append_grow(b, &c, 1);
}
tv_status tv_buf_printf(tv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
tv_status tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap);
/* Empties the buffer and keeps its memory. */
static inline void tv_buf_clear(tv_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}
/* Shortens the buffer to n bytes (n <= len). */
void tv_buf_truncate(tv_buf *b, size_t n);
/* Frees the memory and resets the buffer to TV_BUF_INIT (keeping max). */
void tv_buf_free(tv_buf *b);
/* The contents as a C string; "" for an empty buffer. */
const char *tv_buf_str(const tv_buf *b);
/* The pages of a stream by its form feeds, page being 1 + the form feeds read and text
 * whether a line with text came after the last one. pdftotext and tvatt ocr end every
 * page with a form feed, a blank page too: one with no text after it begins no page, and
 * two in a row end a blank page. */
static inline unsigned long tv_ff_pages(unsigned long page, int text)
{
	return page > 1 && !text ? page - 1 : page;
}
/* Writes v in decimal at o (room for 20 bytes; no NUL is written) and returns the end.
 * Two digits a step, from a table, straight to their places once the digits are
 * counted: the stages write page and line numbers so for every block they emit, where a
 * digit a division and a copy after cost more than the block's other work. */
static inline char *tv_put_ulong(char *o, unsigned long v)
{
	static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
	                               "25262728293031323334353637383940414243444546474849"
	                               "50515253545556575859606162636465666768697071727374"
	                               "75767778798081828384858687888990919293949596979899";
	size_t nd = 1;
	for (unsigned long p = 10; nd < 20 && v >= p; p *= 10)
		nd++;
	char *e = o + nd, *q = e;
	for (; v >= 100; v /= 100)
		q -= 2, memcpy(q, pairs + 2 * (v % 100), 2);
	if (v >= 10)
		memcpy(q - 2, pairs + 2 * v, 2);
	else
		q[-1] = (char)('0' + v);
	return e;
}
/* The code points of UTF-8 s[0..n): its bytes but continuation bytes (a display column
 * where every character takes one). */
static inline size_t tv_utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* ------------------------------------------------------------------ input ----------- */

/*
 * A tv_reader streams one input: a file, a file descriptor or a block of memory. It
 * holds only the current line (or what was peeked), so memory does not grow with the
 * input. Lines longer than the reader's line cap (TV_LINE_MAX) come in pieces.
 */
typedef struct tv_reader tv_reader;

/*
 * A tv_chan carries bytes from a writer in one thread to a reader in another thread of
 * the same process, as a pipe would but without the kernel: the writer's full buffers
 * are queued as they are and the reader takes them, most often as its window, uncopied.
 * At most a few buffers wait (the writer blocks until the reader takes one), so memory
 * stays bounded. The stages of `run` are joined by channels.
 */
typedef struct tv_chan tv_chan;

/* A new, open channel; the caller frees it with tv_chan_free once neither end's reader
 * or writer is in use. */
tv_status tv_chan_new(tv_chan **out);
/* Says the writer is done: its reader gets what is queued, then the end of input. The
 * writer must have been flushed (tv_writer_flush or tv_writer_free) before. */
void tv_chan_close(tv_chan *c);
/* Waits until c's writer has queued some buffers or closed c, and takes nothing: 1 when
 * bytes wait, 0 when c was closed with none. */
int tv_chan_wait(tv_chan *c);
void tv_chan_free(tv_chan *c);

#define TV_LINE_MAX ((size_t)1 << 20)

/* The reader's fields are io.c's alone; they are here only for the inline path of
 * tv_reader_line and tv_reader_view below (every stage reads every line through it). */
struct tv_reader {
	int fd; /* -1 for memory and for a channel */
	int owns_fd;
	tv_chan *chan; /* channel source, or NULL */
	tv_buf got;    /* the channel's buffer being read, from gotpos on */
	size_t gotpos;
	const char *mem; /* memory source */
	size_t memlen, mempos;
	char *name;
	tv_buf win; /* bytes read but not yet consumed start at win.data + start */
	size_t start;
	size_t scanned; /* bytes after start already searched for '\n' */
	int eof;
	int partial;
	unsigned long lineno;
	int last_ended; /* the last line handed out ended with '\n' */
	tv_buf line;
};

/* Opens path ("-" is standard input). On failure returns TV_EINPUT and sets *out to
 * NULL; errno tells why. A directory is refused with TV_EINPUT (errno EISDIR). The
 * caller frees the reader. */
tv_status tv_reader_open(const char *path, tv_reader **out);
/* Reads from fd, which the reader does not close. name is used in messages. */
tv_status tv_reader_fd(int fd, const char *name, tv_reader **out);
/* Reads what c's writer writes, until tv_chan_close. c must outlive the reader. */
tv_status tv_reader_chan(tv_chan *c, const char *name, tv_reader **out);
/* Reads len bytes of data, which must outlive the reader (it is not copied). */
tv_status tv_reader_mem(const char *data, size_t len, const char *name, tv_reader **out);
void tv_reader_free(tv_reader *r);

/* The input's name for messages ("<stdin>" for standard input). */
const char *tv_reader_name(const tv_reader *r);

/*
 * The next line, with its '\n' if it had one, NUL-terminated, valid until the next call.
 * At the end of input *line is NULL and *len 0. Returns TV_EINPUT on a read error.
 * A line longer than TV_LINE_MAX comes in pieces (each ends after a space where one is
 * in its last 4 kB, else at a character's end); tv_reader_partial() is then true for
 * every piece but the last, and tv_reader_lineno() stays the line's number.
 */
tv_status tv_reader_line_slow(tv_reader *r, int copy, const char **line, size_t *len);
/* The line's end is most often in the window already: found there inline, and handed out
 * without a call (one a line a stage, in every stage of `run`); the rest (reading more,
 * a line longer than the cap, the end of input) is tv_reader_line_slow's. */
static inline tv_status tv_reader_next(tv_reader *r, int copy, const char **line, size_t *len)
{
	size_t n = r->win.len - r->start;
	if (n > r->scanned) {
		const char *base = r->win.data + r->start;
		const char *nl = memchr(base + r->scanned, '\n', n - r->scanned);
		if (!nl)
			r->scanned = n;
		else if ((size_t)(nl - base) < TV_LINE_MAX) {
			size_t take = (size_t)(nl - base) + 1;
			if (copy) {
				tv_buf_clear(&r->line);
				tv_status rc = tv_buf_append(&r->line, base, take);
				if (rc)
					return rc;
				base = r->line.data;
			}
			r->start += take;
			r->scanned = 0;
			r->lineno += (unsigned long)r->last_ended;
			r->partial = 0;
			r->last_ended = 1;
			*line = base;
			*len = take;
			return TV_OK;
		}
	}
	return tv_reader_line_slow(r, copy, line, len);
}
static inline tv_status tv_reader_line(tv_reader *r, const char **line, size_t *len)
{
	return tv_reader_next(r, 1, line, len);
}
/*
 * The same line, not copied: it points into the reader's window, is not NUL-terminated
 * (the byte after it is the next line's first, or a NUL at the end of what was read) and
 * stays valid only until the next call that reads from r (a line, a view, a read or a
 * peek). For a stage that reads line after line and looks at nothing else of its input
 * in between: it saves a copy of every line.
 */
static inline tv_status tv_reader_view(tv_reader *r, const char **line, size_t *len)
{
	return tv_reader_next(r, 0, line, len);
}
static inline int tv_reader_partial(const tv_reader *r)
{
	return r->partial;
}
/* 1-based number of the line last returned by tv_reader_line (0 before the first). */
static inline unsigned long tv_reader_lineno(const tv_reader *r)
{
	return r->lineno;
}

/* Up to cap raw bytes into dst; *got is 0 at the end of input. */
tv_status tv_reader_read(tv_reader *r, char *dst, size_t cap, size_t *got);
/* Looks at up to want bytes ahead without consuming them; *n < want only at the end of
 * input. The bytes stay valid until the next call on r. */
tv_status tv_reader_peek(tv_reader *r, size_t want, const char **p, size_t *n);

/*
 * What the first n bytes of an input are when they are not text in a byte encoding:
 * "a PNG image", "a PDF", "a ZIP archive (...)", "binary data" (many zero or control bytes)
 * and so on; NULL for text, UTF-16 and UTF-32 included. *image is set to 1 for the kinds
 * the ocr stage takes (page images and PDFs), else to 0. Looks at the bytes only.
 */
const char *tv_sniff_binary(const void *p, size_t n, int *image);

/*
 * The Unicode encoding form of the first n bytes when it is UTF-16 or UTF-32: "UTF-16LE",
 * "UTF-16BE", "UTF-32LE" or "UTF-32BE" (iconv names), from a byte-order mark, whose length
 * goes to *bom, or from the pattern of zero bytes of Latin-script text (*bom 0); NULL for
 * anything else.
 */
const char *tv_sniff_unicode(const void *p, size_t n, size_t *bom);

/* ------------------------------------------------------------------ output ---------- */

/* A tv_writer buffers output to a file descriptor or appends it to a tv_buf. */
typedef struct tv_writer tv_writer;

/* The writer's fields are io.c's alone; they are here only for tv_writer_write's inline
 * path below (the stages write a line, or less, a call). */
struct tv_writer {
	int fd;
	tv_buf *dst;
	tv_chan *chan; /* channel it writes to, or NULL */
	tv_buf pend;
	size_t room; /* bytes tv_writer_write may add to pend without a call: 0 for a buffer
	              * writer, after an error and before pend is made */
	tv_status err;
	int errnum; /* errno of the failed write, given back with err (another thread may
	             * have made it: `run` writes from the last stage's thread) */
};

/* Writes to fd, which the writer does not close. */
tv_status tv_writer_fd(int fd, const char *name, tv_writer **out);
/* Appends to dst, which must outlive the writer (tests, chaining in memory). */
tv_status tv_writer_buf(tv_buf *dst, tv_writer **out);
/* Writes to c for the reader at its other end (one writer a channel); c must outlive the
 * writer. */
tv_status tv_writer_chan(tv_chan *c, tv_writer **out);
tv_status tv_writer_write_slow(tv_writer *w, const void *p, size_t n);
/* Writes n bytes of p: copied to the pending output inline while they fit, as most do;
 * tv_writer_write_slow writes out, grows or fails. */
static inline tv_status tv_writer_write(tv_writer *w, const void *p, size_t n)
{
	if (n < w->room) {
		if (n) /* (p may be NULL then) */
			memcpy(w->pend.data + w->pend.len, p, n);
		w->pend.len += n;
		w->pend.data[w->pend.len] = '\0';
		w->room -= n;
		return TV_OK;
	}
	return tv_writer_write_slow(w, p, n);
}
tv_status tv_writer_puts(tv_writer *w, const char *s);
tv_status tv_writer_printf(tv_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Writes out what is buffered; TV_ESYSTEM on a write error (also remembered and
 * returned by every later call, with errno set again to the failed write's). */
tv_status tv_writer_flush(tv_writer *w);
/* Flushes and frees; NULL is fine. */
void tv_writer_free(tv_writer *w);

/* ------------------------------------------------------------------ diagnostics ----- */

typedef enum tv_level { TV_NOTE = 0, TV_WARNING = 1, TV_ERROR = 2 } tv_level;

/*
 * Where diagnostics go. With capture set, messages are appended there (tests); otherwise
 * to fp (stderr when NULL). quiet drops notes and warnings, verbose keeps notes (without
 * it notes are dropped too). worst is the worst level seen (-1 for none). Safe to share
 * between the threads of one run.
 */
typedef struct tv_diag {
	FILE *fp;
	tv_buf *capture;
	int quiet;
	int verbose;
	int worst;
} tv_diag;

/* The TSV audit log of every change (--log FILE). */
typedef struct tv_log {
	FILE *fp;
	tv_buf *capture; /* tests: rows appended here instead */
} tv_log;

/* One stage option: --name or --name VALUE. */
typedef struct tv_optdef {
	const char *name; /* long name without "--" */
	const char *arg;  /* name of its value for --help, or NULL for a flag */
	const char *help; /* one line */
} tv_optdef;

/* A parsed option value. value is "" for a flag. */
typedef struct tv_kv {
	const char *name;
	const char *value;
} tv_kv;

/* What a stage is run with. Everything may be left zero except diag (NULL prints to
 * stderr). */
typedef struct tv_opts {
	const char *stage;     /* running stage's name, for logs; set by the caller */
	tv_diag *diag;         /* diagnostics sink; NULL means stderr */
	tv_log *log;           /* audit log, or NULL */
	double min_confidence; /* changes below this are not made (0: stage default) */
	const tv_kv *kv;       /* stage options as given on the command line */
	size_t nkv;
	const char *id_name; /* what the input's record ids start with, unique among the
	                      * run's inputs; NULL: the input's file name */
} tv_opts;

/* Value of stage option name: "" for a flag given, NULL when absent (the last given
 * wins). */
const char *tv_opt(const tv_opts *o, const char *name);

/*
 * Reports a diagnostic as "tvatt: FILE:LINE:COL: LEVEL: message" (or "tvatt: FILE:
 * LEVEL: message" when line is 0; "tvatt: LEVEL: message" when file is NULL too).
 */
void tv_report(const tv_opts *o, tv_level level, const char *file, unsigned long line,
               unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Shows text as the status line (a progress bar) at the start of the terminal line of fp,
 * in place of the one before; NULL takes it away. A message tv_report writes to fp takes
 * the status line away first, so it never follows the bar on its line; the next call
 * shows the bar again. The caller decides that fp is a terminal worth a bar. */
void tv_status_line(FILE *fp, const char *text);

/* Reports a bad option value that a stage finds as the command reports its own wrong
 * usage, "tvatt: error: message; see 'tvatt STAGE --help'" (o->stage names STAGE), and
 * returns TV_EUSAGE for the stage to return. */
tv_status tv_usage(const tv_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends the rows held in `from` (read from its start) to log's file in one piece, under
 * the lock tv_audit takes, so no other thread's row comes between them; when file is not
 * NULL and `from` holds rows, a line "# file: FILE" first (FILE's tabs and newlines
 * escaped as in a row). TV_ESYSTEM when a read or write fails. */
tv_status tv_log_splice(tv_log *log, FILE *from, const char *file);

/* Writes one audit row: stage, line, column, before, after, rule, confidence. Tabs and
 * newlines inside the fields are written as \t and \n. No-op without a log. */
void tv_audit(const tv_opts *o, unsigned long line, unsigned long col, const char *before,
              const char *after, const char *rule, double confidence);

/* ------------------------------------------------------------------ stages ---------- */

/* The entry point every stage has: read all of in, write to out. Returns the status of
 * this input (TV_OK, TV_EPARTIAL, TV_EINPUT, TV_ESYSTEM). */
typedef tv_status (*tv_stage_fn)(tv_reader *in, tv_writer *out, const tv_opts *opts);

typedef struct tv_stage {
	const char *name;    /* "decode" */
	const char *summary; /* one line for `tvatt stages` */
	const char *help;    /* paragraph for `tvatt STAGE --help` */
	tv_stage_fn run;
	const tv_optdef *opts; /* its own options, ended by a {NULL} entry; may be NULL */
	int text_in;           /* 1: takes text (decode's output); 0: takes images (ocr) */
} tv_stage;

/* The stage table in pipeline order; *n gets the count. */
const tv_stage *tv_stages(size_t *n);
/* The stage called name, or NULL. */
const tv_stage *tv_stage_find(const char *name);

/*
 * Runs stages[0..n) as one chain over in, writing the last stage's output to out. Each
 * stage runs in its own thread, joined by channels (tv_chan), so memory stays bounded.
 * opts is shared; its stage field is set per stage. Returns the worst status of the
 * stages.
 */
tv_status tv_run_chain(const tv_stage *const *stages, size_t n, tv_reader *in, tv_writer *out,
                       const tv_opts *opts);

/* ------------------------------------------------------------------ data files ------ */

/*
 * Finds a data file (e.g. "tvatt.lex"): $TVATT_DATA/name, then next to the running
 * executable, then ../share/tvatt/name relative to it, then TV_DATADIR/name. Puts the path
 * in out and returns TV_OK, or TV_EINPUT when none exists. *skipped (when skipped is not
 * NULL) is $TVATT_DATA when it is set but holds no readable name, else NULL.
 */
tv_status tv_data_path(const char *name, tv_buf *out, const char **skipped);

#endif
