/* clean.h - entry point of the clean stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_CLEAN_H
#define TV_STAGE_CLEAN_H

#include "tvatt.h"

tv_status tv_clean_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_clean_optdefs[];

#endif
