/*
 * main.c - the tvatt command: option parsing, inputs and outputs, exit statuses.
 *
 *   tvatt STAGE [OPTIONS] [FILE...]   one stage as a filter
 *   tvatt run [OPTIONS] [FILE...]     the whole chain (ocr for images and PDFs, else decode)
 *   tvatt stages                      the stage table
 *
 * Everything about a stage (its name, summary, help and options) comes from the stage
 * table (pipeline/stages.c). The exit status is the worst status of all inputs
 * (DESIGN.md): 0 done, 1 partly done, 2 usage, 3 unreadable input, 4 system error.
 */
#include "tvatt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ options -------- */

typedef struct cli {
	const tv_stage *stage; /* NULL for run */
	const char *output;    /* -o FILE */
	const char *log_path;  /* --log FILE */
	const char *from, *to; /* run --from / --to */
	long jobs;             /* run --jobs */
	const char **files;
	size_t nfiles;
	const char **ids; /* the name each file's record ids start with (name_ids) */
	tv_buf id_text;   /* those names, each ended by a NUL */
	tv_kv *kv;
	size_t nkv;
	tv_diag diag;
	tv_log log;
	tv_opts opts;
} cli;

static const tv_optdef common_opts[] = {
    {"output", "FILE", "write to FILE (through a temporary file, renamed when done)"},
    {"log", "FILE", "append an audit row (TSV) for every change to FILE"},
    {"min-confidence", "X", "make only changes whose confidence is at least X (0 to 1)"},
    {"quiet", NULL, "print errors only"},
    {"verbose", NULL, "print notes too"},
    {"help", NULL, "print this help and exit"},
    {"version", NULL, "print the version and exit"},
    {NULL, NULL, NULL},
};

static const tv_optdef run_opts[] = {
    {"from", "STAGE", "start the chain at STAGE (default: ocr for images, decode for text)"},
    {"to", "STAGE", "stop the chain after STAGE (default: records)"},
    {"jobs", "N", "N files at once, output in input order (ocr: N pages at once too)"},
    {NULL, NULL, NULL},
};

static void usage_line(FILE *fp)
{
	fputs("usage: tvatt STAGE [OPTIONS] [FILE...]\n"
	      "       tvatt run [OPTIONS] [FILE...]\n"
	      "       tvatt stages | help [STAGE] | --help [STAGE] | --version\n",
	      fp);
}

/* restore --explain WORD reads no input: run, which reads its inputs, does not take it
 * (check_explain) and its help does not list it. */
static int run_takes(const char *name)
{
	return strcmp(name, "explain") != 0;
}

/* A stage's option that run's help lists under the stage: one run takes and does not
 * list as its own (run's --jobs says what it does for ocr too). */
static int run_passes(const char *name)
{
	for (const tv_optdef *d = run_opts; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return 0;
	return run_takes(name);
}

/* Prints the options d lists; with a test, only those it passes. */
static void print_optdefs(const tv_optdef *d, int (*shown)(const char *))
{
	for (; d && d->name; d++) {
		if (shown && !shown(d->name))
			continue;
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", d->name, d->arg ? " " : "",
		         d->arg ? d->arg : "");
		printf("  %-24s %s\n", left, d->help);
	}
}

static void print_main_help(void)
{
	size_t n;
	const tv_stage *s = tv_stages(&n);
	puts("tvatt - clean damaged Swedish text: scans, PDF dumps, old exports.\n");
	usage_line(stdout);
	puts("\nEvery stage reads FILEs (or standard input, or -) and writes standard output.\n"
	     "Stages, in pipeline order:");
	for (size_t i = 0; i < n; i++)
		printf("  %-9s %s\n", s[i].name, s[i].summary);
	printf("  %-9s %s\n", "run", "the whole chain, ocr or decode through records");
	puts("\nCommon options:");
	puts("  -o FILE                  same as --output FILE\n"
	     "  -q, -v, -h               same as --quiet, --verbose, --help\n"
	     "  -qv, -qo FILE, -oFILE    short options joined, as getopt takes them");
	print_optdefs(common_opts, NULL);
	puts("\nExit status: 0 done (perhaps with warnings), 1 an input processed only in part,\n"
	     "2 wrong usage, 3 an input unreadable or of the wrong kind, 4 out of memory or\n"
	     "another system error; with several inputs, the worst.\n"
	     "Diagnostics go to standard error as 'tvatt: FILE:LINE:COL: LEVEL: message'.\n\n"
	     "'tvatt STAGE --help' describes a stage and its own options; 'man tvatt' has more.");
}

static void print_stage_help(const tv_stage *s)
{
	if (s) {
		printf("usage: tvatt %s [OPTIONS] [FILE...]\n\n%s\n\n", s->name, s->summary);
		printf("%s\n", s->help);
		if (s->opts && s->opts->name) {
			printf("\nOptions of %s:\n", s->name);
			print_optdefs(s->opts, NULL);
		}
	} else {
		size_t n;
		const tv_stage *all = tv_stages(&n);
		puts(
		    "usage: tvatt run [OPTIONS] [FILE...]\n\n"
		    "Runs the whole chain in one process, streaming: ocr for images and PDFs,\n"
		    "decode for text, then clean, tables, restore, reflow and records. The output\n"
		    "is the records of every file in order, each after its document record.");
		puts("\nOptions of run:");
		print_optdefs(run_opts, run_takes);
		for (size_t i = 0; i < n; i++)
			if (all[i].opts && all[i].opts->name) {
				printf("\nOptions passed to %s:\n", all[i].name);
				print_optdefs(all[i].opts, run_passes);
			}
	}
	puts("\nCommon options:\n  -o FILE, -q, -v, -h      as --output, --quiet, --verbose, "
	     "--help\n"
	     "  -qv, -qo FILE, -oFILE    short options joined, as getopt takes them");
	print_optdefs(common_opts, NULL);
	puts("\nExit status: 0 done, 1 partly done, 2 wrong usage, 3 unreadable input, 4 system "
	     "error.");
}

/* A usage error of the command itself, said as a stage says its own (tv_usage). */
static int usage_error(const char *stage, const char *fmt, const char *arg)
{
	tv_opts o = {.stage = stage};
	tv_buf msg = TV_BUF_INIT;
	tv_buf_printf(&msg, fmt, arg);
	tv_status rc = tv_usage(&o, "%s", tv_buf_str(&msg));
	tv_buf_free(&msg);
	return rc;
}

/* Finds name among the options the command takes here: the stage's own, or with run
 * those of run and of every stage. */
static const tv_optdef *find_optdef(const cli *c, const char *name)
{
	const tv_optdef *d;
	if (c->stage) {
		for (d = c->stage->opts; d && d->name; d++)
			if (strcmp(d->name, name) == 0)
				return d;
		return NULL;
	}
	for (d = run_opts; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	size_t n;
	const tv_stage *s = tv_stages(&n);
	for (size_t i = 0; i < n; i++)
		for (d = s[i].opts; d && d->name; d++)
			if (strcmp(d->name, name) == 0)
				return d;
	return NULL;
}

/* How many letters must be left out, added, changed, or swapped with a neighbour to make
 * a into b: 0, 1 or 2, or 3 for more. */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64 || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	int d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

/* Keeps in *best the candidate nearest to a typed name: one edit away, two for a name of
 * eight letters or more, so that a typo is named and an unrelated word is not. */
static void nearest(const char *typed, const char *candidate, const char **best, int *bestd)
{
	int k = edit_distance(typed, candidate);
	if (k <= (strlen(typed) >= 8 ? 2 : 1) && k < *bestd) {
		*best = candidate;
		*bestd = k;
	}
}

/* Reports the unknown stage typed (what says where it was typed: "" or " for --from"),
 * with the stage, or run when with_run, that it may be a typo of ("restor"). */
static int unknown_stage(const char *sname, const char *typed, const char *what, int with_run)
{
	size_t n;
	const tv_stage *all = tv_stages(&n);
	const char *best = NULL;
	int bestd = 3;
	char msg[320];
	for (size_t i = 0; i < n; i++)
		nearest(typed, all[i].name, &best, &bestd);
	if (with_run)
		nearest(typed, "run", &best, &bestd);
	if (best)
		snprintf(msg, sizeof msg, "unknown stage '%s'%s (did you mean '%s'?)", typed, what,
		         best);
	else
		snprintf(msg, sizeof msg, "unknown stage '%s'%s ('tvatt stages' lists them)", typed,
		         what);
	return usage_error(sname, "%s", msg);
}

/* Reports the unknown option arg (name without its dashes): with the option of this
 * command it may be a typo of, or the stage it belongs to (clean --from-code). */
static int unknown_option(const cli *c, const char *sname, const char *arg, const char *name)
{
	size_t n;
	const tv_stage *all = tv_stages(&n);
	const char *best = NULL, *owner = NULL;
	int bestd = 3;
	char msg[320];
	for (const tv_optdef *d = common_opts; d->name; d++)
		nearest(name, d->name, &best, &bestd);
	for (const tv_optdef *d = c->stage ? c->stage->opts : run_opts; d && d->name; d++)
		nearest(name, d->name, &best, &bestd);
	for (size_t i = 0; i < n; i++)
		for (const tv_optdef *d = all[i].opts; d && d->name; d++) {
			if (!c->stage)
				nearest(name, d->name, &best, &bestd);
			else if (!owner && strcmp(d->name, name) == 0)
				owner = all[i].name;
		}
	if (arg[1] != '-')
		snprintf(msg, sizeof msg, "unknown option '%s'", arg);
	else if (best)
		snprintf(msg, sizeof msg, "unknown option '%s' (did you mean '--%s'?)", arg, best);
	else if (owner)
		snprintf(msg, sizeof msg, "'tvatt %s' takes no '%s': it is an option of %s", sname,
		         arg, owner);
	else
		snprintf(msg, sizeof msg, "unknown option '%s'", arg);
	return usage_error(sname, "%s", msg);
}

static int has_optdef(const tv_optdef *d, const char *name)
{
	for (; d && d->name; d++)
		if (strcmp(d->name, name) == 0)
			return 1;
	return 0;
}

/* With run, an option of stages that --from and --to leave out of every chain (run --to
 * tables --format csv) would be ignored without a word: it is wrong usage. Returns -1 to
 * go on, or the exit status. */
static int check_chain_opts(const cli *c)
{
	size_t n;
	const tv_stage *all = tv_stages(&n);
	size_t first = c->from ? (size_t)(tv_stage_find(c->from) - all) : 0;
	size_t last = c->to ? (size_t)(tv_stage_find(c->to) - all) : n - 1;
	for (size_t k = 0; k < c->nkv; k++) {
		const char *name = c->kv[k].name;
		if (has_optdef(run_opts, name))
			continue;
		int before = 0, after = 0, used = 0;
		char owners[128] = "", msg[320];
		for (size_t i = 0; i < n; i++) {
			if (!has_optdef(all[i].opts, name))
				continue;
			before |= i < first;
			after |= i > last;
			used |= i >= first && i <= last;
			size_t len = strlen(owners);
			snprintf(owners + len, sizeof owners - len, "%s%s", len ? " and " : "",
			         all[i].name);
		}
		if (used)
			continue;
		if (before && after)
			snprintf(msg, sizeof msg,
			         "--%s is an option of %s, which --from %s --to %s leave "
			         "out of the chain",
			         name, owners, c->from, c->to);
		else
			snprintf(msg, sizeof msg,
			         "--%s is an option of %s, which --%s %s leaves out of "
			         "the chain",
			         name, owners, before ? "from" : "to", before ? c->from : c->to);
		return usage_error("run", "%s", msg);
	}
	return -1;
}

/* Whether path (standard input for "-") is the file ls describes. */
static int same_file(const char *path, const struct stat *ls)
{
	struct stat sb;
	int ok = strcmp(path, "-") ? stat(path, &sb) : fstat(0, &sb);
	return ok == 0 && sb.st_dev == ls->st_dev && sb.st_ino == ls->st_ino;
}

/* --log naming -o's file or an input (by any path or link): -o's output, renamed onto it
 * at the end, would replace the log; an input would get the rows added to its text.
 * Wrong usage, found once the log is open (so that a log that does not exist yet is
 * compared too); a log made only for this is removed again. Only a regular file counts:
 * a terminal is standard input and /dev/stderr at once. Returns -1 to go on, or the exit
 * status. */
static int check_log_files(cli *c, int made)
{
	struct stat ls;
	const char *why = NULL;
	if (fstat(fileno(c->log.fp), &ls) != 0 || !S_ISREG(ls.st_mode))
		return -1;
	if (c->output && same_file(c->output, &ls))
		why = "--log and -o name the same file ('%s'): give the log another name";
	for (size_t i = 0; !why && i < c->nfiles; i++)
		if (same_file(c->files[i], &ls))
			why = "--log names an input ('%s'), which would get the rows added to it: "
			      "give "
			      "the log another name";
	if (!why)
		return -1;
	fclose(c->log.fp);
	c->log.fp = NULL;
	if (made)
		unlink(c->log_path);
	return usage_error(c->stage ? c->stage->name : "run", why, c->log_path);
}

/* restore --explain WORD prints what restore knows of WORD and reads no input: a FILE
 * with it, a --log (it changes nothing: the log would stay empty) or --explain in run
 * (whose records it would become) is wrong usage. Returns -1 to go on, or the exit
 * status. */
static int check_explain(const cli *c)
{
	const char *word = tv_opt(&c->opts, "explain");
	if (!word)
		return -1;
	if (!c->stage)
		return usage_error("run",
		                   "--explain reads no input and makes no records: use "
		                   "'tvatt restore --explain %s'",
		                   word);
	if (c->nfiles)
		return usage_error(c->stage->name,
		                   "--explain reads no input: give it no FILE ('%s')", c->files[0]);
	if (c->log_path)
		return usage_error(c->stage->name,
		                   "--explain changes nothing to log: give it no --log ('%s')",
		                   c->log_path);
	return -1;
}

static int parse_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* written so that NaN, which strtod reads from "nan" and which no bound holds, fails */
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* Takes the option typed as a, named name (without dashes), with the value given with it
 * (--name=VALUE, -oFILE) or NULL; an option that wants a value and has none takes the
 * argument after it, argv[++*i]. Returns -1 to go on, or an exit status. */
static int take_opt(cli *c, const char *sname, const char *a, const char *name, const char *val,
                    int argc, char **argv, int *i)
{
	const tv_optdef *d = NULL;
	for (const tv_optdef *k = common_opts; k->name; k++)
		if (strcmp(k->name, name) == 0)
			d = k;
	int common = d != NULL;
	if (!d)
		d = find_optdef(c, name);
	if (!d)
		return unknown_option(c, sname, a, name);
	if (d->arg && !val) {
		if (*i + 1 >= argc)
			return usage_error(sname, "option '%s' needs a value", a);
		val = argv[++*i];
	} else if (!d->arg && val) {
		return usage_error(sname, "option '%s' takes no value", a);
	}
	/* "" names no file, encoding or word: -o "" once wrote a temporary file and
	 * failed only at its rename, --from-code "" read UTF-8 as the locale's ASCII */
	if (d->arg && !*val)
		return usage_error(sname, "option '%s' needs a value, not an empty one", a);
	if (!val)
		val = "";
	if (common) {
		if (!strcmp(d->name, "help")) {
			print_stage_help(c->stage);
			return 0;
		} else if (!strcmp(d->name, "version")) {
			puts("tvatt " TV_VERSION);
			return 0;
		} else if (!strcmp(d->name, "output")) {
			c->output = val;
		} else if (!strcmp(d->name, "log")) {
			c->log_path = val;
		} else if (!strcmp(d->name, "quiet")) {
			c->diag.quiet = 1;
		} else if (!strcmp(d->name, "verbose")) {
			c->diag.verbose = 1;
		} else if (!strcmp(d->name, "min-confidence")) {
			if (parse_number(val, 0, 1, &c->opts.min_confidence))
				return usage_error(
				    sname, "--min-confidence wants a number from 0 to 1, not '%s'",
				    val);
		}
		return -1;
	}
	if (!c->stage && !strcmp(d->name, "from"))
		c->from = val;
	else if (!c->stage && !strcmp(d->name, "to"))
		c->to = val;
	else if (!strcmp(d->name, "jobs")) { /* run's, or a stage's own (ocr): files at once too */
		double j;
		if (parse_number(val, 1, 256, &j) || j != (long)j)
			return usage_error(
			    sname, "--jobs wants a whole number from 1 to 256, not '%s'", val);
		c->jobs = (long)j;
	}
	c->kv[c->nkv].name = d->name;
	c->kv[c->nkv].value = val;
	c->nkv++;
	return -1;
}

/* The long name of the short option letter, or NULL. */
static const char *short_name(char letter)
{
	return letter == 'o'   ? "output"
	       : letter == 'q' ? "quiet"
	       : letter == 'v' ? "verbose"
	       : letter == 'h' ? "help"
	                       : NULL;
}

/* Parses argv after the stage name. Returns -1 to go on, or an exit status. */
static int parse_args(cli *c, int argc, char **argv)
{
	const char *sname = c->stage ? c->stage->name : "run";
	int only_files = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int st;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			c->files[c->nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = 1;
			continue;
		}
		if (a[1] != '-') {
			/* short options bundle as getopt takes them: -qv is -q -v, and -o takes
			 * the rest of its argument as FILE (-oout.txt, -qoout.txt), else the
			 * next argument (-qo out.txt) */
			for (const char *p = a + 1; *p; p++) {
				char typed[3] = {'-', *p, 0};
				const char *name = short_name(*p);
				if (!name)
					return unknown_option(c, sname, typed, typed + 1);
				int takes_rest = *p == 'o' && p[1];
				st = take_opt(c, sname, typed, name, takes_rest ? p + 1 : NULL,
				              argc, argv, &i);
				if (st >= 0)
					return st;
				if (*p == 'o')
					break;
			}
			continue;
		}
		const char *eq = strchr(a + 2, '=');
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		char name[128];
		if (len >= sizeof name)
			return usage_error(sname, "unknown option '%s'", a);
		memcpy(name, a + 2, len);
		name[len] = '\0';
		if ((st = take_opt(c, sname, a, name, eq ? eq + 1 : NULL, argc, argv, &i)) >= 0)
			return st;
	}
	return -1;
}

/* ------------------------------------------------------------------ the chain ------- */

static int is_image_stage(const tv_stage *s)
{
	return !s->text_in;
}

/* Builds the list of stages to run for one input whose first bytes are p[0..n). On an
 * input the first stage does not take, returns TV_EINPUT with *why naming what it is. */
static tv_status plan_chain(const cli *c, const char *p, size_t n, const tv_stage **chain,
                            size_t *len, const char **why)
{
	size_t ns, bom;
	const tv_stage *all = tv_stages(&ns);
	size_t first = 0, last = ns - 1;
	int image = 0;
	const char *kind = tv_sniff_binary(p, n, &image);
	*len = 0;
	if (c->stage) {
		chain[(*len)++] = c->stage;
		first = last = (size_t)(c->stage - all);
	} else {
		if (c->from)
			first = (size_t)(tv_stage_find(c->from) - all);
		else
			first = image ? 0 : 1;
		if (c->to)
			last = (size_t)(tv_stage_find(c->to) - all);
		if (first > last)
			first = last; /* text with --to ocr: refused below, as ocr takes no text */
		for (size_t i = first; i <= last; i++)
			chain[(*len)++] = &all[i];
	}
	const tv_stage *s0 = chain[0];
	if (is_image_stage(s0)) {
		if (!image && n > 0) {
			*why = kind ? kind : "text, not an image or PDF";
			return TV_EINPUT;
		}
		return TV_OK;
	}
	/* decode reads any text, UTF-16 and UTF-32 too, and what --from-code names; the other
	 * text stages want UTF-8 */
	if (kind && (image || strcmp(s0->name, "decode") != 0 || !tv_opt(&c->opts, "from-code"))) {
		*why = kind;
		return TV_EINPUT;
	}
	if (strcmp(s0->name, "decode") != 0 &&
	    (memchr(p, '\0', n) || tv_sniff_unicode(p, n, &bom))) {
		*why = tv_sniff_unicode(p, n, &bom) ? "UTF-16 or UTF-32 text" : "binary data";
		return TV_EINPUT;
	}
	return TV_OK;
}

/* Reports that the output cannot be written, once however many inputs notice it. */
static void report_write_error(const cli *c)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static int reported;
	int e = errno;
	pthread_mutex_lock(&mu);
	if (!reported++)
		tv_report(&c->opts, TV_ERROR, c->output ? c->output : "<stdout>", 0, 0,
		          "cannot write: %s", strerror(e));
	pthread_mutex_unlock(&mu);
}

/* The length of the valid UTF-8 sequence at p[i] (n bytes in all), 0 when it is not one,
 * and the bytes left when it is cut off by the end of p. */
static size_t utf8_seq(const unsigned char *p, size_t i, size_t n)
{
	unsigned char c = p[i];
	size_t len = c < 0x80 ? 1 : c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
	/* the second byte's range, narrower after E0, ED, F0 and F4 */
	unsigned char lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
	for (size_t k = 1; k < len; k++) {
		if (i + k >= n)
			return n - i;
		if (p[i + k] < (k == 1 ? lo : 0x80) || p[i + k] > (k == 1 ? hi : 0xbf))
			return 0;
	}
	return len;
}

/* Warns, once, when the n bytes at p (an input's first 4 KB) are not UTF-8: the text
 * stages after decode pass such bytes through as they are. */
static void warn_not_utf8(const cli *c, const tv_reader *in, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned long line = 1, col = 1;
	for (size_t i = 0, k; i < n; i += k, col++) {
		if (!(k = utf8_seq(u, i, n))) {
			tv_report(
			    &c->opts, TV_WARNING, tv_reader_name(in), line, col,
			    "not UTF-8 (byte 0x%02X): passed through as it is; 'tvatt decode' "
			    "reads other encodings",
			    u[i]);
			return;
		}
		if (u[i] == '\n')
			line++, col = 0;
	}
}

/* ------------------------------------------------------------------ record ids ------ */

/* How messages, the log and ids name the input at path: "<stdin>" for "-". */
static const char *input_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

/* An input as name_ids sorts it: by its file name, then its path, then its place. */
typedef struct id_key {
	const char *base, *path;
	size_t i;
} id_key;

static int id_key_cmp(const void *a, const void *b)
{
	const id_key *x = a, *y = b;
	int d = strcmp(x->base, y->base);
	if (!d)
		d = strcmp(x->path, y->path);
	return d ? d : x->i < y->i ? -1 : x->i > y->i;
}

/* Names each input for its records' ids ("NAME#N"), so that no two inputs of a run give
 * one id: its file name ("r.txt"), or, where another input has that file name too, its
 * path as given ("a/r.txt", "b/r.txt"), and a path given again has its reading's number
 * added from the second on ("r.txt@2"). The names depend on the command line alone, not
 * on --jobs or on which input is read first, so the same command gives the same ids.
 * Sorted first, so a run of thousands of files takes no thousands squared comparisons. */
static tv_status name_ids(cli *c)
{
	id_key *k = calloc(c->nfiles, sizeof *k);
	size_t *at = calloc(c->nfiles, sizeof *at);
	c->ids = calloc(c->nfiles, sizeof *c->ids);
	tv_status rc = k && at && c->ids ? TV_OK : TV_ESYSTEM;
	for (size_t i = 0; !rc && i < c->nfiles; i++) {
		k[i].path = input_name(c->files[i]);
		k[i].base = strrchr(k[i].path, '/') ? strrchr(k[i].path, '/') + 1 : k[i].path;
		k[i].i = i;
	}
	if (!rc)
		qsort(k, c->nfiles, sizeof *k, id_key_cmp);
	for (size_t g = 0, e; !rc && g < c->nfiles; g = e) {
		for (e = g + 1; e < c->nfiles && !strcmp(k[e].base, k[g].base); e++)
			;
		for (size_t j = g, reading = 0; !rc && j < e; j++) {
			reading = j > g && !strcmp(k[j - 1].path, k[j].path) ? reading + 1 : 1;
			at[k[j].i] = c->id_text.len;
			rc = tv_buf_puts(&c->id_text, e - g > 1 ? k[j].path : k[j].base);
			if (!rc && reading > 1)
				rc = tv_buf_printf(&c->id_text, "@%zu", reading);
			if (!rc)
				rc = tv_buf_putc(&c->id_text, '\0');
		}
	}
	for (size_t i = 0; !rc && i < c->nfiles; i++)
		c->ids[i] = c->id_text.data + at[i];
	free(k);
	free(at);
	return rc;
}

/* ------------------------------------------------------------------ one input ------- */

/* Runs the chain over the command's input i, writing to out. With --log, its audit rows
 * go to a temporary file of their own, *rows, for log_rows to add to the log in one
 * piece: with --jobs the inputs run at once, and their rows would mix. */
static tv_status process(const cli *c, size_t i, tv_writer *out, FILE **rows)
{
	const char *path = c->files[i];
	tv_opts opts = c->opts;
	opts.id_name = c->ids[i];
	tv_log log = {0};
	if (c->opts.log) {
		if (!(*rows = log.fp = tmpfile())) {
			tv_report(&c->opts, TV_ERROR, c->log_path, 0, 0,
			          "cannot make a temporary file for the log: %s", strerror(errno));
			return TV_ESYSTEM;
		}
		opts.log = &log;
	}
	tv_reader *in;
	tv_status rc = tv_reader_open(path, &in);
	if (rc) {
		if (rc == TV_ESYSTEM)
			tv_report(&c->opts, TV_ERROR, path, 0, 0, "out of memory");
		else
			tv_report(&c->opts, TV_ERROR, path, 0, 0, "cannot read: %s",
			          strerror(errno));
		return rc;
	}
	const char *p;
	size_t n;
	rc = tv_reader_peek(in, 4096, &p, &n);
	if (rc) {
		tv_report(&c->opts, TV_ERROR, tv_reader_name(in), 0, 0, "cannot read: %s",
		          strerror(errno));
		tv_reader_free(in);
		return rc;
	}
	const tv_stage *chain[16];
	size_t len;
	const char *why = NULL;
	rc = plan_chain(c, p, n, chain, &len, &why);
	if (rc) {
		int image = 0;
		tv_sniff_binary(p, n, &image);
		tv_report(&c->opts, TV_ERROR, tv_reader_name(in), 0, 0,
		          "this is %s, which 'tvatt %s' does not take; %s", why, chain[0]->name,
		          is_image_stage(chain[0]) ? "give ocr a page image or a PDF"
		          : image                  ? "use 'tvatt ocr' for images and PDFs"
		          : !strcmp(chain[0]->name, "decode")
		              ? "decode reads text, in any encoding"
		              : "use 'tvatt decode' for text in other encodings");
		tv_reader_free(in);
		return rc;
	}
	if (!is_image_stage(chain[0]) && strcmp(chain[0]->name, "decode") != 0)
		warn_not_utf8(c, in, p, n);
	if (len == 1) {
		opts.stage = chain[0]->name;
		rc = chain[0]->run(in, out, &opts);
	} else {
		rc = tv_run_chain(chain, len, in, out, &opts);
	}
	tv_status frc = tv_writer_flush(out);
	if (frc) {
		report_write_error(c);
		rc = tv_status_worst(rc, frc);
	}
	tv_reader_free(in);
	return rc;
}

/* Adds input i's audit rows (process) to the log after a line "# file: NAME", so that the
 * rows of several inputs can be told apart (an input without rows adds nothing), and
 * closes them. NAME is the path as given, with the "@N" its record ids carry when the
 * same path is given more than once (name_ids: such an id is the path and its "@N"). */
static tv_status log_rows(const cli *c, size_t i, FILE *rows)
{
	if (!rows)
		return TV_OK;
	const char *path = input_name(c->files[i]);
	size_t n = strlen(path);
	tv_buf name = TV_BUF_INIT;
	tv_status rc = tv_buf_puts(&name, path);
	if (!rc && !strncmp(c->ids[i], path, n))
		rc = tv_buf_puts(&name, c->ids[i] + n);
	if (!rc)
		rc = tv_log_splice(c->opts.log, rows, tv_buf_str(&name));
	tv_buf_free(&name);
	fclose(rows);
	return rc;
}

/* ------------------------------------------------------------------ several files --- */

/* How many files past the one being copied out the workers may have started, beyond
 * one each: a file done keeps its temporary files (output, audit rows) open until its
 * turn, so one slow file among thousands of small ones kept them all open, and the run
 * ran out of file descriptors ("Too many open files" under ulimit -n 1024). */
#define JOBS_AHEAD 32

typedef struct job_set {
	const cli *c;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;   /* next file to start */
	size_t copied; /* files copied to the output */
	size_t ahead;  /* files past copied that may be started; 0: no bound */
	int usage;     /* a stage found a bad option value: start no more files */
	FILE **tmp;    /* each file's output */
	FILE **rows;   /* each file's audit rows (--log) */
	tv_status *rc;
	int *done;
} job_set;

/* Waits, when input i is standard input, until every earlier input that is standard input
 * too has been read: read at once, they would split it between them (lines cut in two),
 * where one at a time the first reads it all and the others find its end. */
static void wait_stdin(job_set *js, size_t i)
{
	if (strcmp(js->c->files[i], "-") != 0)
		return;
	pthread_mutex_lock(&js->mu);
	for (size_t k = 0; k < i; k++)
		while (!strcmp(js->c->files[k], "-") && !js->done[k])
			pthread_cond_wait(&js->cv, &js->mu);
	pthread_mutex_unlock(&js->mu);
}

static void *job_worker(void *arg)
{
	job_set *js = arg;
	for (;;) {
		pthread_mutex_lock(&js->mu);
		while (js->ahead && js->next >= js->copied + js->ahead)
			pthread_cond_wait(&js->cv, &js->mu);
		size_t i = js->next++;
		int skip = js->usage;
		pthread_mutex_unlock(&js->mu);
		if (i >= js->c->nfiles)
			return NULL;
		tv_status rc = skip ? TV_EUSAGE : TV_ESYSTEM;
		FILE *fp = skip ? NULL : tmpfile(), *rows = NULL;
		tv_writer *w = NULL;
		if (fp && tv_writer_fd(fileno(fp), "tmp", &w) == TV_OK) {
			wait_stdin(js, i);
			rc = process(js->c, i, w, &rows);
			tv_writer_free(w);
		}
		pthread_mutex_lock(&js->mu);
		js->tmp[i] = fp;
		js->rows[i] = rows;
		js->rc[i] = rc;
		js->done[i] = 1;
		js->usage |= rc == TV_EUSAGE;
		pthread_cond_broadcast(&js->cv);
		pthread_mutex_unlock(&js->mu);
	}
}

/* Processes the files jobs at a time, each into a temporary file, and copies the
 * results to out in input order as soon as each is ready. *any_ok tells whether some
 * input was processed (status 0 or 1), *usage whether a stage found a bad option value
 * (then no more files are started: the value is as bad for each of them). */
static tv_status process_parallel(cli *c, tv_writer *out, int *any_ok, int *usage)
{
	job_set js = {.c = c, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	js.tmp = calloc(c->nfiles, sizeof *js.tmp);
	js.rows = calloc(c->nfiles, sizeof *js.rows);
	js.rc = calloc(c->nfiles, sizeof *js.rc);
	js.done = calloc(c->nfiles, sizeof *js.done);
	size_t nt = (size_t)c->jobs < c->nfiles ? (size_t)c->jobs : c->nfiles;
	pthread_t tid[256];
	size_t started = 0;
	tv_status rc = TV_OK;
	if (!js.tmp || !js.rows || !js.rc || !js.done) {
		rc = TV_ESYSTEM;
		goto out;
	}
	js.ahead = nt + JOBS_AHEAD;
	for (; started < nt; started++)
		if (pthread_create(&tid[started], NULL, job_worker, &js) != 0)
			break;
	if (started == 0) {
		js.ahead = 0; /* no thread: this one does every file before copying any */
		job_worker(&js);
	}
	for (size_t i = 0; i < c->nfiles; i++) {
		pthread_mutex_lock(&js.mu);
		while (!js.done[i])
			pthread_cond_wait(&js.cv, &js.mu);
		pthread_mutex_unlock(&js.mu);
		rc = tv_status_worst(rc, js.rc[i]);
		*any_ok |= js.rc[i] <= TV_EPARTIAL;
		*usage |= js.rc[i] == TV_EUSAGE;
		if (js.tmp[i]) {
			char buf[1 << 16];
			size_t k;
			rewind(js.tmp[i]);
			while ((k = fread(buf, 1, sizeof buf, js.tmp[i])) > 0)
				rc = tv_status_worst(rc, tv_writer_write(out, buf, k));
			fclose(js.tmp[i]);
		}
		rc = tv_status_worst(rc, log_rows(c, i, js.rows[i]));
		pthread_mutex_lock(&js.mu);
		js.copied = i + 1;
		pthread_cond_broadcast(&js.cv);
		pthread_mutex_unlock(&js.mu);
	}
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
out:
	free(js.tmp);
	free(js.rows);
	free(js.rc);
	free(js.done);
	return rc;
}

/* ------------------------------------------------------------------ output file ----- */

static char tmp_path[4096]; /* unlinked by the signal handler if we are interrupted */
static char out_path[4096]; /* what tmp_path is renamed to: -o's PATH or its link's target */

static void on_signal(int sig)
{
	if (tmp_path[0])
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Whether sb is the file the standard output or error is (as /dev/stdout is under
 * `> FILE`); its descriptor then, else -1. */
static int std_stream(const struct stat *sb)
{
	struct stat so;
	for (int fd = 1; fd <= 2; fd++)
		if (fstat(fd, &so) == 0 && so.st_dev == sb->st_dev && so.st_ino == sb->st_ino)
			return fd;
	return -1;
}

/* Reports that -o's PATH could not be made. Where a directory on its way is missing
 * (ENOENT), the message names the first one missing, which is what has to be created. */
static void output_error(const tv_opts *opts, const char *path, int err)
{
	char dir[4096];
	struct stat sb;
	int n = snprintf(dir, sizeof dir, "%s", path);
	char *slash = n > 0 && (size_t)n < sizeof dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0'; /* the directory PATH goes in: it or one above it is missing */
	if (err != ENOENT || !slash || slash == dir || stat(dir, &sb) == 0) {
		tv_report(opts, TV_ERROR, path, 0, 0, "cannot create the output: %s",
		          strerror(err));
		return;
	}
	for (char *up; (up = strrchr(dir, '/')) && up != dir;) {
		*up = '\0';
		if (stat(dir, &sb) == 0) {
			*up = '/';
			break;
		}
	}
	tv_report(opts, TV_ERROR, path, 0, 0,
	          "cannot create the output: the directory '%s' does not exist; create it first",
	          dir);
}

/* Opens -o's PATH: a temporary file beside it, renamed into place at the end, so that a
 * failure never leaves half a file; but an existing PATH that is not a regular file (a
 * device such as /dev/null or /dev/stdout, a FIFO) is written directly, never replaced
 * (tmp_path stays empty then). A symbolic link is followed: its target is replaced, not
 * the link, and a link to the file the standard output or error already writes is that
 * stream (renaming onto /dev/stdout under `> FILE` once replaced the link, as root, with
 * a plain file). */
static int open_output(const char *path)
{
	struct stat sb;
	const char *target = path;
	char *real = NULL;
	mode_t um = umask(0);
	umask(um);
	mode_t mode = 0666 & ~um;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		if (!S_ISREG(sb.st_mode))
			return open(path, O_WRONLY | O_CLOEXEC);
		mode = sb.st_mode & 07777;
		struct stat lsb;
		if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
			int fd = std_stream(&sb);
			if (fd >= 0)
				return fcntl(fd, F_DUPFD_CLOEXEC, 0);
			if (!(real = realpath(path, NULL)))
				return -1;
			target = real;
		}
	}
	int n = snprintf(out_path, sizeof out_path, "%s", target);
	int m = snprintf(tmp_path, sizeof tmp_path, "%s.tvatt-XXXXXX", target);
	free(real);
	if (n < 0 || (size_t)n >= sizeof out_path || m < 0 || (size_t)m >= sizeof tmp_path) {
		tmp_path[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	int fd = mkstemp(tmp_path);
	if (fd < 0) {
		tmp_path[0] = '\0';
		return fd;
	}
	/* mkstemp makes the file 0600: give it the mode a plain create would, which keeps
	 * an existing file's (a private 0600 file once came back readable by all) */
	fchmod(fd, mode);
	return fd;
}

/* ------------------------------------------------------------------ main ------------ */

static int stages_cmd(void)
{
	size_t n;
	const tv_stage *s = tv_stages(&n);
	for (size_t i = 0; i < n; i++)
		printf("%-9s %s\n", s[i].name, s[i].summary);
	printf("%-9s %s\n", "run", "the whole chain, ocr or decode through records");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_line(stderr);
		fputs("tvatt: error: no stage given; see 'tvatt --help'\n", stderr);
		return TV_EUSAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		/* help, --help and -h are one command: a STAGE's help, else the command's. An
		 * option beside it changes no help and is passed over, as after 'tvatt STAGE
		 * --help' ("-h -v" is no stage "-v"); a word after the STAGE would be ignored
		 * without a word */
		const char *stage = NULL;
		for (int i = 2; i < argc; i++) {
			if (argv[i][0] == '-' && argv[i][1])
				continue;
			if (stage) {
				char msg[320];
				snprintf(msg, sizeof msg,
				         "%s takes one STAGE at most, not also '%s'", cmd, argv[i]);
				return usage_error(NULL, "%s", msg);
			}
			stage = argv[i];
		}
		if (!stage) {
			print_main_help();
			return 0;
		}
		const tv_stage *s = tv_stage_find(stage);
		if (!s && strcmp(stage, "run"))
			return unknown_stage(NULL, stage, "", 1);
		print_stage_help(s);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "stages")) {
		/* they take no arguments: a word after them would be ignored without a word */
		if (argc > 2)
			return usage_error(NULL,
			                   cmd[0] == '-' ? "--version takes no arguments, not '%s'"
			                                 : "stages takes no arguments, not '%s'",
			                   argv[2]);
		if (cmd[0] != '-')
			return stages_cmd();
		puts("tvatt " TV_VERSION);
		return 0;
	}

	cli c = {0};
	c.diag.worst = -1;
	c.jobs = 1;
	if (strcmp(cmd, "run") != 0) {
		c.stage = tv_stage_find(cmd);
		if (!c.stage)
			return unknown_stage(NULL, cmd, "", 1);
	}
	c.files = calloc((size_t)argc + 1, sizeof *c.files);
	c.kv = calloc((size_t)argc + 1, sizeof *c.kv);
	if (!c.files || !c.kv) {
		fputs("tvatt: error: out of memory\n", stderr);
		return TV_ESYSTEM;
	}
	c.opts.diag = &c.diag;
	int st = parse_args(&c, argc - 2, argv + 2);
	if (st >= 0)
		goto end;
	c.opts.kv = c.kv;
	c.opts.nkv = c.nkv;
	c.opts.stage = c.stage ? c.stage->name : "run";
	if (c.from && !tv_stage_find(c.from)) {
		st = unknown_stage("run", c.from, " for --from", 0);
		goto end;
	}
	if (c.to && !tv_stage_find(c.to)) {
		st = unknown_stage("run", c.to, " for --to", 0);
		goto end;
	}
	if (c.from && c.to && tv_stage_find(c.from) > tv_stage_find(c.to)) {
		st = usage_error("run", "--from %s comes after --to in the chain", c.from);
		goto end;
	}
	if (!c.stage && (st = check_chain_opts(&c)) >= 0)
		goto end;
	if ((st = check_explain(&c)) >= 0)
		goto end;
	if (c.nfiles == 0)
		/* restore --explain reads no input: given none, it does not wait for a terminal */
		c.files[c.nfiles++] = tv_opt(&c.opts, "explain") ? "/dev/null" : "-";
	if (name_ids(&c)) {
		fputs("tvatt: error: out of memory\n", stderr);
		st = TV_ESYSTEM;
		goto end;
	}

	if (c.log_path) {
		struct stat ls;
		int made = stat(c.log_path, &ls) != 0; /* the log is made here: undone if refused */
		c.log.fp = fopen(c.log_path, "a");
		if (!c.log.fp) {
			tv_report(&c.opts, TV_ERROR, c.log_path, 0, 0, "cannot open the log: %s",
			          strerror(errno));
			st = TV_ESYSTEM;
			goto end;
		}
		if ((st = check_log_files(&c, made)) >= 0)
			goto end;
		c.opts.log = &c.log;
	}

	int fd = 1;
	if (c.output) {
		fd = open_output(c.output);
		if (fd < 0) {
			output_error(&c.opts, c.output, errno);
			st = TV_ESYSTEM;
			goto end;
		}
	}
	tv_writer *out;
	if (tv_writer_fd(fd, c.output ? c.output : "<stdout>", &out)) {
		fputs("tvatt: error: out of memory\n", stderr);
		st = TV_ESYSTEM;
		goto end;
	}
	tv_status rc = TV_OK;
	int any_ok = 0, usage = 0;
	if (c.jobs > 1 && c.nfiles > 1) {
		rc = process_parallel(&c, out, &any_ok, &usage);
	} else {
		/* a bad option value a stage finds is as bad for the next file: said once */
		for (size_t i = 0; i < c.nfiles && !usage; i++) {
			FILE *rows = NULL;
			tv_status r = process(&c, i, out, &rows);
			r = tv_status_worst(r, log_rows(&c, i, rows));
			any_ok |= r <= TV_EPARTIAL;
			usage = r == TV_EUSAGE;
			rc = tv_status_worst(rc, r);
		}
	}
	tv_status frc = tv_writer_flush(out);
	tv_writer_free(out);
	if (frc) {
		report_write_error(&c);
		rc = TV_ESYSTEM;
	}
	if (c.output && !tmp_path[0]) {
		if (close(fd) != 0) /* a device or FIFO, written directly */
			rc = TV_ESYSTEM;
	} else if (c.output) {
		/* wrong usage replaces no file, even after some inputs went through */
		int ok = rc != TV_ESYSTEM && any_ok && !usage && fsync(fd) == 0;
		if (close(fd) != 0)
			ok = 0;
		if (ok && rename(tmp_path, out_path) != 0) {
			tv_report(&c.opts, TV_ERROR, c.output, 0, 0,
			          "cannot rename the output into place: %s", strerror(errno));
			ok = 0;
			rc = TV_ESYSTEM;
		}
		if (!ok)
			unlink(tmp_path);
		tmp_path[0] = '\0';
	}
	/* rows that could not be added (log_rows) leave the stream's error set, whatever
	 * fclose then finds left to write */
	int log_bad = c.log.fp && ferror(c.log.fp);
	if (c.log.fp && (fclose(c.log.fp) != 0 || log_bad)) {
		tv_report(&c.opts, TV_ERROR, c.log_path, 0, 0, "cannot write the log");
		rc = tv_status_worst(rc, TV_ESYSTEM);
	}
	st = (int)rc;
end:
	free(c.ids);
	tv_buf_free(&c.id_text);
	free(c.files);
	free(c.kv);
	return st;
}
