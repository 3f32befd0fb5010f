/* fuzz_restore.c - libFuzzer target: runs the restore stage on arbitrary bytes (the lexicon
 * is found through TVATT_DATA, which make fuzz sets). */
#include <stddef.h>
#include <stdint.h>

#include "../../stages/restore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_diag d = {NULL, NULL, 1, 0, -1};
	tv_buf cap = TV_BUF_INIT;
	d.capture = &cap;
	tv_opts o = {0};
	o.diag = &d;
	if (tv_reader_mem((const char *)data, size, "fuzz", &r))
		return 0;
	if (tv_writer_buf(&out, &w) == TV_OK) {
		(void)tv_restore_run(r, w, &o);
		(void)tv_writer_flush(w);
	}
	tv_writer_free(w);
	tv_reader_free(r);
	tv_buf_free(&out);
	tv_buf_free(&cap);
	return 0;
}
