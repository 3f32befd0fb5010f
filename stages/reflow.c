/*
 * reflow.c - PLACEHOLDER: passes its input through unchanged until the reflow stage lands.
 */
#include "reflow.h"

const tv_optdef tv_reflow_optdefs[] = {{NULL, NULL, NULL}};

tv_status tv_reflow_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	(void)opts;
	char buf[1 << 16];
	size_t n;
	tv_status rc;
	while (!(rc = tv_reader_read(in, buf, sizeof buf, &n)) && n)
		if ((rc = tv_writer_write(out, buf, n)))
			return rc;
	return rc;
}
