/* fuzz_records.c - libFuzzer target: runs the records stage on arbitrary bytes. */
#include "../../stages/records.h"
#include "fuzz_stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return tv_fuzz_stage(tv_records_run, data, size);
}
