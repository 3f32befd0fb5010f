/*
 * fuzz_stage.h - the body every text stage's libFuzzer target shares: run the stage on
 * arbitrary bytes held in memory, into a buffer, and throw the output away. A crash, a
 * sanitizer report or a hang is the finding; the stage's status is not.
 */
#ifndef TV_FUZZ_STAGE_H
#define TV_FUZZ_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "tvatt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline int tv_fuzz_stage(tv_stage_fn run, const uint8_t *data, size_t size)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_opts o = {0};
	if (tv_reader_mem((const char *)data, size, "fuzz", &r))
		return 0;
	if (tv_writer_buf(&out, &w) == TV_OK) {
		(void)run(r, w, &o);
		(void)tv_writer_flush(w);
	}
	tv_writer_free(w);
	tv_reader_free(r);
	tv_buf_free(&out);
	return 0;
}

#endif
