/*
 * ocr_shim.c - the ocr stage as the command holds it: its options, and an entry point that
 * loads the OCR plugin (tvatt-ocr.so) on first use and runs the stage in it.
 *
 * Why a plugin: the ocr stage needs Tesseract, Leptonica, poppler-glib, cairo, libpng,
 * libtiff, libjpeg and libgomp, some 90 shared objects whose loading and relocation cost
 * about 20 ms at every start of the command. Only ocr (and `run` on images and PDFs) uses
 * them, so the stage's files (stages/ocr*.c but this one) are linked into the plugin
 * (stages/ocr.mk), and tvatt loads it with dlopen when the first image arrives; the text
 * stages start without those libraries.
 *
 * How the plugin reaches the library: the stage calls the library's own functions
 * (tv_buf_*, tv_report, tv_opt, tv_reader_*, tv_writer_*), and these must be the
 * executable's copies, so that there is one diagnostics state and one writer, not two.
 * So the plugin links none of pipeline/; instead the executable exports its tv_ symbols,
 * and only those, in its dynamic symbol table (-Wl,--export-dynamic-symbol='tv_*' in the
 * Makefile: the public API of tvatt.h, a small table, not -rdynamic's every symbol), and
 * the dynamic loader binds the plugin's tv_ references to them. RTLD_NOW makes a missing
 * symbol or library fail the load here rather than halfway through a page; RTLD_LOCAL
 * keeps the plugin's own symbols (and Tesseract's) out of the global scope. The plugin is
 * never unloaded: its engines live as long as the process.
 *
 * Where the plugin is looked for: in $TVATT_PLUGIN_DIR alone when that is set; else next
 * to the running executable (build/ in the source tree), in ../lib/tvatt/ relative to it,
 * then in TV_LIBDIR (PREFIX/lib/tvatt, where make install puts it). A plugin that cannot
 * be loaded is an error for each input given to ocr, status 3 with nothing written for
 * it, as for a missing Tesseract model; the text stages never notice.
 *
 * Which plugin fits: the plugin and the command must agree on the interface between them
 * (tvatt.h's types and functions, ocr.h), or a stale plugin left from another build reads
 * the options from the wrong offsets. The build stamps both sides with TV_OCR_ABI, a
 * checksum of those two headers (stages/ocr.mk), and the plugin exports it as tv_ocr_abi;
 * a plugin without the stamp, or with another one, is not used.
 */
#include "ocr.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TV_LIBDIR
#define TV_LIBDIR "/usr/local/lib/tvatt"
#endif

#define PLUGIN_FILE  "tvatt-ocr.so"
#define PLUGIN_ENTRY "tv_ocr_run"
#define PLUGIN_ABI   "tv_ocr_abi"
#ifndef TV_OCR_ABI
#define TV_OCR_ABI "unstamped"
#endif

/* clang-format off */
const tv_optdef tv_ocr_optdefs[] = {
	{"lang", "LANGS", "Tesseract's languages: swe (default), swe+eng, ..."},
	{"jobs", "N", "read N pages at once, each with its own engine (default 1)"},
	{"layout", NULL, "keep each line's horizontal positions as spaces (for tables)"},
	{"tsv", NULL, "write Tesseract's TSV: word boxes (original pixels), confidences"},
	{"psm", "N", "Tesseract's page segmentation mode (default 3, automatic)"},
	{"dpi", "N", "render PDF pages at N dpi (default 300)"},
	{"max-pixels", "N", "refuse page images of more than N pixels (default 100000000)"},
	{"prep", "STEPS", "all (default), none, or some of rescale,deskew,binarize,despeckle,orient"},
	{"tessdata", "DIR", "the directory of Tesseract's models (default: Tesseract's own)"},
	{"text-layer", "WHEN", "PDF pages: auto (default: the text layer when it holds the text), never, only"},
	{"mark-below", "C", "mark words read with confidence below C (0-100) in a comment line"},
	{NULL, NULL, NULL}};
/* clang-format on */

/* ------------------------------------------------------------------ loading --------- */

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static tv_stage_fn plugin_run;          /* tv_ocr_run in the plugin, once it is loaded */
static tv_buf load_error = TV_BUF_INIT; /* why it could not be loaded, for every message */
static int plugin_found;                /* a file was there (but did not load) */

/* Tries dir/tvatt-ocr.so. Returns 1 when the file is there (loaded, or load_error says why
 * not: the search stops at the first plugin found), 0 when it is not, after adding dir to
 * the list of places tried in *tried. */
static int try_dir(const char *dir, tv_buf *tried)
{
	tv_buf path = TV_BUF_INIT;
	if (tv_buf_printf(&path, "%s/%s", dir, PLUGIN_FILE)) {
		tv_buf_puts(&load_error, "out of memory");
		return 1;
	}
	if (access(tv_buf_str(&path), F_OK) != 0) {
		tv_buf_printf(tried, "%s%s", tried->len ? ", " : "", dir);
		tv_buf_free(&path);
		return 0;
	}
	plugin_found = 1;
	void *h = dlopen(tv_buf_str(&path), RTLD_NOW | RTLD_LOCAL);
	void *sym = h ? dlsym(h, PLUGIN_ENTRY) : NULL;
	const char *abi = sym ? dlsym(h, PLUGIN_ABI) : NULL;
	if (sym && (!abi || strcmp(abi, TV_VERSION " " TV_OCR_ABI) != 0)) {
		tv_buf_printf(&load_error,
		              "%s was built from another tvatt: interface %s, this "
		              "tvatt needs %s",
		              tv_buf_str(&path), abi ? abi : "unknown", TV_VERSION " " TV_OCR_ABI);
		dlclose(h);
	} else if (sym) {
		/* POSIX guarantees a function's address survives the trip through void * */
		memcpy(&plugin_run, &sym, sizeof plugin_run);
	} else {
		const char *why = dlerror();
		tv_buf_puts(&load_error, why ? why : "no entry point " PLUGIN_ENTRY);
		if (h)
			dlclose(h);
	}
	tv_buf_free(&path);
	return 1;
}

/* Finds and loads the plugin (once, whatever the number of threads asking). */
static void load_plugin(void)
{
	tv_buf tried = TV_BUF_INIT;
	const char *env = getenv("TVATT_PLUGIN_DIR");
	int done = 0;
	if (env && *env) {
		done = try_dir(env, &tried);
	} else {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0)
			exe[n] = '\0';
		char *slash = n > 0 ? strrchr(exe, '/') : NULL;
		if (slash) {
			*slash = '\0';
			tv_buf up = TV_BUF_INIT;
			done = try_dir(exe, &tried) ||
			       (tv_buf_printf(&up, "%s/../lib/tvatt", exe) == TV_OK &&
			        try_dir(tv_buf_str(&up), &tried));
			tv_buf_free(&up);
		}
		if (!done)
			done = try_dir(TV_LIBDIR, &tried);
	}
	if (!done)
		tv_buf_printf(&load_error, "%s is in none of: %s", PLUGIN_FILE, tv_buf_str(&tried));
	tv_buf_free(&tried);
}

/* ------------------------------------------------------------------ the stage ------- */

tv_status tv_ocr_stage_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	if (pthread_once(&load_once, load_plugin) != 0 || !plugin_run) {
		tv_report(opts, TV_ERROR, tv_reader_name(in), 0, 0,
		          "the OCR plugin could not be loaded (%s); %s", tv_buf_str(&load_error),
		          plugin_found
		              ? "install the libraries it needs (make deps) or build it "
		                "again with this tvatt (make)"
		              : "build it (make) or install it (make install), or set "
		                "TVATT_PLUGIN_DIR to the directory that holds " PLUGIN_FILE);
		return TV_EINPUT;
	}
	return plugin_run(in, out, opts);
}
