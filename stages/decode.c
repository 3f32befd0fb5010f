/*
 * decode.c - the decode stage: any bytes in, clean UTF-8 in NFC out, losing nothing that
 * was text.
 *
 * The input is read in chunks into a window and cut into lines (LF, CRLF or CR end a
 * line; a line longer than PIECE_MAX comes in pieces cut at a space). A scan runs up to
 * LOOKAHEAD bytes ahead of the output and sorts lines into clean ones (valid UTF-8 with
 * nothing to repair: copied out as they are, which is most of most files) and the rest,
 * and adds what each says about the encoding to the evidence (decode_detect.c). A line
 * whose bytes are not all UTF-8 is decoded with the code page the evidence so far - from
 * the start of the file to a megabyte past the line - says reads most like Swedish, so a
 * file whose first hundred megabytes are ASCII is still read right after them, and the
 * choice can change in a file that changes. Decoded lines are repaired (decode_fix.c) and
 * written in NFC. UTF-16 and UTF-32 (by byte-order mark or by their zero bytes) and
 * `--from-code` of a multi-byte encoding go through iconv first. Memory holds the window,
 * never the file. Images, PDFs, archives and other binary data are refused (status 3).
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decode_int.h"
#include "scan16.h"

const tv_optdef tv_decode_optdefs[] = {
    {"from-code", "NAME", "read the input as NAME (any 'iconv -l' name) instead of detecting it"},
    {NULL, NULL, NULL}};

#define READ_CHUNK    ((size_t)64 << 10)
#define LOOKAHEAD     ((size_t)1 << 20)  /* bytes scanned ahead before a line is decided */
#define PIECE_MAX     ((size_t)1 << 20)  /* a longer line is handled in pieces */
#define CUT_SEARCH    ((size_t)64 << 10) /* where a piece may end, looking back for a space */
#define CLEAN_SEG_MAX ((size_t)256 << 10)
#define SNIFF         ((size_t)64 << 10) /* bytes looked at for images and binary data */
#define FFFD_REPORTS  10                 /* lines with U+FFFD named, per input */

/* Names of 7-bit Swedish for --from-code (glibc's and the registry's). */
static const char *const names_646[] = {"ISO646-SE",    "ISO646SE",  "ISO-646-SE",     "SE",
                                        "SEN_850200_B", "ISO-IR-10", "CSISO10SWEDISH", "FI",
                                        "ISO646-FI",    NULL};

enum mode {
	M_AUTO,  /* detect: UTF-8, an 8-bit code page or 7-bit Swedish, line by line */
	M_UTF8,  /* UTF-8 only (also the output of a converter) */
	M_TABLE, /* a single-byte encoding named by --from-code */
	M_646    /* 7-bit Swedish named by --from-code: all six letters mapped */
};

/* What the scan found in a line. */
enum {
	S_LEGACY = 1,  /* bytes that are not UTF-8 */
	S_WORK = 2,    /* something to repair: controls, references, accents, mojibake... */
	S_646 = 4,     /* a 7-bit Swedish letter next to a letter */
	S_646ANY = 8,  /* any of "}{|][\\" */
	S_UTF8NA = 16, /* valid UTF-8 beyond ASCII */
	S_CR = 32,     /* ended by CR or CRLF, not LF */
	S_CTRL = 64,   /* holds control characters */
	S_BEYOND = 128 /* valid UTF-8 that stays beyond ASCII after repair */
};

typedef struct seg {
	size_t len;          /* bytes, line ends included */
	size_t content;      /* bytes before the line end (one line) */
	unsigned long lines; /* line ends within */
	unsigned flags;      /* 0: clean, copied out as it is */
	int ended;           /* the line has a line end (not a piece, not the last) */
} seg;

typedef struct dstate {
	const tv_opts *opts;
	tv_reader *in;
	tv_writer *out;
	const char *name;
	enum mode mode;
	uint32_t table[256]; /* M_TABLE */
	const char *code;    /* the encoding named or found, for messages */
	/* the converter, for UTF-16, UTF-32 and multi-byte --from-code */
	iconv_t cd;
	size_t unit; /* bytes skipped past a sequence iconv cannot read */
	tv_buf raw;
	size_t rawpos;
	int raw_eof;
	unsigned long conv_lines; /* line ends the converter has given */
	unsigned long conv_col;   /* characters it has given since the last of them */
	/* the window: bytes [proc, scan) are cut into the segments queued in segs */
	tv_buf win;
	size_t proc, scan;
	int eof;
	tv_buf segs;
	size_t seg_head, nsegs;
	unsigned long line;      /* number of the line at proc */
	unsigned long scan_line; /* number of the line at scan */
	uint32_t col_base;       /* characters of the line in the pieces before this one */
	dec_evidence ev;
	int shown_cp;  /* the code page last reported (-1: none yet) */
	int shown_646; /* 7-bit Swedish was reported */
	tv_buf plain;  /* a line without its control characters, to weigh */
	dvec v;
	int needs; /* NEED_ flags of v */
	tv_buf o;
	dec_fix fx;
	unsigned long fffd_lines; /* lines (or converter errors) with U+FFFD put in */
	int long_warned;
} dstate;

/* ------------------------------------------------------------------ byte kinds ------ */

enum { B_OK = 0, B_CTRL, B_AMP, B_646, B_HIGH };
static unsigned char byte_kind[256];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void build_byte_kinds(void)
{
	for (unsigned c = 0; c < 256; c++)
		byte_kind[c] = c >= 0x80                                           ? B_HIGH
		               : (c < 0x20 && c != '\t' && c != '\f') || c == 0x7F ? B_CTRL
		               : c == '&'                                          ? B_AMP
		               : dec_is646(c)                                      ? B_646
		                                                                   : B_OK;
}

static int ascii_letter(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A byte of a word in 7-bit Swedish: a letter or one of the six. */
static int word646(unsigned c)
{
	return ascii_letter(c) || dec_is646(c);
}

/* 1 when p[i], one of the six standing alone in the line p[0..n), is a word in 7-bit
 * Swedish: "}" or "]" before a word ("å ena sidan", "Å andra sidan", "å-sträckor"), "}"
 * or "|" (the island "ö") before punctuation ("ö.b.") or "|" between two words when no
 * other "|" in the line stands alone and the line does not begin with one, as a table
 * row would. */
static int lone_646(const unsigned char *p, size_t n, size_t i)
{
	if (i > 0 && p[i - 1] != ' ' && p[i - 1] != '(')
		return 0;
	if ((p[i] == '}' || p[i] == '|') && i + 1 < n && memchr(".,;:?!", p[i + 1], 6))
		return 1; /* "stor å?", "ö.b." */
	if (p[i] == '}' || p[i] == ']')
		return i + 2 < n && (p[i + 1] == ' ' || p[i + 1] == '-') && word646(p[i + 2]);
	if (p[i] != '|' || i + 1 >= n)
		return 0;
	if (p[i + 1] != ' ' || i < 2 || !ascii_letter(p[i - 2]) || i + 2 >= n ||
	    !word646(p[i + 2]) || p[0] == '|')
		return 0;
	for (size_t j = 0; j < n; j++)
		if (j != i && p[j] == '|' && (j == 0 || p[j - 1] == ' ') &&
		    (j + 1 == n || p[j + 1] == ' '))
			return 0; /* another "|" between spaces: a table */
	return 1;
}

/* 1 when the valid character u (followed by next, 0 if none or ASCII) may need a repair;
 * the slow path then decides. Latin-1 letters, general punctuation and currency signs -
 * all of Swedish text - need none, except the first byte of mojibake ("Ã" before "¥"). */
static int needs_work(uint32_t u, uint32_t next)
{
	if (u < 0xA0)
		return 1; /* C1 control */
	if (u < 0x100) {
		if (u == 0xA8 || u == 0xB4 || u == 0xB8 || u == 0xAD)
			return 1; /* spacing accents, soft hyphen */
		if (u >= 0xC2 && u <= 0xF4 && next) {
			int b = dec_enc1252(next);
			return b >= 0x80 && b <= 0xBF;
		}
		return 0;
	}
	if (u < 0x300)
		return u >= 0x2C6 && u <= 0x2DD; /* spacing accents */
	return !(u >= 0x2002 && u <= 0x20CF);
}

/* 1 when the character u is still beyond ASCII after decode's repairs: not a ligature
 * (spelt out), soft hyphen, byte-order mark or C1 control Windows-1252 lacks (dropped),
 * so that the evidence is the same for a text and for what decode makes of it. */
static int stays_beyond_ascii(uint32_t u)
{
	if (u < 0xA0)
		return dec_cp_table(CP_1252)[u] != DEC_UNDEF;
	return u != 0xAD && u != 0xFEFF && !(u >= 0xFB00 && u <= 0xFB06);
}

/* Sorts the line p[0..n): which S_ flags it has (0: clean). */
#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 1 when all eight bytes of w are B_OK printable ASCII, the common case the scan skips a
 * word at a time. (Tab, form feed and "_" fail it and go the slow way, rightly.) One test
 * of the high bits of every byte that fails, or-ed: where every byte is ASCII (else w's
 * own high bits fail it) no sum below carries into the next byte. */
static int plain8(uint64_t w)
{
	const uint64_t lows = ~HIGHS;
	uint64_t y = w | 0x20 * ONES;     /* "[\]" fold onto "{|}", "_" onto DEL, "^" onto "~" */
	uint64_t amp = y ^ 0x26 * ONES;   /* (a zero byte: "&"; one below 0x20 fails anyway) */
	uint64_t tilde = y ^ 0x7E * ONES; /* exactly: a zero byte's high bit set, no other */
	uint64_t is_tilde = ~(((tilde & lows) + lows) | tilde);
	uint64_t bad = w |                              /* not ASCII */
	               ((w - 0x20 * ONES) & ~w) |       /* a byte below 0x20 */
	               ((amp - ONES) & ~amp) |          /* "&" */
	               ((y + 0x05 * ONES) & ~is_tilde); /* "{|}" DEL, not "~" */
	return !(bad & HIGHS);
}

#if defined(__SSE2__)
/* The bytes of the 16 at p that plain8 would fail, as a bit mask (bit k for p[k]): one
 * signed comparison takes the bytes below 0x20 and those from 0x80 (negative) at once;
 * "[\]_" fold onto "{|}" DEL as in plain8. */
static inline unsigned odd16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20));
	__m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
	                           _mm_cmpeq_epi8(x, _mm_set1_epi8('&')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(y, _mm_set1_epi8('{')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(y, _mm_set1_epi8('|')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(y, _mm_set1_epi8('}')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(y, _mm_set1_epi8(0x7F)));
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

#if defined(__SSE2__)
/* The line ends, '\n' and '\r', among the 16 bytes at p as a bit mask (bit k for p[k]). */
static inline unsigned eol16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
	                                                _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
}
#endif

/* Where the first '\n' or '\r' of p[0..n) stands, or n: one pass over a line, where a
 * search for its '\n' and another for a '\r' before it took two. */
static size_t eol_at(const unsigned char *p, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16)
		return tv_scan16(p, 0, n, eol16);
#endif
	size_t i = 0;
	while (i < n && p[i] != '\n' && p[i] != '\r')
		i++;
	return i;
}

/* How many of the bytes p[0..n) from the first on are plain (plain8's kind), or fewer:
 * the scan's skip over what needs no look. With SSE2 16 bytes at a time, and a line of 16
 * bytes or more ends with one more look at its last 16 from where the skip stands; a
 * shorter one, or any without SSE2, 8 at a time. */
static size_t plain_run(const unsigned char *p, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16)
		return tv_scan16(p, 0, n, odd16);
#endif
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if (!plain8(w))
			break;
	}
	return i;
}

static unsigned classify(const dstate *s, const unsigned char *p, size_t n)
{
	unsigned f = 0;
	for (size_t i = 0; i < n; i++) {
		i += plain_run(p + i, n - i);
		if (i >= n)
			break;
		unsigned c = p[i];
		switch (byte_kind[c]) {
		case B_OK:
			break;
		case B_CTRL:
			f |= S_WORK | S_CTRL;
			break;
		case B_AMP:
			if (i + 1 < n && (ascii_letter(p[i + 1]) || p[i + 1] == '#'))
				f |= S_WORK;
			break;
		case B_646:
			f |= S_646ANY;
			if ((i > 0 && (ascii_letter(p[i - 1]) || dec_is646(p[i - 1]))) ||
			    (i + 1 < n && ascii_letter(p[i + 1])) || lone_646(p, n, i))
				f |= S_646;
			break;
		default: {
			uint32_t u, next = 0;
			int len = s->mode == M_TABLE ? 0 : dec_utf8_seq(p + i, n - i, &u);
			if (!len) {
				f |= S_LEGACY;
				break;
			}
			f |= S_UTF8NA;
			if (stays_beyond_ascii(u))
				f |= S_BEYOND;
			size_t j = i + (size_t)len;
			if (j < n && p[j] >= 0x80 && !dec_utf8_seq(p + j, n - j, &next))
				next = 0;
			if (needs_work(u, next))
				f |= S_WORK;
			i = j - 1;
		}
		}
	}
	if (f & S_LEGACY)
		f &= ~(unsigned)(S_UTF8NA | S_BEYOND);
	return f;
}

/* ------------------------------------------------------------------ input ----------- */

/* Moves the line and column (counted in characters) past the UTF-8 byte c. */
static void next_position(char c, unsigned long *line, unsigned long *col)
{
	if (c == '\n')
		++*line, *col = 0;
	else if (((unsigned char)c & 0xc0) != 0x80)
		++*col;
}

/* Up to cap bytes of text: the input itself, or what the converter makes of it. */
static tv_status src_read(dstate *s, char *dst, size_t cap, size_t *got)
{
	*got = 0;
	if (s->cd == (iconv_t)-1)
		return tv_reader_read(s->in, dst, cap, got);
	char *op = dst;
	size_t ol = cap;
	for (;;) {
		size_t avail = s->raw.len - s->rawpos;
		if (avail) {
			char *ip = s->raw.data + s->rawpos;
			size_t il = avail;
			size_t r = iconv(s->cd, &ip, &il, &op, &ol);
			int e = errno;
			s->rawpos = (size_t)(ip - s->raw.data);
			if (r == (size_t)-1 && e == E2BIG)
				break;
			if (r == (size_t)-1 && (e == EILSEQ || (e == EINVAL && s->raw_eof))) {
				if (ol < 3)
					break;
				unsigned long line = s->conv_lines + 1, col = s->conv_col;
				for (char *q = dst; q < op; q++)
					next_position(*q, &line, &col);
				if (++s->fffd_lines <= FFFD_REPORTS)
					tv_report(s->opts, TV_WARNING, s->name, line, col + 1,
					          "bytes that are not %s replaced by U+FFFD",
					          s->code);
				memcpy(op, "\xef\xbf\xbd", 3);
				op += 3, ol -= 3;
				size_t skip = s->raw.len - s->rawpos < s->unit
				                  ? s->raw.len - s->rawpos
				                  : s->unit;
				s->rawpos += e == EINVAL ? s->raw.len - s->rawpos : skip;
				continue;
			}
		}
		if (op > dst || s->raw_eof)
			break;
		/* more raw bytes: keep the unread ones, then read */
		if (s->rawpos) {
			memmove(s->raw.data, s->raw.data + s->rawpos, s->raw.len - s->rawpos);
			s->raw.len -= s->rawpos;
			s->rawpos = 0;
		}
		tv_status rc = tv_buf_reserve(&s->raw, READ_CHUNK);
		if (rc)
			return rc;
		size_t n;
		rc = tv_reader_read(s->in, s->raw.data + s->raw.len, READ_CHUNK, &n);
		if (rc)
			return rc;
		s->raw.len += n;
		s->raw_eof = n == 0;
	}
	*got = (size_t)(op - dst);
	unsigned long line = s->conv_lines, col = s->conv_col;
	for (char *q = dst; q < op; q++)
		next_position(*q, &line, &col);
	s->conv_lines = line, s->conv_col = col;
	return TV_OK;
}

/* Reads one more chunk into the window, first moving the unprocessed bytes to its start
 * when the processed ones are at least half of it (so each byte moves O(1) times). */
static tv_status fill(dstate *s)
{
	if (s->proc >= READ_CHUNK && s->proc * 2 >= s->win.len) {
		memmove(s->win.data, s->win.data + s->proc, s->win.len - s->proc);
		s->win.len -= s->proc;
		s->scan -= s->proc;
		s->proc = 0;
	}
	tv_status rc = tv_buf_reserve(&s->win, READ_CHUNK);
	if (rc)
		return rc;
	size_t n;
	rc = src_read(s, s->win.data + s->win.len, READ_CHUNK, &n);
	if (rc)
		return rc;
	s->win.len += n;
	s->win.data[s->win.len] = '\0';
	s->eof = n == 0;
	return TV_OK;
}

/* ------------------------------------------------------------------ the scan -------- */

static seg *seg_at(dstate *s, size_t i)
{
	return (seg *)(void *)s->segs.data + s->seg_head + i;
}

static tv_status push_seg(dstate *s, const seg *g)
{
	if (s->nsegs && !g->flags) {
		seg *last = seg_at(s, s->nsegs - 1);
		if (!last->flags && last->len + g->len <= CLEAN_SEG_MAX) {
			last->len += g->len;
			last->lines += g->lines;
			return TV_OK;
		}
	}
	if (s->seg_head > 0 && s->seg_head >= s->nsegs) {
		/* more dropped than queued: move the queue to the front (amortised O(1)) */
		memmove(s->segs.data, seg_at(s, 0), s->nsegs * sizeof(seg));
		s->segs.len = s->nsegs * sizeof(seg);
		s->seg_head = 0;
	}
	tv_status rc = tv_buf_append(&s->segs, g, sizeof *g);
	if (!rc)
		s->nsegs++;
	return rc;
}

/* Where a piece of an overlong line p[0..n) may end: after a space or tab, else after an
 * ASCII byte, else before the first byte of a character. */
static size_t safe_cut(const unsigned char *p, size_t n)
{
	size_t lo = n > CUT_SEARCH ? n - CUT_SEARCH : 0;
	for (size_t i = n; i > lo; i--)
		if (p[i - 1] == ' ' || p[i - 1] == '\t')
			return i;
	for (size_t i = n; i > lo; i--)
		if (p[i - 1] < 0x80 && p[i - 1] != '&')
			return i;
	for (size_t i = n - 1; i > lo; i--)
		if ((p[i] & 0xC0) != 0x80)
			return i;
	return n;
}

/* Adds a line's evidence about the encoding. */
static void weigh(dstate *s, const unsigned char *p, size_t n, unsigned flags)
{
	if (s->mode != M_AUTO || !(flags & (S_LEGACY | S_UTF8NA | S_646)))
		return;
	s->ev.beyond_lines += !!(flags & S_BEYOND);
	if (flags & S_CTRL) {
		/* weigh the line as it will read, without its control characters (so the
		 * output weighs the same and a second run decides the same) */
		tv_buf_clear(&s->plain);
		for (size_t i = 0; i < n; i++)
			if (byte_kind[p[i]] != B_CTRL && tv_buf_putc(&s->plain, (char)p[i]))
				return;
		p = (const unsigned char *)s->plain.data;
		n = s->plain.len;
		if (!p)
			return;
	}
	if (flags & S_LEGACY) {
		/* once the evidence is overwhelming, a sample of the lines keeps it current */
		double conf, score;
		dec_best_cp(&s->ev, &conf, &score);
		if (conf >= 0.999 && score >= 5000 && s->ev.legacy_lines % 16)
			s->ev.legacy_lines++;
		else
			dec_score_legacy(&s->ev, p, n);
	} else if (flags & S_UTF8NA)
		s->ev.utf8_lines++;
	else if (flags & S_646)
		dec_score_646(&s->ev, p, n);
}

/* Cuts the window from scan on into lines, as far as whole lines are there (all of it at
 * the end of input), sorting and weighing each. */
static tv_status scan_lines(dstate *s)
{
	while (s->scan < s->win.len) {
		const unsigned char *p = (const unsigned char *)s->win.data + s->scan;
		size_t avail = s->win.len - s->scan;
		size_t lim = avail < PIECE_MAX ? avail : PIECE_MAX;
		size_t e = eol_at(p, lim);
		const unsigned char *nl = e < lim && p[e] == '\n' ? p + e : NULL;
		const unsigned char *cr = e < lim && p[e] == '\r' ? p + e : NULL;
		seg g = {0, 0, 1, 0, 1};
		size_t endlen = 0;
		if (cr) {
			/* CR, CRLF, and CR CR LF as broken converters write it, end one line */
			size_t k = (size_t)(cr - p);
			while (k < avail && p[k] == '\r')
				k++;
			if (k == avail && !s->eof)
				return TV_OK;
			g.content = (size_t)(cr - p);
			endlen = k < avail && p[k] == '\n' ? k + 1 - g.content : 1;
			g.flags |= S_CR;
		} else if (nl) {
			g.content = e;
			endlen = 1;
		} else if (avail >= PIECE_MAX) {
			g.content = safe_cut(p, PIECE_MAX);
			g.lines = 0;
			g.ended = 0;
			if (!s->long_warned++)
				tv_report(s->opts, TV_WARNING, s->name, s->scan_line, 1,
				          "a line longer than %zu bytes: handled in pieces",
				          PIECE_MAX);
		} else if (s->eof) {
			g.content = avail;
			g.lines = 0;
			g.ended = 0;
		} else {
			return TV_OK;
		}
		g.flags |= classify(s, p, g.content);
		weigh(s, p, g.content, g.flags);
		g.len = g.content + endlen;
		tv_status rc = push_seg(s, &g);
		if (rc)
			return rc;
		s->scan += g.len;
		s->scan_line += g.lines;
	}
	return TV_OK;
}

/* ------------------------------------------------------------------ one line -------- */

static void report_reading(dstate *s, int cp, double conf, int is646)
{
	if (is646 && !s->shown_646) {
		s->shown_646 = 1;
		tv_report(s->opts, TV_NOTE, s->name, s->line, 1,
		          "read as 7-bit Swedish (ISO 646-SE: \"}\" is å, \"{\" ä, \"|\" ö)");
		tv_audit(s->opts, s->line, 0, "ISO646-SE", "UTF-8", "encoding", 0.9);
	}
	if (cp >= 0 && cp != s->shown_cp) {
		s->shown_cp = cp;
		tv_report(s->opts, TV_NOTE, s->name, s->line, 1,
		          "bytes that are not UTF-8 read as %s (confidence %.2f)", dec_cp_name(cp),
		          conf);
		tv_audit(s->opts, s->line, 0, dec_cp_name(cp), "UTF-8", "encoding", conf);
	}
}

/* Drops the control character at p[i] (an escape sequence "ESC [ ... letter" as a whole),
 * counting it for the warning at the end; returns where the text goes on. */
static size_t drop_control(dstate *s, const unsigned char *p, size_t n, size_t i, uint32_t col)
{
	size_t e = i + 1;
	if (p[i] == 0x1B && e < n && p[e] == '[') {
		size_t f = e + 1;
		while (f < n && p[f] >= 0x20 && p[f] <= 0x3F)
			f++;
		if (f < n && p[f] >= 0x40 && p[f] <= 0x7E)
			e = f + 1; /* parameters, then the final byte: "ESC [ 3 1 m" */
	}
	dec_fix *fx = &s->fx;
	if (!fx->controls++) {
		fx->ctrl_line = s->line;
		fx->ctrl_col = col;
		fx->ctrl_cp = p[i];
	}
	if (fx->logging) {
		tv_buf b = TV_BUF_INIT;
		tv_buf_append(&b, p + i, e - i);
		tv_audit(s->opts, s->line, col, tv_buf_str(&b), "", "control", 1.0);
		tv_buf_free(&b);
	}
	return e;
}

/* Decodes the line p[0..n) into s->v as the mode and the evidence say. */
static tv_status decode_line(dstate *s, const unsigned char *p, size_t n, unsigned flags)
{
	int cp = -1, cp_ok = 0, is646 = s->mode == M_646;
	int all_utf8 = s->mode != M_AUTO || !(flags & S_LEGACY); /* every valid sequence is UTF-8 */
	const uint32_t *table = s->mode == M_TABLE ? s->table : NULL;
	if (s->mode == M_AUTO) {
		double conf = 0, score = 0;
		if (flags & S_LEGACY) {
			cp = dec_best_cp(&s->ev, &conf, &score);
			cp_ok = score >=
			        1; /* more than one sign's worth: never a guess from one byte */
			table = dec_cp_table(cp);
			all_utf8 = s->ev.utf8_lines > s->ev.legacy_lines;
		}
		is646 = (flags & S_646) && dec_is_646_doc(&s->ev);
		report_reading(s, cp_ok ? cp : -1, conf, is646);
	}
	/* every byte gives at most one character */
	dvec_setlen(&s->v, 0);
	tv_status rc = tv_buf_reserve(&s->v.b, (n + 1) * sizeof(dch));
	if (rc)
		return rc;
	dch *d = dvec_at(&s->v);
	size_t k = 0;
	uint32_t col = s->col_base + 1, first_bad = 0;
	unsigned bad_byte = 0;
	int need = 0, moji = 0; /* the repairs the line needs; the last was a dec_moji_char */
	for (size_t i = 0; i < n; col++) {
		unsigned c = p[i];
		uint32_t u = c;
		if (c < 0x80 && is646 && word646(c) && (i == 0 || !word646(p[i - 1]))) {
			/* a word of letters and the six, read as a whole: "p}", "[utesluter]"; a
			 * control character inside it is dropped, and the word read without it */
			unsigned char w[64];
			size_t j = i, nw = 0;
			int six = 0, letters = 0;
			for (; j < n && (word646(p[j]) || byte_kind[p[j]] == B_CTRL); j++) {
				if (byte_kind[p[j]] == B_CTRL)
					continue;
				six |= dec_is646(p[j]);
				letters |= ascii_letter(p[j]);
				if (nw < sizeof w)
					w[nw++] = p[j];
			}
			while (j > i && byte_kind[p[j - 1]] == B_CTRL)
				j--; /* controls after the word are not part of it */
			int map = !six                           ? 0
			          : s->mode == M_646             ? DEC646_MAP
			          : letters                      ? dec_646_word_maps(w, nw)
			          : nw == 1 && lone_646(p, n, i) ? DEC646_MAP
			                                         : 0;
			for (size_t at = 0; i < j; col++) {
				if (byte_kind[p[i]] == B_CTRL) {
					size_t e = drop_control(s, p, j, i, col);
					col += (uint32_t)(e - i - 1);
					i = e;
					continue;
				}
				int keep = (at == 0 && (map & DEC646_KEEP_FIRST)) ||
				           (at + 1 == nw && (map & DEC646_KEEP_LAST));
				d[k].cp = (map & DEC646_MAP) && !keep ? dec_646_letter(p[i]) : p[i];
				moji = (map & DEC646_MAP) && !keep;
				d[k++].col = col;
				i++;
				at++;
			}
			col--; /* the loop counts the last one */
			continue;
		}
		if (c < 0x80 && byte_kind[c] == B_CTRL) {
			/* control characters go before any repair, so that one inside mojibake
			 * ("Ã" NUL "¥") does not leave work for a second run */
			size_t e = drop_control(s, p, n, i, col);
			col += (uint32_t)(e - i - 1);
			i = e;
			continue;
		}
		if (c < 0x80) {
			need |= byte_kind[c] == B_AMP ? NEED_REFS : 0;
			moji = 0;
			d[k].cp = u;
			d[k++].col = col;
			i++;
			continue;
		}
		int len = s->mode == M_TABLE ? 0 : dec_utf8_seq(p + i, n - i, &u);
		if (len && (all_utf8 || dec_embedded_utf8(p + i, len))) {
			need |= dec_char_needs(u) | (moji && dec_moji_char(u) ? NEED_MOJI : 0);
			moji = dec_moji_char(u);
			d[k].cp = u;
			d[k++].col = col;
			i += (size_t)len;
			continue;
		}
		u = table && (cp_ok || s->mode == M_TABLE) ? table[c] : DEC_UNDEF;
		if (u == DEC_UNDEF || (u < 0xA0 && s->mode != M_TABLE)) {
			if (!first_bad) {
				first_bad = col;
				bad_byte = c;
			}
			if (s->fx.logging) {
				char hex[8];
				snprintf(hex, sizeof hex, "\\x%02X", c);
				tv_audit(s->opts, s->line, col, hex, "\xef\xbf\xbd",
				         "unexplained-byte", 1.0);
			}
			u = DEC_FFFD;
		}
		need |= dec_char_needs(u) | (moji && dec_moji_char(u) ? NEED_MOJI : 0);
		moji = dec_moji_char(u);
		d[k].cp = u;
		d[k++].col = col;
		i++;
	}
	dvec_setlen(&s->v, k);
	s->needs = need;
	s->col_base = col - 1;
	if (first_bad && ++s->fffd_lines <= FFFD_REPORTS)
		tv_report(s->opts, TV_WARNING, s->name, s->line, first_bad,
		          "byte 0x%02X that no encoding explains replaced by U+FFFD%s", bad_byte,
		          s->fffd_lines == FFFD_REPORTS ? " (further lines like it are not named)"
		                                        : "");
	return rc;
}

/* Decodes, repairs and writes one line (or piece) p[0..n), with "\n" when it ended. */
static tv_status process_line(dstate *s, const unsigned char *p, size_t n, unsigned flags,
                              int ended)
{
	s->fx.line = s->line;
	tv_status rc = decode_line(s, p, n, flags);
	if (!rc)
		rc = dec_fix_line(&s->fx, &s->v, s->needs);
	tv_buf_clear(&s->o);
	if (!rc)
		rc = dec_encode_nfc(&s->fx, &s->v, &s->o);
	if (!rc && ended)
		rc = tv_buf_putc(&s->o, '\n');
	if (!rc)
		rc = tv_writer_write(s->out, s->o.data, s->o.len);
	return rc;
}

/* Writes the segment at the front of the queue and drops it. */
static tv_status process_front(dstate *s)
{
	seg g = *seg_at(s, 0);
	const unsigned char *p = (const unsigned char *)s->win.data + s->proc;
	tv_status rc;
	/* a line whose only sign is "{" or "|" next to a letter stays as it is unless the
	 * document is 7-bit Swedish */
	unsigned work = g.flags & (unsigned)~(S_646ANY | S_UTF8NA | S_646 | S_BEYOND);
	if ((g.flags & S_646ANY) && s->mode == M_646)
		work = 1;
	if ((g.flags & S_646) && s->mode == M_AUTO && dec_is_646_doc(&s->ev))
		work = 1;
	if (!work) {
		rc = tv_writer_write(s->out, p, g.len);
		for (size_t i = 0; !g.ended && i < g.len; i++)
			s->col_base += (p[i] & 0xC0) != 0x80; /* a piece: columns go on */
	} else
		rc = process_line(s, p, g.content, g.flags, g.ended);
	if (g.ended)
		s->col_base = 0;
	s->proc += g.len;
	s->line += g.lines;
	s->seg_head++;
	s->nsegs--;
	if (!s->nsegs) {
		s->seg_head = 0;
		s->segs.len = 0;
	}
	return rc;
}

/* ------------------------------------------------------------------ set-up ---------- */

static int is_646_name(const char *name)
{
	for (size_t i = 0; names_646[i]; i++)
		if (!strcasecmp(name, names_646[i]))
			return 1;
	return 0;
}

/* Sets the mode from --from-code, or from a byte-order mark or UTF-16's zero bytes in
 * the first bytes p[0..n). Returns TV_EUSAGE for a name iconv does not know. */
static tv_status choose_mode(dstate *s, const char *from, const char *p, size_t n, size_t *skip)
{
	const char *conv = NULL;
	*skip = 0;
	if (from) {
		s->code = from;
		if (is_646_name(from)) {
			s->mode = M_646;
		} else if (!strcasecmp(from, "UTF-8") || !strcasecmp(from, "UTF8")) {
			s->mode = M_UTF8;
		} else {
			int t = dec_table_for(from, s->table);
			if (t == 0) {
				return tv_usage(
				    s->opts,
				    "--from-code: iconv does not know the encoding '%s' "
				    "('iconv -l' lists them)",
				    from);
			}
			if (t > 0)
				s->mode = M_TABLE;
			else
				conv = from;
		}
		/* the reading named, logged as a detected one is: every byte not ASCII changes */
		if (s->mode != M_UTF8)
			tv_audit(s->opts, 1, 0, from, "UTF-8", "encoding", 1.0);
	} else {
		conv = tv_sniff_unicode(p, n, skip);
		if (conv) {
			s->code = conv;
			tv_report(s->opts, TV_NOTE, s->name, 0, 0, "read as %s", conv);
			tv_audit(s->opts, 1, 0, conv, "UTF-8", "encoding", 1.0);
		}
	}
	if (conv) {
		s->cd = iconv_open("UTF-8", conv);
		if (s->cd == (iconv_t)-1)
			return TV_ESYSTEM;
		s->mode = M_UTF8;
		s->unit = strstr(conv, "32") ? 4 : strstr(conv, "16") ? 2 : 1;
	}
	return TV_OK;
}

static void final_reports(dstate *s)
{
	dec_fix *fx = &s->fx;
	if (fx->controls)
		tv_report(s->opts, TV_WARNING, s->name, fx->ctrl_line, fx->ctrl_col,
		          "%lu control character%s removed (the first, U+%04X, here)", fx->controls,
		          fx->controls == 1 ? "" : "s", (unsigned)fx->ctrl_cp);
	if (s->fffd_lines > FFFD_REPORTS)
		tv_report(s->opts, TV_WARNING, s->name, 0, 0,
		          "%lu lines in all had bytes replaced by U+FFFD", s->fffd_lines);
}

tv_status tv_decode_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	pthread_once(&kinds_once, build_byte_kinds);
	if (dec_tables_init())
		return TV_ESYSTEM;
	dstate st = {0};
	dstate *s = &st;
	s->opts = opts;
	s->in = in;
	s->out = out;
	s->name = tv_reader_name(in);
	s->cd = (iconv_t)-1;
	s->code = "UTF-8";
	s->line = s->scan_line = 1;
	s->shown_cp = -1;
	s->win.max = 4 * PIECE_MAX + 2 * LOOKAHEAD + 2 * READ_CHUNK;
	s->raw.max = 4 * READ_CHUNK;
	s->fx.opts = opts;
	s->fx.min_conf = opts ? opts->min_confidence : 0;
	s->fx.logging = opts && opts->log && (opts->log->fp || opts->log->capture);

	const char *p;
	size_t n, skip;
	tv_status rc = tv_reader_peek(in, SNIFF, &p, &n);
	if (rc) {
		tv_report(opts, TV_ERROR, s->name, 0, 0, "cannot read: %s", strerror(errno));
		return rc;
	}
	const char *from = tv_opt(opts, "from-code");
	int image = 0;
	const char *kind = tv_sniff_binary(p, n, &image);
	if (kind && (!from || image)) {
		tv_report(opts, TV_ERROR, s->name, 0, 0,
		          "this is %s, which 'tvatt decode' does not take; %s", kind,
		          image ? "use 'tvatt ocr' for images and PDFs"
		                : "decode reads text, in any encoding");
		return TV_EINPUT;
	}
	rc = choose_mode(s, from, p, n, &skip);
	if (!rc && skip) {
		char bom[4];
		rc = tv_reader_read(in, bom, skip, &n);
	}
	while (!rc) {
		while (!rc && !s->eof && s->scan - s->proc < LOOKAHEAD) {
			rc = fill(s);
			if (!rc)
				rc = scan_lines(s);
		}
		while (!rc && s->nsegs && (s->eof || s->scan - s->proc >= LOOKAHEAD))
			rc = process_front(s);
		if (s->eof && !s->nsegs)
			break;
	}
	if (rc == TV_EINPUT)
		tv_report(opts, TV_ERROR, s->name, s->line, 1, "cannot read: %s", strerror(errno));
	else if (rc == TV_ESYSTEM && !tv_writer_flush(out)) /* write errors: the command's */
		tv_report(opts, TV_ERROR, s->name, 0, 0, "out of memory");
	if (!rc)
		final_reports(s);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	tv_buf_free(&s->raw);
	tv_buf_free(&s->win);
	tv_buf_free(&s->segs);
	tv_buf_free(&s->o);
	tv_buf_free(&s->plain);
	dvec_free(&s->v);
	dvec_free(&s->fx.tmp);
	dvec_free(&s->fx.run);
	dvec_free(&s->fx.run2);
	tv_buf_free(&s->fx.fresh);
	tv_buf_free(&s->fx.fresh2);
	tv_buf_free(&s->fx.enc);
	return rc;
}
