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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const tv_optdef tv_reflow_optdefs[] = {{NULL, NULL, NULL}};

/* Prefixes that keep their hyphen before any word ("icke-statliga"). */
static const char *const hyphen_prefixes[] = {"icke", "Icke", NULL};

/* Words a heading does not end with: a line ending so goes on ("Arbetet med"). */
static const char *const open_words[] = {
	"och", "att", "i", "på", "för", "med", "av", "som", "till", "om", "den", "det", "en",
	"ett", "de", "är", "var", "har", "inte", "men", "eller", "så", "vid", "från", "under",
	"efter", "mot", "samt", "hos", "kan", "ska", NULL};

/* Words after which a hyphen at a line end is a suspended compound ("kompetens- och"). */
static const char *const suspend_words[] = {"och", "eller", "samt", "respektive", "till",
					    NULL};

enum block { B_NONE = 0, B_PARA, B_LIST, B_HEAD };

/* Text lines whose lengths give the measure (the longest of them), so that one column
 * width is learnt per stretch of the document and an odd long line is forgotten. */
#define MEASURE_LINES 64
/* A label heading ("Uppföljning av fullmäktiges mål") has at most this many words. */
#define LABEL_WORDS 6
#define PARA_MAX (1u << 20) /* bytes: a longer paragraph is cut (see main loop) */

typedef struct state {
	tv_writer *out;
	const tv_opts *opts;
	tv_buf text;       /* the block being joined */
	tv_buf pending;    /* a provenance comment read from the input, for the next block */
	enum block kind;
	unsigned long first, last, page, page_at_start;
	size_t measure;    /* longest of the recent text lines (code points) */
	size_t lens[MEASURE_LINES];
	size_t nlens;
	size_t fits[MEASURE_LINES]; /* last_len + 1 + next first word, where a line went on */
	size_t nfits;
	size_t fit_min;    /* a low percentile of fits: a line shorter than this was short */
	size_t last_len;   /* length of the block's last input line */
	size_t last_indent; /* its indentation */
	size_t body_indent; /* indentation of the last line that went on a paragraph */
	size_t item_col;   /* a list item's text column in the input (hanging indent) */
	int last_end;      /* the last line ended a sentence */
	int last_hyph;     /* the last line ended in a hyphen after a letter */
	int blank;         /* blank lines since the last text line */
	int page_break;    /* a form feed since the last text line */
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
	if (st->pending.len) {
		rc = tv_writer_write(st->out, st->pending.data, st->pending.len);
	} else {
		char c[96];
		int k = snprintf(c, sizeof c, "<!-- tvatt page=%lu lines=%lu-%lu -->\n",
				 st->page_at_start, st->first, st->last);
		rc = tv_writer_write(st->out, c, (size_t)k);
	}
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

/* A short label ("Analys", "Uppföljning av fullmäktiges mål"): at most LABEL_WORDS words,
 * capital first, no final punctuation, not ending in a word that goes on, under 60 % of
 * the measure. */
static int is_label(const char *s, size_t n, size_t measure)
{
	size_t words = 1;
	if (!n || !is_upper_start(s, n) || cp_len(s, n) * 5 >= (measure > 40 ? measure : 40) * 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		words += s[i] == ' ';
	unsigned char e = (unsigned char)s[n - 1];
	size_t lw = n;
	while (lw > 0 && s[lw - 1] != ' ')
		lw--;
	for (int i = 0; lw > 0 && open_words[i]; i++)
		if (n - lw == strlen(open_words[i]) && !memcmp(s + lw, open_words[i], n - lw))
			return 0; /* ends in a word that goes on ("och", "för") */
	return n >= 3 && words <= LABEL_WORDS && (isalpha(e) || e >= 0x80);
}

/* The line after the current one (past blank lines and form feeds) starts a sentence:
 * a capital, a digit or an indent. Peeks at the input without reading it. */
static int next_starts_sentence(tv_reader *in)
{
	const char *p;
	size_t n;
	if (tv_reader_peek(in, 512, &p, &n) || !n)
		return 0;
	size_t i = 0;
	while (i < n && (p[i] == '\n' || p[i] == '\f' || p[i] == '\r'))
		i++;
	size_t ind = 0;
	while (i < n && p[i] == ' ')
		i++, ind++;
	return i < n && (ind >= 2 || isdigit((unsigned char)p[i]) || is_upper_start(p + i, n - i));
}

/* A numbered list item's marker ("3. ", "2) ") before a capital; its length, or 0. */
static size_t ordered_marker(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 2 && isdigit((unsigned char)s[i]))
		i++;
	if (!i || i + 2 >= n || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ' ||
	    !is_upper_start(s + i + 2, n - i - 2))
		return 0;
	return i + 2;
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
		for (int i = 0; hyphen_prefixes[i]; i++)
			if (fl == strlen(hyphen_prefixes[i]) && !memcmp(frag, hyphen_prefixes[i], fl))
				keep = 1;
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

/* Learns the measure from a text line of length cl; lines laid out with wide gaps
 * (running headers, table rows) do not count. */
static void learn_measure(state *st, const char *s, size_t n, size_t cl)
{
	if (memmem(s, n, "   ", 3))
		return;
	size_t *slot = &st->lens[st->nlens++ % MEASURE_LINES], old = *slot;
	*slot = cl;
	if (cl >= st->measure) {
		st->measure = cl;
	} else if (old == st->measure) {
		/* the longest line was forgotten: find the next longest */
		size_t m = 0, k = st->nlens < MEASURE_LINES ? st->nlens : MEASURE_LINES;
		for (size_t i = 0; i < k; i++)
			if (st->lens[i] > m)
				m = st->lens[i];
		st->measure = m;
	}
}

/* Learns from a line that certainly went on (the next began in lower case, no hyphen):
 * its length plus the next first word did not fit. The 10th percentile of such sums over
 * the recent lines is where lines break; in a monospaced dump it is the measure plus one,
 * in a proportional font's dump a little lower. */
static void learn_fit(state *st, size_t fw)
{
	st->fits[st->nfits++ % MEASURE_LINES] = st->last_len + 1 + fw;
	size_t k = st->nfits < MEASURE_LINES ? st->nfits : MEASURE_LINES;
	if (k < 8 || (st->nfits % 16 && k == MEASURE_LINES))
		return;
	size_t v[MEASURE_LINES];
	memcpy(v, st->fits, k * sizeof v[0]);
	for (size_t i = 1; i < k; i++) /* insertion sort of at most 64 */
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			size_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	st->fit_min = v[k / 10];
}

/* The last line was short: the first word of the next line (fw code points) would have
 * fitted after it, so the line ended because its paragraph did. */
static int short_line(const state *st, size_t fw)
{
	size_t need = st->last_len + 1 + fw;
	if (st->fit_min)
		return need < st->fit_min;
	return need + 2 <= st->measure;
}

/* Does line s (indented by indent, first word fw code points) begin a new paragraph
 * rather than go on with the open one? Across a page break the blank lines and the
 * removed furniture around it say nothing; elsewhere a blank line ends the paragraph, and
 * in dumps without blank lines a short last line ending a sentence, or a first-line
 * indent, does. A hyphen at the end of the last line always joins. */
static int new_paragraph(const state *st, const char *s, size_t n, size_t indent, size_t fw)
{
	int lower = is_lower_start(s, n);
	if (st->last_hyph && (st->page_break || !st->blank || lower))
		return 0;
	if (st->kind == B_LIST && !lower && short_line(st, fw) && !st->last_hyph)
		return 1; /* a short item line, then a capital: the item has ended */
	if (st->kind == B_LIST && indent >= 2 && indent == st->item_col && !st->blank &&
	    (!st->last_end || lower))
		return 0; /* a wrapped list item, hanging indent */
	if (st->page_break)
		return st->last_end && !lower && (short_line(st, fw) || indent >= st->last_indent + 2);
	if (st->blank)
		return 1;
	if (!st->last_end || lower)
		return 0;
	if (indent >= st->last_indent + 2 || indent >= st->body_indent + 2)
		return 1; /* a first-line indent */
	return short_line(st, fw);
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
	unsigned long added = 0;   /* comment lines clean added: not lines of its input */
	const char *line;
	size_t len;
	while (!(rc = tv_reader_line(in, &line, &len)) && line) {
		unsigned long ln = tv_reader_lineno(in) - added;
		while (len && line[0] == '\f') {
			st.page++;
			st.page_break = 1;
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
		size_t indent = 0;
		while (indent < n && line[indent] == ' ')
			indent++;
		trim(&s, &n);
		if (!n) {
			st.blank++;
			continue;
		}
		if ((n >= 2 && s[0] == '|' && s[n - 1] == '|') || (n >= 4 && !strncmp(s, "<!--", 4))) {
			if ((rc = flush(&st)))
				break;
			st.blank = st.page_break = 0;
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
				added++;
			}
			if ((rc = tv_writer_write(out, s, n)) || (rc = tv_writer_puts(out, "\n")))
				break;
			continue;
		}
		size_t cl = cp_len(s, n);
		learn_measure(&st, s, n, cl + indent);
		size_t fw = 0;
		while (fw < n && s[fw] != ' ')
			fw++;
		size_t first_word = cp_len(s, fw);
		/* "- " starts a list item, unless a dash goes on a sentence ("tid - och") */
		int list = n > 2 && s[0] == '-' && s[1] == ' ' &&
			   !((st.kind == B_PARA || st.kind == B_LIST) && !st.last_end && !st.blank &&
			     is_lower_start(s + 2, n - 2));
		int para_open = st.kind == B_PARA || st.kind == B_LIST;
		size_t om = ordered_marker(s, n);
		if (om && para_open && !st.last_end && !st.blank && !st.page_break)
			om = 0; /* "enligt kapitel / 3. Detta": a number going on a sentence */
		list |= om > 0;
		/* a short label line followed by body text is a heading */
		int label = st.kind == B_PARA && st.first == st.last && is_upper_start(s, n) &&
			    !st.page_break && is_label(st.text.data, st.text.len, st.measure);
		/* a paragraph longer than PARA_MAX (an input without paragraph ends) is cut
		 * there, so memory stays bounded; never inside a word split at a line end */
		int too_long = st.text.len >= PARA_MAX && (!st.last_hyph || st.text.len >= 2 * PARA_MAX);
		int newpara = !para_open || list || label || too_long ||
			      new_paragraph(&st, s, n, indent, first_word);
		int nh = numbered_heading(s, n);
		if (nh && cl * 100 > (st.measure > 60 ? st.measure : 60) * 80)
			nh = 0; /* a full-measure line is body text, not a heading */
		/* a short label after a sentence, with a sentence after it: a heading */
		int label_head = !nh && (newpara || st.last_end) && !list &&
				 is_label(s, n, st.measure) && next_starts_sentence(in);
		if (s[0] == '#' || (nh && (newpara || st.last_end)) || label_head ||
		    ((newpara || st.last_end) && caps_heading(s, n) && cl < 60)) {
			if ((rc = start(&st, B_HEAD, ln)))
				break;
			if (s[0] != '#') {
				for (int i = 0; i < (nh ? nh : label_head && !caps_heading(s, n) ? 3 : 2); i++)
					if ((rc = tv_buf_putc(&st.text, '#')))
						break;
				if (rc || (rc = tv_buf_putc(&st.text, ' ')))
					break;
			}
			if ((rc = tv_buf_append(&st.text, s, n)) || (rc = flush(&st)))
				break;
			st.last_end = 1;
			st.last_hyph = 0;
			st.blank = st.page_break = 0;
			continue;
		}
		if (label) {
			tv_buf h = TV_BUF_INIT;
			if ((rc = tv_buf_puts(&h, "### ")) || (rc = tv_buf_append(&h, st.text.data, st.text.len))) {
				tv_buf_free(&h);
				break;
			}
			tv_buf_free(&st.text);
			st.text = h;
			st.kind = B_HEAD;
		}
		if (newpara) {
			if ((rc = start(&st, list ? B_LIST : B_PARA, ln)))
				break;
			st.item_col = list ? indent + (om ? om : 2) : 0;
		} else {
			if (!st.last_hyph && !st.page_break && is_lower_start(s, n))
				learn_fit(&st, first_word);
			if (st.kind == B_PARA)
				st.body_indent = indent;
		}
		if ((rc = join(&st, s, n, ln)))
			break;
		int lastc = (unsigned char)s[n - 1];
		st.last = ln;
		st.last_len = cl + indent;
		st.last_indent = indent;
		st.last_end = lastc == '.' || lastc == '!' || lastc == '?' || lastc == ':' ||
			      ((lastc == ')' || lastc == '"' || lastc == 0x9d) && n >= 2 &&
			       strchr(".!?", s[n - 2 - (lastc == 0x9d ? 2 : 0)]));
		st.last_hyph = n >= 2 && lastc == '-' && s[n - 2] != ' ';
		st.blank = st.page_break = 0;
	}
	if (!rc)
		rc = flush(&st);
	tv_buf_free(&st.text);
	tv_buf_free(&st.pending);
	return rc;
}
