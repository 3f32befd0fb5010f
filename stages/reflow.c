/*
 * reflow.c - the reflow stage: joins the lines of a paragraph (also across page breaks),
 * undoes Swedish end-of-line hyphenation, and writes Markdown: numbered and short
 * capital headings as "#" lines, list items as "- ", paragraphs as one line, each block
 * preceded by "<!-- tvatt page=P lines=A-B -->" (lines of this stage's input, P counted by
 * form feeds) and followed by a blank line. Pipe-table rows and HTML comment lines pass
 * through unchanged (a provenance comment already there is kept instead of a new one, so
 * the stage is idempotent). Paragraph ends are found from blank lines, or, where a dump
 * has none, from a short line ending a sentence against the page's measure. Streaming:
 * only the current block is held.
 */
#include "reflow.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const tv_optdef tv_reflow_optdefs[] = {{NULL, NULL, NULL}};

/* Words after which a hyphen at a line end is a suspended compound ("kompetens- och"). */
static const char *const suspend_words[] = {"och", "eller", "samt", "respektive", "till",
					    NULL};

enum block { B_NONE = 0, B_PARA, B_LIST, B_HEAD };

typedef struct state {
	tv_writer *out;
	const tv_opts *opts;
	tv_buf text;       /* the block being joined */
	tv_buf pending;    /* a provenance comment read from the input, for the next block */
	enum block kind;
	unsigned long first, last, page, page_at_start;
	size_t measure;    /* longest line (code points) seen on recent pages */
	size_t last_len;   /* length of the block's last input line */
	int last_end;      /* the last line ended a sentence */
} state;

static size_t cp_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int is_lower_start(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (islower(c))
		return 1;
	return c == 0xc3 && n > 1 && (unsigned char)s[1] >= 0xa0;
}

static int is_upper_start(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (isupper(c))
		return 1;
	return c == 0xc3 && n > 1 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xa0;
}

/* Writes the held block with its provenance comment and clears it. */
static tv_status flush(state *st)
{
	tv_status rc;
	if (st->kind == B_NONE)
		return TV_OK;
	if (st->pending.len)
		rc = tv_writer_write(st->out, st->pending.data, st->pending.len);
	else
		rc = tv_writer_printf(st->out, "<!-- tvatt page=%lu lines=%lu-%lu -->\n",
				      st->page_at_start, st->first, st->last);
	if (rc || (rc = tv_writer_write(st->out, st->text.data, st->text.len)) ||
	    (rc = tv_writer_puts(st->out, "\n\n")))
		return rc;
	tv_buf_clear(&st->text);
	tv_buf_clear(&st->pending);
	st->kind = B_NONE;
	return TV_OK;
}

/* Heading level of a numbered heading "2.1 Perioden som gått" (0 when it is not one). */
static int numbered_heading(const char *s, size_t n)
{
	size_t i = 0;
	int level = 0;
	if (n > 4 && !strncmp(s, "Mål ", 4 + 1) && isdigit((unsigned char)s[5]))
		return 2;
	if (n > 4 && !strncmp(s, "Mal ", 4) && isdigit((unsigned char)s[4]))
		return 2;
	while (i < n) {
		size_t d = 0;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, d++;
		if (!d || d > 2)
			return 0;
		level++;
		if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		break;
	}
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || s[i] != ' ' || level > 5)
		return 0;
	i++;
	if (!is_upper_start(s + i, n - i) || n > 90)
		return 0;
	unsigned char e = (unsigned char)s[n - 1];
	if (!(isalpha(e) || e >= 0x80 || e == ')'))
		return 0;
	return level;
}

/* A short line all in capitals ("FORVALTNINGSBERATTELSE"), at least two letters. */
static int caps_heading(const char *s, size_t n)
{
	size_t letters = 0;
	if (n > 60)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c))
			return 0;
		if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0xa0)
			return 0;
		letters += isupper(c) != 0;
	}
	return letters >= 4;
}

/* A short label ("Analys", "Indikatorer"): at most three words, capital first, no final
 * punctuation, under half the measure. */
static int is_label(const char *s, size_t n, size_t measure)
{
	size_t words = 1;
	if (!n || !is_upper_start(s, n) || cp_len(s, n) * 2 >= (measure > 40 ? measure : 40))
		return 0;
	for (size_t i = 0; i < n; i++)
		words += s[i] == ' ';
	unsigned char e = (unsigned char)s[n - 1];
	size_t lw = n;
	while (lw > 0 && s[lw - 1] != ' ')
		lw--;
	if (lw > 0 && n - lw <= 3 && is_lower_start(s + lw, n - lw))
		return 0; /* ends in a short word ("och", "for"): the line goes on */
	return n >= 3 && words <= 3 && (isalpha(e) || e >= 0x80);
}

/* Appends line s to the block, undoing a hyphenation at the end of the block. */
static tv_status join(state *st, const char *s, size_t n, unsigned long lineno)
{
	tv_buf *t = &st->text;
	if (!t->len)
		return tv_buf_append(t, s, n);
	if (t->len >= 2 && t->data[t->len - 1] == '-' && (isalnum((unsigned char)t->data[t->len - 2]) ||
	    (unsigned char)t->data[t->len - 2] >= 0x80)) {
		/* the word fragment before the hyphen */
		size_t a = t->len - 1;
		while (a > 0 && t->data[a - 1] != ' ')
			a--;
		const char *frag = t->data + a;
		size_t fl = t->len - 1 - a;
		size_t wl = 0;
		while (wl < n && s[wl] != ' ')
			wl++;
		int suspended = 0;
		for (int i = 0; suspend_words[i]; i++)
			if (wl == strlen(suspend_words[i]) && !strncmp(s, suspend_words[i], wl))
				suspended = 1;
		if (suspended)
			return tv_buf_putc(t, ' ') ? TV_ESYSTEM : tv_buf_append(t, s, n);
		int keep = !is_lower_start(s, n) || fl <= 1;
		for (size_t i = 0; i < fl; i++)
			if (isdigit((unsigned char)frag[i]) || (isupper((unsigned char)frag[i]) && i > 0))
				keep = 1;
		if (fl >= 2 && isupper((unsigned char)frag[0]) && isupper((unsigned char)frag[1]))
			keep = 1;
		if (!keep) {
			tv_audit(st->opts, lineno, 1, "-", "", "dehyphenate", 0.9);
			tv_buf_truncate(t, t->len - 1);
		}
		return tv_buf_append(t, s, n);
	}
	tv_status rc = tv_buf_putc(t, ' ');
	return rc ? rc : tv_buf_append(t, s, n);
}

static tv_status start(state *st, enum block kind, unsigned long lineno)
{
	tv_status rc = flush(st);
	st->kind = kind;
	st->first = st->last = lineno;
	st->page_at_start = st->page;
	return rc;
}

tv_status tv_reflow_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	state st;
	memset(&st, 0, sizeof st);
	st.out = out;
	st.opts = opts;
	st.page = 1;
	tv_status rc = TV_OK;
	unsigned long covered = 0; /* lines still covered by a furniture/figure comment */
	const char *line;
	size_t len;
	while (!(rc = tv_reader_line(in, &line, &len)) && line) {
		unsigned long ln = tv_reader_lineno(in);
		while (len && line[0] == '\f') {
			st.page++;
			st.measure = st.measure * 3 / 4;
			line++, len--;
		}
		if (covered) {
			/* lines kept by clean --keep-furniture pass through as they are */
			covered--;
			if ((rc = flush(&st)) || (rc = tv_writer_write(out, line, len)))
				break;
			if ((!len || line[len - 1] != '\n') && (rc = tv_writer_puts(out, "\n")))
				break;
			continue;
		}
		const char *s = line;
		size_t n = len;
		int indent = n && line[0] == ' ' && n > 1 && line[1] == ' ';
		trim(&s, &n);
		if (!n) {
			if ((rc = flush(&st)))
				break;
			continue;
		}
		if ((n >= 2 && s[0] == '|' && s[n - 1] == '|') || (n >= 4 && !strncmp(s, "<!--", 4))) {
			if ((rc = flush(&st)))
				break;
			if (!strncmp(s, "<!-- tvatt page=", 16)) {
				tv_buf_clear(&st.pending);
				if ((rc = tv_buf_append(&st.pending, s, n)) || (rc = tv_buf_putc(&st.pending, '\n')))
					break;
				continue;
			}
			if (!strncmp(s, "<!-- tvatt furniture ", 21) || !strncmp(s, "<!-- tvatt figure ", 18)) {
				const char *l = memmem(s, n, "lines=", 6);
				covered = l ? strtoul(l + 6, NULL, 10) : 0;
				if (covered > 1000)
					covered = 1000;
			}
			if ((rc = tv_writer_write(out, s, n)) || (rc = tv_writer_puts(out, "\n")))
				break;
			continue;
		}
		size_t cl = cp_len(s, n);
		if (cl > st.measure)
			st.measure = cl;
		size_t fw = 0;
		while (fw < n && s[fw] != ' ')
			fw++;
		size_t first_word = cp_len(s, fw);
		int nh = numbered_heading(s, n);
		if (nh && cl * 100 > (st.measure > 60 ? st.measure : 60) * 80)
			nh = 0; /* a full-measure line is body text, not a heading */
		int para_open = st.kind == B_PARA || st.kind == B_LIST;
		int boundary = !para_open || st.last_end || st.last_len * 10 < st.measure * 7;
		if (s[0] == '#' || (nh && boundary) ||
		    (boundary && caps_heading(s, n) && cl < 60)) {
			if ((rc = start(&st, B_HEAD, ln)))
				break;
			if (s[0] != '#') {
				for (int i = 0; i < (nh ? nh : 2); i++)
					if ((rc = tv_buf_putc(&st.text, '#')))
						break;
				if (rc || (rc = tv_buf_putc(&st.text, ' ')))
					break;
			}
			if ((rc = tv_buf_append(&st.text, s, n)) || (rc = flush(&st)))
				break;
			st.last_end = 1;
			continue;
		}
		if (st.kind == B_PARA && st.first == st.last && is_upper_start(s, n) &&
		    is_label(st.text.data, st.text.len, st.measure)) {
			/* a short label line followed by body text is a heading */
			tv_buf h = TV_BUF_INIT;
			if ((rc = tv_buf_puts(&h, "### ")) || (rc = tv_buf_append(&h, st.text.data, st.text.len))) {
				tv_buf_free(&h);
				break;
			}
			tv_buf_free(&st.text);
			st.text = h;
			st.kind = B_HEAD;
			if ((rc = flush(&st)))
				break;
			para_open = 0;
		}
		int list = n > 2 && s[0] == '-' && s[1] == ' ';
		int lastc = (unsigned char)s[n - 1];
		int ends = lastc == '.' || lastc == '!' || lastc == '?' || lastc == ':';
		int newpara = !para_open || list || indent ||
			      (st.kind == B_LIST && st.last_len + 1 + first_word + 2 <= st.measure &&
			       is_upper_start(s, n)) ||
			      (st.last_end && st.last_len + 1 + first_word + 2 <= st.measure &&
			       !is_lower_start(s, n));
		if (newpara) {
			if ((rc = start(&st, list ? B_LIST : B_PARA, ln)))
				break;
		}
		if ((rc = join(&st, s, n, ln)))
			break;
		st.last = ln;
		st.last_len = cl;
		st.last_end = ends;
	}
	if (!rc)
		rc = flush(&st);
	tv_buf_free(&st.text);
	tv_buf_free(&st.pending);
	return rc;
}
