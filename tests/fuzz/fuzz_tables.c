/* fuzz_tables.c - libFuzzer target: runs the tables stage on arbitrary bytes. */
#include "../../stages/tables.h"
#include "fuzz_stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return tv_fuzz_stage(tv_tables_run, data, size);
}
