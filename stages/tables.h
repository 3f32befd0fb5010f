/* tables.h - entry point of the tables stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_TABLES_H
#define TV_STAGE_TABLES_H

#include "tvatt.h"

tv_status tv_tables_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_tables_optdefs[];

#endif
