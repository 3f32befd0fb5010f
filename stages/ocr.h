/* ocr.h - entry point of the ocr stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_OCR_H
#define TV_STAGE_OCR_H

#include "tvatt.h"

tv_status tv_ocr_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_ocr_optdefs[];

#endif
