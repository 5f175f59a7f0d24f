/* vpdf.h - the PDF report of visual.h's --pdf. */
#ifndef PSREPORT_VPDF_H
#define PSREPORT_VPDF_H

#include "visual.h"

/* Write v->pdf (refused, before any work, when it exists without
 * v->force): 0 or a negative errno code with a message in err. */
int vpdf_write(const struct report_ctx *c, const struct visual_opts *v,
	       char *err, size_t errlen);

#endif
