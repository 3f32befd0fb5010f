/*
 * run.c - tv_run_chain: several stages as one streaming chain in one process.
 *
 * Each stage runs in its own thread and talks to the next through a channel (tv_chan),
 * as the stages would through pipes in a shell pipeline, so memory holds what each stage
 * looks back on (a line, a page, a table block), never the whole file, and two cores are
 * both used. A channel hands the writer's buffers to the reader without the kernel's two
 * copies, system calls and wake-ups of a pipe.
 */
#include "tvatt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct chain_link {
	const tv_stage *stage;
	tv_reader *in;
	tv_writer *out;
	tv_chan *chan; /* the channel out writes to (closed when the stage is done), or NULL */
	tv_opts opts;
	tv_kv *kv;  /* opts.kv when the chain adds options to the stage's own (mark-removed,
	             * long-lines-said), or NULL */
	tv_log log; /* the stage's own audit rows (a temporary file), when opts.log is it */
	tv_status rc;
} chain_link;

/* Runs one stage, then drains what is left of its input so the stage before it never
 * waits on a full channel, then closes its output so the next stage sees the end. */
static void *run_link(void *arg)
{
	chain_link *l = arg;
	l->rc = l->stage->run(l->in, l->out, &l->opts);
	tv_status frc = tv_writer_flush(l->out);
	l->rc = tv_status_worst(l->rc, frc);
	char sink[1 << 14];
	size_t got;
	while (tv_reader_read(l->in, sink, sizeof sink, &got) == TV_OK && got)
		;
	if (l->chan) {
		tv_writer_free(l->out);
		l->out = NULL;
		tv_chan_close(l->chan);
	}
	return NULL;
}

tv_status tv_run_chain(const tv_stage *const *stages, size_t n, tv_reader *in, tv_writer *out,
                       const tv_opts *opts)
{
	if (n == 0)
		return TV_EUSAGE;
	chain_link *links = calloc(n, sizeof *links);
	pthread_t *tid = calloc(n, sizeof *tid);
	int *started = calloc(n, sizeof *started);
	tv_status rc = TV_OK;
	if (!links || !tid || !started) {
		rc = TV_ESYSTEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		links[i].stage = stages[i];
		links[i].opts = *opts;
		links[i].opts.stage = stages[i]->name;
	}
	/* clean says where it removed lines when reflow comes later to count them (tables
	 * passes the markers by), so records' lines are those of the input; a line longer
	 * than the readers' cap is warned of by the first stage only; and a missing lexicon
	 * by restore only, when it comes before reflow */
	int restored = 0; /* restore comes before stage i */
	for (size_t i = 0; i < n; i++) {
		int mark = 0;
		restored |= i > 0 && !strcmp(stages[i - 1]->name, "restore");
		for (size_t j = i + 1; j < n; j++)
			mark |= !strcmp(stages[i]->name, "clean") &&
			        !strcmp(stages[j]->name, "reflow") &&
			        !tv_opt(opts, "mark-removed") && !tv_opt(opts, "keep-furniture");
		if (!mark && i == 0)
			continue;
		tv_kv *kv = calloc(opts->nkv + 3, sizeof *kv);
		if (!kv) {
			rc = TV_ESYSTEM;
			goto done;
		}
		size_t m = 0;
		for (size_t k = 0; k < opts->nkv; k++)
			kv[m++] = opts->kv[k];
		if (mark)
			kv[m++] = (tv_kv){"mark-removed", ""};
		if (i > 0)
			kv[m++] = (tv_kv){"long-lines-said", ""};
		if (restored)
			kv[m++] = (tv_kv){"lexicon-said", ""};
		links[i].kv = kv;
		links[i].opts.kv = kv;
		links[i].opts.nkv = m;
	}
	/* the audit rows of every stage after the first go to a temporary file of its own and
	 * are copied to the log when the chain is done, so the log lists them stage by stage
	 * in the chain's order, as the stages run one by one would, not as the threads
	 * happened to write them (without a temporary file, straight to the log) */
	for (size_t i = 1; opts->log && opts->log->fp && !opts->log->capture && i < n; i++)
		if ((links[i].log.fp = tmpfile()) != NULL)
			links[i].opts.log = &links[i].log;
	links[0].in = in;
	links[n - 1].out = out;
	for (size_t i = 0; i + 1 < n; i++)
		if ((rc = tv_chan_new(&links[i].chan)) ||
		    (rc = tv_writer_chan(links[i].chan, &links[i].out)) ||
		    (rc = tv_reader_chan(links[i].chan, tv_reader_name(in), &links[i + 1].in)))
			goto done;
	for (size_t i = 0; i < n; i++) {
		/* the first stage starts alone: one that refuses its input before it writes a
		 * byte (an image OCR cannot read) leaves the others nothing to do, and they are
		 * not started, so nothing is written for the input, as for one refused before
		 * the chain (records would write a document record for the empty stream) */
		if (i == 1 && !tv_chan_wait(links[0].chan)) {
			pthread_join(tid[0], NULL);
			started[0] = 0;
			rc = links[0].rc;
			if (rc == TV_EINPUT)
				break;
		}
		if (pthread_create(&tid[i], NULL, run_link, &links[i]) != 0) {
			rc = TV_ESYSTEM;
			break;
		}
		started[i] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (started[i]) {
			pthread_join(tid[i], NULL);
			rc = tv_status_worst(rc, links[i].rc);
		}
	for (size_t i = 1; links[0].opts.log && i < n; i++)
		if (links[i].log.fp && started[i] &&
		    tv_log_splice(opts->log, links[i].log.fp, NULL))
			rc = tv_status_worst(rc, TV_ESYSTEM);
done:
	if (links)
		for (size_t i = 0; i < n; i++) {
			if (links[i].log.fp)
				fclose(links[i].log.fp);
			free(links[i].kv);
			if (i > 0)
				tv_reader_free(links[i].in);
			if (i + 1 < n)
				tv_writer_free(links[i].out);
		}
	for (size_t i = 0; links && i + 1 < n; i++)
		tv_chan_free(links[i].chan);
	free(links);
	free(tid);
	free(started);
	return rc;
}
