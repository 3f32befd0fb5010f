/* fuzz_records.c - libFuzzer target: runs the records stage on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "../../stages/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_reader *r = NULL;
	tv_writer *w = NULL;
	tv_buf out = TV_BUF_INIT;
	tv_opts o = {0};
	if (tv_reader_mem((const char *)data, size, "fuzz", &r))
		return 0;
	if (tv_writer_buf(&out, &w) == TV_OK) {
		(void)tv_records_run(r, w, &o);
		(void)tv_writer_flush(w);
	}
	tv_writer_free(w);
	tv_reader_free(r);
	tv_buf_free(&out);
	return 0;
}
