/* fuzz_clean.c - libFuzzer target: runs the clean stage on arbitrary bytes. */
#include "../../stages/clean.h"
#include "fuzz_stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return tv_fuzz_stage(tv_clean_run, data, size);
}
