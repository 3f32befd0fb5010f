/*
 * diag.c - diagnostics, the audit log, stage options and data-file lookup.
 *
 * Every message tvatt prints goes through tv_report, in one form:
 * "tvatt: FILE:LINE:COL: LEVEL: message". The audit log (--log) gets one TSV row per change
 * a stage makes. Both may be called from the threads of one `tvatt run`, so each write
 * happens under one lock and a row is never interleaved with another.
 */
#include "tvatt.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *status_fp; /* the stream a status line shows on (tv_status_line), or NULL */

static const char *const level_name[] = {"note", "warning", "error"};

/* Appends s with its control characters written as \n, \t, \r or \xHH, so that a file
 * name or an argument holding a newline cannot split a message over two lines. */
static void put_visible(tv_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f)
			tv_buf_putc(b, *s);
		else if (c == '\n')
			tv_buf_puts(b, "\\n");
		else if (c == '\t')
			tv_buf_puts(b, "\\t");
		else if (c == '\r')
			tv_buf_puts(b, "\\r");
		else
			tv_buf_printf(b, "\\x%02X", c);
	}
}

void tv_report(const tv_opts *o, tv_level level, const char *file, unsigned long line,
               unsigned long col, const char *fmt, ...)
{
	tv_diag *d = o ? o->diag : NULL;
	tv_buf msg = TV_BUF_INIT, text = TV_BUF_INIT;
	va_list ap;

	if (d && (int)level > d->worst)
		d->worst = (int)level;
	if (d && d->quiet && level < TV_ERROR)
		return;
	if (level == TV_NOTE && !(d && d->verbose))
		return;
	tv_buf_puts(&msg, "tvatt: ");
	if (file) {
		put_visible(&msg, file);
		if (line)
			tv_buf_printf(&msg, ":%lu", line);
		if (line && col)
			tv_buf_printf(&msg, ":%lu", col);
		tv_buf_puts(&msg, ": ");
	}
	tv_buf_printf(&msg, "%s: ", level_name[level]);
	va_start(ap, fmt);
	tv_buf_vprintf(&text, fmt, ap);
	va_end(ap);
	put_visible(&msg, tv_buf_str(&text));
	tv_buf_putc(&msg, '\n');

	pthread_mutex_lock(&diag_lock);
	if (d && d->capture) {
		tv_buf_append(d->capture, tv_buf_str(&msg), msg.len);
	} else {
		FILE *fp = d && d->fp ? d->fp : stderr;
		if (fp == status_fp) { /* the message on a line of its own, not after the bar */
			fputs("\r\033[K", fp);
			status_fp = NULL;
		}
		fputs(tv_buf_str(&msg), fp);
	}
	pthread_mutex_unlock(&diag_lock);
	tv_buf_free(&msg);
	tv_buf_free(&text);
}

void tv_status_line(FILE *fp, const char *text)
{
	pthread_mutex_lock(&diag_lock);
	if (text) {
		fprintf(fp, "\r%s\033[K", text);
		status_fp = fp;
	} else if (status_fp == fp) {
		fputs("\r\033[K", fp);
		status_fp = NULL;
	}
	fflush(fp);
	pthread_mutex_unlock(&diag_lock);
}

tv_status tv_usage(const tv_opts *o, const char *fmt, ...)
{
	tv_buf msg = TV_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	tv_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (o && o->stage)
		tv_report(o, TV_ERROR, NULL, 0, 0, "%s; see 'tvatt %s --help'", tv_buf_str(&msg),
		          o->stage);
	else
		tv_report(o, TV_ERROR, NULL, 0, 0, "%s; see 'tvatt --help'", tv_buf_str(&msg));
	tv_buf_free(&msg);
	return TV_EUSAGE;
}

/* Appends s with tab, newline, carriage return and backslash escaped, so a field can
 * never break the TSV row. */
static void put_field(tv_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			tv_buf_puts(b, "\\t");
			break;
		case '\n':
			tv_buf_puts(b, "\\n");
			break;
		case '\r':
			tv_buf_puts(b, "\\r");
			break;
		case '\\':
			tv_buf_puts(b, "\\\\");
			break;
		default:
			tv_buf_putc(b, *s);
		}
	}
}

void tv_audit(const tv_opts *o, unsigned long line, unsigned long col, const char *before,
              const char *after, const char *rule, double confidence)
{
	if (!o || !o->log || (!o->log->fp && !o->log->capture))
		return;
	tv_buf row = TV_BUF_INIT;
	put_field(&row, o->stage ? o->stage : "");
	tv_buf_printf(&row, "\t%lu\t%lu\t", line, col);
	put_field(&row, before);
	tv_buf_putc(&row, '\t');
	put_field(&row, after);
	tv_buf_putc(&row, '\t');
	put_field(&row, rule);
	tv_buf_printf(&row, "\t%.3f\n", confidence);
	pthread_mutex_lock(&diag_lock);
	if (o->log->capture)
		tv_buf_append(o->log->capture, tv_buf_str(&row), row.len);
	else
		fputs(tv_buf_str(&row), o->log->fp);
	pthread_mutex_unlock(&diag_lock);
	tv_buf_free(&row);
}

tv_status tv_log_splice(tv_log *log, FILE *from, const char *file)
{
	char chunk[1 << 14];
	size_t got;
	tv_status rc = TV_OK;
	tv_buf head = TV_BUF_INIT;
	if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
		return TV_ESYSTEM;
	pthread_mutex_lock(&diag_lock);
	for (int first = 1; (got = fread(chunk, 1, sizeof chunk, from)) > 0; first = 0) {
		if (first && file) {
			tv_buf_puts(&head, "# file: ");
			put_field(&head, file);
			tv_buf_putc(&head, '\n');
			if (fputs(tv_buf_str(&head), log->fp) == EOF)
				rc = TV_ESYSTEM;
		}
		if (rc || fwrite(chunk, 1, got, log->fp) != got) {
			rc = TV_ESYSTEM;
			break;
		}
	}
	if (ferror(from))
		rc = TV_ESYSTEM;
	pthread_mutex_unlock(&diag_lock);
	tv_buf_free(&head);
	return rc;
}

const char *tv_opt(const tv_opts *o, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; o && i < o->nkv; i++)
		if (strcmp(o->kv[i].name, name) == 0)
			v = o->kv[i].value;
	return v;
}

/* ------------------------------------------------------------------ data files ------ */

#ifndef TV_DATADIR
#define TV_DATADIR "/usr/local/share/tvatt"
#endif

static int try_path(tv_buf *out, const char *dir, const char *sub, const char *name)
{
	tv_buf_clear(out);
	if (tv_buf_printf(out, "%s/%s%s", dir, sub, name))
		return 0;
	return access(tv_buf_str(out), R_OK) == 0;
}

tv_status tv_data_path(const char *name, tv_buf *out, const char **skipped)
{
	const char *env = getenv("TVATT_DATA");
	if (skipped)
		*skipped = NULL;
	if (env && *env) {
		if (try_path(out, env, "", name))
			return TV_OK;
		if (skipped)
			*skipped = env;
	}

	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (try_path(out, exe, "", name) ||
			    try_path(out, exe, "../share/tvatt/", name))
				return TV_OK;
		}
	}
	if (try_path(out, TV_DATADIR, "/", name))
		return TV_OK;
	tv_buf_clear(out);
	return TV_EINPUT;
}
