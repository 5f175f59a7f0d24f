/* voverview.h - the processes of a run on one chart, so that a spike
 * shows who caused it: CPU stacked by process (the top ones by CPU time
 * and "others"), and the RSS of the top ones by peak RSS over time. For
 * process trees and host-wide logs these come before the per-process
 * pages (vpdf.c) and files (visual.c).
 *
 * Each chart function returns 0 when drawn, 1 when there is nothing to
 * draw (fewer than two processes with values; with a NULL target it only
 * says which), or a negative errno code with a one-line message in err. */
#ifndef PSREPORT_VOVERVIEW_H
#define PSREPORT_VOVERVIEW_H

#include "chart.h"
#include "writers.h"

#include <stddef.h>

/* processes drawn by name: the palette's seven stack layers are these
 * and "others" */
enum { VOVERVIEW_TOP_CPU = 6, VOVERVIEW_TOP_RSS = 8 };

int voverview_cpu(const struct report_ctx *c, const struct psr_run_result *r,
		  const struct chart_target *tg, char *err, size_t errlen);
int voverview_rss(const struct report_ctx *c, const struct psr_run_result *r,
		  const struct chart_target *tg, char *err, size_t errlen);

typedef int (*voverview_fn)(const struct report_ctx *c,
			    const struct psr_run_result *r,
			    const struct chart_target *tg, char *err,
			    size_t errlen);

/* The charts in page and file order, with their file names. */
struct voverview {
	const char *file; /* "overview-cpu": overview-cpu.svg */
	voverview_fn draw;
};
enum { VOVERVIEW_COUNT = 2 };
extern const struct voverview voverviews[VOVERVIEW_COUNT];

#endif
