/*
 * io.c - tv_reader and tv_writer: streaming input and buffered output, and tv_chan, which
 * joins a writer and a reader in two threads of one process.
 *
 * A reader holds a window of unconsumed bytes and hands out one line (or a peek, or a
 * raw chunk) at a time, so no stage needs the whole input in memory. Lines are found
 * with memchr from where the last search stopped, so a very long line costs linear time.
 * A line longer than TV_LINE_MAX (1 MiB) is handed out in pieces, cut after a space where
 * one is near the cap, rather than grown without bound, so a reader holds about two
 * megabytes whatever the input. A channel queues the writer's buffers as they are and the
 * reader takes each as its window when it has used up the last: no copy, no system call.
 */
#include "tvatt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK      ((size_t)1 << 16)
#define PIECE_BACK ((size_t)1 << 12) /* bytes before the cap looked at for a space */
#define CHAN_DEPTH 8                 /* buffers a channel queues: half a megabyte */
#define CHAN_WAKE  4                 /* buffers queued (or freed) before the waiting end is woken */
#define SPARE_CAP  (4 * CHUNK)       /* the largest buffer a channel keeps for reuse */

/* ------------------------------------------------------------------ channel --------- */

/* The queue is a ring of full buffers; the buffers the reader is done with wait as spares
 * for the writer, so a running chain allocates none. */
struct tv_chan {
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a buffer was queued or the channel closed */
	pthread_cond_t drained; /* a buffer was taken */
	tv_buf ring[CHAN_DEPTH];
	size_t head, n;
	tv_buf spare[CHAN_DEPTH + 2];
	size_t nspare;
	int closed;
	int get_waits, put_waits; /* the reader (writer) waits for the queue to fill (drain) */
};

tv_status tv_chan_new(tv_chan **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return TV_ESYSTEM;
	tv_chan *c = *out;
	if (pthread_mutex_init(&c->mu, NULL) == 0) {
		if (pthread_cond_init(&c->filled, NULL) == 0) {
			if (pthread_cond_init(&c->drained, NULL) == 0)
				return TV_OK;
			pthread_cond_destroy(&c->filled);
		}
		pthread_mutex_destroy(&c->mu);
	}
	free(c);
	*out = NULL;
	return TV_ESYSTEM;
}

void tv_chan_close(tv_chan *c)
{
	pthread_mutex_lock(&c->mu);
	c->closed = 1;
	pthread_cond_signal(&c->filled);
	pthread_mutex_unlock(&c->mu);
}

int tv_chan_wait(tv_chan *c)
{
	pthread_mutex_lock(&c->mu);
	while (!c->n && !c->closed) {
		c->get_waits = 1;
		pthread_cond_wait(&c->filled, &c->mu);
	}
	int any = c->n > 0;
	pthread_mutex_unlock(&c->mu);
	return any;
}

void tv_chan_free(tv_chan *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		tv_buf_free(&c->ring[(c->head + i) % CHAN_DEPTH]);
	for (size_t i = 0; i < c->nspare; i++)
		tv_buf_free(&c->spare[i]);
	pthread_cond_destroy(&c->drained);
	pthread_cond_destroy(&c->filled);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* Moves b's memory to the spares (or frees it when they are full, or it grew large for a
 * long line) and empties b. Called with the lock held. */
static void chan_keep(tv_chan *c, tv_buf *b)
{
	size_t max = b->max;
	if (b->data && b->cap <= SPARE_CAP && c->nspare < CHAN_DEPTH + 2)
		c->spare[c->nspare++] = *b;
	else
		tv_buf_free(b);
	*b = (tv_buf){NULL, 0, 0, max};
}

/* Queues the writer's buffer *b, waiting while the queue is full, with its first cut bytes
 * only: *b gets a spare (or new) buffer holding the rest, b's cap kept. TV_ESYSTEM when
 * there is no memory for the rest (which is then lost). A waiting reader is woken once a
 * few buffers wait, not for each: the threads take turns in longer runs. */
static tv_status chan_put(tv_chan *c, tv_buf *b, size_t cut)
{
	tv_buf full = *b;
	pthread_mutex_lock(&c->mu);
	while (c->n == CHAN_DEPTH) {
		c->put_waits = 1;
		pthread_cond_wait(&c->drained, &c->mu);
	}
	*b = c->nspare ? c->spare[--c->nspare] : (tv_buf)TV_BUF_INIT;
	b->max = full.max;
	tv_buf_clear(b);
	tv_status rc = TV_OK;
	if (cut < full.len)
		rc = tv_buf_append(b, full.data + cut, full.len - cut);
	full.len = cut;
	full.data[cut] = '\0';
	full.max = 0;
	c->ring[(c->head + c->n++) % CHAN_DEPTH] = full;
	if (c->get_waits && c->n >= CHAN_WAKE) {
		c->get_waits = 0;
		pthread_cond_signal(&c->filled);
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

/* Gives the reader's used-up buffer *b back as a spare and puts the next queued buffer in
 * it, waiting for one; *b is left empty at the end (closed and nothing queued). A waiting
 * writer is woken once the queue is down to CHAN_DEPTH - CHAN_WAKE. */
static void chan_get(tv_chan *c, tv_buf *b)
{
	pthread_mutex_lock(&c->mu);
	chan_keep(c, b);
	while (!c->n && !c->closed) {
		c->get_waits = 1;
		pthread_cond_wait(&c->filled, &c->mu);
	}
	if (c->n) {
		*b = c->ring[c->head];
		c->head = (c->head + 1) % CHAN_DEPTH;
		c->n--;
		if (c->put_waits && c->n <= CHAN_DEPTH - CHAN_WAKE) {
			c->put_waits = 0;
			pthread_cond_signal(&c->drained);
		}
	}
	pthread_mutex_unlock(&c->mu);
}

/* ------------------------------------------------------------------ reader ---------- */

static tv_status reader_new(int fd, const char *mem, size_t memlen, const char *name,
                            tv_reader **out)
{
	tv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return TV_ESYSTEM;
	r->fd = fd;
	r->mem = mem;
	r->memlen = memlen;
	r->name = strdup(name ? name : "<input>");
	r->last_ended = 1;
	r->win.max = TV_LINE_MAX + 2 * CHUNK;
	r->line.max = TV_LINE_MAX + 1;
	if (!r->name) {
		free(r);
		return TV_ESYSTEM;
	}
	*out = r;
	return TV_OK;
}

tv_status tv_reader_open(const char *path, tv_reader **out)
{
	*out = NULL;
	if (strcmp(path, "-") == 0)
		return tv_reader_fd(0, "<stdin>", out);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return TV_EINPUT;
	struct stat st;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
		close(fd);
		errno = e;
		return TV_EINPUT;
	}
	tv_status rc = reader_new(fd, NULL, 0, path, out);
	if (rc) {
		close(fd);
		return rc;
	}
	(*out)->owns_fd = 1;
	return TV_OK;
}

tv_status tv_reader_fd(int fd, const char *name, tv_reader **out)
{
	*out = NULL;
	return reader_new(fd, NULL, 0, name, out);
}

tv_status tv_reader_chan(tv_chan *c, const char *name, tv_reader **out)
{
	*out = NULL;
	tv_status rc = reader_new(-1, NULL, 0, name, out);
	if (!rc)
		(*out)->chan = c;
	return rc;
}

tv_status tv_reader_mem(const char *data, size_t len, const char *name, tv_reader **out)
{
	*out = NULL;
	return reader_new(-1, data ? data : "", len, name, out);
}

void tv_reader_free(tv_reader *r)
{
	if (!r)
		return;
	if (r->owns_fd)
		close(r->fd);
	free(r->name);
	tv_buf_free(&r->win);
	tv_buf_free(&r->line);
	tv_buf_free(&r->got);
	free(r);
}

const char *tv_reader_name(const tv_reader *r)
{
	return r->name;
}

static size_t avail(const tv_reader *r)
{
	return r->win.len - r->start;
}

/* Makes room for a chunk after the unconsumed bytes, moving them to the front first when
 * that frees enough of it; the room goes to *room. */
static tv_status make_room(tv_reader *r, size_t *room)
{
	if (r->start > 0 && (r->start >= CHUNK || r->start * 2 >= r->win.len)) {
		memmove(r->win.data, r->win.data + r->start, avail(r));
		r->win.len -= r->start;
		r->start = 0;
	}
	tv_status rc = tv_buf_reserve(&r->win, CHUNK);
	*room = rc ? 0 : r->win.cap - r->win.len - 1;
	return rc;
}

/* fill for a channel. When every byte of the window is consumed, as most often (a stage's
 * buffers end where a line does), the writer's buffer becomes the window, uncopied; else
 * what fits of it is copied after the unconsumed bytes. */
static tv_status fill_chan(tv_reader *r)
{
	if (r->gotpos == r->got.len) {
		chan_get(r->chan, &r->got);
		r->gotpos = 0;
		if (!r->got.len) {
			r->eof = 1;
			return TV_OK;
		}
	}
	if (avail(r) == 0 && r->gotpos == 0 && r->got.len <= CHUNK) {
		tv_buf w = r->win;
		r->win.data = r->got.data, r->win.len = r->got.len, r->win.cap = r->got.cap;
		r->got.data = w.data, r->got.len = 0, r->got.cap = w.cap;
		r->start = 0;
		return TV_OK;
	}
	size_t room;
	tv_status rc = make_room(r, &room);
	if (rc)
		return rc;
	size_t n = r->got.len - r->gotpos;
	if (n > room)
		n = room;
	memcpy(r->win.data + r->win.len, r->got.data + r->gotpos, n);
	r->gotpos += n;
	r->win.len += n;
	r->win.data[r->win.len] = '\0';
	return TV_OK;
}

/* Reads at least one more chunk into the window unless at the end of input. */
static tv_status fill(tv_reader *r)
{
	if (r->eof)
		return TV_OK;
	if (r->chan)
		return fill_chan(r);
	size_t room;
	tv_status rc = make_room(r, &room);
	if (rc)
		return rc;
	if (r->fd < 0) {
		size_t n = r->memlen - r->mempos;
		if (n > room)
			n = room;
		memcpy(r->win.data + r->win.len, r->mem + r->mempos, n);
		r->mempos += n;
		r->win.len += n;
		if (r->mempos == r->memlen)
			r->eof = 1;
	} else {
		ssize_t n;
		do
			n = read(r->fd, r->win.data + r->win.len, room);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return TV_EINPUT;
		if (n == 0)
			r->eof = 1;
		r->win.len += (size_t)n;
	}
	r->win.data[r->win.len] = '\0';
	return TV_OK;
}

/* Where a piece of a line longer than the cap ends: after the last space in its last
 * PIECE_BACK bytes, so no word is cut in two; else before the UTF-8 character that the
 * cap would split. Never between a carriage return and its line feed. */
static size_t piece_end(const char *s, size_t cap)
{
	size_t k = cap;
	while (k > cap - PIECE_BACK && s[k - 1] != ' ')
		k--;
	if (k == cap - PIECE_BACK) {
		k = cap;
		while (k > cap - 3 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	if (s[k - 1] == '\r')
		k--;
	return k;
}

/* tv_reader_line (copy set) and tv_reader_view (not set) when the next line's end is not
 * in the window yet (tvatt.h's tv_reader_next finds it when it is). */
tv_status tv_reader_line_slow(tv_reader *r, int copy, const char **line, size_t *len)
{
	*line = NULL;
	*len = 0;
	for (;;) {
		char *base = r->win.data ? r->win.data + r->start : NULL;
		size_t n = avail(r);
		char *nl = n > r->scanned ? memchr(base + r->scanned, '\n', n - r->scanned) : NULL;
		size_t take = 0;
		int piece = 0;
		if (nl && (size_t)(nl - base) < TV_LINE_MAX) {
			take = (size_t)(nl - base) + 1;
		} else if (n >= TV_LINE_MAX) {
			take = piece_end(base, TV_LINE_MAX);
			piece = 1;
		} else if (r->eof) {
			if (n == 0)
				return TV_OK;
			take = n;
		} else {
			r->scanned = n;
			tv_status rc = fill(r);
			if (rc)
				return rc;
			continue;
		}
		if (copy) {
			tv_buf_clear(&r->line);
			tv_status rc = tv_buf_append(&r->line, base, take);
			if (rc)
				return rc;
		}
		r->start += take;
		r->scanned = 0;
		if (r->last_ended)
			r->lineno++;
		r->partial = piece;
		r->last_ended = !piece;
		*line = copy ? r->line.data : base;
		*len = take;
		return TV_OK;
	}
}

tv_status tv_reader_read(tv_reader *r, char *dst, size_t cap, size_t *got)
{
	*got = 0;
	if (avail(r) == 0) {
		tv_status rc = fill(r);
		if (rc)
			return rc;
	}
	size_t n = avail(r);
	if (n > cap)
		n = cap;
	if (n)
		memcpy(dst, r->win.data + r->start, n);
	r->start += n;
	r->scanned = 0;
	*got = n;
	return TV_OK;
}

tv_status tv_reader_peek(tv_reader *r, size_t want, const char **p, size_t *n)
{
	if (want > TV_LINE_MAX)
		want = TV_LINE_MAX;
	while (avail(r) < want && !r->eof) {
		tv_status rc = fill(r);
		if (rc)
			return rc;
	}
	*n = avail(r) < want ? avail(r) : want;
	*p = r->win.data ? r->win.data + r->start : "";
	return TV_OK;
}

/* ------------------------------------------------------------------ writer ---------- */

/* A writer to one of: the file descriptor fd (not -1), the channel c or the buffer dst. */
static tv_status writer_new(int fd, tv_chan *c, tv_buf *dst, tv_writer **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return TV_ESYSTEM;
	(*out)->fd = fd;
	(*out)->chan = c;
	(*out)->dst = dst;
	return TV_OK;
}

tv_status tv_writer_fd(int fd, const char *name, tv_writer **out)
{
	(void)name;
	return writer_new(fd, NULL, NULL, out);
}

tv_status tv_writer_chan(tv_chan *c, tv_writer **out)
{
	return writer_new(-1, c, NULL, out);
}

tv_status tv_writer_buf(tv_buf *dst, tv_writer **out)
{
	return writer_new(-1, NULL, dst, out);
}

/* What tv_writer_write may copy inline from now on: up to the chunk a write(2) takes. */
static void set_room(tv_writer *w)
{
	int ok = !w->err && !w->dst && w->pend.cap > CHUNK && w->pend.len < CHUNK;
	w->room = ok ? CHUNK - w->pend.len : 0;
}

/* Queues the pending output on the writer's channel: all of it when whole is set, else
 * up to its last line end (the rest, a line's start, stays pending), so the reader most
 * often takes the buffer as its window without a copy (fill_chan). */
static tv_status chan_send(tv_writer *w, int whole)
{
	const char *nl = whole ? NULL : memrchr(w->pend.data, '\n', w->pend.len);
	size_t cut = nl ? (size_t)(nl - w->pend.data) + 1 : w->pend.len;
	if (w->pend.len && (w->err = chan_put(w->chan, &w->pend, cut)) != TV_OK) {
		w->room = 0;
		return w->err;
	}
	set_room(w);
	return TV_OK;
}

tv_status tv_writer_flush(tv_writer *w)
{
	if (w->err && w->errnum)
		errno = w->errnum;
	if (w->err || w->dst)
		return w->err;
	if (w->chan)
		return chan_send(w, 1);
	size_t off = 0;
	while (off < w->pend.len) {
		ssize_t n = write(w->fd, w->pend.data + off, w->pend.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->errnum = n < 0 ? errno : ENOSPC;
			w->err = TV_ESYSTEM;
			w->room = 0;
			return w->err;
		}
		off += (size_t)n;
	}
	tv_buf_clear(&w->pend);
	set_room(w);
	return TV_OK;
}

tv_status tv_writer_write_slow(tv_writer *w, const void *p, size_t n)
{
	if (w->err)
		return w->err;
	if (w->dst) {
		w->err = tv_buf_append(w->dst, p, n);
		return w->err;
	}
	const char *s = p;
	if (w->chan) {
		/* the channel gets buffers of a chunk at most, each cut after its last line
		 * end, a large write's too, so that its queue stays small whatever the
		 * writes; what stays pending is less than a chunk, as set_room wants */
		while (w->pend.len + n >= CHUNK) {
			size_t take = CHUNK - w->pend.len;
			if ((w->err = tv_buf_append(&w->pend, s, take)) != TV_OK || chan_send(w, 0))
				return w->err;
			s += take;
			n -= take;
		}
	} else if (w->pend.len + n > CHUNK) {
		tv_status rc = tv_writer_flush(w);
		if (rc)
			return rc;
	}
	if (n >= CHUNK) {
		/* large writes (a reader's whole chunk too) go straight out: no copy, and no
		 * growth of the buffer */
		while (n) {
			ssize_t k = write(w->fd, s, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				w->errnum = k < 0 ? errno : ENOSPC;
				w->err = TV_ESYSTEM;
				w->room = 0;
				return w->err;
			}
			s += k;
			n -= (size_t)k;
		}
		return TV_OK;
	}
	/* the whole chunk at once, so that the inline path has it to fill */
	if (w->pend.cap <= CHUNK && (w->err = tv_buf_reserve(&w->pend, CHUNK)) != TV_OK)
		return w->err;
	w->err = tv_buf_append(&w->pend, s, n);
	set_room(w);
	return w->err;
}

tv_status tv_writer_puts(tv_writer *w, const char *s)
{
	return tv_writer_write(w, s, strlen(s));
}

tv_status tv_writer_printf(tv_writer *w, const char *fmt, ...)
{
	/* most texts are short: formatted on the stack, without an allocation */
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return TV_ESYSTEM;
	if ((size_t)n < sizeof small)
		return tv_writer_write(w, small, (size_t)n);
	tv_buf tmp = TV_BUF_INIT;
	va_start(ap, fmt);
	tv_status rc = tv_buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = tv_writer_write(w, tv_buf_str(&tmp), tmp.len);
	tv_buf_free(&tmp);
	return rc;
}

void tv_writer_free(tv_writer *w)
{
	if (!w)
		return;
	tv_writer_flush(w);
	tv_buf_free(&w->pend);
	free(w);
}
