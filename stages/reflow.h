/* reflow.h - entry point of the reflow stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_REFLOW_H
#define TV_STAGE_REFLOW_H

#include "tvatt.h"

tv_status tv_reflow_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_reflow_optdefs[];

#endif
