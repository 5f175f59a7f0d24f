/* visual.h - psreport's visual reports, drawn from the analysis result:
 * a multi-page PDF (--pdf), one SVG (--svg DIR) or PNG (--png DIR) per
 * chart. The same chart functions feed all three (chart.h); the PDF pages
 * are laid out with pdfdoc.h.
 *
 * Errors: 0 or a negative errno code with a one-line message in err (no
 * "psreport:" prefix). A failed write leaves no PDF, and no SVG
 * or PNG of this run, behind. */
#ifndef PSREPORT_VISUAL_H
#define PSREPORT_VISUAL_H

#include "chart.h"
#include "pdfdoc.h"
#include "theme.h"
#include "writers.h"

#include <stdbool.h>
#include <stddef.h>

struct visual_opts {
	const char *pdf;        /* --pdf file */
	const char *svg, *png;  /* --svg, --png directories */
	int dpi;                /* --dpi, PNG only (100) */
	bool transparent;       /* --transparent, PNG only */
	enum theme_id theme;    /* --theme light|dark */
	enum pdfdoc_paper paper; /* --paper a4|letter */
	bool force;             /* overwrite existing files */
	int time_axis;          /* --time-axis: enum vis_time_axis */
};

void visual_defaults(struct visual_opts *v);

/* Whether --svg or --png names one figure (FILE.svg, FILE.png) rather
 * than a directory. */
bool visual_is_figure(const char *path, enum chart_kind kind);

/* Whether any visual output was asked for. */
bool visual_wanted(const struct visual_opts *v);

/* Write every visual output asked for. c->opts must have had
 * distributions and correlations on for those charts to appear. */
int visual_write(const struct report_ctx *c, const struct visual_opts *v,
		 char *err, size_t errlen);

#endif
