/* fuzz_reflow.c - libFuzzer target: runs the reflow stage on arbitrary bytes. */
#include "../../stages/reflow.h"
#include "fuzz_stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return tv_fuzz_stage(tv_reflow_run, data, size);
}
