/* compare_charts.h - the comparison's charts, drawn by report/render/chart.h:
 *  - per matched process, CPU and RSS of baseline and new overlaid on
 *    time since each process's first sample (the time axis is the new
 *    run's clock; baseline processes are shifted onto it, so that the
 *    first samples of both coincide);
 *  - the distributions of their bucket means overlaid: baseline as bars,
 *    new as a density line, both means as reference lines;
 *  - a bar chart of the relative difference of means per metric (and of
 *    growth per hour for memory), positive = worse;
 *  - for --runs: mean, p95 and max of CPU and RSS per run, over the runs'
 *    start times, per process key.
 * Not thread-safe (PLplot). Errors: 0 or a negative code with a one-line
 * message in err; files are complete or absent (chart.h). */
#ifndef PSREPORT_COMPARE_CHARTS_H
#define PSREPORT_COMPARE_CHARTS_H

#include "chart.h"
#include "runs_table.h"

#include <psr/compare.h>

enum compare_chart {
	COMPARE_CHART_CPU,      /* "compare-cpu" */
	COMPARE_CHART_RSS,      /* "compare-rss" */
	COMPARE_CHART_CPU_DIST, /* "compare-cpu-dist" */
	COMPARE_CHART_RSS_DIST, /* "compare-rss-dist" */
	COMPARE_CHART_DIFF,     /* "compare-diff" */
	COMPARE_CHART_N,
};

/* One chart of one matched process into a target (any kind). -ENOENT
 * when the process has nothing to draw for it (no such series). */
int compare_chart_draw(const struct psr_compare_proc *cp,
		       enum compare_chart which, const struct chart_target *tg,
		       char *err, size_t errlen);

/* Every chart of every matched process as files in dir, named
 * PID-NAME-compare-....EXT (chartfmt_file_name; PID of its first new
 * process; PID-NAME-tree-compare-....EXT for a process tree). tmpl: kind CHART_SVG or CHART_PNG, theme, size, dpi,
 * transparent, force (path is ignored). *nfiles counts the files; on
 * failure none is left. */
int compare_charts(const struct psr_compare *c,
		   const struct chart_target *tmpl, const char *dir,
		   size_t *nfiles, char *err, size_t errlen);

/* One matched process's charts into area on the current page of doc: a
 * 2 x 2 grid of the CPU and RSS overlays, the RSS distributions and the
 * bar chart of differences. The caller adds the page and its heading. */
int compare_charts_pdf(const struct psr_compare_proc *cp, struct pdfdoc *doc,
		       struct pdfdoc_rect area, char *err, size_t errlen);

/* --runs: per process key, files N-KEY-runs-cpu.EXT and N-KEY-runs-rss.EXT
 * (N numbers the keys in order; KEY cut and cleaned by chartfmt_file_name)
 * with mean, p95 and max per run over the runs' start times. */
int runs_charts(const struct runs_table *rt, const struct chart_target *tmpl,
		const char *dir, size_t *nfiles, char *err, size_t errlen);

/* What psreport's visual options ask of a comparison. */
struct compare_visual {
	const char *pdf;       /* file, or NULL */
	const char *svg, *png; /* directories, or NULL */
	enum theme_id theme;
	enum pdfdoc_paper paper;
	int dpi;               /* PNG; 0: 100 */
	int transparent;       /* PNG */
	int force;             /* overwrite existing files */
};

static inline int compare_visual_wanted(const struct compare_visual *v)
{
	return v->pdf || v->svg || v->png;
}

/* --baseline: the SVG and PNG files above (each directory made when
 * missing; all of an option's files are written, or none), and a PDF: a
 * first page with both sides and a table of the matched processes'
 * verdicts, then per matched process a page of charts
 * (compare_charts_pdf) and its table of metrics. */
int compare_visual_write(const struct psr_compare *c,
			 const struct compare_visual *v, char *err,
			 size_t errlen);

/* --runs: runs_charts as SVG and PNG files, and a PDF with a page per
 * process key (CPU and RSS per run). */
int runs_visual_write(const struct runs_table *rt,
		      const struct compare_visual *v, char *err,
		      size_t errlen);

#endif
