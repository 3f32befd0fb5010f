/* decode.h - entry point of the decode stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_DECODE_H
#define TV_STAGE_DECODE_H

#include "tvatt.h"

tv_status tv_decode_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_decode_optdefs[];

#endif
