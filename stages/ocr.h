/* ocr.h - entry points of the ocr stage (see pipeline/tvatt.h for the shape).
 *
 * The stage itself, tv_ocr_run (ocr.c), lives in the OCR plugin tvatt-ocr.so with the
 * libraries it needs; the command holds only its options and tv_ocr_stage_run
 * (ocr_shim.c), which loads the plugin on first use and calls tv_ocr_run there. */
#ifndef TV_STAGE_OCR_H
#define TV_STAGE_OCR_H

#include "tvatt.h"

/* The stage's table entry: loads the plugin once, then runs tv_ocr_run in it. When the
 * plugin cannot be loaded, reports why for this input and returns TV_EINPUT. */
tv_status tv_ocr_stage_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
/* The stage (in the plugin, or linked in directly by the tests and fuzzers). */
tv_status tv_ocr_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_ocr_optdefs[];

#endif
