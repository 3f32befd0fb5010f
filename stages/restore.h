/* restore.h - entry point of the restore stage (see pipeline/tvatt.h for the shape). */
#ifndef TV_STAGE_RESTORE_H
#define TV_STAGE_RESTORE_H

#include "tvatt.h"

tv_status tv_restore_run(tv_reader *in, tv_writer *out, const tv_opts *opts);
extern const tv_optdef tv_restore_optdefs[];

#endif
