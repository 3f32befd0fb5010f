/* records.h - entry point of the records stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_RECORDS_H
#define TV_STAGE_RECORDS_H

#include "tvatt.h"

tv_status tv_records_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_records_optdefs[];

#endif
