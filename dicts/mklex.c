/*
 * mklex.c - compiles the restore stage's dictionary sources into one file that the stage
 * maps into memory (layout in stages/restore_lex.h). Run by make; takes under a few
 * seconds, so CI builds it from scratch.
 *
 *   mklex OUT WORDS PAIRS TRIPLES FORMS CONFUSIONS NAMES...
 *
 * WORDS: word <TAB> count <TAB> followers <TAB> capitalised (dicts/words.tsv.gz,
 * decompressed); PAIRS: word1
 * <TAB> word2 <TAB> count; TRIPLES: word1 <TAB> word2 <TAB> = <TAB> count <TAB> followers
 * for each pair history, then word1 <TAB> word2 <TAB> word3 <TAB> count; FORMS: one
 * hunspell-sv form a line; CONFUSIONS: true <TAB>
 * observed <TAB> count <TAB> probability; NAMES: name lists, one name a line (words of a
 * name are entered one by one). Lines starting with '#' are comments. Forms are
 * lowercased with utf8proc. The output is written to OUT.tmp and renamed.
 */
#include "tvatt.h"
#include "../stages/restore_lex.h"
#include "../stages/restore_search.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Absolute discount of the word-pair model, and the pseudo-counts of forms that the
 * corpus did not count: a hunspell form, a name. */
#define DISCOUNT 0.75
#define PC_FORM 0.3
#define PC_NAME 2.0

typedef struct wentry {
	uint32_t str;   /* offset into strings */
	uint32_t len;
	double count;
	uint32_t followers;
	uint32_t flags;
	uint32_t fold;
} wentry;

typedef struct pentry {
	uint32_t a, b, count;
} pentry;

static tv_buf strings = TV_BUF_INIT;
static tv_buf words = TV_BUF_INIT; /* wentry[] */
static uint32_t nwords;
static uint32_t *whash;
static uint32_t wbits;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "mklex: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(1);
}

static void check(tv_status rc)
{
	if (rc)
		die("out of memory", NULL);
}

static wentry *W(uint32_t id)
{
	return (wentry *)(void *)words.data + id;
}

static uint32_t add_string(const char *s, size_t n)
{
	uint32_t off = (uint32_t)strings.len;
	check(tv_buf_append(&strings, s, n));
	check(tv_buf_putc(&strings, 0));
	return off;
}

static void rehash(void)
{
	free(whash);
	wbits = 10;
	while ((1u << wbits) < 2 * (nwords + 1))
		wbits++;
	whash = calloc((size_t)1 << wbits, sizeof *whash);
	if (!whash)
		die("out of memory", NULL);
	uint32_t mask = (1u << wbits) - 1;
	for (uint32_t i = 0; i < nwords; i++) {
		uint32_t h = (uint32_t)lex_hash(strings.data + W(i)->str, W(i)->len) & mask;
		while (whash[h])
			h = (h + 1) & mask;
		whash[h] = i + 1;
	}
}

static uint32_t find(const char *s, size_t n)
{
	if (!whash)
		return LEX_NONE;
	uint32_t mask = (1u << wbits) - 1;
	for (uint32_t h = (uint32_t)lex_hash(s, n) & mask; whash[h]; h = (h + 1) & mask) {
		wentry *e = W(whash[h] - 1);
		if (e->len == n && memcmp(strings.data + e->str, s, n) == 0)
			return whash[h] - 1;
	}
	return LEX_NONE;
}

/* The id of form s, added when new. */
static uint32_t intern(const char *s, size_t n)
{
	uint32_t id = find(s, n);
	if (id != LEX_NONE)
		return id;
	wentry e = {add_string(s, n), (uint32_t)n, 0, 0, 0, 0};
	check(tv_buf_append(&words, &e, sizeof e));
	nwords++;
	if (!whash || 2 * (nwords + 1) > (1u << wbits))
		rehash();
	else {
		uint32_t mask = (1u << wbits) - 1;
		uint32_t h = (uint32_t)lex_hash(s, n) & mask;
		while (whash[h])
			h = (h + 1) & mask;
		whash[h] = nwords;
	}
	return nwords - 1;
}

static FILE *open_in(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die(strerror(errno), path);
	return f;
}

/* Splits line into at most max tab-separated fields (newline removed); returns count. */
static int fields(char *line, char **f, int max)
{
	line[strcspn(line, "\r\n")] = 0;
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < max; p++)
		if (*p == '\t') {
			*p = 0;
			f[k++] = p + 1;
		}
	return k;
}

/* Lowercases UTF-8 s into out (NUL-terminated); returns its length or 0 on bad input. */
static size_t lower(const char *s, char *out, size_t cap)
{
	utf8proc_int32_t c;
	size_t k = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
		if (n <= 0)
			return 0;
		p += n;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(c), enc);
		if (k + (size_t)m + 1 > cap)
			return 0;
		memcpy(out + k, enc, (size_t)m);
		k += (size_t)m;
	}
	out[k] = 0;
	return k;
}

static int has_swedish(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xc3 &&
		    ((unsigned char)s[i + 1] == 0xa5 || (unsigned char)s[i + 1] == 0xa4 ||
		     (unsigned char)s[i + 1] == 0xb6))
			return 1;
	return 0;
}

static void read_words(const char *path)
{
	FILE *f = open_in(path);
	char line[4096], *fl[5];
	while (fgets(line, sizeof line, f)) {
		int k = line[0] == '#' ? 0 : fields(line, fl, 5);
		if (k < 3)
			continue;
		uint32_t id = intern(fl[0], strlen(fl[0]));
		double count = strtod(fl[1], NULL), caps = k > 3 ? strtod(fl[3], NULL) : 0;
		W(id)->count += count;
		W(id)->followers += (uint32_t)strtoul(fl[2], NULL, 10);
		W(id)->flags |= LEXW_CORPUS;
		/* written with a capital inside a sentence at least half the time: a name */
		if (caps >= 0.5 * count && count > 0)
			W(id)->flags |= LEXW_PROPER;
	}
	fclose(f);
}

static void read_forms(const char *path)
{
	FILE *f = open_in(path);
	char line[4096], *fl[2];
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || fields(line, fl, 2) < 1 || !fl[0][0])
			continue;
		W(intern(fl[0], strlen(fl[0])))->flags |= LEXW_HUNSPELL;
	}
	fclose(f);
}

/* Enters the genitive of the name s[0..n) ("Västmanlands", "Skellefteås"; a name ending
 * in s, x or z is its own genitive) as a name, unless the corpus writes it small. */
static void add_genitive(const char *s, size_t n)
{
	char g[4096];
	char last = s[n - 1];
	if (n + 2 > sizeof g || last == 's' || last == 'x' || last == 'z')
		return;
	memcpy(g, s, n);
	g[n] = 's';
	wentry *e = W(intern(g, n + 1));
	e->flags |= LEXW_NAME;
	if (!(e->flags & LEXW_CORPUS) || (e->flags & LEXW_PROPER))
		e->flags |= LEXW_PROPER;
}

static void read_names(const char *path)
{
	FILE *f = open_in(path);
	char line[4096], low[4096];
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\r\n")] = 0;
		if (!lower(line, low, sizeof low))
			continue;
		for (char *p = low; *p;) {
			size_t n = strcspn(p, " -");
			/* a word of a longer name that the corpus writes small ("Inspektionen
			 * för vård och omsorg") is no name */
			if (n) {
				wentry *e = W(intern(p, n));
				e->flags |= LEXW_NAME;
				if (!(e->flags & LEXW_CORPUS) || (e->flags & LEXW_PROPER)) {
					e->flags |= LEXW_PROPER;
					add_genitive(p, n);
				}
			}
			p += n;
			if (*p)
				p++;
		}
	}
	fclose(f);
}

/*
 * Compound parts, learned from the forms themselves: a form is a modifier when at least
 * PART_MIN other forms are it followed by a form (of 3+ letters, perhaps after a linking
 * s), and a head when at least PART_MIN forms are a form of 3+ letters followed by it.
 * "liv" (livsstil, livsmedel) is a modifier; "som" or "rade" are not.
 */
#define PART_MIN 1
static void mark_parts(void)
{
	uint32_t *mods = calloc(nwords, sizeof *mods), *heads = calloc(nwords, sizeof *heads);
	/* the counts kept with the forms take one split per form, the one with the longest
	 * head: "bygg|stål", not also "byggs|tål" */
	uint32_t *mods1 = calloc(nwords, sizeof *mods1), *heads1 = calloc(nwords, sizeof *heads1);
	if (!mods || !heads || !mods1 || !heads1)
		die("out of memory", NULL);
	for (uint32_t i = 0; i < nwords; i++) {
		const wentry *e = W(i);
		const char *s = strings.data + e->str;
		if (s[0] == '<' || e->len < 6)
			continue;
		int first = 1;
		for (uint32_t k = 3; k + 3 <= e->len; k++) {
			if (((unsigned char)s[k] & 0xc0) == 0x80)
				continue; /* inside a character */
			uint32_t a = find(s, k), b = find(s + k, e->len - k);
			if (b == LEX_NONE)
				continue;
			if (a == LEX_NONE && !(k > 3 && s[k - 1] == 's' && (a = find(s, k - 1)) != LEX_NONE))
				continue;
			mods[a]++;
			heads[b]++;
			if (first) {
				mods1[a]++;
				heads1[b]++;
				first = 0;
			}
		}
	}
	for (uint32_t i = 0; i < nwords; i++) {
		if (tv_utf8_chars(strings.data + W(i)->str, W(i)->len) < 3)
			continue;
		if (mods[i] >= PART_MIN)
			W(i)->flags |= LEXW_MOD;
		if (heads[i] >= PART_MIN)
			W(i)->flags |= LEXW_HEAD;
		uint32_t m = mods1[i] < LEX_PART_MAX ? mods1[i] : LEX_PART_MAX,
			 h = heads1[i] < LEX_PART_MAX ? heads1[i] : LEX_PART_MAX;
		W(i)->flags |= m << 8 | h << 20;
	}
	free(mods);
	free(heads);
	free(mods1);
	free(heads1);
}

static int cmp_pair(const void *x, const void *y)
{
	const pentry *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* fold group building */
typedef struct fentry {
	uint32_t key;   /* string offset */
	uint32_t len;
	tv_buf ids;     /* uint32_t[] */
} fentry;

static tv_buf folds = TV_BUF_INIT; /* fentry[] */
static uint32_t nfolds;

static fentry *F(uint32_t i)
{
	return (fentry *)(void *)folds.data + i;
}

static int cmp_by_count_desc(const void *x, const void *y)
{
	const wentry *a = W(*(const uint32_t *)x), *b = W(*(const uint32_t *)y);
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->str < b->str ? -1 : 1;
}

static double pseudo_count(const wentry *e)
{
	double c = e->count;
	if (c <= 0)
		c = (e->flags & LEXW_NAME) ? PC_NAME : PC_FORM;
	else if (e->flags & LEXW_NAME)
		c += PC_NAME;
	return c;
}

/* Appends n bytes of p to out, padded to 8 bytes; returns the offset it starts at. */
static uint64_t put(tv_buf *out, const void *p, size_t n)
{
	uint64_t off = out->len;
	check(tv_buf_append(out, p, n));
	while (out->len % 8)
		check(tv_buf_putc(out, 0));
	return off;
}

/* A fold key as code points, and its fold group (put_trie). */
typedef struct tkey {
	int32_t cp[64];
	int n;
	uint32_t g;
} tkey;

static int cmp_tkey(const void *x, const void *y)
{
	const tkey *a = x, *b = y;
	for (int i = 0; i < a->n && i < b->n; i++)
		if (a->cp[i] != b->cp[i])
			return a->cp[i] < b->cp[i] ? -1 : 1;
	return (a->n > b->n) - (a->n < b->n);
}

/* The trie's bytes, growing, and the alphabet (restore_lex.h, lex_alpha). */
static tv_buf trie = TV_BUF_INIT;
static lex_alpha alpha;

static uint8_t alpha_index(int32_t c)
{
	for (uint32_t k = 0; k < alpha.n; k++)
		if (alpha.cp[k] == c)
			return (uint8_t)(k + 1);
	die("a code point outside the trie's alphabet", NULL);
	return 0;
}

/* Writes the node of the keys k[0..n) that share their first depth code points (sorted:
 * a key that ends here comes first), then its children's subtrees in order, the first
 * child's right after the node (restore_lex.h); returns the node's offset. */
static uint32_t put_node(const tkey *k, size_t n, int depth)
{
	uint32_t at = (uint32_t)trie.len;
	int end = k[0].n == depth;
	size_t from = end ? 1 : 0;
	/* the children: runs of keys with the same code point at depth */
	size_t start[256];
	int nc = 0;
	for (size_t i = from; i < n; i++)
		if (i == from || k[i].cp[depth] != k[i - 1].cp[depth]) {
			if (nc == 255)
				die("a trie node with too many children", NULL);
			start[nc++] = i;
		}
	start[nc] = n;
	check(tv_buf_putc(&trie, (char)nc));
	check(tv_buf_putc(&trie, (char)end));
	for (int c = 0; c < nc; c++)
		check(tv_buf_putc(&trie, (char)alpha_index(k[start[c]].cp[depth])));
	if (end)
		check(tv_buf_append(&trie, &k[0].g, 4));
	size_t offs = trie.len; /* the offsets of children 2..nc, filled in below */
	for (int c = 1; c < nc; c++)
		check(tv_buf_append(&trie, "\0\0\0\0", 4));
	for (int c = 0; c < nc; c++) {
		uint32_t o = put_node(k + start[c], start[c + 1] - start[c], depth + 1);
		if (c > 0)
			memcpy(trie.data + offs + 4 * (size_t)(c - 1), &o, 4);
	}
	return at;
}

/* Builds the trie of the fold keys (restore_lex.h) into out; sets *size to its bytes
 * (the alphabet and the nodes). */
static uint64_t put_trie(tv_buf *out, const lex_fold *fl, uint32_t n, uint32_t *size)
{
	tkey *keys = malloc((size_t)n * sizeof *keys);
	if (!keys)
		die("out of memory", NULL);
	memset(&alpha, 0, sizeof alpha);
	for (uint32_t g = 0; g < n; g++) {
		const char *s = strings.data + fl[g].str;
		utf8proc_ssize_t i = 0, len = (utf8proc_ssize_t)strlen(s);
		keys[g].n = 0;
		keys[g].g = g;
		while (i < len) {
			utf8proc_int32_t c;
			utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &c);
			if (m <= 0)
				die("bad UTF-8 in a fold key", s);
			if (keys[g].n == 64)
				die("a fold key too long for the trie", s);
			keys[g].cp[keys[g].n++] = c;
			i += m;
			int seen = 0;
			for (uint32_t k = 0; k < alpha.n && !seen; k++)
				seen = alpha.cp[k] == c;
			if (!seen) {
				if (alpha.n == 255)
					die("more than 255 code points in the fold keys", NULL);
				alpha.cp[alpha.n++] = c;
			}
		}
	}
	/* the alphabet in code point order, so that a node's labels are sorted too */
	for (uint32_t a = 1; a < alpha.n; a++)
		for (uint32_t b = a; b > 0 && alpha.cp[b - 1] > alpha.cp[b]; b--) {
			int32_t t = alpha.cp[b];
			alpha.cp[b] = alpha.cp[b - 1];
			alpha.cp[b - 1] = t;
		}
	for (uint32_t k = 0; k < alpha.n; k++)
		if (alpha.cp[k] < 256)
			alpha.map[alpha.cp[k]] = (uint8_t)(k + 1);
	qsort(keys, n, sizeof *keys, cmp_tkey);
	check(tv_buf_putc(&trie, 0)); /* offset 0 is no node: the root is at LEX_TRIE_ROOT */
	if (!n) /* no key: a root without children */
		check(tv_buf_append(&trie, "\0\0", 2));
	else if (put_node(keys, n, 0) != LEX_TRIE_ROOT)
		die("the trie's root is misplaced", NULL);
	if (trie.len > UINT32_MAX)
		die("the trie is too large", NULL);
	while (out->len % 64)
		check(tv_buf_putc(out, 0));
	uint64_t off = put(out, &alpha, sizeof alpha);
	put(out, trie.data, trie.len);
	*size = (uint32_t)trie.len;
	fprintf(stderr, "mklex: fold key trie: %u code points, %.1f MB\n", alpha.n,
		(double)trie.len / 1048576.0);
	tv_buf_free(&trie);
	free(keys);
	return off;
}

/*
 * Marks the forms of the lexicon written to path (its bytes also in out, the records at
 * off_words) that restore's variant search reads back as themselves alone (LEXW_ALONE,
 * tv_search_alone: the search of stages/restore_search.c, run here as restore runs it
 * on an OCR page), and writes their records again. Restore then takes such a form as its
 * own one candidate without searching. Returns how many were marked.
 */
static uint32_t mark_alone(const char *path, tv_buf *out, uint64_t off_words, uint32_t n)
{
	tv_lex *lx = tv_lex_open(path);
	chan *ocr = malloc(sizeof *ocr);
	variants *v = malloc(sizeof *v);
	rule *rules = malloc(MAX_RULES * sizeof *rules);
	if (!lx || !ocr || !v || !rules)
		die("cannot read back", path);
	int nrules = tv_search_rules(lx, rules);
	/* the damage rate sets the rules' costs, which the search does not read */
	tv_search_channel(ocr, lx, rules, nrules, CH_OCR, 0.5, 0);
	lex_word *recs = (lex_word *)(void *)(out->data + off_words);
	uint32_t marked = 0;
	for (uint32_t id = 0; id < n; id++)
		if (tv_search_alone(lx, ocr, id, v)) {
			recs[id].flags |= LEXW_ALONE;
			marked++;
		}
	tv_lex_close(lx);
	free(ocr);
	free(v);
	free(rules);
	FILE *f = fopen(path, "r+b");
	if (!f || fseek(f, (long)off_words, SEEK_SET) != 0 ||
	    fwrite(recs, sizeof *recs, n, f) != n || fclose(f) != 0)
		die("cannot write", path);
	return marked;
}

int main(int argc, char **argv)
{
	if (argc < 8)
		die("usage: mklex OUT WORDS PAIRS TRIPLES FORMS CONFUSIONS CONTEXT NAMES...", NULL);
	strings.max = words.max = folds.max = (size_t)1 << 31;
	add_string("", 0); /* offset 0 is the empty string */
	read_words(argv[2]);
	read_forms(argv[5]);
	for (int i = 8; i < argc; i++)
		read_names(argv[i]);
	uint32_t id_s = intern("<s>", 3), id_num = intern("<num>", 5), id_end = intern("</s>", 4);

	double total = 0, sw = 0;
	for (uint32_t i = 0; i < nwords; i++) {
		wentry *e = W(i);
		if (i == id_s || i == id_num || i == id_end || strings.data[e->str] == '<')
			continue;
		total += e->count;
		if (has_swedish(strings.data + e->str, e->len))
			sw += e->count;
	}
	mark_parts();
	if (total <= 0)
		die("no word counts", argv[2]);

	/* fold groups */
	{
		uint32_t fbits = 10;
		while ((1u << fbits) < 2 * (nwords + 1))
			fbits++;
		uint32_t *fh = calloc((size_t)1 << fbits, sizeof *fh), mask = (1u << fbits) - 1;
		if (!fh)
			die("out of memory", NULL);
		char key[1024];
		for (uint32_t i = 0; i < nwords; i++) {
			wentry *e = W(i);
			size_t k = lex_fold_key(strings.data + e->str, e->len, key, sizeof key);
			if (k == (size_t)-1)
				die("form too long", strings.data + e->str);
			uint32_t h = (uint32_t)lex_hash(key, k) & mask, g = LEX_NONE;
			for (; fh[h]; h = (h + 1) & mask)
				if (F(fh[h] - 1)->len == k &&
				    memcmp(strings.data + F(fh[h] - 1)->key, key, k) == 0) {
					g = fh[h] - 1;
					break;
				}
			if (g == LEX_NONE) {
				/* the key string: the form itself when they are equal */
				uint32_t off = memcmp(key, strings.data + e->str, k) == 0 && k == e->len
						       ? e->str
						       : add_string(key, k);
				fentry fe = {off, (uint32_t)k, TV_BUF_INIT};
				check(tv_buf_append(&folds, &fe, sizeof fe));
				g = nfolds++;
				fh[h] = g + 1;
				if (2 * (nfolds + 1) > (1u << fbits))
					die("fold table full", NULL);
			}
			e->fold = g;
			check(tv_buf_append(&F(g)->ids, &i, sizeof i));
		}
		free(fh);
	}

	/* word pairs */
	tv_buf pairs = TV_BUF_INIT;
	pairs.max = (size_t)1 << 31;
	{
		FILE *f = open_in(argv[3]);
		char line[4096], *fl[4];
		while (fgets(line, sizeof line, f)) {
			if (line[0] == '#' || fields(line, fl, 4) < 3)
				continue;
			uint32_t a = find(fl[0], strlen(fl[0])), b = find(fl[1], strlen(fl[1]));
			if (a == LEX_NONE || b == LEX_NONE)
				continue;
			pentry p = {a, b, (uint32_t)strtoul(fl[2], NULL, 10)};
			check(tv_buf_append(&pairs, &p, sizeof p));
		}
		fclose(f);
	}
	uint32_t npairs = (uint32_t)(pairs.len / sizeof(pentry));
	qsort(pairs.data, npairs, sizeof(pentry), cmp_pair);

	/* word triples: histories first, then triples, gathered as (history index, third
	 * word, count) in raw */
	tv_buf hists = TV_BUF_INIT, raw = TV_BUF_INIT;
	hists.max = raw.max = (size_t)1 << 31;
	uint32_t nhist = 0, ntri = 0, hbits = 10;
	uint32_t *hh = NULL;
	{
		FILE *f = open_in(argv[4]);
		char line[4096], *fl[5];
		while (fgets(line, sizeof line, f)) {
			int k = line[0] == '#' ? 0 : fields(line, fl, 5);
			if (k < 4)
				continue;
			uint32_t a = find(fl[0], strlen(fl[0])), b = find(fl[1], strlen(fl[1]));
			if (a == LEX_NONE || b == LEX_NONE)
				continue;
			if (!strcmp(fl[2], "=") && k == 5) {
				lex_hist x = {a, b, (uint32_t)strtoul(fl[3], NULL, 10),
					      (uint32_t)strtoul(fl[4], NULL, 10)};
				if (!x.count) /* 0 marks an empty slot in the lexicon */
					die("a pair history counted 0 times", fl[0]);
				check(tv_buf_append(&hists, &x, sizeof x));
				nhist++;
				continue;
			}
			if (!hh) { /* all histories read: hash them */
				while ((1u << hbits) < 2 * (nhist + 1))
					hbits++;
				hh = calloc((size_t)1 << hbits, sizeof *hh);
				if (!hh)
					die("out of memory", NULL);
				for (uint32_t i = 0; i < nhist; i++) {
					const lex_hist *x = (const lex_hist *)(const void *)hists.data + i;
					uint32_t h = (uint32_t)lex_hash_pair(x->a, x->b) & ((1u << hbits) - 1);
					while (hh[h])
						h = (h + 1) & ((1u << hbits) - 1);
					hh[h] = i + 1;
				}
			}
			uint32_t c = find(fl[2], strlen(fl[2]));
			if (c == LEX_NONE)
				continue;
			uint32_t mask = (1u << hbits) - 1, hi = LEX_NONE;
			for (uint32_t h = (uint32_t)lex_hash_pair(a, b) & mask; hh[h]; h = (h + 1) & mask) {
				const lex_hist *x = (const lex_hist *)(const void *)hists.data + hh[h] - 1;
				if (x->a == a && x->b == b) {
					hi = hh[h] - 1;
					break;
				}
			}
			if (hi == LEX_NONE)
				continue;
			pentry p = {hi, c, (uint32_t)strtoul(fl[3], NULL, 10)};
			check(tv_buf_append(&raw, &p, sizeof p));
		}
		fclose(f);
		ntri = (uint32_t)(raw.len / sizeof(pentry));
		if (!hh) {
			hh = calloc((size_t)1 << hbits, sizeof *hh);
			if (!hh)
				die("out of memory", NULL);
		}
	}

	/* confusions */
	tv_buf conf = TV_BUF_INIT;
	{
		FILE *f = open_in(argv[6]);
		char line[4096], *fl[4];
		while (fgets(line, sizeof line, f)) {
			if (line[0] == '#' || fields(line, fl, 4) < 4 || !fl[0][0])
				continue;
			lex_conf c = {add_string(fl[0], strlen(fl[0])), add_string(fl[1], strlen(fl[1])),
				      (float)strtod(fl[3], NULL), (uint32_t)strtoul(fl[2], NULL, 10)};
			check(tv_buf_append(&conf, &c, sizeof c));
		}
		fclose(f);
	}

	/* assemble */
	tv_buf out = TV_BUF_INIT;
	out.max = (size_t)1 << 31;
	lex_header hd;
	memset(&hd, 0, sizeof hd);
	memcpy(hd.magic, LEX_MAGIC, sizeof LEX_MAGIC);
	hd.nwords = nwords;
	hd.nfold = nfolds;
	hd.npairs = npairs;
	hd.nconf = (uint32_t)(conf.len / sizeof(lex_conf));
	hd.word_bits = wbits;
	hd.id_start = id_s;
	hd.id_num = id_num;
	hd.id_end = id_end;
	hd.total = total;
	hd.swedish = sw / total;
	for (uint32_t i = 0; i < nwords; i++) {
		hd.part_mods += lex_mods(W(i)->flags);
		hd.part_heads += lex_heads(W(i)->flags);
	}
	put(&out, &hd, sizeof hd);
	hd.off_strings = put(&out, strings.data, strings.len);

	tv_buf lw = TV_BUF_INIT;
	lw.max = (size_t)1 << 31;
	for (uint32_t i = 0; i < nwords; i++) {
		const wentry *e = W(i);
		lex_word x;
		memset(&x, 0, sizeof x);
		x.str = e->str;
		x.fold = e->fold;
		x.flags = e->flags;
		x.lp = (float)log(pseudo_count(e) / total);
		if (e->count > 0 && e->followers > 0) {
			x.lbw = (float)log(DISCOUNT * e->followers / e->count);
			x.lhist = (float)log(e->count);
		}
		check(tv_buf_append(&lw, &x, sizeof x));
	}
	hd.off_words = put(&out, lw.data, lw.len);
	tv_buf_free(&lw);
	rehash();
	hd.word_bits = wbits;
	hd.id_bits = 1; /* ids (of forms and of fold groups) are below 1 << id_bits */
	while (((uint64_t)1 << hd.id_bits) - 1 < nwords)
		hd.id_bits++;
	{
		/* the slots as the reader has them: the id with check bits (lex_slot) */
		uint32_t *ws = malloc(((size_t)1 << wbits) * sizeof *ws);
		if (!ws)
			die("out of memory", NULL);
		for (uint32_t h = 0; h < (1u << wbits); h++) {
			const wentry *e = whash[h] ? W(whash[h] - 1) : NULL;
			ws[h] = e ? lex_slot(lex_hash(strings.data + e->str, e->len), whash[h] - 1, hd.id_bits) : 0;
		}
		hd.off_word_hash = put(&out, ws, ((size_t)1 << wbits) * sizeof *ws);
		free(ws);
	}

	tv_buf fl = TV_BUF_INIT, fid = TV_BUF_INIT, ctx = TV_BUF_INIT;
	fl.max = fid.max = ctx.max = (size_t)1 << 31;
	for (uint32_t g = 0; g < nfolds; g++) {
		fentry *e = F(g);
		uint32_t n = (uint32_t)(e->ids.len / sizeof(uint32_t));
		qsort(e->ids.data, n, sizeof(uint32_t), cmp_by_count_desc);
		lex_fold x = {e->key, (uint32_t)(fid.len / sizeof(uint32_t)), n};
		check(tv_buf_append(&fid, e->ids.data, e->ids.len));
		check(tv_buf_append(&fl, &x, sizeof x));
		tv_buf_free(&e->ids);
	}
	hd.off_folds = put(&out, fl.data, fl.len);
	hd.off_fold_ids = put(&out, fid.data, fid.len);
	{
		uint32_t fbits = 10;
		while ((1u << fbits) < 2 * (nfolds + 1))
			fbits++;
		uint32_t *fh = calloc((size_t)1 << fbits, sizeof *fh), mask = (1u << fbits) - 1;
		if (!fh)
			die("out of memory", NULL);
		for (uint32_t g = 0; g < nfolds; g++) {
			const lex_fold *x = (const lex_fold *)(const void *)fl.data + g;
			const char *k = strings.data + x->str;
			uint32_t h = (uint32_t)lex_hash(k, strlen(k)) & mask;
			while (fh[h])
				h = (h + 1) & mask;
			fh[h] = g + 1;
		}
		hd.fold_bits = fbits;
		uint32_t *fslot = malloc(((size_t)1 << fbits) * sizeof *fslot);
		if (!fslot)
			die("out of memory", NULL);
		for (uint32_t h = 0; h < (1u << fbits); h++) {
			const char *k = fh[h] ? strings.data + ((const lex_fold *)(const void *)fl.data)[fh[h] - 1].str : NULL;
			fslot[h] = k ? lex_slot(lex_hash(k, strlen(k)), fh[h] - 1, hd.id_bits) : 0;
		}
		hd.off_fold_hash = put(&out, fslot, ((size_t)1 << fbits) * sizeof *fslot);
		free(fslot);
		/* the wider-context table: (form, fold key, count) rows, "=" for the total */
		FILE *f = open_in(argv[7]);
		char line[4096], *cf[3];
		while (fgets(line, sizeof line, f)) {
			if (line[0] == '#' || fields(line, cf, 3) < 3)
				continue;
			uint32_t form = find(cf[0], strlen(cf[0])), key = LEX_NONE;
			if (form == LEX_NONE)
				continue;
			if (cf[1][0] == '|') {
				key = lex_ctx_class(cf[1], strlen(cf[1]));
			} else if (strcmp(cf[1], "=") != 0) {
				size_t kl = strlen(cf[1]);
				for (uint32_t h = (uint32_t)lex_hash(cf[1], kl) & mask; fh[h]; h = (h + 1) & mask) {
					const lex_fold *x = (const lex_fold *)(const void *)fl.data + fh[h] - 1;
					if (strcmp(strings.data + x->str, cf[1]) == 0) {
						key = fh[h] - 1;
						break;
					}
				}
				if (key == LEX_NONE)
					continue;
			}
			lex_ctx c = {form, key, (uint32_t)strtoul(cf[2], NULL, 10)};
			if (!c.count)
				continue;
			check(tv_buf_append(&ctx, &c, sizeof c));
			if (key == LEX_NONE) /* the words were written above: mark it there */
				((lex_word *)(void *)(out.data + hd.off_words))[form].flags |= LEXW_CTX;
		}
		fclose(f);
		free(fh);
	}
	hd.off_trie = put_trie(&out, (const lex_fold *)(const void *)fl.data, nfolds, &hd.trie_size);
	tv_buf_free(&fl);
	tv_buf_free(&fid);

	{
		/* the pair hash (restore_lex.h, lex_pair_key): at least 1.5 slots a pair (eight
		 * slots a cache line: a lookup that misses reads on a few slots, mostly in the
		 * same line) */
		uint32_t pbits = 10, shift = 2 * hd.id_bits;
		while ((1u << pbits) < npairs + npairs / 2 + 1)
			pbits++;
		uint64_t *ph = calloc((size_t)1 << pbits, sizeof *ph), pmask = (1u << pbits) - 1;
		if (!ph)
			die("out of memory", NULL);
		const pentry *p = (const pentry *)(const void *)pairs.data;
		for (uint32_t i = 0; i < npairs; i++) {
			if (shift >= 64 || p[i].count >> (64 - shift))
				die("a pair count too large for the pair hash", strings.data + W(p[i].a)->str);
			uint64_t h = lex_hash_pair(p[i].a, p[i].b) & pmask;
			while (ph[h])
				h = (h + 1) & pmask;
			ph[h] = (uint64_t)p[i].count << shift | lex_pair_key(p[i].a, p[i].b, hd.id_bits);
		}
		hd.pair_bits = pbits;
		hd.off_pair_hash = put(&out, ph, ((size_t)1 << pbits) * sizeof *ph);
		free(ph);
	}
	hd.off_conf = put(&out, conf.data ? conf.data : "", conf.len);
	{
		/* the histories in the slots of their hash (as hh has them: the first of equal
		 * pairs comes first), then the triples in theirs (at least 1.5 slots a triple),
		 * keyed by their history's slot */
		hd.nhist = nhist;
		hd.ntriples = ntri;
		hd.hist_bits = hbits;
		uint32_t hmask = (1u << hbits) - 1, *at = malloc(((size_t)nhist + 1) * sizeof *at);
		lex_hist *ht = calloc((size_t)1 << hbits, sizeof *ht);
		if (!ht || !at)
			die("out of memory", NULL);
		for (uint32_t h = 0; h <= hmask; h++)
			if (hh[h]) {
				ht[h] = ((const lex_hist *)(const void *)hists.data)[hh[h] - 1];
				at[hh[h] - 1] = h;
			}
		while (out.len % 64) /* four slots a cache line */
			check(tv_buf_putc(&out, 0));
		hd.off_hists = put(&out, ht, ((size_t)1 << hbits) * sizeof *ht);
		uint32_t tbits = 10, shift = hd.id_bits + hbits + 1;
		while ((1u << tbits) < ntri + ntri / 2 + 1)
			tbits++;
		uint64_t *th = calloc((size_t)1 << tbits, sizeof *th), tmask = (1u << tbits) - 1;
		if (!th || shift >= 64)
			die(th ? "too many words and histories for the triple hash" : "out of memory", NULL);
		const pentry *r = (const pentry *)(const void *)raw.data;
		for (uint32_t i = 0; i < ntri; i++) {
			if (r[i].count >> (64 - shift))
				die("a triple count too large for the triple hash", NULL);
			uint64_t h = lex_hash_pair(at[r[i].a], r[i].b) & tmask;
			while (th[h])
				h = (h + 1) & tmask;
			th[h] = (uint64_t)r[i].count << shift | lex_tri_key(at[r[i].a], r[i].b, hd.id_bits);
		}
		hd.tri_bits = tbits;
		hd.off_tri_hash = put(&out, th, ((size_t)1 << tbits) * sizeof *th);
		free(th);
		free(ht);
		free(at);
	}
	{
		uint32_t n = (uint32_t)(ctx.len / sizeof(lex_ctx)), cbits = 10;
		while ((1u << cbits) < 2 * (n + 1))
			cbits++;
		lex_ctx *t = calloc((size_t)1 << cbits, sizeof *t);
		if (!t)
			die("out of memory", NULL);
		const lex_ctx *c = (const lex_ctx *)(const void *)ctx.data;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t h = (uint32_t)lex_hash_pair(c[i].form, c[i].key) & ((1u << cbits) - 1);
			while (t[h].count)
				h = (h + 1) & ((1u << cbits) - 1);
			t[h] = c[i];
		}
		hd.nctx = n;
		hd.ctx_bits = cbits;
		hd.off_ctx = put(&out, t, ((size_t)1 << cbits) * sizeof *t);
		free(t);
		tv_buf_free(&ctx);
	}
	free(hh);
	tv_buf_free(&hists);
	tv_buf_free(&raw);
	hd.size = out.len;
	memcpy(out.data, &hd, sizeof hd);

	tv_buf tmp = TV_BUF_INIT;
	check(tv_buf_printf(&tmp, "%s.tmp", argv[1]));
	FILE *o = fopen(tv_buf_str(&tmp), "wb");
	if (!o || fwrite(out.data, 1, out.len, o) != out.len || fclose(o) != 0)
		die("cannot write", tv_buf_str(&tmp));
	uint32_t alone = mark_alone(tv_buf_str(&tmp), &out, hd.off_words, nwords);
	if (rename(tv_buf_str(&tmp), argv[1]) != 0)
		die(strerror(errno), argv[1]);
	fprintf(stderr, "mklex: %s: %u forms, %u fold groups, %u pairs, %u triples, %u context rows, "
		"%u confusions, %u forms alone, %.1f MB\n", argv[1], nwords, nfolds, npairs, ntri, hd.nctx,
		hd.nconf, alone,
		(double)out.len / 1048576.0);
	tv_buf_free(&tmp);
	tv_buf_free(&out);
	tv_buf_free(&pairs);
	tv_buf_free(&conf);
	tv_buf_free(&strings);
	tv_buf_free(&words);
	tv_buf_free(&folds);
	free(whash);
	return 0;
}
